/**
 * Structured evidence (schema/evaluation.ts `Evidence`) in the reader's language: the fact's
 * label from the evaluation's dictionary, numbers and dates the locale's way, operators as
 * symbols or words, notes (the probe target and its error, the licence's state) after a dash.
 * Also what to do about an `unknown`: how to get the data, which is not how to fix a failure.
 *
 * @example
 * const say = evidenceWriter(evaluation.facts, 'vi');
 * say.lines([{ kind: 'check', fact: 'probes.wan.max_loss_pct', op: 'lte', expected: 1, actual: 20, holds: false, notes: [] }]);
 * // ['Tỷ lệ mất gói tới mạng WAN 20% > 1%']
 */
import type { Evidence, EvidenceNote, EvidenceValue, FactInfo, HostRuleStatus, InventoryGap, Lang, LicenceProblem, MeasureUnit, MissingCause, Operator, ProbeErrorKind } from '../schema/index.js';
import { labelsFor, localeOf } from './i18n.js';

type Check = Extract<Evidence, { kind: 'check' }>;
type Missing = Extract<Evidence, { kind: 'missing' }>;
type Scope = Extract<Evidence, { kind: 'scope' }>;
type Unscanned = Extract<Evidence, { kind: 'unscanned' }>;
type Licence = Extract<EvidenceNote, { code: 'licence' }>;
type PreUseScan = Extract<EvidenceNote, { code: 'pre_use_scan' }>;
type ChangesSince = Extract<EvidenceNote, { code: 'changes_since_scan' }>;

/** Every phrase evidence uses; the English table must have the same keys, checked by the type. */
interface Words {
  yes: string;
  no: string;
  none: string;
  expected: (what: string) => string;
  relation: Record<Exclude<Operator, 'lt' | 'lte' | 'gt' | 'gte'>, (value: string) => string>;
  unit: Record<MeasureUnit, string>;
  noData: string;
  missing: Record<MissingCause, (section: string) => string>;
  collectError: Record<NonNullable<Missing['errorCode']>, string>;
  section: Record<string, string>;
  running: string;
  target: (target: string, worst: boolean) => string;
  probeError: Record<ProbeErrorKind, string>;
  licence: Record<LicenceProblem, (n: Licence, status: string, grace: string) => string>;
  /** The agent's own verdict beside the collector's, when they differ. */
  agentSaid: (verdict: string, reason: string | null) => string;
  licensedSoftware: Record<'true' | 'false' | 'null', string>;
  scan: (scanner: string, outcome: string, message: string) => string;
  inventoryGap: Record<InventoryGap, string>;
  ageFrom: (purchaseYear: number | null, mfgDate: string | null) => string;
  /** The pre-use scan verdict that counts (`verdict` named, days written the language's way). */
  preUseScan: (n: PreUseScan, verdict: string, day: (d: string) => string) => string;
  changesSince: (day: string) => string;
  unscanned: Record<Unscanned['cause'], (kind: string, hours: string, window: string) => string>;
  noOffice: string;
  clock: (ahead: boolean) => string;
  agentVersion: (reported: string, expected: string) => string;
  endOfSupport: (day: string) => string;
  biosDate: (date: string) => string;
  notEnabled: (names: string) => string;
  firewall: (off: string, unknown: string) => string;
  firewallProfile: Record<string, string>;
  noFirewall: string;
  route: (gateway: string | null, iface: string, metric: number | null, network: string) => string;
  answered: (target: string, received: number, sent: number, route: string | null) => string;
  rootCa: (roots: string) => string;
  noRootCa: string;
  certificate: (subject: string, serial: string, issuer: string, notAfter: string) => string;
  category: Record<string, string>;
  edition: (product: string, edition: string | null, evidence: string) => string;
  noAntivirus: string;
  scope: Record<Scope['by'], (allowed: string, actual: string) => string>;
  stale: (hours: string, window: string) => string;
  neverReported: string;
  held: (stable: string, run: number, of: number, says: string) => string;
  exempted: (until: string, by: string, reason: string, says: string) => string;
  result: Record<HostRuleStatus, string>;
  remedy: {
    neverReported: string;
    stale: string;
    unscanned: Record<Unscanned['cause'], string>;
    missing: Record<MissingCause, (section: string, label: string) => string>;
  };
}

