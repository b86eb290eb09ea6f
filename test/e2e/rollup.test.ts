/**
 * A chain of collectors on loopback: the Supreme Procuracy's (the top), Hải Phòng's (a child of
 * the top and itself the parent of a second city's collector), and the second city's. The
 * figures of all three levels arrive at the top and add up there (the top's totals are its own
 * plus Hải Phòng's plus the second city's, each child's time kept); the top down for a while,
 * then back: every snapshot queued meanwhile is delivered once, in order; a child token writing
 * outside its subtree is refused, and figures passed on cannot be placed outside it; a child
 * whose figures are old is shown stale and counted as unknown in the API, in the tracker
 * document (JSON and printed, in Chromium) and on the dashboard's unit page.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
import { freePort, until } from '../helpers/loopback.js';
import { runCli } from '../helpers/cli.js';
import { systemRequirement } from '../helpers/system.js';
import { labelsFor } from '../../reports/i18n.js';
import { chromium } from 'playwright-core';

const browserReq = systemRequirement({ commands: ['chromium'], install: 'apt-get install chromium' });

const SECRET = 'rollup-enroll-secret-0123456789';
const ADMIN = 'rollup-admin-token-0123456789ab';

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
    parent = await startCollector(CollectorConfig.parse({ port: parentPort, dataDir: join(dir.path, 'supreme'), enrollSecret: SECRET, adminToken: ADMIN, org, dashboard: { cacheSeconds: 0 } }), {
      log: (l) => logs.push(`supreme: ${l}`),
    });
  };
  /** A city's collector sending to `parentUrl` (the top's by default), with its own org file when given. */
  const startChild = async (name: string, token: string, unit: string, opts: { parentUrl?: string; org?: object } = {}) => {
    let org: string | undefined;
    if (opts.org) {
      org = join(dir.path, `${name}-org.yaml`);
      await writeFile(org, stringify(opts.org));
    }
    const child = await startCollector(
      CollectorConfig.parse({
        port: 0,
        dataDir: join(dir.path, name),
        enrollSecret: SECRET,
        adminToken: ADMIN,
        ...(org ? { org } : {}),
        parent: { url: opts.parentUrl ?? `http://127.0.0.1:${parentPort}`, token, unit, changeDelaySeconds: 1 },
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
  const ownFigures = async (child: RunningCollector) => snapshotFigures(JSON.parse(Buffer.concat(await child.jobs.evaluationJson({ unitId: null, recursive: true })).toString('utf8')) as Evaluation);
  const evaluationAt = async (c: RunningCollector, unitId: string | null = null) => JSON.parse(Buffer.concat(await c.jobs.evaluationJson({ unitId, recursive: true })).toString('utf8')) as Evaluation;
  const HP_ORG = {
    name: 'VKSND TP Hải Phòng',
    units: [
      { id: 'hp', name: 'VKSND TP Hải Phòng', level: 'city', parent: null },
      { id: 'hp-vanphong', name: 'Văn phòng', level: 'regional', parent: 'hp' },
      { id: 'hp-kv1', name: 'VKSND khu vực 1', level: 'regional', parent: 'hp' },
      // The org model puts a city only under the supreme level: the second collector's unit is a regional one of Hải Phòng's org.
      { id: 'tp2', name: 'VKSND khu vực 2 (máy chủ riêng)', level: 'regional', parent: 'hp' },
    ],
  };

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

  let hp: RunningCollector;
  let tp2: RunningCollector;
  let hnChild: RunningCollector;
  it('passes figures up a chain of three collectors: they arrive at the top and add up there', async () => {
    hp = await startChild('hp', hpToken, 'hp', { org: HP_ORG });
    // Hải Phòng is itself a parent: the second city's collector sends to it, bound to its unit tp2.
    const tp2Token = (await new ChildRegistry(join(dir.path, 'hp')).add({ name: 'VKSND TP thứ hai', unit: 'tp2' }, new Date())).token;
    tp2 = await startChild('tp2', tp2Token, 'tp2', { parentUrl: hp.url });
    await enrollAndReport(hp, 'hp-vanphong', 3);
    await enrollAndReport(tp2, 'tp2-vanphong', 2);
    const top = await until(async () => {
      const e = await evaluationAt(parent!);
      const sits = e.units.find((u) => u.unitId === 'tp2-vanphong');
      return sits && Math.max(...sits.rules.map((r) => r.expected)) === 2 && e.units.some((u) => u.unitId === 'hp-vanphong' && u.rules.some((r) => r.expected === 3)) ? e : undefined;
    }, 'the top to show both cities\' units');
    // Each level under the unit it reports for, the second city under Hải Phòng's tp2.
    expect(top.units.map((u) => [u.unitId, u.parentId])).toEqual([
      ['vksndtc', null],
      ['hp', 'vksndtc'],
      ['hp-vanphong', 'hp'],
      ['hp-kv1', 'hp'],
      ['tp2', 'hp'],
      ['tp2-vanphong', 'tp2'],
      ['hn', 'vksndtc'],
    ]);
    const tp2Shown = top.units.find((u) => u.unitId === 'tp2-vanphong')!;
    const sent = JSON.parse(await readFile(join(dir.path, 'hp', 'rollup', 'received', 'tp2.json'), 'utf8')) as { snapshot: RollupSnapshot };
    // The second city's figures keep their own time, not the time Hải Phòng passed them on.
    expect(tp2Shown.remote).toMatchObject({ source: 'VKSND TP thứ hai', stale: false });
    const kept = JSON.parse(await readFile(join(dir.path, 'supreme', 'rollup', 'received', 'hp.json'), 'utf8')) as { snapshot: RollupSnapshot };
    const forwarded = kept.snapshot.forwarded.find((f) => f.unit === 'tp2')!;
    expect(tp2Shown.remote!.takenAt).toBe(forwarded.takenAt);
    expect(forwarded.takenAt <= kept.snapshot.takenAt).toBe(true);
    expect(sent.snapshot.units.map((u) => u.unitId)).toEqual(['tp2-vanphong']);
    // The top's totals are Hải Phòng's own plus the second city's, rule by rule.
    const hpOwn = (await hp.jobs.rollupFigures()).units.find((u) => u.unitId === 'hp')!;
    const tp2Own = (await tp2.jobs.rollupFigures()).units.find((u) => u.unitId === 'tp2-vanphong')!;
    const vksndtc = top.units.find((u) => u.unitId === 'vksndtc')!;
    const hpTop = top.units.find((u) => u.unitId === 'hp')!;
    expect(hpTop.remote).toMatchObject({ source: 'VKSND TP Hải Phòng', joined: true });
    top.rules.forEach((rule, i) => {
      const a = hpOwn.rules.find((r) => r.ruleId === rule.id)!;
      const b = tp2Own.rules.find((r) => r.ruleId === rule.id)!;
      for (const u of [vksndtc, hpTop]) {
        expect([u.rules[i]!.expected, u.rules[i]!.passing, u.rules[i]!.failing, u.rules[i]!.unknown]).toEqual([a.expected + b.expected, a.passing + b.passing, a.failing + b.failing, a.unknown + b.unknown]);
      }
    });
    expect(Math.max(...vksndtc.rules.map((r) => r.expected))).toBe(5);
    // The API names what was passed on, with its own age.
    const shown = (await rollupAtParent()).children.find((c) => c.unit === 'hp')!;
    expect(shown.forwarded).toEqual([expect.objectContaining({ at: 'tp2', source: 'VKSND TP thứ hai', stale: false, units: ['tp2-vanphong'] })]);
  }, 180_000);

  it('queues a city\'s figures while the parent is down and delivers each once when it is back', async () => {
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
    expect(shown.units.map((u) => u.unitId)).toEqual(['hp', 'hp-vanphong', 'hp-kv1', 'tp2']);
    expect(JSON.stringify(shown.units)).toBe(JSON.stringify((await hp.jobs.rollupFigures()).units));
    // The top's evaluation has the newest: the three machines enrolled while it was down.
    const hpKv1 = (await evaluationAt(parent!)).units.find((u) => u.unitId === 'hp-kv1')!;
    expect(Math.max(...hpKv1.rules.map((r) => r.expected))).toBe(3);
  }, 120_000);

  it('refuses a child token writing outside its subtree, and a person\'s token', async () => {
    // The second city's collector is configured with the wrong unit: every snapshot is refused and stays queued.
    const hn = (hnChild = await startChild('hn', hnToken, 'hp'));
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
    // Figures passed on must sit inside the sender's own units: a group naming Hải Phòng's unit is placed nowhere.
    const intruder = { ...figures.units[0]!, unitId: 'placed-under-hp', name: 'not Hải Phòng\'s' };
    const posted = await postSnapshot(hnToken, { ...snapshot('hn'), sequence: 2, forwarded: [{ unit: 'hp', source: 'nobody', takenAt: new Date().toISOString(), units: [intruder] }] });
    expect(posted.status).toBe(201);
    const top = await evaluationAt(parent!);
    expect(top.units.some((u) => u.unitId === 'placed-under-hp')).toBe(false);
    expect(top.units.find((u) => u.unitId === 'hn-vanphong')?.parentId).toBe('hn');
  }, 120_000);

  it('shows a child whose figures are old as stale, counted unknown, never done', async () => {
    const old = new Date(Date.now() - 3 * 86_400_000).toISOString();
    const figures = await ownFigures(hnChild);
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

    // The top's tracker counts it unknown, never done, and says how old its figures are.
    const L = labelsFor('vi');
    const tracker = await fetch(`http://127.0.0.1:${parentPort}/api/v1/readiness/tracker.json?unit=hn&lang=vi`, { headers: { authorization: `Bearer ${ADMIN}` } });
    expect(tracker.status).toBe(200);
    const doc = (await tracker.json()) as { parts: Array<{ id: string; rows: Array<Record<string, unknown>> }> };
    const rows = doc.parts.find((p) => p.id === 'tracker')!.rows.filter((r) => String(r.unit).startsWith('hn-vanphong'));
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) {
      expect(String(r.unit)).toMatch(new RegExp(`\\(${L.meta.remoteAsOf('\\d\\d:\\d\\d \\d\\d/\\d\\d/\\d{4}')}, ${L.meta.remoteStale}\\)$`));
      for (const status of [r.lanStatus, r.wanStatus]) expect(['unknown', 'not_applicable', null]).toContain(status);
    }
    if (!browserReq.ok) return;
    // Printed, and on the dashboard's unit page, in a real browser.
    const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'] });
    try {
      const page = await (await browser.newContext({ extraHTTPHeaders: { authorization: `Bearer ${ADMIN}` } })).newPage();
      await page.route('**/*', (route) => (route.request().url().startsWith(`http://127.0.0.1:${parentPort}`) ? route.continue() : route.abort()));
      await page.goto(`http://127.0.0.1:${parentPort}/api/v1/readiness/tracker.html?unit=hn&lang=vi`);
      expect(await page.locator('body').innerText()).toContain(L.meta.remoteStale);
      const pdf = await page.pdf({ format: 'A4', landscape: true });
      expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
      await page.goto(`http://127.0.0.1:${parentPort}/units/hn`);
      const row = page.locator('tr', { hasText: 'hn-vanphong' });
      await expect.poll(() => row.count()).toBeGreaterThan(0);
      expect(await row.first().innerText()).toContain(L.meta.remoteStale);
      expect(await row.first().locator('.remote-as-of.stale').count()).toBe(1);
    } finally {
      await browser.close();
    }
  }, 90_000);

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
