/**
 * Two collector processes on one PostgreSQL database, as behind a load balancer: agents'
 * reports go to either, one process is killed with SIGKILL mid-ingest and its agents resend
 * to the other (as an agent's spool does). Every acknowledged report is stored exactly once,
 * none is lost, and every acknowledged report resent is a duplicate; the daily history both
 * record is one row per day in the database, none in their data directories. Then
 * `readiness store migrate` copies an embedded store (hosts and history) into a second
 * database, the history reads back as it was on disk, and a collector started on that
 * database serves the copied hosts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import pg from 'pg';
import { stringify } from 'yaml';
import { HistoryStore } from '../../collector/history-store.js';
import { PostgresHistoryStore } from '../../collector/store/postgres/history.js';
import { runCli, startCollectorProcess } from '../helpers/cli.js';
import type { CollectorProcess } from '../helpers/cli.js';
import { makeReport } from '../helpers/report-fixture.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { postgresRequirement, startPostgres } from '../helpers/postgres.js';
import type { TestPostgres } from '../helpers/postgres.js';

const req = postgresRequirement();
const ENROLL = 'pg-enroll-secret-0123456789';
const ADMIN = 'pg-admin-token-0123456789abcd';

type Agent = { agentId: string; agentKey: string };

const api = (url: string, path: string, init: { body?: unknown; key?: string } = {}) =>
  fetch(`${url}/api/v1${path}`, {
    method: init.body === undefined ? 'GET' : 'POST',
    headers: { ...(init.body === undefined ? {} : { 'content-type': 'application/json' }), authorization: `Bearer ${init.key ?? ADMIN}` },
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });

async function until(check: () => Promise<boolean>, what: string, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe.skipIf(!req.ok)('two collectors on one PostgreSQL database', () => {
  let server: TestPostgres;
  let dir: Awaited<ReturnType<typeof makeTempDir>>;
  const running: CollectorProcess[] = [];
  const writeConfig = async (name: string, url: string) => {
    const file = join(dir.path, `${name}.yaml`);
    const limits = { reports: { burst: 100_000, perMinute: 100_000 }, enrollments: { burst: 100_000, perMinute: 100_000 } };
    await writeFile(file, stringify({ enrollSecret: ENROLL, adminToken: ADMIN, store: { kind: 'postgres', url }, limits, history: { snapshotMinutes: 1440 } }));
    return file;
  };
  const start = async (config: string, data: string) => {
    const p = await startCollectorProcess(['--config', config, '--data', join(dir.path, data)]);
    running.push(p);
    return p;
  };
  beforeAll(async () => {
    server = await startPostgres({ fsync: false });
    dir = await makeTempDir();
  }, 120_000);
  afterAll(async () => {
    await Promise.all(running.map((p) => p.stop('SIGKILL')));
    await server?.stop();
    await dir?.remove();
  });

  it('stores every acknowledged report once when one of the two is killed mid-ingest', async () => {
    const url = await server.createDatabase();
    const config = await writeConfig('shared', url);
    const [one, two] = await Promise.all([start(config, 'one'), start(config, 'two')]);

    const agents: Agent[] = [];
    for (let i = 0; i < 12; i++) {
      const res = await api(i % 2 ? two.url : one.url, '/enroll', { body: { secret: ENROLL, unit: 'hp-vanphong', room: 'phong-1', hostname: `VP-PC${i}` } });
      expect(res.status).toBe(201);
      agents.push((await res.json()) as Agent);
    }
    // Each process learns the other's enrollments through NOTIFY.
    for (const p of [one, two]) {
      await until(async () => ((await (await api(p.url, '/hosts')).json()) as { hosts: unknown[] }).hosts.length === agents.length, `${p.url} to list every host`);
    }

    const acked: Array<{ agentId: string; reportId: string; report: unknown }> = [];
    let stop = false;
    let resent = 0;
    const writer = async (agent: Agent, n: number) => {
      for (let i = 0; !stop; i++) {
        const report = makeReport(agent.agentId);
        // Each agent alternates between the two, as a load balancer spreads them.
        const targets = (n + i) % 2 ? [two, one] : [one, two];
        for (const target of targets) {
          const res = await api(target.url, '/reports', { body: report, key: agent.agentKey }).catch(() => null);
          if (res && (res.status === 201 || res.status === 200)) {
            acked.push({ agentId: agent.agentId, reportId: report.reportId, report });
            break;
          }
          // The killed process: the agent's spool sends the same report to the other one.
          if (!res) resent++;
        }
      }
    };
    const writers = agents.map((a, n) => writer(a, n));
    await until(async () => acked.length >= 100, '100 acknowledged reports');
    const exited = new Promise<NodeJS.Signals | null>((ok) => two.child.once('exit', (_code, signal) => ok(signal)));
    two.child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    const atKill = acked.length;
    await until(async () => acked.length >= atKill + 100, '100 more reports after the kill, all to the survivor');
    stop = true;
    await Promise.all(writers);

    const db = new pg.Client({ connectionString: url });
    await db.connect();
    const rows = await db.query<{ agent_id: string; count: number; recent_ids: string[] }>(`SELECT agent_id, (record->>'reportCount')::int AS count, recent_ids FROM readiness_hosts`);
    await db.end();
    const problems: string[] = [];
    const byAgent = new Map(rows.rows.map((r) => [r.agent_id, r]));
    for (const a of acked) {
      const row = byAgent.get(a.agentId);
      const times = row?.recent_ids.filter((id) => id === a.reportId).length ?? 0;
      if (times !== 1) problems.push(`report ${a.reportId} of ${a.agentId} is stored ${times} times`);
    }
    for (const row of rows.rows) {
      if (new Set(row.recent_ids).size !== row.recent_ids.length) problems.push(`host ${row.agent_id} holds a report id twice`);
      if (row.count !== row.recent_ids.length) problems.push(`host ${row.agent_id} counts ${row.count} reports but holds ${row.recent_ids.length} ids`);
    }
    expect(problems).toEqual([]);
    // Stored once and no more: what the killed process committed without answering is there once too.
    const stored = rows.rows.reduce((n, r) => n + r.count, 0);
    expect(stored).toBeGreaterThanOrEqual(acked.length);
    expect(stored).toBeLessThanOrEqual(acked.length + agents.length);

    // Every acknowledged report resent to the survivor is a duplicate.
    const keys = new Map(agents.map((a) => [a.agentId, a.agentKey]));
    const answers = await Promise.all(acked.map((a) => api(one.url, '/reports', { body: a.report, key: keys.get(a.agentId)! }).then((r) => r.status)));
    expect(answers.filter((s) => s !== 200)).toEqual([]);

    // The killed process comes back on the same database and sees every host as stored.
    const back = await start(config, 'two');
    const listed = ((await (await api(back.url, '/hosts')).json()) as { hosts: Array<{ agentId: string; reportCount: number }> }).hosts;
    expect(new Map(listed.map((h) => [h.agentId, h.reportCount]))).toEqual(new Map(rows.rows.map((r) => [r.agent_id, r.count])));

    // Each process records today's history at start-up: one history, in the database.
    const days = async () => {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        return (await client.query<{ day: string; n: number }>('SELECT day, count(*)::int AS n FROM readiness_history GROUP BY day')).rows;
      } finally {
        await client.end();
      }
    };
    await until(async () => (await days()).length > 0, "today's history in the database");
    const history = await new PostgresHistoryStore(url, { readOnly: true, log: () => {} }).open();
    const [today] = await history.days();
    expect(await days()).toEqual([{ day: today, n: 1 }]);
    expect((await history.readHosts(today!))!.hosts.map((h) => h[0]).sort()).toEqual(agents.map((a) => a.agentId).sort());
    await history.close();
    for (const data of ['one', 'two']) expect(existsSync(join(dir.path, data, 'history'))).toBe(false);
    console.log(`postgres collectors: ${acked.length} acknowledged, ${resent} sent again to the survivor after failing on the killed one, ${stored} stored`);
  }, 180_000);

  it('readiness store migrate copies an embedded store, and a collector on the database serves it', async () => {
    const fileConfig = join(dir.path, 'file.yaml');
    await writeFile(fileConfig, stringify({ enrollSecret: ENROLL, adminToken: ADMIN, limits: { reports: { burst: 1000, perMinute: 1000 } }, history: { snapshotMinutes: 1440 } }));
    const embedded = await start(fileConfig, 'embedded');
    const enrolled: Agent[] = [];
    const latest = new Map<string, string>();
    for (let i = 0; i < 5; i++) {
      const agent = (await (await api(embedded.url, '/enroll', { body: { secret: ENROLL, unit: 'hp-kv1', room: null, hostname: `KV1-PC${i}` } })).json()) as Agent;
      enrolled.push(agent);
      const report = makeReport(agent.agentId, { software: { source: 'registry', programs: [{ name: `Bkav Pro ${i}` }] } });
      expect((await api(embedded.url, '/reports', { body: report, key: agent.agentKey })).status).toBe(201);
      latest.set(agent.agentId, report.reportId);
    }
    // Stopping records today's history (as starting did) in the data directory.
    await embedded.stop();
    const onDisk = new HistoryStore(join(dir.path, 'embedded', 'history'));
    const diskDays = await onDisk.days();
    expect(diskDays).toHaveLength(1);

    const url = await server.createDatabase();
    const out = await runCli(['store', 'migrate', '--from', join(dir.path, 'embedded'), '--to', url, '--json']);
    expect(out.stderr).not.toMatch(/warning/);
    expect(out.code).toBe(0);
    expect(JSON.parse(out.stdout)).toMatchObject({ hosts: 5, copied: 5, alreadyThere: 0, historyDays: 1, historyDaysCopied: 1 });
    // Run again: nothing copied twice.
    expect(JSON.parse((await runCli(['store', 'migrate', '--from', join(dir.path, 'embedded'), '--to', url, '--json'])).stdout)).toMatchObject({ copied: 0, alreadyThere: 5, historyDaysCopied: 0 });
    // The history in the database is the history that was on disk.
    const inDb = await new PostgresHistoryStore(url, { readOnly: true, log: () => {} }).open();
    expect(await inDb.days()).toEqual(diskDays);
    expect(await inDb.readDay(diskDays[0]!)).toEqual(await onDisk.readDay(diskDays[0]!));
    expect(await inDb.readHosts(diskDays[0]!)).toEqual(await onDisk.readHosts(diskDays[0]!));
    await inDb.close();

    const onDb = await start(await writeConfig('migrated', url), 'embedded');
    for (const [i, agent] of enrolled.entries()) {
      const host = ((await (await api(onDb.url, `/hosts/${agent.agentId}`)).json()) as { host: { latest: { reportId: string; software: { programs: Array<{ name: string }> } } } }).host;
      expect(host.latest.reportId).toBe(latest.get(agent.agentId));
      expect(host.latest.software.programs.map((p) => p.name)).toEqual([`Bkav Pro ${i}`]);
      // The agent's key still works, and its last report is known.
      const again = await api(onDb.url, '/reports', { body: { ...makeReport(agent.agentId), reportId: latest.get(agent.agentId) }, key: agent.agentKey });
      expect(again.status).toBe(200);
    }
    const bad = await runCli(['store', 'migrate', '--from', join(dir.path, 'nowhere'), '--to', url]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/holds no collector data/);
  }, 180_000);
});