const vi: Words = {
  yes: 'có',
  no: 'không',
  none: 'không có',
  expected: (what) => `(yêu cầu: ${what})`,
  relation: {
    eq: (v) => v,
    ne: (v) => `khác ${v}`,
    in: (v) => `một trong ${v}`,
    not_in: (v) => `không thuộc ${v}`,
    contains: (v) => `có ${v}`,
    not_contains: (v) => `không có ${v}`,
    empty: () => 'không có',
    not_empty: () => 'có ít nhất một',
  },
  unit: { '%': '%', ms: ' ms', GiB: ' GiB', GHz: ' GHz', years: ' năm', days: ' ngày', hours: ' giờ', seconds: ' giây' },
  noData: 'chưa có số liệu',
  missing: {
    no_section: (section) => `máy không gửi mục ${section}`,
    not_reported: () => 'chương trình kiểm tra trên máy không xác định được',
    no_target: () => 'tệp tổ chức chưa khai báo mục tiêu đo này cho đơn vị',
    not_probed: () => 'máy chưa đo tới mục tiêu này',
    no_answer: () => 'không mục tiêu nào trả lời nên không có độ trễ',
    no_certificate: () => 'không tìm thấy chứng thư số của USB ký số trong kho chứng thư cá nhân (USB đã cắm và đã cài phần mềm quản lý USB chưa?)',
    not_matched: () => 'danh mục phần mềm chưa được đối chiếu với báo cáo mới nhất của máy (hoặc danh mục vừa thay đổi): sẽ đối chiếu ở lần báo cáo sau',
    no_program_list: () => 'báo cáo mới nhất không có danh sách phần mềm đã cài',
    edition_unknown: () => 'phiên bản phần mềm diệt virus đã cài không có trong danh mục của bộ tiêu chí',
    kms_host_unknown: () => 'kích hoạt qua KMS nhưng không ghi nhận được máy chủ KMS nên chưa kiểm tra được',
    licence_undecided: () => 'không đọc được trạng thái bản quyền',
    not_scanned: () => 'thiết bị chưa được quét',
    not_in_scan: () => 'lần quét gần nhất không đọc được số liệu này',
    no_age: () => 'chưa biết năm mua hoặc ngày sản xuất của thiết bị',
    no_sent_time: () => 'chương trình kiểm tra trên máy không gửi kèm thời điểm gửi báo cáo (cần cập nhật chương trình)',
    not_a_version: () => 'phiên bản của chương trình kiểm tra (hoặc phiên bản máy chủ yêu cầu) không phải số phiên bản so sánh được',
    never_scanned: () => 'thiết bị chưa được rà quét an ninh trước khi đưa vào sử dụng',
    changes_unknown: () => 'báo cáo mới nhất của máy thiếu thông tin đã có lúc rà quét nên chưa so sánh được',
    no_smart: () => 'không ổ đĩa nào báo trạng thái SMART (thiếu smartctl, không đủ quyền hoặc ổ đĩa ảo)',
  },
  collectError: {
    timeout: 'hết thời gian chờ',
    failed: 'lỗi khi thu thập',
    unsupported: 'không hỗ trợ trên máy này',
    not_found: 'không tìm thấy nguồn số liệu',
    permission: 'thiếu quyền quản trị',
  },
  section: {
    os: 'hệ điều hành',
    hardware: 'phần cứng',
    network: 'mạng',
    peripherals: 'thiết bị ngoại vi',
    software: 'phần mềm',
    licensing: 'bản quyền',
    antivirus: 'diệt virus',
    security: 'bảo mật',
    probes: 'đo kết nối',
    connectivity: 'đường kết nối mạng',
    signing: 'ký số',
    host: 'thông tin máy',
    device: 'thiết bị',
  },
  running: 'đang chạy',
  target: (t, worst) => `${worst ? 'mục tiêu kém nhất' : 'mục tiêu'} ${t}`,
  probeError: {
    refused: 'từ chối kết nối (máy đích có trả lời nhưng cổng này không có dịch vụ)',
    timeout: 'không trả lời trong thời gian chờ (tường lửa chặn hoặc máy đích tắt)',
    no_route: 'không có đường tới máy đích (kiểm tra cáp, VLAN, cổng mạng)',
    network_unreachable: 'không tới được mạng của máy đích (kiểm tra địa chỉ và tuyến mặc định)',
    name_not_resolved: 'không phân giải được tên (kiểm tra máy chủ DNS)',
    dns_no_such_name: 'máy chủ DNS trả lời tên này không tồn tại (NXDOMAIN)',
    dns_server_failure: 'máy chủ DNS lỗi khi phân giải (SERVFAIL)',
    dns_refused: 'máy chủ DNS từ chối phân giải cho máy này (REFUSED)',
    reset: 'kết nối bị ngắt giữa chừng',
    no_reply: 'không nhận được phản hồi nào',
    other: 'lỗi khác',
  },
  licence: {
    status_unknown: (n) => `${n.product}: không đọc được trạng thái bản quyền`,
    not_activated: (n, status) => `${n.product}: ${status}`,
    non_genuine: (n, status) => `${n.product}: ${status}; dịch vụ cấp phép của Windows xác định bản này không chính hãng`,
    kms_grace_too_long: (n, _s, grace) =>
      `${n.product}: kích hoạt qua KMS${n.kmsHost ? ` (máy chủ ${n.kmsHost})` : ''} còn ${grace} ngày mới phải gia hạn, trong khi kích hoạt KMS hợp lệ chỉ có tối đa 180 ngày: đây là bẻ khóa KMS38/KMS4k, không phải bản quyền hợp lệ`,
    kms_host_unknown: (n) => `${n.product}: kích hoạt qua KMS nhưng không ghi nhận được máy chủ KMS (chạy slmgr /dlv trên máy để xem)`,
    kms_emulator: (n) => `${n.product}: kích hoạt qua máy chủ KMS ${n.kmsHost ?? '?'} ngay trên máy này, tức là phần mềm giả lập KMS (KMSpico, KMS_VL_ALL...), không phải bản quyền hợp lệ`,
    no_allow_list: (n) => `${n.product}: kích hoạt qua máy chủ KMS ${n.kmsHost ?? '?'}; lần kiểm tra này không có danh sách máy chủ KMS của tổ chức nên chưa đối chiếu được`,
    kms_not_allowed: (n) =>
      `${n.product}: kích hoạt qua máy chủ KMS ${n.kmsHost ?? '?'} không thuộc danh sách máy chủ KMS của tổ chức${n.allowList.length ? ` (${n.allowList.join(', ')})` : ' (danh sách đang trống: khai báo licensing.kmsAllowList trong cấu hình máy chủ thu thập)'}: không phải bản quyền hợp lệ`,
    undecided: (n) => `${n.product}: chưa xác định được bản quyền`,
  },
  agentSaid: (verdict) => ` (chương trình kiểm tra trên máy đánh giá: ${verdict})`,
  licensedSoftware: { true: 'có bản quyền hợp lệ', false: 'không có bản quyền hợp lệ', null: 'chưa xác định' },
  scan: (scanner, outcome) => `quét ${scanner}: ${outcome}`,
  inventoryGap: {
    no_answer: 'thiết bị không trả lời',
    no_identity: 'chưa đọc được thông tin nhận dạng thiết bị (nhóm system của SNMP)',
    no_ports: 'chưa đọc được danh sách cổng (IF-MIB)',
    no_printer_mib: 'thiết bị không có Printer-MIB: SNMP có bật trên chính máy in không, hay địa chỉ này là thiết bị khác?',
    no_supplies: 'chưa đọc được mực, vật tư in (Printer-MIB)',
    no_ups_mib: 'thiết bị không có UPS-MIB: bật tác tử RFC 1628 trên card mạng của UPS',
    no_battery: 'chưa đọc được tình trạng ắc quy (UPS-MIB)',
  },
  ageFrom: (year, mfg) => (year !== null ? `mua năm ${year} (theo tệp tổ chức)` : `sản xuất ngày ${mfg} (ENTITY-MIB)`),
  preUseScan: (n, verdict, day) => {
    const by = `${verdict}, cán bộ ${n.officer} rà quét ngày ${day(n.scannedOn)}`;
    switch (n.status) {
      case 'failed':
        return `lần rà quét kết luận thiết bị không đạt (${by})`;
      case 'expired':
        return `lần rà quét ngày ${day(n.scannedOn)} đã qua ${n.ageDays ?? '?'} ngày: cần rà quét lại`;
      case 'lapsed':
        return `các điều kiện của lần rà quét ngày ${day(n.scannedOn)} phải thực hiện xong trước ngày ${n.dueDate ? day(n.dueDate) : '?'}: ${n.conditions.join('; ')}`;
      case 'awaiting_acceptance':
        return `kết luận (${by}) đang chờ người thứ hai phê duyệt`;
      default:
        return by;
    }
  },
  changesSince: (d) => `kể từ lần rà quét ngày ${d}`,
  unscanned: {
    not_listed: (kind) => `phòng cần nhiều ${kind} hơn số đã khai báo trong tệp tổ chức: thiết bị này chưa được khai báo nên không quét được`,
    no_access: () => 'tệp tổ chức chưa khai báo cách quét thiết bị (snmp hoặc ssh)',
    never: () => 'thiết bị chưa được quét lần nào',
    stale: (_k, h, w) => `chưa được quét lại trong ${h} giờ (quá thời hạn ${w} giờ)`,
  },
  noOffice: 'không tìm thấy bản quyền Office nào (máy chưa cài Office)',
  clock: (ahead) => `đồng hồ của máy ${ahead ? 'nhanh' : 'chậm'} hơn đồng hồ của máy chủ thu thập`,
  agentVersion: (reported, expected) => `máy chạy phiên bản ${reported}; máy chủ thu thập yêu cầu ${expected}`,
  endOfSupport: (d) => `hết hỗ trợ từ ngày ${d}`,
  biosDate: (d) => `BIOS ngày ${d}`,
  notEnabled: (names) => `chưa bật: ${names}`,
  firewall: (off, unknown) => [off && `tắt: ${off}`, unknown && `không rõ: ${unknown}`].filter(Boolean).join('; '),
  firewallProfile: { domain: 'mạng miền', private: 'mạng riêng', public: 'mạng công cộng' },
  noFirewall: 'không tìm thấy tường lửa',
  route: (gw, iface, metric, network) => `tuyến mặc định qua ${gw ?? '(điểm - điểm)'}, card ${iface}${metric === null ? '' : `, metric ${metric}`} (mạng ${network})`,
  answered: (target, received, sent, route) => `${target} trả lời ${received}/${sent} lần${route ? ` qua ${route}` : ''}`,
  rootCa: (roots) => `có: ${roots}`,
  noRootCa: 'chưa có trong kho chứng thư gốc tin cậy: chữ ký số sẽ hiện «không rõ hiệu lực»',
  certificate: (subject, serial, issuer, notAfter) => `${subject}, số sê-ri ${serial}, do ${issuer} cấp, hết hạn ngày ${notAfter}`,
  category: { 'remote-access': 'điều khiển từ xa', p2p: 'chia sẻ ngang hàng (P2P)', games: 'trò chơi', 'crypto-miner': 'đào tiền ảo' },
  edition: (product, edition) => `${product}: ${edition === null ? 'phiên bản không có trong danh mục' : ({ paid: 'bản có trả phí', included: 'kèm hệ điều hành có bản quyền', free: 'bản miễn phí' } as Record<string, string>)[edition] ?? edition}`,
  noAntivirus: 'máy không cài phần mềm diệt virus nào',
  scope: {
    levels: (allowed, actual) => `tiêu chí chỉ áp dụng cho đơn vị cấp ${allowed}; đơn vị này cấp ${actual}`,
    units: (allowed) => `tiêu chí chỉ áp dụng cho các đơn vị ${allowed}`,
    device_kinds: (allowed, actual) => `tiêu chí chỉ áp dụng cho ${allowed}; máy này là ${actual}`,
    room_needs: (needs) => `phòng của máy không có nhu cầu ${needs}`,
    machines_only: () => 'tiêu chí áp dụng cho máy tính có cài chương trình kiểm tra, không áp dụng cho thiết bị',
    devices: (allowed, actual) => `tiêu chí chỉ áp dụng cho thiết bị loại ${allowed}; thiết bị này là ${actual}`,
    devices_only: (allowed) => `tiêu chí áp dụng cho thiết bị trong tệp tổ chức (${allowed}), không áp dụng cho máy tính`,
    agentless: () => 'máy do máy chủ thu thập kiểm tra qua SSH: chỉ máy có cài chương trình kiểm tra mới đo kết nối mạng LAN/WAN',
  },
  stale: (h, w) => `không có báo cáo mới trong ${h} giờ (quá thời hạn ${w} giờ)`,
  neverReported: 'máy chưa từng gửi báo cáo',
  held: (stable, run, of, says) => `giữ kết quả «${stable}»: mới ${run}/${of} lần báo cáo liên tiếp cho kết quả «${says}»`,
  exempted: (until, by, reason, says) => `miễn trừ đến hết ngày ${until}, do ${by} phê duyệt: ${reason}; nếu không miễn trừ, kết quả là «${says}»`,
  result: { pass: 'Đạt', fail: 'Không đạt', unknown: 'Chưa rõ', not_applicable: 'Không áp dụng', exempted: 'Miễn trừ' },
  remedy: {
    neverReported: 'Cài đặt và đăng ký chương trình kiểm tra trên máy, rồi chạy kiểm tra một lần để máy gửi báo cáo.',
    stale: 'Bật máy, kiểm tra kết nối mạng tới máy chủ thu thập và chạy lại chương trình kiểm tra để gửi báo cáo mới.',
    unscanned: {
      not_listed: 'Khai báo thiết bị (địa chỉ, cách quét snmp hoặc ssh) trong danh sách thiết bị của phòng trong tệp tổ chức.',
      no_access: 'Khai báo cách quét thiết bị (snmp hoặc ssh) trong tệp tổ chức.',
      never: 'Chờ lần quét định kỳ của máy chủ thu thập, hoặc chạy quét ngay (readiness devices scan).',
      stale: 'Kiểm tra thiết bị đang bật và máy chủ thu thập tới được thiết bị, rồi chạy quét lại (readiness devices scan).',
    },
    missing: {
      no_section: (section) => `Máy không gửi được mục ${section}: chạy lại chương trình kiểm tra với quyền quản trị và xem lỗi ghi trong báo cáo.`,
      not_reported: (_s, label) => `Chương trình kiểm tra không xác định được ${label}: kiểm tra trực tiếp trên máy.`,
      no_target: () => 'Khai báo mục tiêu đo (cổng mạng, máy chủ, điểm kết nối WAN) của đơn vị trong tệp tổ chức, rồi chờ máy chạy kiểm tra lại.',
      not_probed: () => 'Máy chưa đo tới mục tiêu: cập nhật chương trình kiểm tra và bảo đảm máy nhận được danh sách mục tiêu từ máy chủ thu thập.',
      no_answer: () => 'Không mục tiêu nào trả lời máy: kiểm tra đường mạng từ máy tới mục tiêu (cáp, VLAN, tường lửa), rồi chờ lần kiểm tra sau.',
      no_certificate: () => 'Cắm USB ký số, cài phần mềm quản lý USB (VGCA Token Manager...), rồi chạy lại chương trình kiểm tra.',
      not_matched: () => 'Chờ lần báo cáo sau của máy: danh mục phần mềm được đối chiếu mỗi lần máy báo cáo.',
      no_program_list: () => 'Chạy lại chương trình kiểm tra với quyền quản trị để máy gửi danh sách phần mềm đã cài.',
      edition_unknown: () => 'Bổ sung phiên bản phần mềm diệt virus này vào danh mục của bộ tiêu chí (antivirusEditions), hoặc kiểm tra bản quyền trực tiếp.',
      kms_host_unknown: () => 'Chạy slmgr /dlv trên máy để xem máy chủ KMS đã kích hoạt, rồi chạy lại chương trình kiểm tra.',
      licence_undecided: () => 'Chạy lại chương trình kiểm tra với quyền quản trị để đọc trạng thái bản quyền (slmgr /dlv, ospp.vbs /dstatus).',
      not_scanned: () => 'Chờ lần quét định kỳ của máy chủ thu thập, hoặc chạy quét ngay (readiness devices scan).',
      not_in_scan: () => 'Kiểm tra thiết bị có bật SNMP với đủ nhóm thông tin (MIB) cần đọc, rồi chạy quét lại.',
      no_age: () => 'Ghi năm mua (purchaseYear) của thiết bị trong tệp tổ chức.',
      no_sent_time: () => 'Cập nhật chương trình kiểm tra trên máy lên phiên bản mới để máy gửi kèm thời điểm gửi báo cáo.',
      not_a_version: () => 'Cài bản chương trình kiểm tra chính thức (có số phiên bản), và kiểm tra phiên bản yêu cầu (expectedVersion) trong cấu hình máy chủ thu thập.',
      never_scanned: () => 'Đề nghị lực lượng chuyên môn rà quét thiết bị và ghi kết luận (phiếu rà quét an ninh, hoặc readiness scan record).',
      changes_unknown: () => 'Chạy lại chương trình kiểm tra trên máy với quyền quản trị để báo cáo đủ các mục đã có lúc rà quét.',
      no_smart: () => 'Cài smartmontools (smartctl) trên máy và chạy chương trình kiểm tra với quyền quản trị; ổ đĩa ảo không có SMART.',
    },
  },
};

