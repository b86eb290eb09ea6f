/**
 * Every word a readiness document prints, in Vietnamese (the default: Văn phòng reads it) and
 * English. The English table must have exactly the Vietnamese keys, so a missing label is a
 * type error rather than a blank on paper.
 */
import type { ChangeKind, DeadlineStatus, EquipmentCriterion, HostRuleStatus, Lang, PostureAspectId, PostureChange, Proposal, RemoteSource, ReportKind, ReportPeriod, ScanChange, ScanStatus, ScanVerdict } from '../schema/index.js';
import { PAGE_LABELS } from './i18n-pages.js';
import { wallClockOf } from '../util/wall-clock.js';

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

/** How a language says the changes of one posture aspect: an item added or removed (lists), off or on (switches), before → after (texts). */
type AspectWords =
  | { added: (item: string) => string; removed: (item: string) => string }
  | { off: string; on: string }
  | { changed: (before: string, after: string) => string };

/** One change in a language's words; `none` stands for an empty text (no serial number...). */
function sayChange(words: Record<PostureAspectId, AspectWords>, none: string, c: PostureChange): string {
  const w = words[c.aspect];
  if ('added' in w) return c.change === 'removed' ? w.removed(c.item ?? '') : w.added(c.item ?? '');
  if ('off' in w) return c.change === 'on' ? w.on : w.off;
  return w.changed(c.before || none, c.after || none);
}

const VI_CHANGES: Record<PostureAspectId, AspectWords> = {
  'hardware.serial': { changed: (a, b) => `đã thay đổi số sê-ri của máy (${a} → ${b})` },
  'hardware.disks': { added: (d) => `đã lắp thêm ổ đĩa ${d}`, removed: (d) => `đã tháo ổ đĩa ${d}` },
  'network.macs': { added: (m) => `đã lắp thêm card mạng ${m}`, removed: (m) => `đã tháo card mạng ${m}` },
  'antivirus.products': { added: (p) => `đã cài phần mềm diệt virus ${p}`, removed: (p) => `đã gỡ phần mềm diệt virus ${p}` },
  'antivirus.protection': { off: 'đã tắt bảo vệ thời gian thực của phần mềm diệt virus', on: 'đã bật bảo vệ thời gian thực của phần mềm diệt virus' },
  'licensing.windows': { changed: (a, b) => `bản quyền Windows đã thay đổi (${a} → ${b})` },
  'licensing.office': { added: (o) => `đã thêm bản quyền Office ${o}`, removed: (o) => `đã mất bản quyền Office ${o}` },
  'security.firewall': { off: 'đã tắt tường lửa', on: 'đã bật tường lửa' },
  'security.disk_encryption': { added: (v) => `đã mã hóa ổ đĩa ${v}`, removed: (v) => `ổ đĩa ${v} không còn được mã hóa` },
  'security.local_admins': { added: (a) => `đã thêm quản trị viên cục bộ ${a}`, removed: (a) => `đã bỏ quản trị viên cục bộ ${a}` },
  'security.remote_access_tools': { added: (t) => `đã cài ${t}`, removed: (t) => `đã gỡ ${t}` },
  'peripherals.usb_storage': { added: (d) => `đã cắm thiết bị lưu trữ USB mới ${d}`, removed: (d) => `đã rút thiết bị lưu trữ USB ${d}` },
  'security.signing_tokens': { added: (t) => `đã cắm USB ký số ${t}`, removed: (t) => `đã rút USB ký số ${t}` },
  'os.build': { changed: (a, b) => `đã thay đổi hệ điều hành (${a} → ${b})` },
};

