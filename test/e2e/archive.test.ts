/**
 * The archive and schedules through a real collector process: a bad schedule stops start-up
 * naming the file and the field; "archive this" documents are acknowledged only once on disk,
 * survive a SIGKILL in the middle of a burst of requests, download byte for byte and are
 * listed and written out by `readiness archive list|get`.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sha256 } from '../../collector/archive/store.js';
import { parseCollectorConfig } from '../../collector/config.js';
import type { ArchiveEntry } from '../../schema/index.js';
import { checkArchivedDocuments, writeArchivedDocument } from '../helpers/archive-trial.js';
import { ROOT, runCli, startCollectorProcess } from '../helpers/cli.js';
import type { CollectorProcess } from '../helpers/cli.js';
import { makeTempDir } from '../helpers/temp-dir.js';

const env = { READINESS_ENROLL_SECRET: 'archive-enroll-secret-0123456789', READINESS_ADMIN_TOKEN: 'archive-admin-token-0123456789ab' };
const TOKEN = env.READINESS_ADMIN_TOKEN;

let dir: Awaited<ReturnType<typeof makeTempDir>> | undefined;
let collector: CollectorProcess | undefined;
afterAll(async () => {
  await collector?.stop('SIGKILL');
  await dir?.remove();
});

const config = (extra: string) => `org: ${resolve(ROOT, 'examples/org.haiphong.yaml')}\n${extra}`;

describe('schedules in the collector config', () => {
  it.each([
    ['schedules:\n  - { id: t, kind: tracker, formats: [xlsx], period: day, time: "5pm" }\n', 'field "schedules.0.time" write the time of day as HH:MM'],
    ['schedules:\n  - { id: t, kind: tracker, formats: [xlsx], period: day, time: "17:00", weekday: fri }\n', 'field "schedules.0.weekday" applies to weekly schedules only'],
    ['schedules:\n  - { id: t, kind: tracker, formats: [xlsx], period: week, time: "17:00", email: { to: [vp@vks.example] } }\n', 'field "schedules.0.email" needs a mail server'],
    ['schedules:\n  - { id: t, kind: tracker, formats: [xlsx, xlsx], period: day, time: "17:00" }\n', 'field "schedules.0.formats" lists a format twice'],
    ['mail: { host: m.example, from: vp@vks.example, insecure: true, tls: implicit }\n', 'field "mail.insecure" cannot be combined with tls: implicit'],
  ])('a bad schedule or mail server is refused naming the file and the field (%#)', (yaml, message) => {
    expect(() => parseCollectorConfig(config(yaml), 'collector.yaml')).toThrow(`collector.yaml is not a valid collector config: ${message}`);
  });

  it('stops start-up of the collector process when a schedule names a unit the org file lacks', async () => {
    dir ??= await makeTempDir('readiness-archive-e2e-');
    const file = join(dir.path, 'bad-unit.yaml');
    await writeFile(file, config('schedules:\n  - { id: t, kind: tracker, formats: [xlsx], unit: hp-x, period: day, time: "17:00" }\n'));
    const res = await runCli(['collector', 'start', '--config', file, '--port', '0', '--data', join(dir.path, 'bad-data')], env);
    expect(res.code).toBe(1);
    expect(res.stderr).toContain(`${file}: field "schedules.0.unit" names "hp-x", which is not a unit of the org file`);
  });
});

describe('the archive of a running collector', () => {
  it('keeps every acknowledged document through a SIGKILL, serves it byte for byte, and lists it from the CLI', async () => {
    dir ??= await makeTempDir('readiness-archive-e2e-');
    const data = join(dir.path, 'data');
    const file = join(dir.path, 'collector.yaml');
    await writeFile(file, config(`dataDir: ${data}\nschedules:\n  - { id: tracker-daily, kind: tracker, formats: [csv], unit: hp, period: day, time: "17:00" }\n`));
    collector = await startCollectorProcess(['--config', file], env);
    expect(collector.output()).toContain('collector: schedule tracker-daily: tracker (csv) for hp, daily at 17:00');

    // A burst of "archive this" requests, killed without warning in the middle.
    const acked: ArchiveEntry[] = [];
    let stop = false;
    let cutOff = 0;
    const worker = async (w: number) => {
      for (let n = 0; !stop && n < 500; n++) {
        const request = { kind: n % 2 ? 'summary' : 'tracker', format: (['csv', 'json', 'html'] as const)[(w + n) % 3], unit: w % 2 ? 'hp' : 'hp-kv1' };
        try {
          const entry = await writeArchivedDocument(collector!.url, TOKEN, request);
          if (entry) acked.push(entry);
        } catch {
          cutOff++;
          return;
        }
      }
    };
    // As many writers as the collector makes documents at once (documents.maxJobs): more would be answered 503 busy.
    const load = Promise.all(Array.from({ length: 4 }, (_, w) => worker(w)));
    // Killed in the middle of the work whatever the machine's speed (the worker thread starts
    // first): once a few documents are acknowledged, then after a random moment more.
    const waitStarted = Date.now();
    while (acked.length < 4 && Date.now() - waitStarted < 60_000) await new Promise((r) => setTimeout(r, 20));
    await new Promise((r) => setTimeout(r, Math.random() * 500));
    await collector.stop('SIGKILL');
    stop = true;
    await load;
    console.log(`archive crash test: ${acked.length} documents acknowledged before SIGKILL, ${cutOff} requests cut off`);
    expect(acked.length).toBeGreaterThan(3);
    expect(await checkArchivedDocuments(data, acked)).toEqual([]);

    collector = await startCollectorProcess(['--config', file], env);
    const listed = (await (await fetch(`${collector.url}/api/v1/archive`, { headers: { authorization: `Bearer ${TOKEN}` } })).json()) as { entries: ArchiveEntry[] };
    const ids = new Set(listed.entries.map((e) => e.id));
    expect(acked.filter((a) => !ids.has(a.id))).toEqual([]);
    const one = acked[0]!;
    const res = await fetch(`${collector.url}/api/v1/archive/${one.id}/file`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="${one.fileName}"`);
    expect(sha256(new Uint8Array(await res.arrayBuffer()))).toBe(one.sha256);
    expect((await fetch(`${collector.url}/api/v1/archive/${one.id}/file`)).status).toBe(401);
    expect((await fetch(`${collector.url}/api/v1/archive/20991231-000000-00000000/file`, { headers: { authorization: `Bearer ${TOKEN}` } })).status).toBe(404);

    // The equipment review comes through the same route, made for today from the latest reports.
    const equipment = await writeArchivedDocument(collector.url, TOKEN, { kind: 'equipment', format: 'xlsx', unit: 'hp' });
    expect(equipment).toMatchObject({ kind: 'equipment', format: 'xlsx', unitId: 'hp', fileName: expect.stringMatching(/^ra-soat-thiet-bi-hp-\d{4}-\d{2}-\d{2}\.xlsx$/) });

    const cli = await runCli(['archive', 'list', '--config', file, '--unit', 'hp-kv1', '--json']);
    expect(cli.code).toBe(0);
    const fromCli = JSON.parse(cli.stdout) as { entries: ArchiveEntry[] };
    expect(fromCli.entries.length).toBeGreaterThan(0);
    expect(fromCli.entries.every((e) => e.unitId === 'hp-kv1' && e.origin.type === 'request')).toBe(true);
    // One schedule run by hand from the CLI beside the running collector, then the schedules listed.
    const run = await runCli(['schedule', 'run', 'tracker-daily', '--config', file, '--json']);
    expect(run.code, run.stderr).toBe(0);
    const made = JSON.parse(run.stdout) as { entries: ArchiveEntry[]; delivery: null };
    expect(made.entries.map((e) => [e.kind, e.format, e.unitId, e.origin])).toEqual([['tracker', 'csv', 'hp', { type: 'manual', scheduleId: 'tracker-daily' }]]);
    const schedules = await runCli(['schedule', 'list', '--config', file]);
    expect(schedules.stdout).toMatch(/tracker-daily\s+tracker\s+csv\s+hp\s+day\s+17:00\s+\d{4}-\d{2}-\d{2}\s+0\s+0\s+0/);

    const out = join(dir.path, 'copy.bin');
    const got = await runCli(['archive', 'get', one.id, '--config', file, '--out', out]);
    expect(got.code).toBe(0);
    expect(got.stdout).toContain(`SHA-256 ${one.sha256} checked`);
    expect(sha256(await readFile(out))).toBe(one.sha256);
  }, 90_000);
});