const en: Words = {
  yes: 'yes',
  no: 'no',
  none: 'none',
  expected: (what) => `(expected ${what})`,
  relation: {
    eq: (v) => v,
    ne: (v) => `not ${v}`,
    in: (v) => `one of ${v}`,
    not_in: (v) => `none of ${v}`,
    contains: (v) => `to include ${v}`,
    not_contains: (v) => `not to include ${v}`,
    empty: () => 'none',
    not_empty: () => 'at least one',
  },
  unit: { '%': '%', ms: ' ms', GiB: ' GiB', GHz: ' GHz', years: ' years', days: ' days', hours: ' hours', seconds: ' seconds' },
  noData: 'not reported',
  missing: {
    no_section: (section) => `the report has no ${section} section`,
    not_reported: () => 'the agent could not tell',
    no_target: () => 'the org file gives this unit no such target',
    not_probed: () => 'the agent probed no such target',
    no_answer: () => 'no target answered, so there is no round-trip time',
    no_certificate: () => 'not found in the personal certificate stores (is the token plugged in and its middleware installed?)',
    not_matched: () => 'the software policy has not been matched since the host last reported (or since the policy changed): it is at the next report',
    no_program_list: () => 'the latest report has no installed-program list',
    edition_unknown: () => "an installed product's edition is not in the pack's antivirusEditions",
    kms_host_unknown: () => 'activated by KMS, but the KMS host is not recorded, so it cannot be checked',
    licence_undecided: () => 'the licence status could not be read',
    not_scanned: () => 'the device has not been scanned',
    not_in_scan: () => 'the latest scan did not read it',
    no_age: () => 'neither the purchase year nor the manufacturing date is known',
    no_sent_time: () => 'the agent did not say when it sent its report (update the agent)',
    not_a_version: () => "the agent's version (or the one the collector expects) is not a version number the collector can compare",
    never_scanned: () => 'no pre-use scan recorded',
    changes_unknown: () => 'the latest report lacks a part of the posture the scanned one had, so the changes cannot be told',
    no_smart: () => 'no disk reports a SMART status (smartctl missing, no rights, or a virtual disk)',
  },
  collectError: { timeout: 'timed out', failed: 'failed', unsupported: 'not supported here', not_found: 'source not found', permission: 'no administrator rights' },
  section: {
    os: 'OS',
    hardware: 'hardware',
    network: 'network',
    peripherals: 'peripherals',
    software: 'software',
    licensing: 'licensing',
    antivirus: 'antivirus',
    security: 'security',
    probes: 'probes',
    connectivity: 'connectivity',
    signing: 'signing',
    host: 'host',
    device: 'device',
  },
  running: 'running',
  target: (t, worst) => `${worst ? 'worst target' : 'target'} ${t}`,
  probeError: {
    refused: 'connection refused (the host answered but nothing listens on that port)',
    timeout: 'no answer within the time-out (a firewall dropping packets, or the host is down)',
    no_route: 'no route to the host (check the cable, the VLAN and the gateway)',
    network_unreachable: "the host's network is unreachable (check the address and the default route)",
    name_not_resolved: 'the name does not resolve (check the DNS server)',
    dns_no_such_name: 'the DNS server says the name does not exist (NXDOMAIN)',
    dns_server_failure: 'the DNS server failed to resolve it (SERVFAIL)',
    dns_refused: 'the DNS server refuses to resolve for this machine (REFUSED)',
    reset: 'the connection was reset',
    no_reply: 'no reply at all',
    other: 'other error',
  },
  licence: {
    status_unknown: (n) => `${n.product}: the licence status could not be read`,
    not_activated: (n, status) => `${n.product}: ${status}`,
    non_genuine: (n, status) => `${n.product}: ${status}; the licensing service judged this copy non-genuine`,
    kms_grace_too_long: (n, _s, grace) =>
      `${n.product}: activated by KMS${n.kmsHost ? ` (host ${n.kmsHost})` : ''} with ${grace} days left before renewal, where a genuine KMS activation holds at most 180: a KMS38/KMS4k crack, not licensed software`,
    kms_host_unknown: (n) => `${n.product}: activated by KMS, but the KMS host is not recorded (run slmgr /dlv to see it)`,
    kms_emulator: (n) => `${n.product}: activated by KMS host ${n.kmsHost ?? '?'}, an address on the machine itself: a KMS emulator (KMSpico, KMS_VL_ALL...), not licensed software`,
    no_allow_list: (n) => `${n.product}: activated by KMS host ${n.kmsHost ?? '?'}; there was no KMS allow-list to check it against`,
    kms_not_allowed: (n) =>
      `${n.product}: activated by KMS host ${n.kmsHost ?? '?'}, which is not on the organisation's KMS allow-list${n.allowList.length ? ` (${n.allowList.join(', ')})` : ' (empty: add the KMS hosts to licensing.kmsAllowList in the collector config)'}: not licensed software`,
    undecided: (n) => `${n.product}: the licence could not be decided`,
  },
  agentSaid: (verdict, reason) => ` (the agent said: ${verdict}${reason ? `, ${reason}` : ''})`,
  licensedSoftware: { true: 'licensed software', false: 'not licensed software', null: 'undecided' },
  scan: (scanner, _outcome, message) => `${scanner}: ${message}`,
  inventoryGap: {
    no_answer: 'the device did not answer',
    no_identity: 'its identity (SNMP system group) was not read',
    no_ports: 'its ports (IF-MIB) were not read',
    no_printer_mib: 'it has no Printer-MIB: is SNMP on the printer itself, or is this another device?',
    no_supplies: 'its supplies (Printer-MIB) were not read',
    no_ups_mib: "it has no UPS-MIB: enable the network card's RFC 1628 agent",
    no_battery: 'its battery (UPS-MIB) was not read',
  },
  ageFrom: (year, mfg) => (year !== null ? `bought in ${year} (org file)` : `made on ${mfg} (ENTITY-MIB)`),
  preUseScan: (n, verdict, day) => {
    const by = `${verdict} by ${n.officer} on ${day(n.scannedOn)}`;
    switch (n.status) {
      case 'failed':
        return `the scan failed the device (${by})`;
      case 'expired':
        return `the scan of ${day(n.scannedOn)} is ${n.ageDays ?? '?'} days old: scan the device again`;
      case 'lapsed':
        return `the conditions of the scan of ${day(n.scannedOn)} were due on ${n.dueDate ? day(n.dueDate) : '?'}: ${n.conditions.join('; ')}`;
      case 'awaiting_acceptance':
        return `the verdict (${by}) awaits acceptance by a second person`;
      default:
        return by;
    }
  },
  changesSince: (d) => `since the scan on ${d}`,
  unscanned: {
    not_listed: (kind) => `the room expects more ${kind}s than the org file lists: this one has no entry, so it cannot be scanned`,
    no_access: () => 'the org file gives it no snmp or ssh, so the collector cannot scan it',
    never: () => 'never scanned',
    stale: (_k, h, w) => `not scanned for ${h} h (the heartbeat window is ${w} h)`,
  },
  noOffice: 'no Office licence found (Office is not installed)',
  clock: (ahead) => `the machine's clock is ${ahead ? 'ahead of' : 'behind'} the collector's`,
  agentVersion: (reported, expected) => `the agent is ${reported}; the collector expects ${expected}`,
  endOfSupport: (d) => `end of support ${d}`,
  biosDate: (d) => `BIOS dated ${d}`,
  notEnabled: (names) => `not enabled: ${names}`,
  firewall: (off, unknown) => [off && `off: ${off}`, unknown && `unknown: ${unknown}`].filter(Boolean).join('; '),
  firewallProfile: { domain: 'Domain', private: 'Private', public: 'Public' },
  noFirewall: 'no firewall found',
  route: (gw, iface, metric, network) => `default via ${gw ?? '(point-to-point)'} dev ${iface}${metric === null ? '' : ` metric ${metric}`} (${network})`,
  answered: (target, received, sent, route) => `${target} answered ${received} of ${sent}${route ? ` via ${route}` : ''}`,
  rootCa: (roots) => roots,
  noRootCa: 'not in the trusted roots: signatures will read "validity unknown"',
  certificate: (subject, serial, issuer, notAfter) => `${subject}, serial ${serial}, issued by ${issuer}, expires ${notAfter}`,
  category: { 'remote-access': 'remote-access', p2p: 'p2p', games: 'games', 'crypto-miner': 'crypto-miner' },
  edition: (product, edition, evidence) => `${product}: ${edition ?? 'edition unknown'}${evidence ? ` (${evidence})` : ''}`,
  noAntivirus: 'no antivirus product installed',
  scope: {
    levels: (allowed, actual) => `the rule covers ${allowed} units, not ${actual}`,
    units: (allowed) => `the rule covers units ${allowed} only`,
    device_kinds: (allowed, actual) => `the rule covers ${allowed}, not ${actual}`,
    room_needs: (needs) => `the host's room does not need ${needs}`,
    machines_only: () => 'the rule checks machines with agents, not devices',
    devices: (allowed, actual) => `the rule covers devices of kinds ${allowed}, not ${actual}`,
    devices_only: (allowed) => `the rule checks the org file's devices (${allowed}), not machines`,
    agentless: () => 'audited over SSH by the collector: the LAN/WAN probes run only where an agent runs',
  },
  stale: (h, w) => `no report for ${h} h (the heartbeat window is ${w} h)`,
  neverReported: 'never reported',
  held: (stable, run, of, says) => `status held at ${stable}: ${run} of ${of} reports in a row say ${says}`,
  exempted: (until, by, reason, says) => `exempted until the end of ${until}, approved by ${by}: ${reason}; without the exception the rule reads ${says}`,
  result: { pass: 'pass', fail: 'fail', unknown: 'unknown', not_applicable: 'not applicable', exempted: 'exempted' },
  remedy: {
    neverReported: 'Install and enroll the agent on the machine, then run it once so that it reports.',
    stale: 'Switch the machine on, check it can reach the collector, and run the agent again so that it sends a fresh report.',
    unscanned: {
      not_listed: "List the device (address, snmp or ssh) among the room's devices in the org file.",
      no_access: 'Give the device snmp or ssh in the org file.',
      never: 'Wait for the collector\'s next scan, or scan now (readiness devices scan).',
      stale: 'Check the device is on and the collector can reach it, then scan again (readiness devices scan).',
    },
    missing: {
      no_section: (section) => `The machine did not send its ${section} section: run the agent again as an administrator and read the errors in its report.`,
      not_reported: (_s, label) => `The agent could not tell the ${label}: check it on the machine.`,
      no_target: () => "Give the unit its probe targets (gateway, servers, WAN endpoint) in the org file, then wait for the machine's next report.",
      not_probed: () => 'The machine probed no such target: update the agent and make sure it gets its targets from the collector.',
      no_answer: () => "No target answered the machine: check the path from it to the targets (cable, VLAN, firewall), then wait for its next report.",
      no_certificate: () => 'Plug the signing token in, install its middleware (VGCA Token Manager...), then run the agent again.',
      not_matched: () => "Wait for the machine's next report: the software policy is matched at every report.",
      no_program_list: () => 'Run the agent again as an administrator so that it sends the list of installed programs.',
      edition_unknown: () => "Add this antivirus edition to the pack's antivirusEditions, or check its licence on the machine.",
      kms_host_unknown: () => 'Run slmgr /dlv on the machine to see the KMS host that activated it, then run the agent again.',
      licence_undecided: () => 'Run the agent again as an administrator so that it can read the licence status (slmgr /dlv, ospp.vbs /dstatus).',
      not_scanned: () => "Wait for the collector's next scan, or scan now (readiness devices scan).",
      not_in_scan: () => 'Check that SNMP on the device serves the MIBs to read, then scan again.',
      no_age: () => "Give the device its purchaseYear in the org file.",
      no_sent_time: () => 'Update the agent on the machine, so it says when it sends each report.',
      not_a_version: () => "Install a released agent (one with a version number), and check agent.expectedVersion in the collector's config.",
      never_scanned: () => 'Ask the security specialists to scan the device and record a verdict (the security sheet, or readiness scan record).',
      changes_unknown: () => 'Run the agent again as administrator so its report has every part the scanned one had.',
      no_smart: () => 'Install smartmontools (smartctl) on the machine and run the agent with administrator rights; virtual disks have no SMART status.',
    },
  },
};

