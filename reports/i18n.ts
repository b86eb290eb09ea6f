/**
 * Every word a readiness document prints, in Vietnamese (the default: Văn phòng reads it) and
 * English. The English table must have exactly the Vietnamese keys, so a missing label is a
 * type error rather than a blank on paper.
 */
import type { ChangeKind, DeadlineStatus, HostRuleStatus, Lang, ReportKind, ReportPeriod } from '../schema/index.js';
import { PAGE_LABELS } from './i18n-pages.js';

/** Rule numbers, three or more in a row as a range: 1, 2, 3, 5, 6 → "1–3, 5, 6". */
function spans(numbers: number[]): string {
  const out: string[] = [];
  for (let i = 0; i < numbers.length; ) {
    let j = i;
    while (j + 1 < numbers.length && numbers[j + 1] === numbers[j]! + 1) j++;
    if (j - i >= 2) {
      out.push(`${numbers[i]}–${numbers[j]}`);
      i = j + 1;
    } else out.push(String(numbers[i++]));
  }
  return out.join(', ');
}

const vi = {
  kind: {
    summary: 'Báo cáo tổng hợp mức độ sẵn sàng',
    tracker: 'Theo dõi tiến độ hoàn thành mạng LAN/WAN',
    hosts: 'Danh mục kiểm tra từng máy',
    security: 'Phiếu rà quét an ninh thiết bị',
    progress: 'Báo cáo tiến độ',
  } satisfies Record<ReportKind, string>,
  progressTitle: {
    day: 'Báo cáo tiến độ ngày',
    week: 'Báo cáo tiến độ tuần',
    month: 'Báo cáo tiến độ tháng',
  } satisfies Record<ReportPeriod, string>,
  periodName: { day: 'Ngày', week: 'Tuần', month: 'Tháng' } satisfies Record<ReportPeriod, string>,
  status: {
    done: 'Hoàn thành',
    on_track: 'Đúng tiến độ',
    at_risk: 'Có nguy cơ chậm',
    overdue: 'Quá hạn',
    unknown: 'Chưa rõ',
    not_applicable: 'Không áp dụng',
  } satisfies Record<DeadlineStatus, string>,
  result: {
    pass: 'Đạt',
    fail: 'Không đạt',
    unknown: 'Chưa rõ',
    not_applicable: 'Không áp dụng',
  } satisfies Record<HostRuleStatus, string>,
  change: {
    newly_passing: 'Mới đạt',
    regression: 'Không còn đạt',
    newly_reporting: 'Máy mới báo cáo',
    became_overdue: 'Mới quá hạn',
  } satisfies Record<ChangeKind, string>,
  category: {
    lan: 'Mạng LAN',
    wan: 'Mạng WAN',
    licensing: 'Bản quyền phần mềm',
    antivirus: 'Phần mềm diệt virus',
    hardware: 'Phần cứng',
    security: 'An ninh, bảo mật',
    signing: 'Chữ ký số',
    agent: 'Phần mềm thu thập (agent)',
  } as Record<string, string>,
  severity: { low: 'Thấp', medium: 'Trung bình', high: 'Cao', critical: 'Nghiêm trọng' },
  deviceKind: {
    workstation: 'Máy tính để bàn',
    laptop: 'Máy tính xách tay',
    server: 'Máy chủ',
    switch: 'Thiết bị chuyển mạch (switch)',
    router: 'Thiết bị định tuyến (router)',
    printer: 'Máy in',
    scanner: 'Máy quét',
    ups: 'Bộ lưu điện (UPS)',
    other: 'Thiết bị khác',
  } as Record<string, string>,
  col: {
    stt: 'STT',
    unit: 'Đơn vị',
    room: 'Phòng',
    rule: 'Tiêu chí',
    category: 'Nhóm',
    severity: 'Mức độ',
    expected: 'Dự kiến',
    reporting: 'Đã báo cáo',
    notApplicable: 'Không áp dụng',
    applicable: 'Áp dụng (mẫu số)',
    passing: 'Đạt',
    failing: 'Không đạt',
    unknown: 'Chưa rõ',
    completion: 'Tỷ lệ hoàn thành (%)',
    outlook: 'Dự báo hoàn thành',
    deadline: 'Thời hạn',
    daysLeft: 'Còn (ngày)',
    daysOverdue: 'Quá hạn (ngày)',
    status: 'Trạng thái',
    completedOn: 'Ngày hoàn thành',
    owner: 'Phụ trách',
    blockingCount: 'Số máy chưa đạt',
    blocking: 'Máy chưa đạt',
    missing: 'Máy chưa báo cáo',
    hostname: 'Tên máy',
    deviceKind: 'Loại thiết bị',
    ip: 'Địa chỉ IP',
    mac: 'Địa chỉ MAC',
    serial: 'Số sê-ri',
    user: 'Người sử dụng',
    model: 'Kiểu máy',
    lastSeen: 'Báo cáo gần nhất',
    result: 'Đánh giá',
    evidence: 'Kết quả kiểm tra',
    remediation: 'Biện pháp khắc phục',
    passed: 'Số tiêu chí đạt',
    failed: 'Số tiêu chí không đạt',
    unknownCount: 'Số tiêu chí chưa rõ',
    ready: 'Sẵn sàng',
    autoResult: 'Kết quả kiểm tra tự động',
    verdict: 'Kết luận',
    officer: 'Cán bộ rà quét',
    scanDate: 'Ngày',
    signature: 'Chữ ký',
    deltaPct: 'Thay đổi (điểm %)',
    change: 'Loại thay đổi',
    detail: 'Chi tiết',
  },
  part: {
    summary: 'Tổng hợp theo đơn vị',
    tracker: 'Tiến độ LAN/WAN',
    hosts: 'Tổng hợp theo máy',
    checklist: 'Kiểm tra chi tiết',
    devices: 'Phiếu rà quét',
    overview: 'Tỷ lệ hoàn thành',
    changes: 'Thay đổi trong kỳ',
    rules: 'Danh mục tiêu chí',
    info: 'Thông tin',
    chart: 'Số liệu biểu đồ',
    retired: 'Máy đã loại khỏi danh sách theo dõi',
  },
  fact: {
    units: 'Số đơn vị',
    reportingMachines: 'Số máy đã báo cáo',
    rulesDone: 'Tiêu chí hoàn thành / tổng số',
    rulesOverdue: 'Tiêu chí quá hạn',
    rulesAtRisk: 'Tiêu chí có nguy cơ chậm',
    lanDone: 'Đơn vị hoàn thành LAN',
    wanDone: 'Đơn vị hoàn thành WAN',
    lanDoneRooms: 'Phòng hoàn thành LAN',
    wanDoneRooms: 'Phòng hoàn thành WAN',
    hosts: 'Số máy',
    readyHosts: 'Số máy sẵn sàng',
    failingHosts: 'Số máy có tiêu chí không đạt',
    staleHosts: 'Số máy mất liên lạc',
    devices: 'Số thiết bị',
    devicesWithFindings: 'Thiết bị có phát hiện',
    devicesUnknown: 'Thiết bị chưa đủ số liệu',
  },
  meta: {
    asOf: 'Số liệu tính đến ngày',
    printedAt: 'Ngày in',
    period: 'Kỳ báo cáo',
    comparedWith: 'So với ngày',
    allUnits: 'Tất cả đơn vị',
    wholeUnit: 'Toàn đơn vị',
    chartTitle: 'Tỷ lệ hoàn thành theo thời gian so với thời hạn',
    deadline: 'Hạn',
    noRows: 'Không có dữ liệu.',
    noHistory: 'Chưa có số liệu',
    andMore: (n: number) => `và ${n} máy khác`,
    findings: 'Kết quả kiểm tra an ninh',
    officerBlock: 'Phần dành cho cán bộ rà quét',
    room: 'Phòng',
    ownOnly: 'chỉ đơn vị này, không gồm các đơn vị trực thuộc',
    imported: 'số liệu nhập thủ công',
    selfCertified: 'do chính đơn vị tự nhập',
    importedHosts: 'Số máy có số liệu nhập thủ công',
    selfCertifiedHosts: 'Trong đó do chính đơn vị tự nhập',
    retiredHosts: 'Số máy đã loại khỏi danh sách theo dõi',
    selfRetiredHosts: 'Trong đó do chính đơn vị tự loại',
    selfRetired: 'do chính đơn vị tự loại',
    auditHead: 'Mã nhật ký kiểm toán (SHA-256)',
  },
  /** The web dashboard's own words (reports/i18n-pages.ts). */
  page: PAGE_LABELS.vi,
  /** The administrative form of Decree 30/2020/NĐ-CP. */
  form: {
    nation: 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
    motto: 'Độc lập - Tự do - Hạnh phúc',
    number: 'Số',
    blankNumber: '……',
    blankPlace: '……………',
    type: { report: 'BÁO CÁO', appendix: 'PHỤ LỤC' },
    /** "Hải Phòng, ngày 01 tháng 12 năm 2026". */
    placeDate: (place: string, day: string) => {
      const [y, m, d] = day.split('-');
      return `${place}, ngày ${d} tháng ${m} năm ${y}`;
    },
    attachedTo: (number: string, day: string, agency: string) => `(Kèm theo Báo cáo số ${number} ngày ${day} của ${agency})`,
    recipients: 'Nơi nhận',
    toReport: (agency: string) => `${agency} (để báo cáo)`,
    archive: 'Lưu: VT',
    defaultSigner: 'THỦ TRƯỞNG ĐƠN VỊ',
    subject: {
      summary: 'Tổng hợp mức độ sẵn sàng của máy tính, mạng LAN, WAN',
      tracker: 'Tiến độ hoàn thành mạng LAN, WAN',
      hosts: 'Danh mục kiểm tra từng máy tính',
      security: 'Phiếu rà quét an ninh thiết bị trước khi đưa vào sử dụng',
      progress: 'Tiến độ triển khai',
    } satisfies Record<ReportKind, string>,
    asOf: (day: string) => `(số liệu đến ngày ${day})`,
    inRoom: (room: string) => `tại ${room}`,
    periodSpan: (period: ReportPeriod, from: string, to: string) => `${{ day: 'ngày', week: 'tuần', month: 'tháng' }[period]} (từ ngày ${from} đến ngày ${to})`,
  },
  note: {
    completion:
      'Tỷ lệ hoàn thành = Đạt ÷ Áp dụng, trong đó Áp dụng = Dự kiến − Không áp dụng; làm tròn một chữ số thập phân; máy dự kiến chưa báo cáo được tính là Chưa rõ, không tính là Đạt.',
    notApplicable: '«Không áp dụng»: tiêu chí không áp dụng cho máy nào của đơn vị, phòng (không tính là hoàn thành).',
    outlook: (days: number) =>
      `Dự báo hoàn thành: ngày đạt 100% nếu giữ tốc độ của ${days} ngày gần nhất («không tiến triển»: tỷ lệ không tăng); «Có nguy cơ chậm» khi theo tốc độ đó không kịp thời hạn.`,
    appliesNowhere: (rules: string[]) => `Không in các tiêu chí không áp dụng cho máy, thiết bị nào trong phạm vi báo cáo: ${rules.join('; ')}.`,
    folded: 'Các tiêu chí Đạt và Không áp dụng được gộp thành một dòng mỗi máy, các tiêu chí Chưa rõ của máy mất liên lạc cũng vậy (in đầy đủ: tùy chọn «all»).',
    trackerWorst: 'Mỗi nhóm LAN, WAN lấy tiêu chí có tỷ lệ thấp nhất và trạng thái xấu nhất của nhóm.',
    owners: (groups: Array<{ owner: string; numbers: number[] }>) => `Phụ trách (theo STT tiêu chí): ${groups.map((g) => `${spans(g.numbers)}: ${g.owner}`).join('; ')}.`,
    compared: (actual: string, requested: string, basis: 'latest_before' | 'history_start') =>
      basis === 'history_start'
        ? `So với ngày ${actual}: ngày đầu tiên có số liệu (chưa có số liệu ngày ${requested}, cuối kỳ trước).`
        : `So với số liệu ngày ${actual}: ngày gần nhất có số liệu trước ngày ${requested} (cuối kỳ trước).`,
  },
  outlook: {
    on: (day: string) => day,
    stalled: () => 'không tiến triển',
  },
  fold: (passed: number, na: number) => [passed ? `${passed} tiêu chí đạt` : '', na ? `${na} tiêu chí không áp dụng` : ''].filter(Boolean).join(', '),
  foldUnknown: (n: number) => `${n} tiêu chí chưa rõ`,
};

