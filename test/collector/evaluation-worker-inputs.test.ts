/**
 * The evaluation worker drops nothing: for a fleet that uses every input whole-fleet evaluation
 * has (devices with their scans, the collector's KMS allow-list, the rule pack's software
 * policy, imported and self-certified hosts, a retirement by the unit's manager, a scope
 * without the units below, an exception and a remediation task, pre-use scan verdicts), what the
 * worker answers equals what the same readiness computes in-process, for evaluations, documents
 * (the equipment review too, with the asset register in force and the printers' scans) and the
 * history snapshot with its audit anchor; and a device scan, a register, an exception, or a verdict
 * recorded by another process on the data directory (`readiness scan`), stored after the worker
 * started reaches it; the task checks agree. As a parent, the snapshots its children sent are an
 * input too: a child's units placed under the unit its token is bound to, the same on both sides.
 */
import { randomUUID } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CollectorConfig } from '../../collector/config.js';
import { equippedSource } from '../../collector/assets/equipment-source.js';
import { importRegister } from '../../collector/assets/import.js';
import { RegisterStore } from '../../collector/assets/register-store.js';
import { deviceInputs } from '../../collector/devices/inputs.js';
import { EvaluationWorker } from '../../collector/evaluation/evaluation-worker.js';
import { HistoryStore } from '../../collector/history-store.js';
import { ingestOptions } from '../../collector/ingest-options.js';
import { loadReadinessInputs, Readiness } from '../../collector/readiness.js';
import { produceDocument } from '../../collector/readiness-documents.js';
import { inProcessJobs } from '../../collector/readiness-jobs.js';
import type { ReadinessJobs } from '../../collector/readiness-jobs.js';
import type { HostListModel, HostModel, UnitModel } from '../../dashboard/page-models.js';
import type { DocumentRequest } from '../../collector/readiness-documents.js';
import { MemoryDeviceStore } from '../../collector/store/device-store.js';
import { MemoryStore } from '../../collector/store/memory-store.js';
import { ScanStore } from '../../collector/scans/scan-store.js';
import { DEVICE_REPORT_VERSION, DeviceReport } from '../../schema/index.js';
import type { CompletionPoint, Evaluation, HostReport, ImportOrigin, OrgFile } from '../../schema/index.js';
import { addDays } from '../../rules/deadline.js';
import { READY_LICENSING, READY_SECTIONS, readyReport } from '../helpers/ready-report.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { scanRecordOf } from '../helpers/scan-fixture.js';
import { AccessStore } from '../../collector/access/access-store.js';
import { openRemediation } from '../../collector/remediation/index.js';
import type { Remediation } from '../../collector/remediation/index.js';
import { childInputs } from '../../collector/readiness.js';
import { ReceivedSnapshots } from '../../collector/rollup/received.js';
import { RollupSnapshot } from '../../schema/index.js';
import type { RuleInfo } from '../../schema/index.js';

const ORG = `
name: worker inputs
units:
  - id: hp
    name: VKSND thành phố Hải Phòng
    level: city
    agency: { parent: VIỆN KIỂM SÁT NHÂN DÂN TỐI CAO, place: Hải Phòng, symbol: VKS-VP, signer: { title: VIỆN TRƯỞNG, name: Người Ký Thử } }
    devices:
      - { id: hp-sw-core, kind: switch, address: 192.0.2.2, purchaseYear: 2018, snmp: { version: 2c, community: c } }
    rooms:
      - id: phong-1
        name: Phòng 1
        expectedWorkstations: 4
        expectedPrinters: 2
        devices:
          - { id: hp-p1-printer, kind: printer, address: 192.0.2.21, purchaseYear: 2024, snmp: { version: 2c, community: c } }
  - id: hp-kv1
    name: VKSND khu vực 1
    level: regional
    parent: hp
    expectedWorkstations: 3
`;
const AUDIT_HEAD = { seq: 7, hash: 'ab'.repeat(32) };