const WORDS: Record<Lang, Words> = { vi, en };

const SYMBOL: Record<'eq' | 'ne' | 'lt' | 'lte' | 'gt' | 'gte', string> = { eq: '=', ne: '≠', lt: '<', lte: '≤', gt: '>', gte: '≥' };
const NEGATED: Record<keyof typeof SYMBOL, keyof typeof SYMBOL> = { eq: 'ne', ne: 'eq', lt: 'gte', lte: 'gt', gt: 'lte', gte: 'lt' };

const capitalise = (s: string) => (s ? s[0]!.toLocaleUpperCase() + s.slice(1) : s);

export interface EvidenceWriter {
  /** One line per item, in the writer's language. */
  lines(items: readonly Evidence[]): string[];
  /** How to get the data for an `unknown` result: one sentence per cause, or null when nothing can be said. */
  remedy(items: readonly Evidence[]): string | null;
}

/**
 * A writer for one document: lines are remembered per evidence item, since the engine shares
 * one frozen item among all the hosts with the same value (20,000 hosts, a few hundred values).
 */
export function evidenceWriter(facts: Readonly<Record<string, FactInfo>>, lang: Lang): EvidenceWriter {
  const W = WORDS[lang];
  const numbers = new Intl.NumberFormat(localeOf(lang), { maximumFractionDigits: 2 });
  const day = (d: string) => (lang === 'vi' && /^\d{4}-\d{2}-\d{2}$/.test(d) ? `${d.slice(8, 10)}/${d.slice(5, 7)}/${d.slice(0, 4)}` : d);
  const label = (fact: string) => facts[fact]?.label[lang] ?? fact;
  const unitOf = (fact: string) => facts[fact]?.unit ?? null;
  const code = (fact: string, value: string) => facts[fact]?.values?.[value]?.[lang] ?? value;
  const scalar = (fact: string, v: string | number | boolean): string => {
    if (typeof v === 'boolean') return v ? W.yes : W.no;
    if (typeof v === 'number') {
      const unit = unitOf(fact);
      return `${numbers.format(v)}${unit ? W.unit[unit] : ''}`;
    }
    return code(fact, v);
  };
  /** What a note says about one name of a list: running, or its software-policy category. */
  type Tags = ReadonlyMap<string, string>;
  const list = (fact: string, v: readonly (string | number)[], tags: Tags) =>
    v.length ? v.map((x) => (typeof x === 'string' && tags.has(x) ? `${code(fact, x)} (${tags.get(x)})` : scalar(fact, x))).join(', ') : W.none;
  const value = (fact: string, v: EvidenceValue, tags: Tags = new Map()) =>
    Array.isArray(v) ? list(fact, v, tags) : scalar(fact, v as string | number | boolean);
  const tagsOf = (notes: readonly EvidenceNote[]): Tags => {
    const tags = new Map<string, string>();
    for (const n of notes) {
      if (n.code === 'running') for (const name of n.names) tags.set(name, W.running);
      if (n.code === 'software') for (const i of n.items) tags.set(i.name, [W.category[i.category] ?? i.category, ...(i.running ? [W.running] : [])].join(', '));
    }
    return tags;
  };

  const note = (n: EvidenceNote): string | null => {
    switch (n.code) {
      case 'probe': {
        const where = W.target(n.port === null ? n.target : `${n.target}:${n.port}`, n.worst);
        if (n.error === null) return where;
        const why = n.error === 'other' && n.message ? `${W.probeError.other}: «${n.message}»` : W.probeError[n.error];
        return `${where}: ${why}`;
      }
      case 'licence': {
        const text = W.licence[n.problem](n, code('licensing.windows.status', n.status), n.graceDays === null ? '' : numbers.format(n.graceDays));
        return n.agent ? text + W.agentSaid(W.licensedSoftware[String(n.agent.licensedSoftware) as 'true' | 'false' | 'null'], n.agent.reason) : text;
      }
      case 'scan':
        return n.scans.map((x) => W.scan(x.scanner, code('device.scan_outcome', x.outcome), x.message)).join('; ');
      case 'inventory_gap':
        return W.inventoryGap[n.gap];
      case 'age_from':
        return W.ageFrom(n.purchaseYear, n.mfgDate === null ? null : day(n.mfgDate));
      case 'pre_use_scan':
        return W.preUseScan(n, code('scan.verdict', n.verdict), day);
      case 'changes_since_scan':
        return W.changesSince(day(n.scannedOn));
      case 'no_office':
        return W.noOffice;
      case 'clock':
        return W.clock(n.ahead);
      case 'agent_version':
        return W.agentVersion(n.reported, n.expected);
      case 'end_of_support':
        return W.endOfSupport(day(n.day));
      case 'bios_date':
        return W.biosDate(day(n.date));
      case 'not_enabled':
        return W.notEnabled(n.products.join(', '));
      case 'firewall': {
        const profiles = (names: string[]) => names.map((p) => W.firewallProfile[p.toLowerCase()] ?? p).join(', ');
        return W.firewall(profiles(n.off), profiles(n.unknown));
      }
      case 'no_firewall':
        return W.noFirewall;
      case 'routes':
        return n.routes.map((r) => W.route(r.gateway, r.interface, r.metric, r.network)).join('; ');
      case 'answered':
        return W.answered(n.target, n.received, n.sent, n.route);
      case 'root_ca':
        return n.roots.length ? W.rootCa(n.roots.map((r) => `${r.name} (${r.store})`).join(', ')) : W.noRootCa;
      case 'certificate':
        return W.certificate(n.subject, n.serial, n.issuer, day(n.notAfter));
      case 'editions':
        return n.items.length ? n.items.map((i) => W.edition(i.product, i.edition, i.evidence)).join('; ') : W.noAntivirus;
      case 'running':
      case 'software':
        return null;
    }
  };

  const checkLine = (e: Check): string => {
    // Changes since a pre-use scan: said from their structure, with the scan's day first.
    const since = e.notes.find((n): n is ChangesSince => n.code === 'changes_since_scan');
    if (since?.changes.length) return capitalise(labelsFor(lang).scan.changesSince(day(since.scannedOn), since.changes.map(labelsFor(lang).scan.change)));
    const name = label(e.fact);
    const actual = value(e.fact, e.actual, tagsOf(e.notes));
    let line: string;
    if (typeof e.actual === 'number' && e.op in SYMBOL && typeof e.expected === 'number') {
      const op = e.op as keyof typeof SYMBOL;
      line = `${name} ${actual} ${SYMBOL[e.holds ? op : NEGATED[op]]} ${scalar(e.fact, e.expected)}`;
    } else if (e.holds) {
      line = `${name}: ${actual}`;
    } else {
      const expected = e.expected === null ? '' : value(e.fact, e.expected);
      const relation = W.relation[e.op as keyof Words['relation']] ?? ((v: string) => `${SYMBOL[e.op as keyof typeof SYMBOL]} ${v}`);
      line = `${name}: ${actual} ${W.expected(relation(expected))}`;
    }
    const notes = e.notes.map(note).filter((n): n is string => n !== null);
    return capitalise(notes.length ? `${line} — ${notes.join('; ')}` : line);
  };

  const sectionOf = (fact: string) => W.section[facts[fact]?.section ?? ''] ?? facts[fact]?.section ?? fact;
  const named = (fact: string, values: readonly string[]) => values.map((v) => code(fact, v)).join(', ');

  const line = (e: Evidence): string => {
    switch (e.kind) {
      case 'check':
        return checkLine(e);
      case 'missing': {
        const cause = W.missing[e.cause](sectionOf(e.fact));
        const error = e.errorCode ? ` (${W.collectError[e.errorCode]})` : '';
        return capitalise(`${label(e.fact)}: ${W.noData} — ${cause}${error}`);
      }
      case 'scope': {
        const fact = e.by === 'levels' ? 'unit.level' : e.by === 'device_kinds' ? 'host.device_kind' : e.by === 'room_needs' ? 'room.needs' : e.by === 'units' ? '' : 'device.kind';
        return capitalise(W.scope[e.by](named(fact, e.allowed), e.actual === null ? '' : code(fact, e.actual)));
      }
      case 'stale':
        return capitalise(W.stale(numbers.format(e.hours), numbers.format(e.windowHours)));
      case 'never_reported':
        return capitalise(W.neverReported);
      case 'unscanned':
        return capitalise(W.unscanned[e.cause](code('device.kind', e.deviceKind), e.hours === null ? '' : numbers.format(e.hours), numbers.format(e.windowHours)));
      case 'held':
        return capitalise(W.held(W.result[e.stable], e.run, e.of, W.result[e.says]));
      case 'exempted':
        return capitalise(W.exempted(day(e.until), e.approverRole ? `${e.approvedBy} (${e.approverRole})` : e.approvedBy, e.reference ? `${e.reason} (${e.reference})` : e.reason, W.result[e.says]));
    }
  };

  const cache = new Map<Evidence, string>();
  const cached = (e: Evidence): string => {
    let text = cache.get(e);
    if (text === undefined) {
      // Labels, names and values may come decomposed (a pack or org file saved as NFD).
      text = line(e).normalize('NFC');
      // Only frozen items are shared between hosts; the others are seen once.
      if (Object.isFrozen(e) && cache.size < 65_536) cache.set(e, text);
    }
    return text;
  };

  const remedyOf = (e: Evidence): string | null => {
    switch (e.kind) {
      case 'never_reported':
        return W.remedy.neverReported;
      case 'stale':
        return W.remedy.stale;
      case 'unscanned':
        return W.remedy.unscanned[e.cause];
      case 'missing':
        return W.remedy.missing[e.cause](sectionOf(e.fact), label(e.fact));
      default:
        return null;
    }
  };

  return {
    lines: (items) => items.map(cached),
    remedy: (items) => {
      const said = [...new Set(items.map(remedyOf).filter((r): r is string => r !== null))];
      return said.length ? said.join(' ').normalize('NFC') : null;
    },
  };
}
