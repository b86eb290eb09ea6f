/**
 * The dashboard's pre-use scan parts in-process (docs/scans.md): the machine page's standing,
 * history and verdict form (multipart, with the signed minutes attached with their SHA-256),
 * the same validation and audit lines as the API, the form for security officers of the
 * machine's unit only, the queue page with its filters, the sheet upload with its per-row
 * answer, the forms' own body limits and the CSRF check on a multipart post.
 */
import { createHash, randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import { readFile } from 'node:fs/promises';
import { beforeEach, describe, expect, it } from 'vitest';
import { compileRuleSet } from '../../rules/compile.js';
import { DEFAULT_PACK_FILE, parsePack } from '../../rules/load-pack.js';
import { labelsFor } from '../../reports/i18n.js';
import { PASSWORD } from '../helpers/access-fixture.js';
import { ORIGIN } from '../helpers/dashboard-fixture.js';
import { readyReport } from '../helpers/ready-report.js';
import { makeScanApp } from '../helpers/scan-app.js';

const L = labelsFor('vi');
const S = L.page.scans;
const PDF = new Uint8Array(Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n'));
const now = new Date('2025-12-05T03:00:00Z');
type App = Awaited<ReturnType<typeof makeScanApp>>;
let app: App;
let kv1: string;
let kv2: string;

beforeEach(async () => {
  app = await makeScanApp({ now: () => now });
  [kv1, kv2] = [randomUUID(), randomUUID()];
  await app.addHost(kv1, 'hp-kv1', readyReport(kv1, '2025-12-05T02:00:00.000Z', { os: { ...readyReport(kv1, '2025-12-05T02:00:00.000Z').os!, hostname: 'KV1-PC01' } }));
  await app.addHost(kv2, 'hp-kv2', readyReport(kv2, '2025-12-05T02:00:00.000Z', { os: { ...readyReport(kv2, '2025-12-05T02:00:00.000Z').os!, hostname: 'KV2-PC01' } }));
});

const page = (path: string, who: string) => app.app.request(`${ORIGIN}${path}`, { headers: { authorization: `Bearer ${app.token(who)}` } });
/** A multipart form as a browser sends it (FormData), as `who` (a personal token) or with a session cookie and an Origin. */
function postForm(path: string, fields: Record<string, string | File>, auth: { who: string } | { cookie: string; origin: string }) {
  const body = new FormData();
  for (const [k, v] of Object.entries(fields)) body.append(k, v);
  const headers: Record<string, string> = 'who' in auth ? { authorization: `Bearer ${app.token(auth.who)}` } : { cookie: auth.cookie, origin: auth.origin };
  return app.app.request(`${ORIGIN}${path}`, { method: 'POST', headers, body });
}
const ruleStatus = async (host: string) => (await app.readiness.evaluate({})).hosts.find((h) => h.agentId === host)!.results.find((r) => r.ruleId === 'pre-use-scan')!.status;
const auditOf = async (action: string) => (await app.access.store.audit.read({ afterSeq: null, limit: 100 })).filter((a) => a.action === action);
const reportId = (host: string) => app.store.getHost(host)!.latest!.reportId;

describe('the machine page', () => {
  it('shows the verdict form to a security officer of the unit only; readers see the standing', async () => {
    const officer = await (await page(`/hosts/${kv1}`, 'police.kv1')).text();
    expect(officer).toContain('id="scan-form"');
    expect(officer).toContain(L.scan.status.never);
    for (const who of ['clerk.kv1', 'mgr.kv1', 'root']) {
      const html = await (await page(`/hosts/${kv1}`, who)).text();
      expect(html, who).toContain('id="scan-standing"');
      expect(html, who).not.toContain('id="scan-form"');
    }
    // An officer of another unit cannot open the machine at all.
    expect((await page(`/hosts/${kv1}`, 'police.kv2')).status).toBe(403);
  });

  it('records a verdict with the minutes through the scan service: stored, attached with its SHA-256, audited, and the rule follows', async () => {
    expect(await ruleStatus(kv1)).toBe('unknown');
    const res = await postForm(
      `/hosts/${kv1}/scans`,
      { reportId: reportId(kv1), verdict: 'pass', scannedOn: '2025-12-05', repName: 'Nguyễn Văn B', repTitle: 'Chánh Văn phòng', 'mark-firewall-on': 'pass', 'note-firewall-on': 'đã kiểm tra', note: 'rà quét tại phòng', minutes: new File([PDF], 'bien-ban.pdf', { type: 'application/pdf' }) },
      { who: 'police.kv1' },
    );
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/hosts/${kv1}?done=1#scan`);
    const [scan] = app.scanStore.history(kv1);
    expect(scan).toMatchObject({ verdict: 'pass', via: 'dashboard', officer: { name: 'police.kv1' }, representative: { name: 'Nguyễn Văn B', title: 'Chánh Văn phòng' }, items: [{ id: 'firewall-on', mark: 'pass', note: 'đã kiểm tra' }], note: 'rà quét tại phòng' });
    const sha = createHash('sha256').update(PDF).digest('hex');
    expect(scan!.attachments).toEqual([expect.objectContaining({ sha256: sha, type: 'pdf', fileName: 'bien-ban.pdf', bytes: PDF.length })]);
    expect(await auditOf('scan.record')).toEqual([expect.objectContaining({ target: kv1, details: expect.objectContaining({ scanId: scan!.id, via: 'dashboard', verdict: 'pass' }) })]);
    expect(await auditOf('scan.attach')).toEqual([expect.objectContaining({ details: expect.objectContaining({ sha256: sha }) })]);
    expect(await ruleStatus(kv1)).toBe('pass');
    // The page shows it to a reader of the unit, with the minutes' link.
    const html = await (await page(`/hosts/${kv1}`, 'clerk.kv1')).text();
    expect(html).toContain(L.scan.byOn('Đạt', 'police.kv1', '05/12/2025'));
    expect(html).toContain(`/api/v1/hosts/${kv1}/scans/${scan!.id}/attachments/${sha}`);
    expect(html).toContain(S.via.dashboard);
  });

  it('refuses what the API refuses, each problem beside its field, values kept, nothing stored', async () => {
    const res = await postForm(`/hosts/${kv1}/scans`, { reportId: reportId(kv1), verdict: 'conditional', scannedOn: '2025-12-06', repName: 'Nguyễn Văn B', 'mark-firewall-on': 'maybe', note: 'giữ lại ghi chú này' }, { who: 'police.kv1' });
    expect(res.status).toBe(400);
    const html = await res.text();
    // The request's shape first (as the API's parseRequest), then the service's own checks.
    for (const message of [S.err.representative, S.err.mark]) expect(html).toContain(message);
    expect(html).toContain('giữ lại ghi chú này');
    const conditional = await postForm(`/hosts/${kv1}/scans`, { reportId: reportId(kv1), verdict: 'conditional' }, { who: 'police.kv1' });
    expect(conditional.status).toBe(400);
    const conditionalHtml = await conditional.text();
    for (const message of [S.err.conditionsMissing, S.err.dueDateMissing]) expect(conditionalHtml).toContain(message);
    // Past the request's shape, the service's own checks: a scan dated after today.
    const later = await postForm(`/hosts/${kv1}/scans`, { reportId: reportId(kv1), verdict: 'pass', scannedOn: '2025-12-06' }, { who: 'police.kv1' });
    expect(later.status).toBe(400);
    expect(await later.text()).toContain(S.err.scannedOn('05/12/2025', '05/12/2025'));
    // Minutes that are no PDF or photo: refused before the verdict is recorded.
    const text = await postForm(`/hosts/${kv1}/scans`, { reportId: reportId(kv1), verdict: 'pass', minutes: new File(['not a pdf'], 'minutes.pdf') }, { who: 'police.kv1' });
    expect(text.status).toBe(400);
    expect(await text.text()).toContain(S.err.minutesType);
    expect(app.scanStore.history(kv1)).toEqual([]);
    expect(await auditOf('scan.record')).toEqual([]);
  });

  it('refuses a verdict on a report nobody looked at (the device reported again since the page was shown)', async () => {
    const shown = reportId(kv1);
    await app.store.addReport(readyReport(kv1, '2025-12-05T02:30:00.000Z'), now);
    const res = await postForm(`/hosts/${kv1}/scans`, { reportId: shown, verdict: 'pass' }, { who: 'police.kv1' });
    expect(res.status).toBe(409);
    expect(await res.text()).toContain(S.err.reportedAgain);
    expect(app.scanStore.history(kv1)).toEqual([]);
  });

  it('keeps the same-origin check for a multipart form posted with the session cookie', async () => {
    const signIn = await app.app.request(`${ORIGIN}/sign-in`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', origin: ORIGIN }, body: new URLSearchParams({ name: 'police.kv1', password: PASSWORD }).toString() });
    const cookie = signIn.headers.get('set-cookie')!.split(';')[0]!;
    const forged = await postForm(`/hosts/${kv1}/scans`, { reportId: reportId(kv1), verdict: 'pass' }, { cookie, origin: 'https://evil.example' });
    expect(forged.status).toBe(403);
    expect(app.scanStore.history(kv1)).toEqual([]);
    const own = await postForm(`/hosts/${kv1}/scans`, { reportId: reportId(kv1), verdict: 'pass' }, { cookie, origin: ORIGIN });
    expect(own.status).toBe(303);
  });

  it('takes a body up to the minutes limit, and refuses a larger one before reading it', async () => {
    // The default limit is 10 MiB of minutes (collector config `scans.maxAttachmentBytes`), past the 8 KiB of other forms.
    const big = new Uint8Array(9 * 1024 * 1024);
    big.set(PDF);
    const ok = await postForm(`/hosts/${kv1}/scans`, { reportId: reportId(kv1), verdict: 'pass', minutes: new File([big], 'scan.pdf') }, { who: 'police.kv1' });
    expect(ok.status).toBe(303);
    const tooBig = await postForm(`/hosts/${kv1}/scans`, { reportId: reportId(kv1), verdict: 'pass', minutes: new File([new Uint8Array(11 * 1024 * 1024)], 'scan.pdf') }, { who: 'police.kv1' });
    expect(tooBig.status).toBe(413);
    expect(app.scanStore.history(kv1)).toHaveLength(1);
  });
});

describe('acceptance by a second officer', () => {
  it('offers the accept action where the pack asks for it, to an officer who did not record the verdict, and the rule follows', async () => {
    const text = (await readFile(DEFAULT_PACK_FILE, 'utf8')).replace(/acceptance:\n    value: false/, 'acceptance:\n    value: true');
    app = await makeScanApp({ now: () => now, rules: compileRuleSet([parsePack(text, 'accepting.yaml')]) });
    await app.addHost(kv1, 'hp-kv1', readyReport(kv1, '2025-12-05T02:00:00.000Z'));
    expect((await postForm(`/hosts/${kv1}/scans`, { reportId: reportId(kv1), verdict: 'pass' }, { who: 'police.kv1' })).status).toBe(303);
    const [scan] = app.scanStore.history(kv1);
    expect(await ruleStatus(kv1)).toBe('fail');
    // The recorder sees it awaiting acceptance, without the accept form; another officer of the unit gets it.
    const own = await (await page(`/hosts/${kv1}`, 'police.kv1')).text();
    expect(own).toContain(L.scan.status.awaiting_acceptance);
    expect(own).not.toContain('id="accept-form"');
    expect(await (await page(`/hosts/${kv1}`, 'police.lead')).text()).toContain(`action="/hosts/${kv1}/scans/${scan!.id}/accept"`);
    expect(await (await page('/scans?reason=awaiting_acceptance', 'police.lead')).text()).toContain(kv1);
    // Posted by the recorder anyway: the service refuses it (a 403 page), as through the API.
    expect((await postForm(`/hosts/${kv1}/scans/${scan!.id}/accept`, { note: '' }, { who: 'police.kv1' })).status).toBe(403);
    const res = await postForm(`/hosts/${kv1}/scans/${scan!.id}/accept`, { note: 'đã kiểm tra biên bản' }, { who: 'police.lead' });
    expect(res.status).toBe(303);
    expect(app.scanStore.getScan(scan!.id)!.acceptance).toMatchObject({ by: { name: 'police.lead' }, note: 'đã kiểm tra biên bản' });
    expect(await auditOf('scan.accept')).toHaveLength(1);
    expect(await ruleStatus(kv1)).toBe('pass');
    expect(await (await page(`/hosts/${kv1}`, 'clerk.kv1')).text()).toContain(S.acceptedBy('police.lead', '05/12/2025 10:00'));
  });
});

describe('a malformed multipart body', () => {
  it.each([
    ['no boundary', 'multipart/form-data', '--x\r\ncontent-disposition: form-data; name="verdict"\r\n\r\npass\r\n--x--\r\n'],
    ['a cut-off part', 'multipart/form-data; boundary=x', '--x\r\ncontent-disposition: form-data; name="verdict"\r\n\r\npa'],
    ['a wrong boundary', 'multipart/form-data; boundary=y', '--x\r\ncontent-disposition: form-data; name="verdict"\r\n\r\npass\r\n--x--\r\n'],
  ])('is refused with a page and records nothing (%s)', async (_name, type, body) => {
    for (const path of [`/hosts/${kv1}/scans`, '/scans/import']) {
      const res = await app.app.request(`${ORIGIN}${path}`, { method: 'POST', headers: { authorization: `Bearer ${app.token('police.kv1')}`, 'content-type': type }, body });
      expect(res.status, path).toBe(400);
      expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    }
    expect(app.scanStore.history(kv1)).toEqual([]);
  });
});

describe('the scan queue page', () => {
  it('lists the scope\'s devices that need a scan, filters them, and drops one once it passed', async () => {
    const lead = await (await page('/scans', 'police.lead')).text();
    expect(lead).toContain('KV1-PC01');
    expect(lead).toContain('KV2-PC01');
    // An officer of one unit sees its devices only, and may not ask for another unit.
    const own = await (await page('/scans', 'police.kv1')).text();
    expect(own).toContain('KV1-PC01');
    expect(own).not.toContain('KV2-PC01');
    expect((await page('/scans?unit=hp-kv2', 'police.kv1')).status).toBe(403);
    expect(await (await page('/scans?unit=hp-kv2', 'police.lead')).text()).not.toContain('KV1-PC01');
    expect(await (await page('/scans?reason=failed', 'police.lead')).text()).toContain(S.queue.empty);
    // A viewer reads the queue of their unit too (as GET /api/v1/scans/queue), without the upload link.
    const clerk = await (await page('/scans', 'clerk.kv1')).text();
    expect(clerk).toContain('KV1-PC01');
    expect(clerk).not.toContain('href="/scans/import"');
    expect(own).toContain('href="/scans/import"');

    await postForm(`/hosts/${kv1}/scans`, { reportId: reportId(kv1), verdict: 'fail' }, { who: 'police.kv1' });
    expect(await (await page('/scans?reason=failed', 'police.kv1')).text()).toContain('KV1-PC01');
    await postForm(`/hosts/${kv1}/scans`, { reportId: reportId(kv1), verdict: 'pass' }, { who: 'police.kv1' });
    expect(await (await page('/scans', 'police.kv1')).text()).not.toContain('KV1-PC01');
  });

  it('says what changed since the scan in Vietnamese, on the queue and on the machine page', async () => {
    await postForm(`/hosts/${kv1}/scans`, { reportId: reportId(kv1), verdict: 'pass', scannedOn: '2025-12-05' }, { who: 'police.kv1' });
    const base = readyReport(kv1, '2025-12-05T02:30:00.000Z');
    const later = readyReport(kv1, '2025-12-05T02:30:00.000Z', {
      os: { ...base.os!, hostname: 'KV1-PC01' },
      security: { ...base.security!, remoteAccessTools: [{ name: 'AnyDesk', installed: true, running: false, evidence: 'program AnyDesk 8.0' }] },
    });
    await app.store.addReport(later, now, { softwareMatches: (_h, r) => app.readiness.softwareMatches(r) });
    const line = 'Từ lần rà quét ngày 05/12/2025: đã cài AnyDesk';
    const queue = await (await page('/scans?reason=changed', 'police.kv1')).text();
    expect(queue).toContain('KV1-PC01');
    expect(queue).toContain(line);
    expect(await (await page(`/hosts/${kv1}`, 'clerk.kv1')).text()).toContain(line);
  });
});

describe('the sheet upload page', () => {
  it('records the rows filled in and shows per row what was recorded, refused and why', async () => {
    const printed = await app.send('GET', '/readiness/security.xlsx?unit=hp&lang=vi', app.token('police.lead'));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await printed.arrayBuffer()) as unknown as ArrayBuffer);
    const ws = wb.worksheets.find((w) => (w.getRow(1).values as unknown[]).includes('host_id'))!;
    const header = ws.getRow(1).values as string[];
    for (let r = 2; r <= ws.rowCount; r++) ws.getRow(r).getCell(header.indexOf(L.col.verdict)).value = 'Đạt';
    const bytes = new Uint8Array(await wb.xlsx.writeBuffer());
    // Printed by the lead for the whole city, imported by the officer of khu vực 1: the khu vực 2 row is refused.
    const res = await postForm('/scans/import', { sheet: new File([bytes], 'phieu.xlsx') }, { who: 'police.kv1' });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain(S.upload.summary('1', '1', '0'));
    expect(html).toMatch(/data-outcome="recorded">.*KV1-PC01.*Đã ghi/s);
    expect(html).toMatch(/data-outcome="refused">.*KV2-PC01.*outside the scope of police\.kv1/s);
    expect(await ruleStatus(kv1)).toBe('pass');
    expect(app.scanStore.history(kv2)).toEqual([]);
  });

  it('refuses a file that is no workbook, and a missing file, recording nothing', async () => {
    const pdf = await postForm('/scans/import', { sheet: new File([PDF], 'phieu.xlsx') }, { who: 'police.kv1' });
    expect(pdf.status).toBe(400);
    expect(await pdf.text()).toContain(S.upload.refused('this file is not an XLSX workbook'));
    const none = await postForm('/scans/import', {}, { who: 'police.kv1' });
    expect(none.status).toBe(400);
    expect(await none.text()).toContain(S.upload.fileMissing);
    expect((await page('/scans/import', 'clerk.kv1')).status).toBe(403);
    expect((await page('/scans/import', 'root')).status).toBe(403);
  });
});
