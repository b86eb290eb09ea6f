/**
 * The scan routes in-process: recording a verdict against the report on file, validation that
 * stores nothing, the rule following the verdict, corrections, attachments checked by their
 * bytes, acceptance by a second person, the queue of a scope, and the audit line of each change.
 */
import { createHash, randomUUID } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import { compileRuleSet } from '../../rules/compile.js';
import { DEFAULT_PACK_FILE, parsePack } from '../../rules/load-pack.js';
import { evidenceWriter } from '../../reports/evidence.js';
import type { HostReport, ScanStanding, ScanView } from '../../schema/index.js';
import { READY_SECTIONS, readyReport } from '../helpers/ready-report.js';
import { makeScanApp } from '../helpers/scan-app.js';

let now = new Date('2025-12-05T03:00:00Z');
const clock = () => now;
const PDF = new Uint8Array(Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n'));

type App = Awaited<ReturnType<typeof makeScanApp>>;
let app: App;
let kv1: string;
let kv2: string;
let report: HostReport;

beforeEach(async () => {
  now = new Date('2025-12-05T03:00:00Z');
  app = await makeScanApp({ now: clock });
  [kv1, kv2] = [randomUUID(), randomUUID()];
  report = readyReport(kv1, '2025-12-05T02:00:00.000Z');
  await app.addHost(kv1, 'hp-kv1', report);
  await app.addHost(kv2, 'hp-kv2', readyReport(kv2, '2025-12-05T02:00:00.000Z'));
});

const json = async <T>(res: Response) => (await res.json()) as T;
const record = (host: string, body: unknown, who = 'police.kv1') => app.send('POST', `/hosts/${host}/scans`, app.token(who), body);
/** The rule's status, and its evidence as a Vietnamese document prints it. */
const ruleStatus = async (host: string) => {
  const e = await app.readiness.evaluate({});
  const result = e.hosts.find((h) => h.agentId === host)!.results.find((r) => r.ruleId === 'pre-use-scan')!;
  return { status: result.status, evidence: evidenceWriter(e.facts, 'vi').lines(result.evidence) };
};

describe('recording a verdict', () => {
  it('binds it to the report on file and its posture, and the rule follows', async () => {
    expect((await ruleStatus(kv1)).status).toBe('unknown');
    const res = await record(kv1, { verdict: 'pass', representative: { name: 'Nguyễn Văn B', title: 'Chánh Văn phòng' }, items: [{ id: 'firewall-on', mark: 'pass' }] });
    expect(res.status).toBe(201);
    const { scan, standing } = await json<{ scan: ScanView; standing: ScanStanding }>(res);
    expect(scan).toMatchObject({ hostId: kv1, reportId: report.reportId, collectedAt: report.collectedAt, verdict: 'pass', officer: { name: 'police.kv1', role: 'security_officer' }, scannedOn: '2025-12-05', unit: 'hp-kv1', via: 'api' });
    expect(scan.fingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect(scan.posture['security.remote_access_tools']).toEqual([]);
    expect(standing.status).toBe('passed');
    expect((await ruleStatus(kv1)).status).toBe('pass');

    const listed = await json<{ scans: ScanView[]; standing: ScanStanding }>(await app.send('GET', `/hosts/${kv1}/scans`, app.token('clerk.kv1')));
    expect(listed.scans.map((s) => s.id)).toEqual([scan.id]);
    const audit = (await app.access.store.audit.read({ afterSeq: null, limit: 50 })).filter((a) => a.action === 'scan.record');
    expect(audit).toEqual([expect.objectContaining({ target: kv1, actor: expect.objectContaining({ name: 'police.kv1' }), details: expect.objectContaining({ scanId: scan.id, verdict: 'pass', reportId: report.reportId, via: 'api' }) })]);
  });

  it('fails the rule once AnyDesk appears after the scan, with the change as evidence', async () => {
    await record(kv1, { verdict: 'pass' });
    now = new Date('2025-12-06T03:00:00Z');
    await app.store.addReport(readyReport(kv1, '2025-12-06T02:00:00.000Z', { security: { ...READY_SECTIONS.security, remoteAccessTools: [{ name: 'AnyDesk', installed: true, running: false, evidence: 'program' }] } }), now);
    const result = await ruleStatus(kv1);
    expect(result.status).toBe('fail');
    expect(result.evidence).toContain('Từ lần rà quét ngày 05/12/2025: đã cài AnyDesk');
    const { standing } = await json<{ standing: ScanStanding }>(await app.send('GET', `/hosts/${kv1}/scans`, app.token('police.kv1')));
    expect(standing).toMatchObject({ status: 'changed', changes: [{ aspect: 'security.remote_access_tools', change: 'added', item: 'AnyDesk', before: null, after: null, since: '2025-12-05' }] });
    // The queue gives the same structured change, and the register and the sheet say it in Vietnamese.
    const queue = await json<{ items: Array<{ agentId: string; changes: unknown }> }>(await app.send('GET', '/scans/queue', app.token('police.kv1')));
    expect(queue.items.find((i) => i.agentId === kv1)!.changes).toEqual(standing.changes);
    for (const kind of ['scans', 'security']) {
      const doc = await json<{ parts: Array<{ rows: Array<Record<string, unknown>> }> }>(await app.send('GET', `/readiness/${kind}.json?unit=hp-kv1`, app.token('police.kv1')));
      const cells = doc.parts.flatMap((p) => p.rows.map((r) => r.changesSince)).filter(Boolean);
      expect(cells, kind).toContainEqual(['Từ lần rà quét ngày 05/12/2025: đã cài AnyDesk']);
    }
  });

  it.each<[string, unknown, string[]]>([
    ['a conditional verdict without conditions or due date', { verdict: 'conditional' }, ['conditions', 'dueDate']],
    ['conditions on a pass', { verdict: 'pass', conditions: ['x'], dueDate: '2025-12-20' }, ['conditions', 'dueDate']],
    ['a scan dated tomorrow', { verdict: 'pass', scannedOn: '2025-12-06' }, ['scannedOn']],
    ['a scan dated before the report it judges', { verdict: 'pass', scannedOn: '2025-12-04' }, ['scannedOn']],
    ['an item not on the security sheet', { verdict: 'pass', items: [{ id: 'lan-gateway', mark: 'pass' }] }, ['items.0.id']],
    ['an unknown verdict and field', { verdict: 'ok', colour: 'red' }, ['verdict', '(root)']],
  ])('refuses %s with the path of every problem, storing nothing', async (_name, body, paths) => {
    const res = await record(kv1, body);
    expect(res.status).toBe(400);
    const { error } = await json<{ error: { message: string; issues: Array<{ path: string }> } }>(res);
    expect(error.message).toContain('nothing was stored');
    expect(error.issues.map((i) => i.path)).toEqual(paths);
    expect(app.scanStore.history(kv1)).toEqual([]);
  });

  it('refuses a report that is no longer the one on file, naming the one that is', async () => {
    const old = report.reportId;
    const newer = readyReport(kv1, '2025-12-05T02:30:00.000Z');
    await app.store.addReport(newer, now);
    const res = await record(kv1, { verdict: 'pass', reportId: old });
    expect(res.status).toBe(409);
    expect((await json<{ error: { message: string } }>(res)).error.message).toContain(`report ${old} is no longer the one on file: the device reported again (report ${newer.reportId}`);
    expect((await record(kv1, { verdict: 'pass', reportId: randomUUID() })).status).toBe(409);
  });

  it('refuses a device that never reported: a verdict judges a report', async () => {
    const id = randomUUID();
    await app.store.createAgent({ agentId: id, keyHash: '0'.repeat(64), unit: 'hp-kv1', room: null, hostname: 'NEW', deviceKind: 'workstation', enrolledAt: now.toISOString() });
    const res = await record(id, { verdict: 'pass' });
    expect(res.status).toBe(409);
    expect((await json<{ error: { message: string } }>(res)).error.message).toContain('readiness import');
  });

  it('takes a correction as a new verdict; the latest counts', async () => {
    const first = (await json<{ scan: ScanView }>(await record(kv1, { verdict: 'pass' }))).scan;
    const res = await record(kv1, { verdict: 'fail', corrects: first.id, note: 'UltraViewer found on a second look' });
    expect(res.status).toBe(201);
    expect((await ruleStatus(kv1)).status).toBe('fail');
    expect(app.scanStore.history(kv1).map((s) => [s.verdict, s.corrects])).toEqual([['fail', first.id], ['pass', null]]);
    expect((await record(kv1, { verdict: 'pass', corrects: 'scan-000000000000' })).status).toBe(400);
  });

  it('is for security officers of the unit only', async () => {
    for (const [who, status] of [['root', 403], ['clerk.kv1', 403], ['mgr.kv1', 403], ['police.kv2', 403], ['police.lead', 201]] as const) {
      expect((await record(kv1, { verdict: 'pass' }, who)).status, who).toBe(status);
    }
    const admin = await json<{ error: { message: string } }>(await record(kv1, { verdict: 'pass' }, 'root'));
    expect(admin.error.message).toBe('your role (admin) may not record pre-use scan verdicts (the security officers of the unit do)');
  });
});

describe('attachments', () => {
  it('keeps the signed minutes with their SHA-256, checked by their bytes', async () => {
    const { scan } = await json<{ scan: ScanView }>(await record(kv1, { verdict: 'pass' }));
    const res = await app.send('POST', `/hosts/${kv1}/scans/${scan.id}/attachments?name=bien-ban.pdf`, app.token('police.kv1'), PDF, 'application/pdf');
    expect(res.status).toBe(201);
    const sha = createHash('sha256').update(PDF).digest('hex');
    expect((await json<{ scan: ScanView }>(res)).scan.attachments).toEqual([expect.objectContaining({ sha256: sha, type: 'pdf', bytes: PDF.length, fileName: 'bien-ban.pdf' })]);
    const got = await app.send('GET', `/hosts/${kv1}/scans/${scan.id}/attachments/${sha}`, app.token('clerk.kv1'));
    expect([got.status, got.headers.get('content-type')]).toEqual([200, 'application/pdf']);
    expect(Buffer.from(await got.arrayBuffer()).equals(Buffer.from(PDF))).toBe(true);
    // A program named like a PDF is refused by its first bytes.
    const exe = await app.send('POST', `/hosts/${kv1}/scans/${scan.id}/attachments?name=x.pdf`, app.token('police.kv1'), new Uint8Array(Buffer.from('MZ\x90\x00 not a pdf')), 'application/pdf');
    expect(exe.status).toBe(415);
    const big = await app.send('POST', `/hosts/${kv1}/scans/${scan.id}/attachments`, app.token('police.kv1'), new Uint8Array(app.deps.config.scans.maxAttachmentBytes + 1), 'application/pdf');
    expect(big.status).toBe(413);
    expect(app.scanStore.getScan(scan.id)!.attachments).toHaveLength(1);
    expect((await app.access.store.audit.read({ afterSeq: null, limit: 50 })).filter((a) => a.action === 'scan.attach').map((a) => a.details.sha256)).toEqual([sha]);
  });
});

describe('acceptance', () => {
  it('is refused while the pack does not ask for it', async () => {
    const { scan } = await json<{ scan: ScanView }>(await record(kv1, { verdict: 'pass' }));
    expect((await app.send('POST', `/hosts/${kv1}/scans/${scan.id}/acceptance`, app.token('police.lead'), {})).status).toBe(409);
  });

  it('counts a pass once a second officer accepted it', async () => {
    const { readFile } = await import('node:fs/promises');
    const text = (await readFile(DEFAULT_PACK_FILE, 'utf8')).replace(/acceptance:\n    value: false/, 'acceptance:\n    value: true');
    app = await makeScanApp({ now: clock, rules: compileRuleSet([parsePack(text, 'accepting.yaml')]) });
    await app.addHost(kv1, 'hp-kv1', report);
    const { scan } = await json<{ scan: ScanView }>(await record(kv1, { verdict: 'pass' }));
    expect((await ruleStatus(kv1)).status).toBe('fail');
    const accept = (who: string) => app.send('POST', `/hosts/${kv1}/scans/${scan.id}/acceptance`, app.token(who), { note: 'đã kiểm tra biên bản' });
    expect((await accept('police.kv1')).status).toBe(403);
    expect((await accept('police.kv2')).status).toBe(403);
    const res = await accept('police.lead');
    expect(res.status).toBe(201);
    expect((await json<{ scan: ScanView }>(res)).scan.acceptance).toMatchObject({ by: { name: 'police.lead' }, note: 'đã kiểm tra biên bản' });
    expect((await ruleStatus(kv1)).status).toBe('pass');
    expect((await accept('police.lead')).status).toBe(409);
  });
});

describe('the scan queue', () => {
  it('lists the devices of the caller scope that need a scan, most urgent first', async () => {
    await record(kv1, { verdict: 'fail' });
    const lead = await json<{ items: Array<{ agentId: string; status: string; dueOn: string }> }>(await app.send('GET', '/scans/queue', app.token('police.lead')));
    expect(lead.items.map((i) => [i.agentId, i.status, i.dueOn])).toEqual([
      [kv1, 'failed', '2025-12-19'],
      [kv2, 'never', '2025-12-19'],
    ]);
    const mine = await json<{ items: Array<{ agentId: string }> }>(await app.send('GET', '/scans/queue', app.token('police.kv2')));
    expect(mine.items.map((i) => i.agentId)).toEqual([kv2]);
    expect((await app.send('GET', '/scans/queue?unit=hp-kv1', app.token('police.kv2'))).status).toBe(403);
  });
});
