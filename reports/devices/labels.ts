/**
 * The words of the devices' parts of the documents, in Vietnamese and English. The English
 * table must have exactly the Vietnamese keys.
 */
import type { Lang } from '../../schema/index.js';

const vi = {
  part: {
    devices: 'Thiết bị không cài phần mềm giám sát (thiết bị mạng, máy in, máy quét, UPS, máy chủ)',
    switchPorts: 'Vị trí kết nối của máy trạm (cổng switch, theo bảng địa chỉ MAC của switch)',
    deviceCounts: 'Tổng hợp thiết bị theo đơn vị',
  },
  col: {
    name: 'Tên thiết bị',
    address: 'Địa chỉ',
    model: 'Model',
    serial: 'Số sê-ri',
    firmware: 'Phần mềm/firmware',
    ageYears: 'Tuổi (năm)',
    lastScanned: 'Lần quét gần nhất',
    scan: 'Kết quả quét',
    findings: 'Tiêu chí chưa đạt',
    supplies: 'Mực, vật tư in',
    device: 'Switch',
    port: 'Cổng',
    mac: 'Địa chỉ MAC',
    fdbId: 'VLAN',
    seenAt: 'Thời điểm đọc',
    expected: 'Số thiết bị dự kiến',
    reachable: 'Trả lời khi quét',
    inventoried: 'Đã kiểm kê',
    overAge: 'Quá tuổi khấu hao',
    notListed: 'Chưa khai báo',
  },
  unlisted: (kind: string, n: string) => `${kind} thứ ${n} (chưa khai báo trong tệp tổ chức)`,
  supply: { ok: 'còn', low: 'sắp hết', empty: 'hết', some_remaining: 'còn một ít', unknown: 'không rõ mức' } as Record<string, string>,
  scan: { ok: 'Đọc đủ', partial: 'Đọc được một phần', unreachable: 'Không trả lời', timeout: 'Quá thời gian', auth_failed: 'Sai thông tin xác thực', host_key_changed: 'Khóa máy chủ SSH thay đổi', error: 'Lỗi', never: 'Chưa quét' } as Record<string, string>,
};

const en: typeof vi = {
  part: {
    devices: 'Devices without an agent (network devices, printers, scanners, UPSs, servers)',
    switchPorts: "Where workstations are plugged in (switch port, from the switches' MAC tables)",
    deviceCounts: 'Devices per unit',
  },
  col: {
    name: 'Device',
    address: 'Address',
    model: 'Model',
    serial: 'Serial number',
    firmware: 'Software/firmware',
    ageYears: 'Age (years)',
    lastScanned: 'Last scan',
    scan: 'Scan',
    findings: 'Rules not met',
    supplies: 'Toner and supplies',
    device: 'Switch',
    port: 'Port',
    mac: 'MAC address',
    fdbId: 'VLAN',
    seenAt: 'Read at',
    expected: 'Devices expected',
    reachable: 'Answered',
    inventoried: 'Inventoried',
    overAge: 'Past depreciation age',
    notListed: 'Not listed',
  },
  unlisted: (kind: string, n: string) => `${kind} ${n} (no entry in the org file)`,
  supply: { ok: 'ok', low: 'low', empty: 'empty', some_remaining: 'some remaining', unknown: 'level unknown' },
  scan: { ok: 'Read', partial: 'Partly read', unreachable: 'No answer', timeout: 'Timed out', auth_failed: 'Credentials refused', host_key_changed: 'SSH host key changed', error: 'Error', never: 'Not scanned' },
};

export const deviceLabels = (lang: Lang): typeof vi => (lang === 'vi' ? vi : en);
