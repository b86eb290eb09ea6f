/**
 * The default pack's `pre-use-scan` rule: scenario tables per device (never scanned, passed,
 * material changes since, failed, conditional before and after its due date, expired,
 * acceptance), the per-device due day in the roll-up (a device that arrived yesterday in a
 * unit long past the rollout dates), and the pack checks of the preUseScan section.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import type { RuleSet } from '../../rules/compile.js';
import { evaluateFleet } from '../../rules/evaluate.js';
import { evaluateHost } from '../../rules/evaluate-host.js';
import type { HostInput } from '../../rules/evaluate-host.js';
import { historyHostsOf, replayDay, historyDayOf } from '../../rules/history.js';
import { compileRuleSet } from '../../rules/compile.js';
import { NO_KMS_HOSTS } from '../../rules/facts/types.js';
import { factDictionary } from '../../rules/facts/index.js';
import { evidenceWriter } from '../../reports/evidence.js';
import { DEFAULT_PACK_FILE, loadRuleSet, parsePack } from '../../rules/load-pack.js';
import { buildOrgModel, placeOf } from '../../rules/org-model.js';
import type { HostReport, HostReportInput, HostRuleResult, HostScanInput } from '../../schema/index.js';
import { READY_SECTIONS, readyReport } from '../helpers/ready-report.js';
import { scanOf, scannedInput } from '../helpers/scan-fixture.js';

const AGENT = '11111111-1111-4111-8111-111111111111';
const SCANNED = '2025-12-05T02:00:00.000Z';
// The ready workstation, with its local administrators read (the fixture leaves them unknown).
const sec = { ...READY_SECTIONS.security, localAdmins: ['Administrator'] };
const BASE = { security: sec } satisfies Partial<HostReportInput>;
const av = READY_SECTIONS.antivirus.products;

let rules: RuleSet;
let withAcceptance: RuleSet;
beforeAll(async () => {
  rules = await loadRuleSet([DEFAULT_PACK_FILE]);
  const { readFile } = await import('node:fs/promises');
  const text = (await readFile(DEFAULT_PACK_FILE, 'utf8')).replace(/acceptance:\n    value: false/, 'acceptance:\n    value: true');
  withAcceptance = compileRuleSet([parsePack(text, 'accepting.yaml')]);
});

/** The report the officer judged on 2025-12-05. */
const scannedReport = () => readyReport(AGENT, SCANNED, BASE);

/** The rule's result with its evidence as an English document prints it (lower case, to compare inside the lines). */
const say = evidenceWriter(factDictionary(), 'en');
const sayVi = evidenceWriter(factDictionary(), 'vi');

function judgeScan(opts: { now: string; current?: Partial<HostReportInput>; scan?: HostScanInput | null; set?: RuleSet }): { status: HostRuleResult['status']; evidence: string[]; vi: string[] } {
  const set = opts.set ?? rules;
  const report = readyReport(AGENT, opts.now, { ...BASE, ...opts.current });
  const org = buildOrgModel(null, [{ unit: 'hp', room: null }]);
  const host = evaluateHost(
    set,
    { agentId: AGENT, hostname: 'PC-01', unitId: 'hp', roomId: null, deviceKind: 'workstation', lastSeen: opts.now, report, firstSeen: SCANNED },
    placeOf(org, 'hp', null, 'workstation'),
    new Date(opts.now),
    undefined,
    { day: { asOf: opts.now.slice(0, 10), inUseSince: '2025-12-05', scan: opts.scan === undefined ? scannedInput(scannedReport()) : opts.scan } },
  );
  const result = host.results.find((r) => r.ruleId === 'pre-use-scan')!;
  return { status: result.status, evidence: say.lines(result.evidence).map((l) => l.toLowerCase()), vi: sayVi.lines(result.evidence) };
}

const LATER = '2025-12-20T02:00:00.000Z';

