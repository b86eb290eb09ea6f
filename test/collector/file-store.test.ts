import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { FileStore } from '../../collector/store/file-store.js';
import { makeReport } from '../helpers/report-fixture.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { HOST_A, HOST_B, testAgent } from '../helpers/store-kinds.js';

const agent = testAgent;
const [A, B] = [HOST_A, HOST_B];

let dir: Awaited<ReturnType<typeof makeTempDir>>;
beforeEach(async () => {
  dir = await makeTempDir();
});
afterEach(() => dir.remove());

// What every store does is in store-contract.test.ts; this is what is particular to files.
describe('FileStore', () => {
  it('writes only the reporting host\'s file', async () => {
    const store = new FileStore(dir.path);
    await store.load();
    await store.createAgent(agent(A));
    await store.createAgent(agent(B));
    const before = (await stat(join(dir.path, 'hosts', `${B}.json`))).mtimeMs;
    await new Promise((r) => setTimeout(r, 20));
    await store.addReport(makeReport(A), new Date());
    expect((await stat(join(dir.path, 'hosts', `${B}.json`))).mtimeMs).toBe(before);
  });

  it('keeps the program list in its own file, out of the host document and of memory', async () => {
    const store = new FileStore(dir.path);
    await store.load();
    await store.createAgent(agent(A));
    const programs = [{ name: 'UltraViewer', version: '6.6', publisher: 'DucFabulous' }];
    const report = makeReport(A, { software: { source: 'registry', programs } });
    await store.addReport(report, new Date());
    expect(store.getHost(A)!.latest?.software?.programs).toEqual([]);
    expect(await readFile(join(dir.path, 'hosts', `${A}.json`), 'utf8')).not.toContain('UltraViewer');
    const full = await store.readHost(A);
    expect(full?.latest?.software?.programs[0]?.name).toBe('UltraViewer');

    expect(await readdir(join(dir.path, 'software'))).toEqual([`${A}.${report.reportId}.json`]);
  });

  it('makes the host document the commit point: a crash between the two writes leaves the previous report whole', async () => {
    const store = new FileStore(dir.path);
    await store.load();
    await store.createAgent(agent(A));
    const first = makeReport(A, { collectedAt: '2025-12-05T01:00:00.000Z', software: { source: 'registry', programs: [{ name: 'Bkav Pro' }] } });
    await store.addReport(first, new Date('2025-12-05T01:00:05Z'));
    // The next report's program file was written, then the collector died before its host document.
    const next = makeReport(A, { collectedAt: '2025-12-05T02:00:00.000Z' });
    await writeFile(join(dir.path, 'software', `${A}.${next.reportId}.json`), JSON.stringify({ reportId: next.reportId, programs: [{ name: 'UltraViewer' }] }));
    await writeFile(join(dir.path, 'software', `.${A}.${next.reportId}.json.1.2.tmp`), '{"half');

    const reopened = new FileStore(dir.path);
    await reopened.load();
    const host = await reopened.readHost(A);
    expect(host?.latest?.reportId).toBe(first.reportId);
    expect(host?.latest?.software?.programs.map((p) => p.name)).toEqual(['Bkav Pro']);
    // The unreferenced file and the temporary leftover are gone.
    expect(await readdir(join(dir.path, 'software'))).toEqual([`${A}.${first.reportId}.json`]);

    // A newer report replaces the list and removes the old file after its commit.
    const third = makeReport(A, { collectedAt: '2025-12-05T03:00:00.000Z', software: { source: 'registry', programs: [{ name: 'Office' }] } });
    await reopened.addReport(third, new Date('2025-12-05T03:00:05Z'));
    expect(await readdir(join(dir.path, 'software'))).toEqual([`${A}.${third.reportId}.json`]);
    expect((await reopened.readHost(A))?.latest?.software?.programs.map((p) => p.name)).toEqual(['Office']);
  });

  it('sets a damaged program file aside and says the list is missing, never that there are no programs', async () => {
    const lines: string[] = [];
    const store = new FileStore(dir.path, { log: (l) => lines.push(l) });
    await store.load();
    await store.createAgent(agent(A));
    const report = makeReport(A, { software: { source: 'registry', programs: [{ name: 'Bkav Pro' }] } });
    await store.addReport(report, new Date());
    await writeFile(join(dir.path, 'software', `${A}.${report.reportId}.json`), '{"reportId": "trunc');
    const host = await store.readHost(A);
    expect(host?.latest?.software).toBeUndefined();
    expect(host?.latest?.errors.map((e) => e.section)).toEqual(['software']);
    expect(lines.join('\n')).toContain('set aside the damaged program file');
    expect(await readdir(join(dir.path, 'corrupt', 'software'))).toEqual([`${A}.${report.reportId}.json`]);
    // The next report brings a new list.
    await store.addReport(makeReport(A, { software: { source: 'registry', programs: [{ name: 'Office' }] } }), new Date());
    expect((await store.readHost(A))?.latest?.software?.programs.map((p) => p.name)).toEqual(['Office']);
  });

  it('sets aside a damaged host file and removes leftovers of interrupted writes', async () => {
    const store = new FileStore(dir.path);
    await store.load();
    await store.createAgent(agent(A));
    await writeFile(join(dir.path, 'hosts', `${B}.json`), '{"agentId": "truncated');
    await writeFile(join(dir.path, 'hosts', `.${A}.json.123.1.tmp`), '{}');

    const reopened = new FileStore(dir.path);
    await reopened.load();
    expect(reopened.size).toBe(1);
    expect(reopened.warnings).toHaveLength(1);
    expect(reopened.warnings[0]).toContain(`${B}.json`);
    expect(await readdir(join(dir.path, 'corrupt'))).toEqual([`${B}.json`]);
    expect((await readdir(join(dir.path, 'hosts'))).filter((n) => n.endsWith('.tmp'))).toEqual([]);
    expect(await readFile(join(dir.path, 'corrupt', `${B}.json`), 'utf8')).toBe('{"agentId": "truncated');
  });
});
