/**
 * Three collectors on loopback: the Supreme Procuracy's (the parent) and two cities that send
 * it their units' figures. The figures arrive and equal the child's own; the parent down for a
 * while, then back: every snapshot queued meanwhile is delivered once, in order; a child token
 * writing outside its subtree is refused; a child whose figures are old is shown stale and
 * counted as unknown.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer } from 'node:net';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { stringify } from 'yaml';
import { CollectorConfig } from '../../collector/config.js';
import { startCollector } from '../../collector/server.js';
import type { RunningCollector } from '../../collector/server.js';
import { ChildRegistry } from '../../collector/rollup/children.js';
import { snapshotFigures } from '../../collector/rollup/snapshot.js';
import type { ChildFigures } from '../../collector/rollup/view.js';
import type { Evaluation, RollupSnapshot } from '../../schema/index.js';
import { makeReport } from '../helpers/report-fixture.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { runCli } from '../helpers/cli.js';

const SECRET = 'rollup-enroll-secret-0123456789';
const ADMIN = 'rollup-admin-token-0123456789ab';

const freePort = () =>
  new Promise<number>((ok, fail) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => ok(port));
    });
    s.on('error', fail);
  });

async function until<T>(check: () => Promise<T | undefined | false>, what: string, ms = 30_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('roll-up from cities to the Supreme Procuracy', () => {
  let dir: Awaited<ReturnType<typeof makeTempDir>>;
  let parentPort: number;
  let parent: RunningCollector | null = null;
  const children: RunningCollector[] = [];
  const logs: string[] = [];

  const startParent = async () => {
    const org = join(dir.path, 'org.yaml');
    await writeFile(
      org,
      stringify({
        name: 'VKSND tối cao',
        units: [
          { id: 'vksndtc', name: 'VKSND tối cao', level: 'supreme', parent: null },
          { id: 'hp', name: 'VKSND TP Hải Phòng', level: 'city', parent: 'vksndtc' },
          { id: 'hn', name: 'VKSND TP Hà Nội', level: 'city', parent: 'vksndtc' },
        ],
      }),
    );
    parent = await startCollector(CollectorConfig.parse({ port: parentPort, dataDir: join(dir.path, 'supreme'), enrollSecret: SECRET, adminToken: ADMIN, org }), { log: (l) => logs.push(`supreme: ${l}`) });
  };
  const startChild = async (name: string, token: string, unit: string) => {
    const child = await startCollector(
      CollectorConfig.parse({
        port: 0,
        dataDir: join(dir.path, name),
        enrollSecret: SECRET,
        adminToken: ADMIN,
        parent: { url: `http://127.0.0.1:${parentPort}`, token, unit, changeDelaySeconds: 1 },
      }),
      { log: (l) => logs.push(`${name}: ${l}`) },
    );
    children.push(child);
    return child;
  };
  const enrollAndReport = async (child: RunningCollector, unit: string, n: number) => {
    for (let i = 0; i < n; i++) {
      const res = await fetch(`${child.url}/api/v1/enroll`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ secret: SECRET, unit, hostname: `PC-${i}` }) });
      const agent = (await res.json()) as { agentId: string; agentKey: string };
      const sent = await fetch(`${child.url}/api/v1/reports`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${agent.agentKey}` }, body: JSON.stringify(makeReport(agent.agentId)) });
      expect(sent.status).toBe(201);
    }
  };
  const rollupAtParent = async (): Promise<{ staleHours: number; children: ChildFigures[] }> =>
    (await (await fetch(`http://127.0.0.1:${parentPort}/api/v1/rollup`, { headers: { authorization: `Bearer ${ADMIN}` } })).json()) as { staleHours: number; children: ChildFigures[] };
  const postSnapshot = (token: string, snapshot: RollupSnapshot) =>
    fetch(`http://127.0.0.1:${parentPort}/api/v1/rollup`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify(snapshot) });
  const ownFigures = async (child: RunningCollector) => snapshotFigures(JSON.parse(Buffer.from(await child.jobs.evaluationJson({ unitId: null, recursive: true })).toString('utf8')) as Evaluation);

  let hpToken: string;
  let hnToken: string;
  beforeAll(async () => {
    dir = await makeTempDir('readiness-rollup-');
    parentPort = await freePort();
    await startParent();
    // One child token through the command line, as the parent's admin makes them; one directly.
    const cli = await runCli(['rollup', 'child', 'add', '--data', join(dir.path, 'supreme'), '--unit', 'hp', '--name', 'VKSND TP Hải Phòng', '--json']);
    expect(cli.stderr).toBe('');
    hpToken = (JSON.parse(cli.stdout) as { token: string }).token;
    hnToken = (await new ChildRegistry(join(dir.path, 'supreme')).add({ name: 'VKSND TP Hà Nội', unit: 'hn' }, new Date())).token;
  }, 120_000);
  afterAll(async () => {
    for (const c of children) await c.close();
    await parent?.close();
    await dir?.remove();
  });

  it('delivers a city\'s figures, which equal its own, and queues them while the parent is down', async () => {
    const hp = await startChild('hp', hpToken, 'hp');
    await enrollAndReport(hp, 'hp-vanphong', 3);
    const expected = await ownFigures(hp);
    const arrived = await until(async () => {
      const shown = (await rollupAtParent()).children.find((c) => c.unit === 'hp');
      return shown && JSON.stringify(shown.units) === JSON.stringify(expected.units) ? shown : undefined;
    }, 'the parent to show Hải Phòng\'s figures');
    expect(arrived).toMatchObject({ stale: false, child: { name: 'VKSND TP Hải Phòng' } });
    expect(arrived.units.map((u) => u.unitId)).toEqual(['hp-vanphong']);
    expect(Math.max(...arrived.units[0]!.rules.map((r) => r.expected))).toBe(3);

    // The parent goes down; figures change twice meanwhile and wait in the child's queue.
    await parent!.close();
    parent = null;
    await enrollAndReport(hp, 'hp-kv1', 2);
    await hp.rollup!.snapshotNow();
    await enrollAndReport(hp, 'hp-kv1', 1);
    await hp.rollup!.snapshotNow();
    const queued = (await readdir(join(dir.path, 'hp', 'rollup', 'outbox'))).filter((n) => n.endsWith('.json'));
    expect(queued.length).toBeGreaterThanOrEqual(2);
    expect(logs.join('\n')).toMatch(/hp: collector: the parent http:\/\/127\.0\.0\.1:\d+ is unreachable/);

    await startParent();
    await hp.rollup!.deliver();
    await until(async () => (await readdir(join(dir.path, 'hp', 'rollup', 'outbox'))).filter((n) => n.endsWith('.json')).length === 0, 'the queue to empty');
    const kept = JSON.parse(await readFile(join(dir.path, 'supreme', 'rollup', 'received', 'hp.json'), 'utf8')) as { recentIds: string[]; snapshot: RollupSnapshot };
    const acknowledged = (JSON.parse(await readFile(join(dir.path, 'hp', 'rollup', 'state.json'), 'utf8')) as { acknowledged: number }).acknowledged;
    // Every snapshot taken was delivered, once each, the newest last.
    expect(new Set(kept.recentIds).size).toBe(kept.recentIds.length);
    expect(kept.recentIds.length).toBe(acknowledged);
    expect(kept.snapshot.sequence).toBe(acknowledged);
    const shown = (await rollupAtParent()).children.find((c) => c.unit === 'hp')!;
    expect(shown.units.map((u) => u.unitId).sort()).toEqual(['hp-kv1', 'hp-vanphong']);
    expect(JSON.stringify(shown.units)).toBe(JSON.stringify((await ownFigures(hp)).units));
  }, 120_000);

  it('refuses a child token writing outside its subtree, and a person\'s token', async () => {
    // The second city's collector is configured with the wrong unit: every snapshot is refused and stays queued.
    const hn = await startChild('hn', hnToken, 'hp');
    await enrollAndReport(hn, 'hn-vanphong', 1);
    await hn.rollup!.snapshotNow();
    expect(logs.join('\n')).toMatch(/hn: collector: warning: the parent .* refused roll-up snapshot \d+ \(403: this child's token is bound to unit hn and the units below it; it may not send figures for unit hp\)/);
    expect((await rollupAtParent()).children.find((c) => c.unit === 'hp')!.child.name).toBe('VKSND TP Hải Phòng');

    const figures = await ownFigures(hn);
    const snapshot = (unit: string, takenAt = new Date().toISOString()): RollupSnapshot => ({ id: randomUUID(), sequence: 1, unit, takenAt, ...figures });
    expect((await postSnapshot(hnToken, snapshot('hp'))).status).toBe(403);
    expect((await postSnapshot(hnToken, snapshot('vksndtc'))).status).toBe(403);
    expect((await postSnapshot(ADMIN, snapshot('hn'))).status).toBe(401);
    expect((await postSnapshot('rdc_000000000000_' + 'a'.repeat(43), snapshot('hn'))).status).toBe(401);
  }, 120_000);

  it('shows a child whose figures are old as stale, counted unknown, never done', async () => {
    const old = new Date(Date.now() - 3 * 86_400_000).toISOString();
    const figures = await ownFigures(children[1]!);
    const first: RollupSnapshot = { id: randomUUID(), sequence: 100, unit: 'hn', takenAt: old, ...figures };
    expect((await postSnapshot(hnToken, first)).status).toBe(201);
    expect(await (await postSnapshot(hnToken, first)).json()).toEqual({ id: first.id, status: 'duplicate' });
    // An older sequence arriving late changes nothing.
    expect(await (await postSnapshot(hnToken, { ...first, id: randomUUID(), sequence: 99 })).json()).toMatchObject({ status: 'superseded' });
    const view = await rollupAtParent();
    const hn = view.children.find((c) => c.unit === 'hn')!;
    expect(hn.stale).toBe(true);
    expect(hn.ageHours).toBeGreaterThan(view.staleHours);
    const rules = hn.units.flatMap((u) => u.rules);
    expect(rules.length).toBeGreaterThan(0);
    for (const r of rules) expect(r).toMatchObject({ status: 'unknown', passing: 0, failing: 0, unknown: r.expected, completedOn: null });
    expect(hn.lastReported).toEqual(figures.units);
  }, 60_000);

  it('takes in a signed snapshot file from a collector without a network link, and refuses a changed one', async () => {
    const offline = await startCollector(CollectorConfig.parse({ port: 0, dataDir: join(dir.path, 'offline'), enrollSecret: SECRET, adminToken: ADMIN }), { log: () => {} });
    await enrollAndReport(offline, 'hn-kv1', 2);
    const figures = await ownFigures(offline);
    await offline.close();

    const key = join(dir.path, 'offline-key.pem');
    expect((await runCli(['rollup', 'key', 'create', '--out', key])).code).toBe(0);
    const added = await runCli(['rollup', 'child', 'add', '--data', join(dir.path, 'supreme'), '--unit', 'hn', '--name', 'VKSND TP Hà Nội (giấy)', '--public-key', join(dir.path, 'offline-key.pub.pem'), '--json']);
    expect(added.code).toBe(0);
    const file = join(dir.path, 'hn-snapshot.json');
    const exported = await runCli(['rollup', 'export', '--data', join(dir.path, 'offline'), '--unit', 'hn', '--key', key, '--out', file, '--json']);
    expect(exported.stderr).toBe('');
    const { sequence } = JSON.parse(exported.stdout) as { sequence: number };

    // Changed on the way: one count raised by hand.
    const signed = JSON.parse(await readFile(file, 'utf8')) as { snapshot: string };
    const tampered = join(dir.path, 'hn-tampered.json');
    await writeFile(tampered, JSON.stringify({ ...signed, snapshot: signed.snapshot.replace('"passing":0', '"passing":1') }));
    const refused = await runCli(['rollup', 'import', tampered, '--data', join(dir.path, 'supreme')]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/is refused: its signature matches the key of no child collector registered here/);

    const taken = await runCli(['rollup', 'import', file, '--data', join(dir.path, 'supreme'), '--json']);
    expect(taken.stderr).toBe('');
    expect(JSON.parse(taken.stdout)).toMatchObject({ unit: 'hn', sequence, status: 'stored' });
    // The running parent shows it at once, its figures the offline collector's own.
    const shown = (await rollupAtParent()).children.find((c) => c.unit === 'hn')!;
    expect(shown).toMatchObject({ stale: false, sequence, child: { name: 'VKSND TP Hà Nội (giấy)' } });
    expect(shown.units).toEqual(figures.units);
    expect(JSON.parse((await runCli(['rollup', 'import', file, '--data', join(dir.path, 'supreme'), '--json'])).stdout)).toMatchObject({ status: 'duplicate' });
  }, 180_000);
});
