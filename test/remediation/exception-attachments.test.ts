/**
 * Exception attachments (docs/remediation.md "Attachments"): the approving decision as a PDF or
 * a photo, added to a stored exception. In-process: the round trip with its SHA-256, listed with
 * the exception, one audit line; a file that is not a PDF, JPEG or PNG refused (415), one past
 * the configured limit refused (413), the same file twice kept once; a reader of another unit
 * refused both ways, a viewer of the unit may download and not upload. End to end with the real
 * collector process on a data directory: `readiness exception add --attach` and `exception
 * attach`, the bytes read back the same after a restart.
 */
import { createHash } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CollectorConfig } from '../../collector/config.js';
import { MAX_EXCEPTION_ATTACHMENTS } from '../../collector/remediation/exceptions.js';
import { openRemediation } from '../../collector/remediation/index.js';
import { DEFAULT_PACK_FILE, loadRuleSet } from '../../rules/load-pack.js';
import type { ExceptionAttachment, ExceptionView } from '../../schema/index.js';
import { addUsers } from '../helpers/access-fixture.js';
import { runCli, startCollectorProcess } from '../helpers/cli.js';
import type { CollectorProcess } from '../helpers/cli.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { makeTestApp } from '../helpers/test-app.js';

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
/** A PDF and a PNG as their first bytes make them (the collector looks at nothing else). */
const PDF = new Uint8Array(Buffer.from('%PDF-1.4\n% Quyết định 12/QĐ-VKS phê duyệt miễn trừ\n%%EOF\n'));
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
const LIMIT = 64 * 1024;