let dir: Awaited<ReturnType<typeof makeTempDir>>;
let worker: EvaluationWorker;
let inProcess: Readiness;
let devices: MemoryDeviceStore;
let scans: ScanStore;
const reports = new Map<string, HostReport>();
let store: MemoryStore;
let remediation: Remediation;
const ADMIN_BY = { actor: { kind: 'user' as const, name: 'root', role: 'admin' as const, via: 'test' }, address: 'local' };
let org: OrgFile;
let dataDir: string;
const ids = { licensed: randomUUID(), banned: randomUUID(), imported: randomUUID(), retired: randomUUID(), regional: randomUUID() };

const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString();

/** A child collector's snapshot for unit hp: a second city (4 machines, 3 passing every rule) and one regional unit below it. */
const childSnapshot = (rules: readonly RuleInfo[], asOf: string): RollupSnapshot => {
  const figures = rules.map((r) => ({ ruleId: r.id, expected: 4, reporting: 4, notApplicable: 0, passing: 3, failing: 1, unknown: 0, status: 'on_track' as const, completedOn: null }));
  return RollupSnapshot.parse({
    id: randomUUID(),
    sequence: 1,
    unit: 'hp',
    takenAt: minutesAgo(15),
    asOf,
    rules: rules.map((r) => ({ id: r.id, title: r.title, deadline: r.deadline })),
    units: [
      { unitId: 'tp2', name: 'VKSND thành phố Thứ Hai', level: 'city', parentId: null, rules: figures, rooms: [] },
      {
        unitId: 'tp2-kv1',
        name: 'VKSND khu vực 1 (Thứ Hai)',
        level: 'regional',
        parentId: 'tp2',
        rules: figures,
        rooms: [{ roomId: 'p1', name: 'Phòng 1', rules: figures }],
        // The child sends its host rows (parent.includeHosts): its one failing machine.
        hosts: [{ agentId: 'tp2-agent-1', hostname: 'TP2-KV1-PC07', roomId: 'p1', failing: rules.map((r) => r.id), unknown: [] }],
      },
    ],
  });
};

const deviceReport = (deviceId: string, kind: string, reachable: boolean): DeviceReport =>
  DeviceReport.parse({
    schemaVersion: DEVICE_REPORT_VERSION,
    reportId: randomUUID(),
    deviceId,
    kind,
    address: '192.0.2.2',
    scannedAt: minutesAgo(10),
    durationMs: 12,
    reachable,
    scans: [{ scanner: 'snmp', outcome: reachable ? 'ok' : 'unreachable', message: reachable ? 'read' : 'no answer', durationMs: 12 }],
    ...(reachable
      ? { snmp: { version: '2c', system: { descr: 'Cisco IOS', objectId: '1.3.6.1.4.1.9.1.516', upTimeSeconds: 1, contact: '', name: 'core', location: '' }, interfaces: [], neighbours: [], fdb: [] } }
      : {}),
  });

/** The room's printer as its SNMP scan reads it: the equipment review counts it by this serial. */
const printerReport = (): DeviceReport =>
  DeviceReport.parse({
    ...deviceReport('hp-p1-printer', 'printer', true),
    address: '192.0.2.21',
    snmp: {
      version: '2c',
      system: { descr: 'HP LaserJet', objectId: '1.3.6.1.4.1.11.2.3.9.1', upTimeSeconds: 1, contact: '', name: 'p1', location: '' },
      printer: { model: 'HP LaserJet M404dn', serial: 'PRN-WORKER-9', status: 'idle', alerts: [], supplies: [], pageCount: 1200 },
    },
  });

/** An asset register line for each document test: a scanner of room 1, kept in the worker's data directory. */
const REGISTER = ['Mã TS;Loại;Số sê-ri;Kiểu máy;Ngày mua;Phòng ban;Hiện trạng', 'P1-SC-001;Máy scan;SC-WORKER-1;Canon DR-C230;2015-03-01;Phòng 1;Hỏng', ''].join('\r\n');
const importInto = async (dir: string, text: string, file: string) => {
  const { register } = await importRegister({ bytes: Buffer.from(text), sourceFile: file, format: 'csv', org, hosts: [], defaultUnit: 'hp', now: new Date() });
  await new RegisterStore(dir).put(register, Buffer.from(text), 'csv', new Date());
};