describe('pre-use-scan, per device', () => {
  // The evidence in English (compared in lower case) and, for the changes, in Vietnamese as printed.
  it.each<[string, Parameters<typeof judgeScan>[0], HostRuleResult['status'], string[], string[]?]>([
    ['never scanned', { now: LATER, scan: null }, 'unknown', ['no pre-use scan recorded']],
    ['passed, nothing changed since', { now: LATER }, 'pass', ['pre-use scan in force: yes', 'changes since the scan: none'], ['Thay đổi kể từ lần rà quét: không có']],
    [
      'passed, then AnyDesk installed',
      { now: LATER, current: { security: { ...sec, remoteAccessTools: [{ name: 'AnyDesk', installed: true, running: false, evidence: 'program AnyDesk 8.0' }] } } },
      'fail',
      ['since the scan on 2025-12-05: AnyDesk installed'],
      ['Từ lần rà quét ngày 05/12/2025: đã cài AnyDesk'],
    ],
    [
      'passed, then the antivirus turned off',
      { now: LATER, current: { antivirus: { products: [{ ...av[0]!, enabled: false, realTime: false }, av[1]!] } } },
      'fail',
      ['antivirus protection turned off'],
      ['Từ lần rà quét ngày 05/12/2025: đã tắt bảo vệ thời gian thực của phần mềm diệt virus'],
    ],
    ['passed, then the antivirus uninstalled', { now: LATER, current: { antivirus: { products: [av[1]!] } } }, 'fail', ['antivirus removed: Bkav Pro', 'antivirus protection turned off'], ['Từ lần rà quét ngày 05/12/2025: đã gỡ phần mềm diệt virus Bkav Pro; đã tắt bảo vệ thời gian thực của phần mềm diệt virus']],
    ['passed, then the firewall turned off', { now: LATER, current: { security: { ...sec, firewall: [{ profile: 'Public', enabled: false }] } } }, 'fail', ['firewall turned off'], ['Từ lần rà quét ngày 05/12/2025: đã tắt tường lửa']],
    ['passed, then a new local administrator', { now: LATER, current: { security: { ...sec, localAdmins: ['Administrator', 'tuan'] } } }, 'fail', ['new local administrator: tuan'], ['Từ lần rà quét ngày 05/12/2025: đã thêm quản trị viên cục bộ tuan']],
    [
      'passed, then a USB stick plugged in',
      { now: LATER, current: { peripherals: { printers: [], usb: [{ name: 'Kingston DataTraveler', manufacturer: 'Kingston', vendorId: '0951', productId: '1666', type: 'Storage', serial: 'AA01' }] } } },
      'fail',
      ['new USB storage device: Kingston DataTraveler 0951:1666 AA01'],
      ['Từ lần rà quét ngày 05/12/2025: đã cắm thiết bị lưu trữ USB mới Kingston DataTraveler 0951:1666 AA01'],
    ],
    [
      'passed, then the disk swapped',
      { now: LATER, current: { hardware: { ...scannedReport().hardware!, disks: [{ name: 'WD Blue', type: 'HD', interface: 'SATA', vendor: 'WD', sizeBytes: 1e12, serial: 'WD-1' }] } } },
      'fail',
      ['disk added: WD Blue (WD-1)', 'disk removed: Samsung SSD 256 GB'],
      ['Từ lần rà quét ngày 05/12/2025: đã lắp thêm ổ đĩa WD Blue (WD-1); đã tháo ổ đĩa Samsung SSD 256 GB'],
    ],
    [
      'passed, then another machine under the same agent (serial)',
      { now: LATER, current: { hardware: { ...scannedReport().hardware!, system: { ...scannedReport().hardware!.system, serial: 'XYZ999' } } } },
      'fail',
      ['serial number changed (ABC123 → XYZ999)'],
      ['Từ lần rà quét ngày 05/12/2025: đã thay đổi số sê-ri của máy (ABC123 → XYZ999)'],
    ],
    [
      'passed, then the network card swapped',
      { now: LATER, current: { network: { ...scannedReport().network!, interfaces: [{ ...scannedReport().network!.interfaces[0]!, mac: '00:AA:BB:CC:DD:EE' }] } } },
      'fail',
      ['network adapter added: 00:AA:BB:CC:DD:EE', 'network adapter removed: 00:11:22:33:44:55'],
      ['Từ lần rà quét ngày 05/12/2025: đã lắp thêm card mạng 00:AA:BB:CC:DD:EE; đã tháo card mạng 00:11:22:33:44:55'],
    ],
    // Not material in the default pack: an OS update, the signing token unplugged.
    ['passed, then an OS update and the token unplugged', { now: LATER, current: { os: { ...scannedReport().os!, release: '10.0.19046' }, security: { ...sec, signingTokens: [] } } }, 'pass', []],
    ['passed, the latest report lacks its antivirus section', { now: LATER, current: { antivirus: undefined } }, 'unknown', ['changes since the scan: not reported — the latest report lacks a part of the posture']],
    ['failed', { now: LATER, scan: scannedInput(scannedReport(), { verdict: 'fail' }) }, 'fail', ['pre-use scan in force: no (expected yes) — the scan failed the device (fail by police.hp on 2025-12-05)']],
    [
      'conditional, before its due date',
      { now: LATER, scan: scannedInput(scannedReport(), { verdict: 'conditional', conditions: ['gỡ UltraViewer'], dueDate: '2025-12-20' }) },
      'pass',
      ['pre-use scan in force: yes'],
    ],
    [
      'conditional, after its due date',
      { now: '2025-12-21T02:00:00.000Z', scan: scannedInput(scannedReport(), { verdict: 'conditional', conditions: ['gỡ UltraViewer'], dueDate: '2025-12-20' }) },
      'fail',
      ['the conditions of the scan of 2025-12-05 were due on 2025-12-20: gỡ UltraViewer'],
    ],
    ['a year and a day after the scan (expired)', { now: '2026-12-06T02:00:00.000Z' }, 'fail', ['the scan of 2025-12-05 is 366 days old: scan the device again']],
    ['365 days after the scan (still in force)', { now: '2026-12-05T02:00:00.000Z' }, 'pass', []],
  ])('%s', (_name, opts, status, evidence, vi = []) => {
    const result = judgeScan(opts);
    expect(result.status).toBe(status);
    for (const e of evidence) expect(result.evidence.join(' | ')).toContain(e.toLowerCase());
    for (const line of vi) expect(result.vi.join(' | ')).toContain(line);
  });

  it('with acceptance on, a pass counts once a second person accepted it, and a failure at once', () => {
    const report = scannedReport();
    const pending = judgeScan({ now: LATER, set: withAcceptance });
    expect(pending.status).toBe('fail');
    expect(pending.evidence.join(' | ')).toContain('awaits acceptance by a second person');
    expect(judgeScan({ now: LATER, set: withAcceptance, scan: scannedInput(report, { accepted: true }) }).status).toBe('pass');
    expect(judgeScan({ now: LATER, set: withAcceptance, scan: scannedInput(report, { verdict: 'fail' }) }).status).toBe('fail');
    // An accepted pass keeps counting while a newer pass waits for its acceptance.
    const older = scanOf(report, { id: 'scan-00000000000a', accepted: true, scannedOn: '2025-12-05' });
    const newer = scanOf(report, { id: 'scan-00000000000b', scannedOn: '2025-12-06' });
    expect(judgeScan({ now: LATER, set: withAcceptance, scan: { latest: newer, latestAccepted: older } }).status).toBe('pass');
  });

  it('is unknown for a device out of contact, whatever its verdict', () => {
    const report = scannedReport();
    const org = buildOrgModel(null, [{ unit: 'hp', room: null }]);
    const host = evaluateHost(
      rules,
      { agentId: AGENT, hostname: 'PC-01', unitId: 'hp', roomId: null, deviceKind: 'workstation', lastSeen: SCANNED, report, firstSeen: SCANNED },
      placeOf(org, 'hp', null, 'workstation'),
      new Date(LATER),
      undefined,
      { day: { asOf: LATER.slice(0, 10), inUseSince: '2025-12-05', scan: scannedInput(report) } },
    );
    expect(host.results.find((r) => r.ruleId === 'pre-use-scan')!.status).toBe('unknown');
    expect(host.scan).toMatchObject({ status: 'passed', changes: null });
  });
});