const EN_CHANGES: Record<PostureAspectId, AspectWords> = {
  'hardware.serial': { changed: (a, b) => `serial number changed (${a} → ${b})` },
  'hardware.disks': { added: (d) => `disk added: ${d}`, removed: (d) => `disk removed: ${d}` },
  'network.macs': { added: (m) => `network adapter added: ${m}`, removed: (m) => `network adapter removed: ${m}` },
  'antivirus.products': { added: (p) => `antivirus installed: ${p}`, removed: (p) => `antivirus removed: ${p}` },
  'antivirus.protection': { off: 'antivirus protection turned off', on: 'antivirus protection turned on' },
  'licensing.windows': { changed: (a, b) => `Windows licence changed (${a} → ${b})` },
  'licensing.office': { added: (o) => `Office licence added: ${o}`, removed: (o) => `Office licence removed: ${o}` },
  'security.firewall': { off: 'firewall turned off', on: 'firewall turned on' },
  'security.disk_encryption': { added: (v) => `volume encrypted: ${v}`, removed: (v) => `volume no longer encrypted: ${v}` },
  'security.local_admins': { added: (a) => `new local administrator: ${a}`, removed: (a) => `local administrator removed: ${a}` },
  'security.remote_access_tools': { added: (t) => `${t} installed`, removed: (t) => `${t} removed` },
  'peripherals.usb_storage': { added: (d) => `new USB storage device: ${d}`, removed: (d) => `USB storage device removed: ${d}` },
  'security.signing_tokens': { added: (t) => `signing token added: ${t}`, removed: (t) => `signing token removed: ${t}` },
  'os.build': { changed: (a, b) => `operating system changed (${a} → ${b})` },
};