beforeAll(async () => {
  dir = await makeTempDir('readiness-worker-inputs-');
  const orgFile = join(dir.path, 'org.yaml');
  await writeFile(orgFile, ORG);
  const config = CollectorConfig.parse({ dataDir: join(dir.path, 'data'), org: orgFile, licensing: READY_LICENSING });
  const inputs = await loadReadinessInputs(config);
  org = inputs.org!;
  dataDir = config.dataDir;
  // The scan log lives in the data directory, as the collector's does.
  await mkdir(config.dataDir, { recursive: true });
  store = new MemoryStore();
  devices = new MemoryDeviceStore();
  const access = new AccessStore({ dataDir: null });
  inProcess = new Readiness({
    ...inputs,
    remediation: () => ({ exceptions: remediation.exceptions.all(), tasks: remediation.tasks.all() }),
    store,
    history: new HistoryStore(join(dir.path, 'in-process-history')),
    now: () => new Date(),
    auditHead: async () => AUDIT_HEAD,
    devices: () => deviceInputs(inputs.org, devices),
    scans: (scans = new ScanStore({ dataDir: config.dataDir }).load()),
    children: childInputs(config, config.dataDir),
  });
  // A child's snapshot, received as the parent's POST /rollup keeps it.
  const received = await new ReceivedSnapshots(config.dataDir, () => {}).load();
  await received.accept(childSnapshot(inputs.rules.rules.map((r) => r.info), inProcess.today()), { id: 'child-1', name: 'VKSND TP Thứ Hai' }, new Date());
  const add = async (agentId: string, unit: string, report: HostReport, origin?: ImportOrigin) => {
    await store.createAgent({ agentId, keyHash: '0'.repeat(64), unit, room: unit === 'hp' ? 'phong-1' : null, hostname: agentId.slice(0, 8), deviceKind: 'workstation', enrolledAt: minutesAgo(120) });
    await store.addReport(report, new Date(), { ...ingestOptions(inProcess, report), ...(origin ? { origin } : {}) });
    reports.set(agentId, report);
  };
  // Office activated by the allow-listed KMS host: licensed only with the collector's licensing policy.
  await add(ids.licensed, 'hp', readyReport(ids.licensed, minutesAgo(30)));
  // A banned program: fails the software policy.
  await add(ids.banned, 'hp', readyReport(ids.banned, minutesAgo(30), { software: { source: 'registry', programs: [...READY_SECTIONS.software.programs, { name: 'ToDesk', version: '4.7', publisher: 'ToDesk' }] } }));
  await add(ids.imported, 'hp', readyReport(ids.imported, minutesAgo(30)), { kind: 'import', by: 'mgr.hp', role: 'unit_manager', at: minutesAgo(20), selfCertified: true });
  await add(ids.retired, 'hp', readyReport(ids.retired, minutesAgo(30)));
  await store.retireHost(ids.retired, { at: minutesAgo(5), reason: 'máy hỏng', mergedInto: null, by: 'mgr.hp', role: 'unit_manager', selfCertified: true });
  await add(ids.regional, 'hp-kv1', readyReport(ids.regional, minutesAgo(30)));
  await devices.put(deviceReport('hp-sw-core', 'switch', true));
  // Pre-use scans: one device passed on its report on file, one failed.
  await scans.append(() => scanRecordOf(reports.get(ids.licensed)!));
  await scans.append(() => scanRecordOf(reports.get(ids.imported)!, { verdict: 'fail' }));
  await devices.put(printerReport());
  await importInto(dataDir, REGISTER, 'so-tai-san.csv');
  remediation = openRemediation({ dataDir: null, rules: inputs.rules, store, org: inProcess, access, jobs: { taskChecks: async () => [] }, now: () => new Date(), log: () => {} });
  // hp-kv1's two expected machines that never enrolled: exempted from the antivirus rule.
  await remediation.exceptions.add({ rule: 'antivirus-active', unit: 'hp-kv1', reason: 'hai máy chưa được cấp, đã có văn bản', expires: '2099-12-31' }, ADMIN_BY);
  await access.addUser({ name: 'it-hp', role: 'viewer', unit: 'hp', recursive: true, passwordHash: 'scrypt$unused-no-sign-in' }, ADMIN_BY);
  await remediation.tasks.add({ rule: 'software-policy', host: ids.banned, assignee: 'it-hp', due: '2099-12-31' }, ADMIN_BY);
  await remediation.tasks.add({ rule: 'office-licensed', host: ids.licensed, assignee: 'it-hp', due: '2099-12-31' }, ADMIN_BY);
  // A task is verified by a report received after it was made.
  const again = readyReport(ids.licensed, new Date().toISOString());
  await store.addReport(again, new Date(), ingestOptions(inProcess, again));
  worker = EvaluationWorker.start(config, { store, devices, scans, auditHead: async () => AUDIT_HEAD, remediation }, () => {});
}, 60_000);