describe('pre-use-scan in a unit: due per device', () => {
  const host = (id: string, firstSeen: string, asOfNow: string, scan?: HostReport): [HostInput, HostScanInput | null] => {
    const agentId = `${id}-1111-4111-8111-111111111111`.slice(0, 36);
    const report = readyReport(agentId, asOfNow);
    return [
      { agentId, hostname: id, unitId: 'hp-kv1', roomId: null, deviceKind: 'workstation', lastSeen: asOfNow, report, firstSeen },
      scan ? scannedInput(report) : null,
    ];
  };
  const fleet = (asOf: string, entries: Array<[HostInput, HostScanInput | null]>) => {
    const scans = new Map(entries.filter(([, s]) => s).map(([h, s]) => [h.agentId, s!]));
    return evaluateFleet({
      set: rules,
      org: buildOrgModel(null, entries.map(([h]) => ({ unit: h.unitId, room: h.roomId }))),
      hosts: entries.map(([h]) => h),
      now: new Date(`${asOf}T03:00:00Z`),
      asOf,
      scopeUnitId: null,
      completeSince: () => null,
      licensing: NO_KMS_HOSTS,
      scans,
    });
  };
  const progress = (result: ReturnType<typeof fleet>) => result.evaluation.units[0]!.rules.find((p) => p.ruleId === 'pre-use-scan')!;
  const NOW = '2026-03-10';

  it('a PC that arrived yesterday, long after every rollout date, is neither overdue nor done', () => {
    const p = progress(fleet(NOW, [host('11111111', '2026-03-09T01:00:00Z', `${NOW}T02:00:00Z`)]));
    expect(p).toMatchObject({ status: 'unknown', daysLeft: 13, passing: 0, unknown: 1, perDevice: { dueOn: '2026-03-23', overdueMachines: 0 } });
  });

  it('is at risk in the week before a device falls due, and overdue from the day after', () => {
    expect(progress(fleet(NOW, [host('11111111', '2026-03-01T01:00:00Z', `${NOW}T02:00:00Z`)]))).toMatchObject({ status: 'at_risk', daysLeft: 5 });
    const late = progress(fleet(NOW, [host('11111111', '2026-02-20T01:00:00Z', `${NOW}T02:00:00Z`), host('22222222', '2026-03-09T01:00:00Z', `${NOW}T02:00:00Z`)]));
    expect(late).toMatchObject({ status: 'overdue', daysLeft: -4, perDevice: { dueOn: '2026-03-06', overdueMachines: 1 } });
  });

  it('is done when every device in use passed its scan, and counts only the devices that hold it back', () => {
    const scanned = [host('11111111', '2026-02-20T01:00:00Z', `${NOW}T02:00:00Z`, {} as HostReport), host('22222222', '2026-03-09T01:00:00Z', `${NOW}T02:00:00Z`, {} as HostReport)];
    expect(progress(fleet(NOW, scanned))).toMatchObject({ status: 'done', passing: 2, perDevice: { dueOn: null, overdueMachines: 0 } });
    // An old device scanned, a new one not: the unit waits for the new one only.
    const mixed = progress(fleet(NOW, [scanned[0]!, host('22222222', '2026-03-09T01:00:00Z', `${NOW}T02:00:00Z`)]));
    expect(mixed).toMatchObject({ status: 'on_track', passing: 1, perDevice: { dueOn: '2026-03-23', overdueMachines: 0 } });
  });

  it('keeps each device due day in the history, so a past day reads the same status', () => {
    const result = fleet(NOW, [host('11111111', '2026-02-20T01:00:00Z', `${NOW}T02:00:00Z`), host('22222222', '2026-03-09T01:00:00Z', `${NOW}T02:00:00Z`)]);
    const org = buildOrgModel(null, [{ unit: 'hp-kv1', room: null }]);
    const day = historyDayOf(result, org, new Date(`${NOW}T03:00:00Z`));
    const rows = JSON.parse(JSON.stringify(historyHostsOf(result.evaluation)));
    const replayed = replayDay(day, rows, { asOf: NOW, scopeUnitId: null, generatedAt: new Date() });
    expect(replayed.units[0]!.rules.find((p) => p.ruleId === 'pre-use-scan')).toEqual(progress(result));
  });
});