describe('exception attachments through the API', () => {
  let t: ReturnType<typeof makeTestApp>;
  let users: Record<string, { name: string; token: string }>;
  let id: string;

  beforeAll(async () => {
    const base = makeTestApp({ config: CollectorConfig.parse({ exceptions: { maxAttachmentBytes: LIMIT } }) });
    const d = base.deps;
    const remediation = openRemediation({ dataDir: null, rules: await loadRuleSet([DEFAULT_PACK_FILE]), store: d.store, org: d.org, access: d.access.store, jobs: d.readiness, now: d.now, log: () => {} });
    t = makeTestApp({ ...d, remediation });
    await t.enroll('u-a', 'p1');
    await t.enroll('u-b', 'p1');
    users = await addUsers(d.access.store, [
      { name: 'root', role: 'admin', unit: null },
      { name: 'mgr-a', role: 'unit_manager', unit: 'u-a' },
      { name: 'clerk-a', role: 'viewer', unit: 'u-a' },
      { name: 'clerk-b', role: 'viewer', unit: 'u-b' },
      { name: 'mgr-b', role: 'unit_manager', unit: 'u-b' },
    ]);
    const res = await t.app.request('/api/v1/exceptions', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${users.root!.token}` },
      body: JSON.stringify({ rule: 'firewall-on', unit: 'u-a', reason: 'máy đo kiểm chuyên dụng, tường lửa ngoài', expires: '2099-12-31', reference: 'QĐ 12/QĐ-VKS' }),
    });
    expect(res.status).toBe(201);
    id = ((await res.json()) as { exception: ExceptionView }).exception.id;
  });

  const upload = (bytes: Uint8Array, token: string, type = 'application/pdf', name = 'quyet-dinh.pdf', exception = id) =>
    t.app.request(`/api/v1/exceptions/${exception}/attachments?name=${encodeURIComponent(name)}`, { method: 'POST', headers: { 'content-type': type, authorization: `Bearer ${token}` }, body: bytes as Uint8Array<ArrayBuffer> });
  const download = (sha256: string, token: string) => t.app.request(`/api/v1/exceptions/${id}/attachments/${sha256}`, { headers: { authorization: `Bearer ${token}` } });
  const listed = async (token: string) =>
    ((await (await t.get('/exceptions?unit=u-a', token)).json()) as { exceptions: ExceptionView[] }).exceptions.find((e) => e.id === id)!;
  const attachAudits = async () => (await t.deps.access.store.audit.read({ afterSeq: null, limit: 200 })).filter((a) => a.action === 'exception.attach');

  it('a new exception lists no attachment', async () => {
    expect((await listed(users.root!.token)).attachments).toEqual([]);
  });

  it('stores the decision, lists it with its SHA-256, and gives the same bytes back', async () => {
    const res = await upload(PDF, users.root!.token);
    expect(res.status).toBe(201);
    const { attachment } = (await res.json()) as { attachment: ExceptionAttachment };
    expect(attachment).toMatchObject({ sha256: sha(PDF), type: 'pdf', bytes: PDF.length, fileName: 'quyet-dinh.pdf', by: { name: 'root', role: 'admin' } });
    // Listed with the exception, for a reader of its unit too.
    expect((await listed(users['clerk-a']!.token)).attachments).toEqual([attachment]);
    const got = await download(attachment.sha256, users['clerk-a']!.token);
    expect(got.status).toBe(200);
    expect(got.headers.get('content-type')).toBe('application/pdf');
    expect(got.headers.get('content-disposition')).toBe('attachment; filename="quyet-dinh.pdf"');
    expect(sha(new Uint8Array(await got.arrayBuffer()))).toBe(sha(PDF));
    expect((await attachAudits()).map((a) => [a.target, a.details.sha256, a.actor.name])).toEqual([[id, sha(PDF), 'root']]);
  });

  it('keeps the same file once, and adds a photo beside it (by a manager of the unit)', async () => {
    expect((await upload(PDF, users.root!.token)).status).toBe(200);
    const photo = await upload(PNG, users['mgr-a']!.token, 'image/png', 'anh chup.png');
    expect(photo.status).toBe(201);
    const { attachments } = await listed(users.root!.token);
    expect(attachments.map((a) => [a.type, a.sha256, a.fileName, a.by.name])).toEqual([
      ['pdf', sha(PDF), 'quyet-dinh.pdf', 'root'],
      ['png', sha(PNG), 'anh chup.png', 'mgr-a'],
    ]);
    const got = await download(sha(PNG), users.root!.token);
    expect([got.headers.get('content-type'), got.headers.get('content-disposition')]).toEqual(['image/png', 'attachment; filename="anh_chup.png"']);
    expect((await attachAudits()).length).toBe(2);
    // The dashboard's exceptions page links both, for a reader of the unit; a reader of another unit sees neither.
    const page = async (token: string) => (await t.app.request('http://localhost/exceptions', { headers: { authorization: `Bearer ${token}` } })).text();
    const mine = await page(users['clerk-a']!.token);
    for (const a of attachments) expect(mine).toContain(`href="/api/v1/exceptions/${id}/attachments/${a.sha256}"`);
    expect(mine).toContain('anh chup.png');
    expect(await page(users['clerk-b']!.token)).not.toContain(`/api/v1/exceptions/${id}/attachments/`);
  });

  it('refuses a file that is not a PDF, JPEG or PNG by its first bytes, whatever it claims, and an empty one', async () => {
    const exe = new Uint8Array(Buffer.from('MZ\x90\x00 not a decision'));
    const res = await upload(exe, users.root!.token, 'application/pdf', 'quyet-dinh.pdf');
    expect(res.status).toBe(415);
    expect(((await res.json()) as { error: { message: string } }).error.message).toBe(
      'the attachment is not a PDF, JPEG or PNG file (its first bytes say so, whatever its name); attach the approving decision as a PDF or a photo; nothing was stored',
    );
    expect((await upload(new Uint8Array(), users.root!.token)).status).toBe(400);
    expect((await listed(users.root!.token)).attachments).toHaveLength(2);
  });

  it('refuses a file past exceptions.maxAttachmentBytes with 413', async () => {
    const big = new Uint8Array(LIMIT + 1);
    big.set(PDF);
    const res = await upload(big, users.root!.token);
    expect(res.status).toBe(413);
    expect(((await res.json()) as { error: { message: string } }).error.message).toBe(`an exception attachment may be at most ${LIMIT} bytes; nothing was stored`);
    const exact = new Uint8Array(LIMIT);
    exact.set(PDF);
    expect((await upload(exact, users.root!.token)).status).toBe(201);
  });

  it('refuses another unit\'s reader and manager, a viewer\'s upload, and an unknown exception or file', async () => {
    const attachment = (await listed(users.root!.token)).attachments[0]!;
    expect((await download(attachment.sha256, users['clerk-b']!.token)).status).toBe(403);
    expect((await upload(PNG, users['mgr-b']!.token, 'image/png')).status).toBe(403);
    expect((await upload(PNG, users['clerk-a']!.token, 'image/png')).status).toBe(403);
    expect((await download('0'.repeat(64), users.root!.token)).status).toBe(404);
    expect((await upload(PDF, users.root!.token, 'application/pdf', 'x.pdf', 'ex-0000000000')).status).toBe(404);
    expect((await t.get('/exceptions/ex-0000000000/attachments/' + attachment.sha256, users.root!.token)).status).toBe(404);
    // The other unit's reader does not see the exception in its list either.
    expect(((await (await t.get('/exceptions', users['clerk-b']!.token)).json()) as { exceptions: unknown[] }).exceptions).toEqual([]);
    expect((await listed(users.root!.token)).attachments).toHaveLength(3);
  });

  it(`keeps at most ${MAX_EXCEPTION_ATTACHMENTS} files on one exception`, async () => {
    for (let n = 3; n < MAX_EXCEPTION_ATTACHMENTS; n++) expect((await upload(new Uint8Array(Buffer.from(`%PDF-1.4\n% trang ${n}\n`)), users.root!.token)).status).toBe(201);
    const res = await upload(new Uint8Array(Buffer.from('%PDF-1.4\n% one too many\n')), users.root!.token);
    expect(res.status).toBe(409);
    expect(((await res.json()) as { error: { message: string } }).error.message).toBe(`exception ${id} already has ${MAX_EXCEPTION_ATTACHMENTS} attachments, the most one may carry; nothing was stored`);
    expect((await listed(users.root!.token)).attachments).toHaveLength(MAX_EXCEPTION_ATTACHMENTS);
  });
});

describe('readiness exception add --attach and exception attach', () => {
  const env = { READINESS_ENROLL_SECRET: 'exc-attach-enroll-secret-0123456789', READINESS_ADMIN_TOKEN: 'exc-attach-admin-token-0123456789' };
  let dir: Awaited<ReturnType<typeof makeTempDir>>;
  let collector: CollectorProcess;
  let data: string;

  beforeAll(async () => {
    dir = await makeTempDir('readiness-exception-attach-');
    data = join(dir.path, 'data');
    collector = await startCollectorProcess(['--data', data], env);
    // The unit exists once a machine enrolled into it (no org file).
    const res = await fetch(`${collector.url}/api/v1/enroll`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ secret: env.READINESS_ENROLL_SECRET, unit: 'u-cli', hostname: 'CLI-PC01' }) });
    expect(res.status).toBe(201);
  }, 60_000);
  afterAll(async () => {
    await collector?.stop();
    await dir?.remove();
  });

  const cli = (args: string[]) => runCli([...args, '--collector', collector.url], env);
  const fetchBytes = async (path: string) => {
    const res = await fetch(`${collector.url}/api/v1${path}`, { headers: { authorization: `Bearer ${env.READINESS_ADMIN_TOKEN}` } });
    return { status: res.status, bytes: new Uint8Array(await res.arrayBuffer()) };
  };

  it('records an exception with its decision, adds a photo, lists both, and reads them back after a restart', async () => {
    const pdf = join(dir.path, 'QĐ 12.pdf');
    const png = join(dir.path, 'anh.png');
    await writeFile(pdf, PDF);
    await writeFile(png, PNG);
    const added = await cli(['exception', 'add', '--rule', 'firewall-on', '--unit', 'u-cli', '--reason', 'máy đo kiểm chuyên dụng, tường lửa ngoài', '--expires', '2099-12-31', '--attach', pdf, '--json']);
    expect(added.stderr).toBe('');
    expect(added.code).toBe(0);
    const exception = JSON.parse(added.stdout) as ExceptionView;
    expect(exception.attachments.map((a) => [a.type, a.sha256, a.fileName])).toEqual([['pdf', sha(PDF), 'QĐ 12.pdf']]);

    const attached = await cli(['exception', 'attach', exception.id, png]);
    expect(attached.code).toBe(0);
    expect(attached.stdout).toContain(`attached anh.png (png, ${PNG.length} bytes, sha256 ${sha(PNG)}) by`);

    const notAFile = join(dir.path, 'note.txt');
    await writeFile(notAFile, 'chỉ là ghi chú');
    const refused = await cli(['exception', 'attach', exception.id, notAFile]);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain('the collector refused the attachment: the attachment is not a PDF, JPEG or PNG file');

    const list = await cli(['exception', 'list', '--unit', 'u-cli']);
    expect(list.code).toBe(0);
    expect(list.stdout).toContain(`attached QĐ 12.pdf (pdf, ${PDF.length} bytes, sha256 ${sha(PDF)})`);
    expect(list.stdout).toContain(`attached anh.png (png, ${PNG.length} bytes, sha256 ${sha(PNG)})`);

    // Acknowledged means on disk: a new process on the same data directory gives the same bytes.
    await collector.stop();
    collector = await startCollectorProcess(['--data', data], env);
    for (const bytes of [PDF, PNG]) {
      const got = await fetchBytes(`/exceptions/${exception.id}/attachments/${sha(bytes)}`);
      expect(got.status).toBe(200);
      expect(sha(got.bytes)).toBe(sha(bytes));
    }
  }, 120_000);
});