const vi = {
  kind: {
    summary: 'Báo cáo tổng hợp mức độ sẵn sàng',
    tracker: 'Theo dõi tiến độ hoàn thành mạng LAN/WAN',
    hosts: 'Danh mục kiểm tra từng máy',
    security: 'Phiếu rà quét an ninh thiết bị',
    progress: 'Báo cáo tiến độ',
    equipment: 'Báo cáo rà soát thiết bị, đề xuất thay thế, bổ sung',
    scans: 'Sổ theo dõi rà quét an ninh',
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
    exempted: 'Miễn trừ',
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
    scan: 'Rà quét an ninh trước khi sử dụng',
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
  proposal: { replace: 'Thay thế', add: 'Bổ sung', repair: 'Sửa chữa, nâng cấp', keep: 'Giữ nguyên' } satisfies Record<Proposal, string>,
  equipment: {
    criterion: {
      missing: 'Thiếu so với số dự kiến',
      register_condition: 'Tình trạng ghi trong sổ tài sản',
      age_over: 'Quá thời gian sử dụng',
      rule_fails: 'Không đạt tiêu chí',
      failing_disk: 'Ổ đĩa báo lỗi (SMART)',
    } satisfies Record<EquipmentCriterion, string>,
    threshold: {
      missing: 'Số hiện có ít hơn số dự kiến',
      failing_disk: 'Trạng thái SMART khác "OK"',
      ageOver: (years: number) => `Trên ${years} năm`,
      anyOf: (words: readonly string[]) => `Một trong: ${words.join('; ')}`,
    },
    ageSource: { register: 'Ngày mua (sổ tài sản)', bios: 'Ngày BIOS' } as Record<string, string>,
    outsideRooms: 'Không thuộc phòng',
    source: { agent: 'Agent', register: 'Sổ tài sản', both: 'Agent và sổ tài sản', device: 'Quét thiết bị', expected: 'Số dự kiến (tệp tổ chức)' } as Record<string, string>,
    reason: {
      missing: (n: number, kind: string) => `Còn thiếu ${n} ${kind.toLowerCase()} so với số dự kiến`,
      condition: (condition: string) => `Sổ tài sản ghi tình trạng "${condition}"`,
      age: (years: string, limit: number, source: string) => `Đã sử dụng ${years} năm (quá ${limit} năm, theo ${source.toLowerCase()})`,
      disks: (disks: readonly string[]) => `Ổ đĩa báo lỗi SMART: ${disks.join(', ')}`,
      keep: 'Đạt các tiêu chí rà soát',
      unchecked: (what: readonly string[]) => `Chưa kiểm tra được: ${what.join(', ')}`,
      noAgent: 'Chưa có báo cáo của agent: chỉ xét theo sổ tài sản',
      notInRegister: 'Chưa có trong sổ tài sản',
      seenBy: (hosts: readonly string[]) => `Thấy từ máy: ${hosts.join(', ')}`,
      age_unknown: 'tuổi thiết bị',
      disks_unknown: 'trạng thái SMART ổ đĩa',
    },
  },
  mail: {
    intro: (title: string, unit: string, day: string) => `Gửi kèm thư này: ${title} — ${unit}, số liệu tính đến ngày ${day}.`,
    file: (name: string, bytes: number, sha: string) => `${name} (${bytes} byte, SHA-256 ${sha})`,
    attached: 'Tệp đính kèm:',
    notAttached: 'Các tệp sau quá lớn để gửi kèm; tải về từ kho lưu trữ của hệ thống theo mã lưu trữ:',
    footer: (schedule: string) => `Thư gửi tự động theo lịch "${schedule}" của hệ thống kiểm tra mức độ sẵn sàng. Vui lòng không trả lời thư này.`,
  },
  /** The e-mail of an alert (collector/alerts/email-notifier.ts). */
  alertMail: {
    subject: {
      // `what` is the category's label ("Mạng WAN"), mid-sentence here.
      'link-down': (what: string, unit: string) => `[Cảnh báo] Mất kết nối ${what.replace(/^Mạng/, 'mạng')} — ${unit}`,
      'link-recovered': (what: string, unit: string) => `[Khôi phục] ${what.replace(/^Mạng/, 'mạng')} đã kết nối lại — ${unit}`,
      // `what` is the rule's title.
      'deadline-at-risk': (what: string, unit: string) => `[Cảnh báo] Có nguy cơ chậm hạn: ${what} — ${unit}`,
      'deadline-overdue': (what: string, unit: string) => `[Cảnh báo] Quá hạn: ${what} — ${unit}`,
      'deadline-cleared': (what: string, unit: string) => `[Đã xử lý] ${what} — ${unit}`,
      'exception-expired': (what: string, unit: string) => `[Thông báo] Hết hạn miễn trừ: ${what} — ${unit}`,
    },
    rule: 'Tiêu chí',
    deadline: 'Hạn hoàn thành',
    status: 'Trạng thái',
    exception: 'Miễn trừ',
    unit: 'Đơn vị',
    scope: 'Phạm vi',
    at: 'Thời điểm',
    machines: 'Số máy ghi nhận',
    targets: 'Địa chỉ không trả lời',
    outage: 'Thời gian mất kết nối',
    minutes: (m: number) => `${m} phút`,
    id: 'Mã cảnh báo',
    recovers: (id: string) => `khôi phục cho cảnh báo ${id}`,
    timeZone: (tz: string) => `giờ ${tz}`,
    footer: 'Thư gửi tự động bởi hệ thống kiểm tra mức độ sẵn sàng; mỗi cảnh báo được gửi một lần và một lần khi khôi phục. Vui lòng không trả lời thư này.',
  },
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
    exempted: 'Miễn trừ',
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
    expectedWorkstations: 'Máy tính dự kiến',
    presentWorkstations: 'Máy tính hiện có',
    missingWorkstations: 'Máy tính còn thiếu',
    expectedPrinters: 'Máy in dự kiến',
    presentPrinters: 'Máy in hiện có',
    expectedScanners: 'Máy scan dự kiến',
    presentScanners: 'Máy scan hiện có',
    toReplace: 'Đề xuất thay thế',
    toAdd: 'Đề xuất bổ sung',
    toRepair: 'Đề xuất sửa chữa, nâng cấp',
    toKeep: 'Giữ nguyên',
    device: 'Tên thiết bị',
    assetTag: 'Mã tài sản',
    ageYears: 'Thời gian sử dụng (năm)',
    ageSource: 'Căn cứ tính thời gian sử dụng',
    failingDisks: 'Ổ đĩa báo lỗi (SMART)',
    condition: 'Tình trạng (sổ tài sản)',
    dataSource: 'Nguồn số liệu',
    proposal: 'Đề xuất',
    quantity: 'Số lượng',
    reason: 'Lý do',
    threshold: 'Ngưỡng',
    basis: 'Căn cứ của ngưỡng',
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
    rooms: 'Tổng hợp theo phòng',
    items: 'Danh sách thiết bị và đề xuất',
    criteria: 'Căn cứ đề xuất',
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
    equipmentItems: 'Số thiết bị rà soát',
    registerLines: 'Số dòng trong sổ tài sản',
    basis: 'Căn cứ',
    noRegister: 'Chưa nhập sổ tài sản',
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
    remoteAsOf: (at: string) => `Số liệu lúc ${at}`,
    remoteStale: 'số liệu quá cũ, tính là chưa rõ',
    imported: 'số liệu nhập thủ công',
    selfCertified: 'do chính đơn vị tự nhập',
    importedHosts: 'Số máy có số liệu nhập thủ công',
    selfCertifiedHosts: 'Trong đó do chính đơn vị tự nhập',
    retiredHosts: 'Số máy đã loại khỏi danh sách theo dõi',
    selfRetiredHosts: 'Trong đó do chính đơn vị tự loại',
    selfRetired: 'do chính đơn vị tự loại',
    auditHead: 'Mã nhật ký kiểm toán (SHA-256)',
  },
  /** Pre-use scans: the security sheet's officer fields and the scan register (kind `scans`). */
  scan: {
    verdict: { pass: 'Đạt', fail: 'Không đạt', conditional: 'Đạt có điều kiện' } satisfies Record<ScanVerdict, string>,
    status: {
      never: 'Chưa rà quét',
      passed: 'Đạt',
      conditional: 'Đạt có điều kiện',
      failed: 'Không đạt',
      lapsed: 'Quá hạn thực hiện điều kiện',
      expired: 'Hết hiệu lực',
      changed: 'Thay đổi sau rà quét',
      awaiting_acceptance: 'Chờ phê duyệt',
    } satisfies Record<ScanStatus, string>,
    col: {
      lastVerdict: 'Kết luận gần nhất',
      lastScan: 'Lần rà quét gần nhất',
      changesSince: 'Thay đổi kể từ lần rà quét',
      status: 'Tình trạng rà quét',
      conditions: 'Điều kiện',
      dueDate: 'Hạn thực hiện điều kiện',
      representative: 'Đại diện đơn vị chứng kiến',
      representativeTitle: 'Chức vụ người chứng kiến',
      note: 'Ghi chú',
      mark: (item: string) => `Đánh giá: ${item}`,
      inUseSince: 'Bắt đầu sử dụng',
      dueOn: 'Hạn rà quét',
      scannedOn: 'Ngày rà quét',
      devices: 'Số thiết bị',
      scanned: 'Đã rà quét',
      passed: 'Đạt',
      conditional: 'Đạt có điều kiện',
      failed: 'Không đạt',
      lapsed: 'Hết hiệu lực',
      never: 'Chưa rà quét',
      awaiting: 'Chờ phê duyệt',
      overdue: 'Quá hạn rà quét',
    },
    part: { units: 'Tổng hợp theo đơn vị, phòng', devices: 'Danh sách thiết bị' },
    /** "Đạt (nguyen.van.a, 05/12/2025)". */
    byOn: (verdict: string, officer: string, day: string) => `${verdict} (${officer}, ${day})`,
    /** One material change of the posture: "đã cài AnyDesk". */
    change: (c: PostureChange) => sayChange(VI_CHANGES, 'không có', c),
    /** "Từ lần rà quét ngày 05/12/2025: đã cài AnyDesk; đã tắt tường lửa". */
    changesSince: (day: string, changes: readonly string[]) => `Từ lần rà quét ngày ${day}: ${changes.join('; ')}`,
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
      equipment: 'Rà soát máy tính, máy in, máy scan; đề xuất thay thế, bổ sung, sửa chữa',
      scans: 'Theo dõi rà quét an ninh thiết bị trước khi đưa vào sử dụng',
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
    equipment: 'Equipment review and replacement proposals',
    scans: 'Pre-use scan register',
  },
  progressTitle: { day: 'Daily progress report', week: 'Weekly progress report', month: 'Monthly progress report' },
  periodName: { day: 'Day', week: 'Week', month: 'Month' },
  status: { done: 'Done', on_track: 'On track', at_risk: 'At risk', overdue: 'Overdue', unknown: 'Unknown', not_applicable: 'Not applicable' },
  result: { pass: 'Pass', fail: 'Fail', unknown: 'Unknown', not_applicable: 'Not applicable', exempted: 'Exempted' },
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
    scan: 'Pre-use security scan',
    agent: 'Audit agent',
  },
  severity: { low: 'Low', medium: 'Medium', high: 'High', critical: 'Critical' },
  deviceKind: { workstation: 'Workstation', laptop: 'Laptop', server: 'Server', switch: 'Switch', router: 'Router', printer: 'Printer', scanner: 'Scanner', ups: 'UPS', other: 'Other device' },
  proposal: { replace: 'Replace', add: 'Add', repair: 'Repair or upgrade', keep: 'Keep' },
  equipment: {
    criterion: {
      missing: 'Short of the expected number',
      register_condition: 'Condition in the asset register',
      age_over: 'Past its service life',
      rule_fails: 'Fails the rule',
      failing_disk: 'Disk failing (SMART)',
    },
    threshold: {
      missing: 'Fewer present than expected',
      failing_disk: 'SMART status other than "OK"',
      ageOver: (years: number) => `Over ${years} years`,
      anyOf: (words: readonly string[]) => `One of: ${words.join('; ')}`,
    },
    ageSource: { register: 'Purchase date (register)', bios: 'BIOS date' },
    outsideRooms: 'Outside rooms',
    source: { agent: 'Agent', register: 'Asset register', both: 'Agent and asset register', device: 'Device scan', expected: 'Expected number (org file)' },
    reason: {
      missing: (n: number, kind: string) => `${n} ${kind.toLowerCase()}${n === 1 ? '' : 's'} short of the expected number`,
      condition: (condition: string) => `The asset register says "${condition}"`,
      age: (years: string, limit: number, source: string) => `${years} years in service (over ${limit}, by ${source.toLowerCase()})`,
      disks: (disks: readonly string[]) => `SMART reports failing disk(s): ${disks.join(', ')}`,
      keep: 'Meets every review criterion',
      unchecked: (what: readonly string[]) => `Not checked: ${what.join(', ')}`,
      noAgent: 'No agent report: judged from the asset register only',
      notInRegister: 'Not in the asset register',
      seenBy: (hosts: readonly string[]) => `Seen from: ${hosts.join(', ')}`,
      age_unknown: 'age',
      disks_unknown: 'disk SMART status',
    },
  },
  mail: {
    intro: (title: string, unit: string, day: string) => `Attached: ${title} — ${unit}, as of ${day}.`,
    file: (name: string, bytes: number, sha: string) => `${name} (${bytes} bytes, SHA-256 ${sha})`,
    attached: 'Attached files:',
    notAttached: "These files are too large to attach; download them from the collector's archive by their archive id:",
    footer: (schedule: string) => `Sent automatically by the readiness auditor's schedule "${schedule}". Please do not reply to this message.`,
  },
  alertMail: {
    subject: {
      'link-down': (what: string, unit: string) => `[Alert] ${what} down — ${unit}`,
      'link-recovered': (what: string, unit: string) => `[Recovered] ${what} back up — ${unit}`,
      'deadline-at-risk': (what: string, unit: string) => `[Alert] At risk of missing the deadline: ${what} — ${unit}`,
      'deadline-overdue': (what: string, unit: string) => `[Alert] Overdue: ${what} — ${unit}`,
      'deadline-cleared': (what: string, unit: string) => `[Cleared] ${what} — ${unit}`,
      'exception-expired': (what: string, unit: string) => `[Notice] Exception expired: ${what} — ${unit}`,
    },
    rule: 'Rule',
    deadline: 'Deadline',
    status: 'Status',
    exception: 'Exception',
    unit: 'Unit',
    scope: 'Scope',
    at: 'At',
    machines: 'Machines that saw it',
    targets: 'Targets not answering',
    outage: 'Outage',
    minutes: (m: number) => `${m} minutes`,
    id: 'Alert id',
    recovers: (id: string) => `recovery of alert ${id}`,
    timeZone: (tz: string) => `${tz} time`,
    footer: "Sent automatically by the readiness auditor; each alert is sent once, and once more when it clears. Please do not reply to this message.",
  },
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
    exempted: 'Exempted',
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
    expectedWorkstations: 'Workstations expected',
    presentWorkstations: 'Workstations present',
    missingWorkstations: 'Workstations missing',
    expectedPrinters: 'Printers expected',
    presentPrinters: 'Printers present',
    expectedScanners: 'Scanners expected',
    presentScanners: 'Scanners present',
    toReplace: 'To replace',
    toAdd: 'To add',
    toRepair: 'To repair or upgrade',
    toKeep: 'To keep',
    device: 'Device',
    assetTag: 'Asset tag',
    ageYears: 'Years in service',
    ageSource: 'Age from',
    failingDisks: 'Disks failing (SMART)',
    condition: 'Condition (register)',
    dataSource: 'Data from',
    proposal: 'Proposal',
    quantity: 'Quantity',
    reason: 'Reason',
    threshold: 'Threshold',
    basis: 'Why this threshold',
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
    rooms: 'Summary by room',
    items: 'Equipment and proposals',
    criteria: 'Basis of the proposals',
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
    equipmentItems: 'Devices reviewed',
    registerLines: 'Register lines',
    basis: 'Based on',
    noRegister: 'No asset register imported',
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
    remoteAsOf: (at: string) => `Figures as of ${at}`,
    remoteStale: 'too old, counted as unknown',
    imported: 'imported data',
    selfCertified: 'imported by the unit itself',
    importedHosts: 'Hosts with imported data',
    selfCertifiedHosts: 'Of which imported by the unit itself',
    retiredHosts: 'Machines taken out of the count',
    selfRetiredHosts: 'Of which taken out by the unit itself',
    selfRetired: 'by the unit itself',
    auditHead: 'Audit log head (SHA-256)',
  },
  scan: {
    verdict: { pass: 'Pass', fail: 'Fail', conditional: 'Pass on conditions' },
    status: {
      never: 'Never scanned',
      passed: 'Passed',
      conditional: 'Passed on conditions',
      failed: 'Failed',
      lapsed: 'Conditions not met in time',
      expired: 'Expired',
      changed: 'Changed since the scan',
      awaiting_acceptance: 'Awaiting acceptance',
    },
    col: {
      lastVerdict: 'Last verdict',
      lastScan: 'Last scan',
      changesSince: 'Changes since the scan',
      status: 'Scan status',
      conditions: 'Conditions',
      dueDate: 'Conditions due',
      representative: "Unit's representative present",
      representativeTitle: "Representative's title",
      note: 'Note',
      mark: (item: string) => `Mark: ${item}`,
      inUseSince: 'In use since',
      dueOn: 'Scan due',
      scannedOn: 'Scan date',
      devices: 'Devices',
      scanned: 'Scanned',
      passed: 'Passed',
      conditional: 'Passed on conditions',
      failed: 'Failed',
      lapsed: 'Lapsed',
      never: 'Never scanned',
      awaiting: 'Awaiting acceptance',
      overdue: 'Scan overdue',
    },
    part: { units: 'By unit and room', devices: 'Devices' },
    byOn: (verdict: string, officer: string, day: string) => `${verdict} (${officer}, ${day})`,
    change: (c: PostureChange) => sayChange(EN_CHANGES, 'none', c),
    changesSince: (day: string, changes: readonly string[]) => `since the scan on ${day}: ${changes.join('; ')}`,
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
      equipment: 'Review of computers, printers and scanners; proposals to replace, add or repair',
      scans: 'Pre-use security scans of the devices',
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

/** One material change of a device's posture in `lang`: "đã cài AnyDesk", "AnyDesk installed". */
export const postureChangeText = (lang: Lang, change: PostureChange): string => LABELS[lang].scan.change(change);

/**
 * The material changes since a scan in `lang`, one line per scan they are since (one, for a
 * standing): "Từ lần rà quét ngày 05/12/2025: đã cài AnyDesk; đã tắt tường lửa". `day` writes
 * the scan's day the reader's way (a document's formatter). Every place that shows the changes
 * (rule evidence, security sheet, scan register, dashboard, CLI) says them through this.
 */
export function scanChangesText(lang: Lang, changes: readonly ScanChange[], day: (d: string) => string): string[] {
  const L = LABELS[lang].scan;
  const bySince = new Map<string, string[]>();
  for (const c of changes) bySince.set(c.since, [...(bySince.get(c.since) ?? []), L.change(c)]);
  return [...bySince].map(([since, said]) => L.changesSince(day(since), said).normalize('NFC'));
}

/**
 * Beside a unit whose figures come from a child collector (docs/rollup.md): when they were
 * taken, "Số liệu lúc HH:mm dd/MM/yyyy" in the org's time zone, and whether they are too old to count.
 */
export function remoteAsOfLabel(lang: Lang, remote: RemoteSource, timeZone: string): string {
  const w = wallClockOf(new Date(remote.takenAt), timeZone);
  const pad = (n: number) => String(n).padStart(2, '0');
  const at = `${pad(w.getUTCHours())}:${pad(w.getUTCMinutes())} ${pad(w.getUTCDate())}/${pad(w.getUTCMonth() + 1)}/${w.getUTCFullYear()}`;
  const L = LABELS[lang].meta;
  return remote.stale ? `${L.remoteAsOf(at)}, ${L.remoteStale}` : L.remoteAsOf(at);
}