afterAll(async () => {
  await worker?.close();
  await dir?.remove();
});

/** The evaluation without the moment it was made (each side stamps its own). */
const timeless = ({ generatedAt: _at, ...rest }: Evaluation) => rest;
const fromWorker = async (scope: { unitId: string | null; recursive: boolean }) => timeless(JSON.parse(Buffer.concat(await worker.evaluationJson(scope)).toString('utf8')) as Evaluation);
const fromInProcess = async (scope: { unitId: string | null; recursive: boolean }) => timeless(JSON.parse(JSON.stringify(await inProcess.evaluate(scope))) as Evaluation);

const SCOPES = [
  { unitId: 'hp', recursive: false },
  { unitId: 'hp', recursive: true },
  { unitId: null, recursive: true },
  { unitId: 'hp-kv1', recursive: true },
];

describe('the evaluation worker', () => {
  it('is given a fleet that uses every input', async () => {
    const own = await fromInProcess(SCOPES[0]!);
    const result = (agentId: string, ruleId: string) => own.hosts.find((h) => h.agentId === agentId)?.results.find((r) => r.ruleId === ruleId)?.status;
    expect(own.ownOnly).toBe(true);
    expect(own.units.map((u) => u.unitId)).toEqual(['hp']);
    expect(result(ids.licensed, 'office-licensed')).toBe('pass');
    expect(result(ids.banned, 'software-policy')).toBe('fail');
    expect(own.hosts.find((h) => h.agentId === ids.imported)?.origin?.selfCertified).toBe(true);
    expect(own.retiredHosts?.map((r) => [r.agentId, r.selfCertified])).toEqual([[ids.retired, true]]);
    expect(own.devices?.find((d) => d.deviceId === 'hp-sw-core')?.outcome).toBe('ok');
    // The room expects a second printer it does not list.
    expect(own.devices?.filter((d) => !d.declared)).toHaveLength(1);
    expect([result(ids.licensed, 'pre-use-scan'), result(ids.imported, 'pre-use-scan'), result(ids.banned, 'pre-use-scan')]).toEqual(['pass', 'fail', 'unknown']);
    expect(own.tasks?.map((t) => t.rule)).toEqual(['software-policy', 'office-licensed']);
    const regional = await fromInProcess(SCOPES[3]!);
    const av = regional.rules.findIndex((r) => r.id === 'antivirus-active');
    expect(regional.units[0]!.rules[av]!.exempted).toBe(2);
  });

  it('places a child\'s units under the unit its token is bound to, and its figures add up to the top', async () => {
    const all = await fromWorker(SCOPES[2]!);
    const own = timeless(JSON.parse(JSON.stringify(await inProcess.evaluate({ unitId: null, recursive: true, children: false }))) as Evaluation);
    expect(all.units.map((u) => [u.unitId, u.parentId])).toEqual([['hp', null], ['hp-kv1', 'hp'], ['tp2', 'hp'], ['tp2-kv1', 'tp2']]);
    expect(all.units.find((u) => u.unitId === 'hp')!.childIds).toEqual(['hp-kv1', 'tp2']);
    const tp2 = all.units.find((u) => u.unitId === 'tp2')!;
    expect(tp2.remote).toMatchObject({ source: 'VKSND TP Thứ Hai', stale: false });
    expect(all.units.find((u) => u.unitId === 'tp2-kv1')!.rooms.map((r) => r.roomId)).toEqual(['p1']);
    // Its machine is named in the blocking lists of its unit, its room and every unit above, on the worker too.
    expect(all.remoteHosts).toEqual([{ agentId: 'tp2-agent-1', hostname: 'TP2-KV1-PC07', unitId: 'tp2-kv1', roomId: 'p1' }]);
    for (const id of ['tp2-kv1', 'tp2', 'hp']) for (const p of all.units.find((u) => u.unitId === id)!.rules) expect(p.blockingHosts).toContain('tp2-agent-1');
    expect(all.units.find((u) => u.unitId === 'tp2-kv1')!.rooms[0]!.rules.every((p) => p.blockingHosts.includes('tp2-agent-1'))).toBe(true);
    const hpNow = all.units.find((u) => u.unitId === 'hp')!;
    const hpOwn = own.units.find((u) => u.unitId === 'hp')!;
    hpNow.rules.forEach((p, i) => {
      const mine = hpOwn.rules[i]!;
      expect([p.expected, p.passing, p.failing, p.applicable]).toEqual([mine.expected + 4, mine.passing + 3, mine.failing + 1, mine.applicable + 4]);
      // Never done while the child's unit has a failing machine.
      expect(p.status).not.toBe('done');
    });
    // A reader of hp's own rooms, or of hp-kv1, sees none of the child's units.
    for (const scope of [SCOPES[0]!, SCOPES[3]!]) expect((await fromWorker(scope)).units.some((u) => u.remote)).toBe(false);
  });

  it.each(SCOPES)('answers the same evaluation as in-process for unit $unitId (recursive: $recursive)', async (scope) => {
    expect(await fromWorker(scope)).toEqual(await fromInProcess(scope));
  });

  // The documents' own inputs: the org file's agency block (the form), the room filter, the
  // checklist's `all`, and the history's first day (progress on a new install).
  it.each([
    ['summary', 'json', {}],
    ['hosts', 'csv', {}],
    ['tracker', 'json', {}],
    ['hosts', 'json', { roomId: 'phong-1', all: true }],
    ['progress', 'json', { period: 'week' }],
    // The security sheet's hidden columns bind each row to the report on file (the worker's mirror of the hosts).
    ['security', 'json', {}],
    ['scans', 'json', {}],
  ] as const)('renders the same %s.%s as in-process (%o)', async (kind, format, extra) => {
    const now = new Date();
    const req: DocumentRequest = { kind, format, unitId: 'hp', recursive: false, auditHead: AUDIT_HEAD.hash, lang: 'vi', period: 'day', ...extra };
    const [mine, theirs] = await Promise.all([worker.document(req, now), produceDocument(inProcess, req, now)]);
    expect(Buffer.from(mine.body).toString('utf8')).toEqual(Buffer.from(theirs.body).toString('utf8'));
    // The JSON documents carry the audit head (CSV has no footer).
    if (format === 'json') {
      expect(JSON.parse(Buffer.from(mine.body).toString('utf8'))).toMatchObject({ auditHead: AUDIT_HEAD.hash, form: { parentAgency: 'VIỆN KIỂM SÁT NHÂN DÂN TỐI CAO', signer: { name: 'Người Ký Thử' } } });
    }
  });

  it('renders the same tracker of the whole tree as in-process, each child unit with the time of its figures', async () => {
    const now = new Date();
    const req: DocumentRequest = { kind: 'tracker', format: 'json', unitId: null, recursive: true, auditHead: AUDIT_HEAD.hash, lang: 'vi', period: 'day' };
    const [mine, theirs] = await Promise.all([worker.document(req, now), produceDocument(inProcess, req, now)]);
    const text = Buffer.from(mine.body).toString('utf8');
    expect(text).toEqual(Buffer.from(theirs.body).toString('utf8'));
    expect(text).toMatch(/VKSND khu vực 1 \(Thứ Hai\) \(Số liệu lúc \d\d:\d\d \d\d\/\d\d\/\d{4}\)/);
  });

  it('renders the same equipment review as in-process: the register in force and the printers\' scans are inputs of the worker', async () => {
    const now = new Date();
    const req: DocumentRequest = { kind: 'equipment', format: 'json', unitId: 'hp', recursive: false, auditHead: AUDIT_HEAD.hash, lang: 'vi', period: 'day' };
    const same = async () => {
      const [mine, theirs] = await Promise.all([worker.document(req, now), produceDocument(equippedSource(inProcess, dataDir), req, now)]);
      const text = Buffer.from(mine.body).toString('utf8');
      expect(text).toEqual(Buffer.from(theirs.body).toString('utf8'));
      return text;
    };
    const first = await same();
    // The register's scanner and the scanned printer are on it, each by its serial.
    expect(first).toContain('SC-WORKER-1');
    expect(first).toContain('PRN-WORKER-9');
    expect(first).toContain('so-tai-san.csv');
    // A register imported beside the running collector counts at once, on the worker too.
    await importInto(dataDir, REGISTER.replace('SC-WORKER-1', 'SC-WORKER-2'), 'so-tai-san-moi.csv');
    const second = await same();
    expect(second).toContain('SC-WORKER-2');
    expect(second).not.toContain('SC-WORKER-1');
  });

  it('records the same history day, anchored to the audit head', async () => {
    const written = await worker.snapshot();
    const mine = JSON.parse(await readFile(join(dir.path, 'data', 'history', `${written!.day}.json`), 'utf8')) as Record<string, unknown>;
    await inProcess.snapshot();
    const theirs = JSON.parse(await readFile(join(dir.path, 'in-process-history', `${written!.day}.json`), 'utf8')) as Record<string, unknown>;
    expect(mine.audit).toEqual({ seq: AUDIT_HEAD.seq, head: AUDIT_HEAD.hash });
    // The parent's day holds its child's units, so its progress by day includes them.
    expect((mine.remote as Array<{ at: string; units: Array<{ unitId: string }> }>).map((g) => [g.at, g.units.map((u) => u.unitId)])).toEqual([['hp', ['tp2', 'tp2-kv1']]]);
    expect(Object.keys(mine.figures as object)).toEqual(expect.arrayContaining(['u:tp2', 'u:tp2-kv1', 'r:tp2-kv1/p1']));
    // Figures, not the child's host rows: a past day names none of its machines.
    expect(JSON.stringify(mine)).not.toContain('TP2-KV1-PC07');
    expect(JSON.stringify(mine)).not.toContain('tp2-agent-1');
    const { writtenAt: _a, ...mineRest } = mine;
    const { writtenAt: _b, ...theirsRest } = theirs;
    expect(mineRest).toEqual(theirsRest);
  });

  it('checks tasks as in-process: the one whose rule passes, not the failing one', async () => {
    const open = remediation.tasks.open();
    const theirs = await inProcess.taskChecks(open);
    expect(theirs.map((c) => c.id)).toEqual([open[1]!.id]);
    expect(await worker.taskChecks(open)).toEqual(theirs);
  });

  it('sees an exception stored after it started', async () => {
    await remediation.exceptions.add({ rule: 'software-policy', host: ids.banned, reason: 'phần mềm được phép tạm thời để đối chiếu', expires: '2099-12-31' }, ADMIN_BY);
    const mine = await fromWorker(SCOPES[0]!);
    expect(mine.hosts.find((h) => h.agentId === ids.banned)!.results.find((r) => r.ruleId === 'software-policy')!.status).toBe('exempted');
    expect(mine).toEqual(await fromInProcess(SCOPES[0]!));
  });

  it('answers the dashboard\'s completion series from the history as in-process', async () => {
    const today = (await worker.snapshot())!.day;
    await inProcess.snapshot();
    // A past day in both histories (a series never includes today: the live evaluation answers for it).
    const yesterday = addDays(today, -1);
    for (const at of [join(dir.path, 'data', 'history'), join(dir.path, 'in-process-history')]) {
      const history = new HistoryStore(at);
      await history.write({ ...(await history.readDay(today))!, day: yesterday }, (await history.readHosts(today))!);
    }
    const req = { unitId: null, recursive: true, from: addDays(today, -7), to: yesterday };
    const mine = JSON.parse(Buffer.from(await worker.completionSeriesJson(req)).toString('utf8')) as CompletionPoint[];
    const theirs = await inProcess.completionSeries(req);
    expect(theirs.length).toBeGreaterThan(0);
    expect(new Set(theirs.map((p) => p.day))).toEqual(new Set([yesterday]));
    expect(mine).toEqual(theirs);
    // A chart's own unit only: the units below it are left out in the worker.
    const own = JSON.parse(Buffer.from(await worker.completionSeriesJson({ ...req, unitId: 'hp', unitOnly: true })).toString('utf8')) as CompletionPoint[];
    expect(own.length).toBeGreaterThan(0);
    expect(own).toEqual(theirs.filter((p) => p.unitId === 'hp'));
    expect(theirs.some((p) => p.unitId === 'hp-kv1')).toBe(true);
    // The child's units have their points by day, within hp's subtree.
    expect(theirs.filter((p) => p.unitId === 'tp2-kv1').map((p) => p.completionPct)).toContain(75);
    const hpTree = JSON.parse(Buffer.from(await worker.completionSeriesJson({ ...req, unitId: 'hp' })).toString('utf8')) as CompletionPoint[];
    expect(new Set(hpTree.map((p) => p.unitId))).toEqual(new Set(['hp', 'hp-kv1', 'tp2', 'tp2-kv1']));
    // A reader whose scope stops at hp: its own figures by day, without the child's added.
    const ownOnly = JSON.parse(Buffer.from(await worker.completionSeriesJson({ ...req, unitId: 'hp', recursive: false })).toString('utf8')) as CompletionPoint[];
    const live = (await inProcess.evaluate({ unitId: 'hp', recursive: false })).units[0]!;
    // (The day's own figures leave out the device rules, as they did before children existed: compared on the rules they hold.)
    expect(ownOnly.length).toBeGreaterThan(0);
    for (const p of ownOnly) expect([p.ruleId, p.passing, p.applicable]).toEqual([p.ruleId, live.rules.find((r) => r.ruleId === p.ruleId)!.passing, live.rules.find((r) => r.ruleId === p.ruleId)!.applicable]);
    // A past day replays with the child's units as placed that day.
    const past = await inProcess.evaluate({ unitId: null, recursive: true, asOf: yesterday });
    expect(past.units.map((u) => u.unitId)).toEqual(['hp', 'hp-kv1', 'tp2', 'tp2-kv1']);
    expect(timeless(JSON.parse(Buffer.concat(await worker.evaluationJson({ unitId: null, recursive: true, asOf: yesterday })).toString('utf8')) as Evaluation)).toEqual(timeless(JSON.parse(JSON.stringify(past)) as Evaluation));
  });

  it('sees a device scan stored after it started', async () => {
    await devices.put(deviceReport('hp-sw-core', 'switch', false));
    const mine = await fromWorker(SCOPES[0]!);
    expect(mine.devices?.find((d) => d.deviceId === 'hp-sw-core')?.outcome).toBe('unreachable');
    expect(mine).toEqual(await fromInProcess(SCOPES[0]!));
  });

  it('sees a verdict another process recorded on the data directory after it started', async () => {
    const cli = new ScanStore({ dataDir: join(dir.path, 'data') }).load();
    await cli.append(() => scanRecordOf(reports.get(ids.banned)!, { verdict: 'conditional', conditions: ['gỡ ToDesk'], dueDate: '2099-12-31' }));
    const mine = await fromWorker(SCOPES[0]!);
    expect(mine.hosts.find((h) => h.agentId === ids.banned)?.scan).toMatchObject({ status: 'conditional' });
    expect(mine).toEqual(await fromInProcess(SCOPES[0]!));
  });

  // The dashboard's pages read these instead of an evaluation (dashboard/page-models.ts).
  describe('page models', () => {
    const jobs = () => inProcessJobs(inProcess);
    const read = <T,>(bytes: Uint8Array) => JSON.parse(Buffer.from(bytes).toString('utf8')) as T;
    const both = async <T,>(ask: (j: ReadinessJobs) => Promise<Uint8Array>): Promise<[T, T]> => [read<T>(await ask(worker)), read<T>(await ask(jobs()))];
    const LIST = { sort: 'host' as const, descending: false, page: 1, perPage: 50 };

    it.each(SCOPES)('are the same as in-process for unit $unitId (recursive: $recursive), and hold only that scope', async (scope) => {
      const [summary, summaryHere] = await both<Evaluation>((j) => j.scopeSummaryJson(scope));
      expect(timeless(summary)).toEqual(timeless(summaryHere));
      expect(summary.hosts).toEqual([]);
      expect(summary.units.map((u) => u.unitId)).toEqual((await fromInProcess(scope)).units.map((u) => u.unitId));
      const [list, listHere] = await both<HostListModel>((j) => j.hostListJson({ ...scope, lang: 'vi', filter: LIST }));
      expect({ ...list, generatedAt: '' }).toEqual({ ...listHere, generatedAt: '' });
      expect(list.rows.map((r) => r.agentId).sort()).toEqual((await fromInProcess(scope)).hosts.map((h) => h.agentId).sort());
      if (scope.unitId) {
        const [unit, unitHere] = await both<UnitModel>((j) => j.unitModelJson({ ...scope, unitId: scope.unitId!, focus: scope.unitId!, lang: 'vi' }));
        expect({ ...unit, evaluation: timeless(unit.evaluation) }).toEqual({ ...unitHere, evaluation: timeless(unitHere.evaluation) });
      }
    });

    it('send one machine with its evidence, evaluated in its own unit', async () => {
      const [host, hostHere] = await both<HostModel>((j) => j.hostModelJson({ unitId: 'hp', agentId: ids.banned }));
      expect(timeless(host!)).toEqual(timeless(hostHere!));
      expect(host!.hosts.map((h) => h.agentId)).toEqual([ids.banned]);
      expect(host!.units.map((u) => u.unitId)).toEqual(['hp']);
      const whole = (await fromInProcess({ unitId: 'hp', recursive: false })).hosts.find((h) => h.agentId === ids.banned)!;
      expect(host!.hosts[0]).toEqual(whole);
      expect(whole.results.find((r) => r.ruleId === 'software-policy')?.evidence.length).toBeGreaterThan(0);
      // A machine asked for in a unit it is not in: none.
      expect(read<HostModel>(await worker.hostModelJson({ unitId: 'hp-kv1', agentId: ids.banned }))).toBeNull();
    });

    it('filter, sort and page the machines list where the evaluation is', async () => {
      const all = read<HostListModel>(await worker.hostListJson({ unitId: null, recursive: true, lang: 'vi', filter: { ...LIST, perPage: 2, page: 2 } }));
      expect(all.total).toBe(4);
      expect(all.pages).toBe(2);
      expect(all.rows).toHaveLength(2);
      const failing = read<HostListModel>(await worker.hostListJson({ unitId: null, recursive: true, lang: 'vi', filter: { ...LIST, rule: 'software-policy' } }));
      // The machines whose software-policy result fails or is unknown; the banned host's is exempted
      // once the exception test above has run, and an exempted result is not a failing one.
      const whole = read<Evaluation>(Buffer.concat(await worker.evaluationJson({ unitId: null, recursive: true })));
      const expected = whole.hosts.filter((h) => ['fail', 'unknown'].includes(h.results.find((x) => x.ruleId === 'software-policy')?.status ?? '')).map((h) => h.agentId);
      expect(failing.rows.map((r) => r.agentId).sort()).toEqual(expected.sort());
      expect(whole.hosts.find((h) => h.agentId === ids.banned)?.results.find((x) => x.ruleId === 'software-policy')?.status).toBe('exempted');
    });

    it('follow a machine that moved, though the worker keeps its evaluations a while', async () => {
      const regional = { unitId: 'hp-kv1', recursive: true };
      const before = read<HostListModel>(await worker.hostListJson({ ...regional, lang: 'vi', filter: LIST }));
      expect(before.rows.map((r) => r.agentId)).toEqual([ids.regional]);
      await store.moveHost(ids.regional, { unit: 'hp', room: 'phong-1' });
      const after = read<HostListModel>(await worker.hostListJson({ ...regional, lang: 'vi', filter: LIST }));
      expect(after.total).toBe(0);
      await store.moveHost(ids.regional, { unit: 'hp-kv1', room: null });
    });
  });
});