describe('the preUseScan section of a pack', () => {
  const pack = (extra: object, rule: object = {}) =>
    stringify({
      pack: { id: 'p', title: { vi: 'x', en: 'x' } },
      ...extra,
      rules: [{ id: 'scan', title: { vi: 'x', en: 'x' }, remediation: { vi: 'x', en: 'x' }, category: 'scan', severity: 'high', due: 'per_device', owner: { who: 'a', what: 'b', result: 'c' }, check: { fact: 'scan.in_force', op: 'eq', value: true }, ...rule }],
    });
  const load = (text: string) => () => compileRuleSet([parsePack(text, 'p.yaml')]);

  it.each<[string, object, object, string]>([
    ['an unknown aspect', { preUseScan: { materialChanges: [{ id: 'x', aspect: 'security.teamviewer', change: 'added', reason: 'r' }] } }, {}, 'p.yaml: preUseScan material change "x": field "aspect" names no posture aspect "security.teamviewer"'],
    ['a change a switch cannot have', { preUseScan: { materialChanges: [{ id: 'x', aspect: 'security.firewall', change: 'added', reason: 'r' }] } }, {}, 'field "change" "added" does not apply to the switch aspect "security.firewall"; use one of off, on, changed'],
    ['a deadline and due: per_device both', {}, { deadline: '2025-12-26' }, 'rule "scan": field "deadline" and due: per_device are both given: keep one'],
    ['neither', {}, { due: undefined }, 'rule "scan": field "deadline" is missing: give the day it must be complete (YYYY-MM-DD), or due: per_device'],
    ['graceDays on a calendar rule', {}, { due: undefined, deadline: '2025-12-26', graceDays: 3 }, 'rule "scan": field "graceDays" applies to a rule with due: per_device only'],
  ])('refuses %s, naming the field', (_name, extra, rule, message) => {
    expect(load(pack(extra, rule))).toThrow(message);
  });

  it('takes the section from one pack only', () => {
    const a = parsePack(pack({ preUseScan: {} }), 'a.yaml');
    const b = parsePack(pack({ preUseScan: {} }).replace('id: scan', 'id: scan-b'), 'b.yaml');
    expect(() => compileRuleSet([a, b])).toThrow('b.yaml: field "preUseScan" is set in a.yaml already; keep the section in one pack');
  });
});