export type Labels = typeof vi;

const en: Labels = {
  kind: {
    summary: 'Unit readiness summary',
    tracker: 'LAN/WAN completion tracker',
    hosts: 'Host checklist',
    security: 'Device security sheet',
    progress: 'Progress report',
  },
  progressTitle: { day: 'Daily progress report', week: 'Weekly progress report', month: 'Monthly progress report' },
  periodName: { day: 'Day', week: 'Week', month: 'Month' },
  status: { done: 'Done', on_track: 'On track', at_risk: 'At risk', overdue: 'Overdue', unknown: 'Unknown', not_applicable: 'Not applicable' },
  result: { pass: 'Pass', fail: 'Fail', unknown: 'Unknown', not_applicable: 'Not applicable' },
  change: {
    newly_passing: 'Newly passing',
    regression: 'Regression',
    newly_reporting: 'Newly reporting machine',
    became_overdue: 'Became overdue',
  },
  category: {
    lan: 'LAN',
    wan: 'WAN',
    licensing: 'Software licensing',
    antivirus: 'Antivirus',
    hardware: 'Hardware',
    security: 'Security',
    signing: 'Digital signature',
    agent: 'Audit agent',
  },
  severity: { low: 'Low', medium: 'Medium', high: 'High', critical: 'Critical' },
  deviceKind: { workstation: 'Workstation', laptop: 'Laptop', server: 'Server', switch: 'Switch', router: 'Router', printer: 'Printer', scanner: 'Scanner', ups: 'UPS', other: 'Other device' },
  col: {
    stt: 'No.',
    unit: 'Unit',
    room: 'Room',
    rule: 'Rule',
    category: 'Category',
    severity: 'Severity',
    expected: 'Expected',
    reporting: 'Reporting',
    notApplicable: 'Not applicable',
    applicable: 'Applicable (denominator)',
    passing: 'Passing',
    failing: 'Failing',
    unknown: 'Unknown',
    completion: 'Completion (%)',
    outlook: 'Projected completion',
    deadline: 'Deadline',
    daysLeft: 'Days left',
    daysOverdue: 'Days overdue',
    status: 'Status',
    completedOn: 'Completed on',
    owner: 'Owner',
    blockingCount: 'Machines not done',
    blocking: 'Machines holding it back',
    missing: 'Machines never reported',
    hostname: 'Host',
    deviceKind: 'Device kind',
    ip: 'IP address',
    mac: 'MAC address',
    serial: 'Serial number',
    user: 'User',
    model: 'Model',
    lastSeen: 'Last report',
    result: 'Result',
    evidence: 'Evidence',
    remediation: 'Remediation',
    passed: 'Rules passed',
    failed: 'Rules failed',
    unknownCount: 'Rules unknown',
    ready: 'Ready',
    autoResult: 'Automated check',
    verdict: 'Verdict',
    officer: 'Scanning officer',
    scanDate: 'Date',
    signature: 'Signature',
    deltaPct: 'Change (points)',
    change: 'Change',
    detail: 'Detail',
  },
  part: {
    summary: 'Summary by unit',
    tracker: 'LAN/WAN progress',
    hosts: 'Hosts',
    checklist: 'Checklist',
    devices: 'Security sheets',
    overview: 'Completion',
    changes: 'Changes in the period',
    rules: 'Rules',
    info: 'About',
    chart: 'Chart data',
    retired: 'Machines taken out of the count',
  },
  fact: {
    units: 'Units',
    reportingMachines: 'Reporting machines',
    rulesDone: 'Rules done / total',
    rulesOverdue: 'Rules overdue',
    rulesAtRisk: 'Rules at risk',
    lanDone: 'Units with LAN done',
    wanDone: 'Units with WAN done',
    lanDoneRooms: 'Rooms with LAN done',
    wanDoneRooms: 'Rooms with WAN done',
    hosts: 'Hosts',
    readyHosts: 'Ready hosts',
    failingHosts: 'Hosts failing a rule',
    staleHosts: 'Hosts out of contact',
    devices: 'Devices',
    devicesWithFindings: 'Devices with findings',
    devicesUnknown: 'Devices lacking data',
  },
  meta: {
    asOf: 'As of',
    printedAt: 'Printed',
    period: 'Period',
    comparedWith: 'Compared with',
    allUnits: 'All units',
    wholeUnit: 'Whole unit',
    chartTitle: 'Completion over time against the deadline',
    deadline: 'Deadline',
    noRows: 'Nothing to show.',
    noHistory: 'No history yet',
    andMore: (n: number) => `and ${n} more`,
    findings: 'Security findings',
    officerBlock: 'For the scanning officer',
    room: 'Room',
    ownOnly: 'this unit alone, without its subordinate units',
    imported: 'imported data',
    selfCertified: 'imported by the unit itself',
    importedHosts: 'Hosts with imported data',
    selfCertifiedHosts: 'Of which imported by the unit itself',
    retiredHosts: 'Machines taken out of the count',
    selfRetiredHosts: 'Of which taken out by the unit itself',
    selfRetired: 'by the unit itself',
    auditHead: 'Audit log head (SHA-256)',
  },
  page: PAGE_LABELS.en,
  form: {
    nation: 'SOCIALIST REPUBLIC OF VIET NAM',
    motto: 'Independence - Freedom - Happiness',
    number: 'No.',
    blankNumber: '……',
    blankPlace: '……………',
    type: { report: 'REPORT', appendix: 'APPENDIX' },
    placeDate: (place: string, day: string) => {
      const [y, m, d] = day.split('-').map(Number) as [number, number, number];
      return `${place}, ${new Date(Date.UTC(y, m - 1, d)).toLocaleDateString('en-GB', { timeZone: 'UTC', day: 'numeric', month: 'long', year: 'numeric' })}`;
    },
    attachedTo: (number: string, day: string, agency: string) => `(Attached to Report No. ${number} of ${day} by ${agency})`,
    recipients: 'Recipients',
    toReport: (agency: string) => `${agency} (for information)`,
    archive: 'File: Records',
    defaultSigner: 'HEAD OF UNIT',
    subject: {
      summary: 'Readiness of computers and of the LAN and WAN',
      tracker: 'LAN and WAN completion',
      hosts: 'Checklist of every computer',
      security: 'Pre-use security scan sheets',
      progress: 'Rollout progress',
    },
    asOf: (day: string) => `(figures as of ${day})`,
    inRoom: (room: string) => `in ${room}`,
    periodSpan: (period: ReportPeriod, from: string, to: string) => `${{ day: 'daily', week: 'weekly', month: 'monthly' }[period]} (from ${from} to ${to})`,
  },
  note: {
    completion:
      'Completion = passing ÷ applicable, where applicable = expected − not applicable; rounded half-up to one decimal; expected machines that never reported count as unknown, never as passing.',
    notApplicable: '"Not applicable": the rule applies to no machine of the unit or room (never counted as done).',
    outlook: (days: number) =>
      `Projected completion: the day 100% is reached at the pace of the last ${days} days ("no progress": completion did not rise); "At risk" when that pace misses the deadline.`,
    appliesNowhere: (rules: string[]) => `Not printed: the rules that apply to no machine or device in this document's scope: ${rules.join('; ')}.`,
    folded: 'Passing and not applicable rules are folded into one line per machine, as are the unknown rules of a machine out of contact (print them all with the "all" option).',
    trackerWorst: 'Each of LAN and WAN shows its rule with the lowest completion and the worst status.',
    owners: (groups: Array<{ owner: string; numbers: number[] }>) => `Owners (by rule number): ${groups.map((g) => `${spans(g.numbers)}: ${g.owner}`).join('; ')}.`,
    compared: (actual: string, requested: string, basis: 'latest_before' | 'history_start') =>
      basis === 'history_start'
        ? `Compared with ${actual}: the first day with figures (there are none for ${requested}, the end of the previous period).`
        : `Compared with the figures of ${actual}: the latest day with figures before ${requested} (the end of the previous period).`,
  },
  outlook: {
    on: (day: string) => day,
    stalled: () => 'no progress',
  },
  fold: (passed: number, na: number) => [passed ? `${passed} rules passed` : '', na ? `${na} not applicable` : ''].filter(Boolean).join(', '),
  foldUnknown: (n: number) => `${n} rules unknown`,
};

const LABELS: Record<Lang, Labels> = { vi, en };

export const labelsFor = (lang: Lang): Labels => LABELS[lang];

/** A category's name, or the code itself for a category the pack added. */
export const categoryLabel = (lang: Lang, category: string): string => LABELS[lang].category[category] ?? category;

/** A device kind's name, or the code itself for a kind this table does not know. */
export const deviceKindLabel = (lang: Lang, kind: string): string => LABELS[lang].deviceKind[kind] ?? kind;

/** Locale for numbers and collation. */
export const localeOf = (lang: Lang): string => (lang === 'vi' ? 'vi-VN' : 'en-GB');
