/**
 * Start-up with an org file and rule packs: a bad one stops the collector naming the file and
 * field; a good one serves /units and records today's history, also at close. The CLI commands
 * (`rules check`, `evaluate`) run as real processes.
 */
import { readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { CollectorConfig, parseCollectorConfig } from '../../collector/config.js';
import { startCollector } from '../../collector/server.js';
import { FileStore } from '../../collector/store/file-store.js';
import { DEFAULT_PACK_FILE, loadRuleSet } from '../../rules/load-pack.js';
import { Evaluation, UnitsResponse } from '../../schema/index.js';
import { runCli } from '../helpers/cli.js';
import { readyReport } from '../helpers/ready-report.js';
import { makeTempDir } from '../helpers/temp-dir.js';

const EXAMPLE = join(process.cwd(), 'examples', 'org.haiphong.yaml');
let dir: Awaited<ReturnType<typeof makeTempDir>>;
beforeAll(async () => {
  dir = await makeTempDir();
});
afterAll(() => dir.remove());

const config = (extra: object) => CollectorConfig.parse({ port: 0, dataDir: join(dir.path, 'data'), adminToken: 'admin-token-0123456789', enrollSecret: 'enroll-secret-0123456789', ...extra });
const quiet = { log: () => {} };

describe('collector start-up', () => {
  it.each([
    ['an org file with a dangling parent', 'org.yaml', stringify({ name: 'x', units: [{ id: 'hp-kv1', name: 'kv1', level: 'regional', parent: 'hp' }] }), 'org', 'org.yaml is not a valid org file: field "units.0.parent" no unit "hp" in this file'],
    ['a rule pack with a bad operator', 'pack.yaml', stringify({ pack: { id: 'p', title: { vi: 'x', en: 'x' } }, rules: [{ id: 'lan-gateway', title: { vi: 'x', en: 'x' }, remediation: { vi: 'x', en: 'x' }, category: 'lan', severity: 'high', deadline: '2025-12-10', owner: { who: 'a', what: 'b', result: 'c' }, check: { fact: 'probes.gateway.max_loss_pct', op: 'below', value: 1 } }] }), 'rulePacks', 'pack.yaml: rule "lan-gateway": field "check.op" Invalid option'],
    ['a missing org file', 'absent.yaml', null, 'org', 'cannot read the org file'],
  ])('stops on %s, naming the file and field', async (_name, file, content, key, message) => {
    const path = join(dir.path, file);
    if (content !== null) await writeFile(path, content);
    await expect(startCollector(config({ [key]: key === 'rulePacks' ? [path] : path }), quiet)).rejects.toThrow(message);
  });

  it('warns about example data and about hosts enrolled where the org file has no place for them', async () => {
    const data = join(dir.path, 'strays');
    const store = new FileStore(data);
    await store.load();
    const host = (agentId: string, unit: string, room: string | null) =>
      store.createAgent({ agentId, keyHash: 'a'.repeat(64), unit, room, hostname: 'PC', deviceKind: 'workstation', enrolledAt: '2025-12-01T00:00:00.000Z' });
    await host('11111111-1111-4111-8111-111111111111', 'local', null);
    await host('22222222-2222-4222-8222-222222222222', 'hp', 'old-room');
    const lines: string[] = [];
    const running = await startCollector(config({ org: EXAMPLE, dataDir: data }), { log: (l) => lines.push(l) });
    await running.close();
    expect(lines.filter((l) => l.includes('warning'))).toEqual([
      `collector: warning: the org file ${EXAMPLE} is example data; replace it with your organisation's units and rooms`,
      'collector: warning: hosts are enrolled into units or rooms the org file does not name (hp/old-room, local); move them with PATCH /api/v1/hosts/:id',
    ]);
    expect(lines.some((l) => /^collector: history for \d{4}-\d{2}-\d{2} recorded for 2 hosts in \d+ ms$/.test(l))).toBe(true);
  });

  it('finds the org file and packs beside its config file', () => {
    const parsed = parseCollectorConfig('org: org.yaml\nrulePacks: [packs/a.yaml]\n', '/etc/readiness/collector.yaml');
    expect([parsed.org, parsed.rulePacks]).toEqual(['/etc/readiness/org.yaml', ['/etc/readiness/packs/a.yaml']]);
  });

  it('serves the org and records today in the history, again at close', async () => {
    const running = await startCollector(config({ org: EXAMPLE }), quiet);
    try {
      const res = await fetch(`${running.url}/api/v1/units`, { headers: { authorization: `Bearer ${running.adminToken}` } });
      expect(UnitsResponse.parse(await res.json()).units.map((u) => u.id)).toEqual(['hp', 'hp-kv1', 'hp-kv2', 'hp-kv3']);
    } finally {
      await running.close();
    }
    const files = await readdir(join(dir.path, 'data', 'history'));
    expect(files.filter((f) => f.endsWith('.json'))).toHaveLength(1);
    expect(files.filter((f) => f.endsWith('.hosts.json.gz'))).toHaveLength(1);
  });
});

describe('the readiness CLI', () => {
  it('rules check: exits 1 with one line naming the file, rule and field', async () => {
    const bad = join(dir.path, 'bad-pack.yaml');
    await writeFile(bad, stringify({ pack: { id: 'p', title: { vi: 'x', en: 'x' } }, rules: [{ id: 'wan-dns', title: { vi: 'x', en: 'x' }, remediation: { vi: 'x', en: 'x' }, category: 'wan', severity: 'high', deadline: '2025-12-26', owner: { who: 'a', what: 'b', result: 'c' }, check: { all: [{ fact: 'probes.wan_dns.unreachable', op: 'lte', value: 1 }] } }] }));
    const result = await runCli(['rules', 'check', bad]);
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n')).toEqual([`readiness: ${bad}: rule "wan-dns": field "check.all.0.op" "lte" does not apply to the list fact "probes.wan_dns.unreachable"; use one of contains, not_contains, empty, not_empty`]);
    const ok = await runCli(['rules', 'check', 'rules/packs/default.yaml', '--json']);
    expect(ok.code).toBe(0);
    expect((JSON.parse(ok.stdout) as { rules: unknown[] }).rules).toHaveLength((await loadRuleSet([DEFAULT_PACK_FILE])).rules.length);
  });

  it('collector start: a bad org file is one line on stderr and exit 1', async () => {
    const org = join(dir.path, 'bad-org.yaml');
    await writeFile(org, stringify({ name: 'x', units: [{ id: 'hp', name: 'hp', level: 'city', rooms: [{ id: 'p1', name: 'P1' }] }] }));
    const configFile = join(dir.path, 'bad-org-collector.yaml');
    await writeFile(configFile, stringify({ org: 'bad-org.yaml', dataDir: join(dir.path, 'unused') }));
    const result = await runCli(['collector', 'start', '--config', configFile, '--port', '0']);
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n')).toEqual([`readiness: ${org} is not a valid org file: field "units.0.rooms.0.expectedWorkstations" Invalid input: expected number, received undefined`]);
  });

  it('evaluate: reads a data directory without a collector, as a table or as JSON', async () => {
    const data = join(dir.path, 'cli-data');
    const running = await startCollector(config({ org: EXAMPLE, dataDir: data }), quiet);
    const enrolled = (await (
      await fetch(`${running.url}/api/v1/enroll`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ secret: 'enroll-secret-0123456789', unit: 'hp-kv1', room: null, hostname: 'KV1-PC01' }) })
    ).json()) as { agentId: string; agentKey: string };
    const report = readyReport(enrolled.agentId, new Date().toISOString());
    await fetch(`${running.url}/api/v1/reports`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${enrolled.agentKey}` }, body: JSON.stringify(report) });
    await running.close();
    const configFile = join(dir.path, 'collector.yaml');
    await writeFile(configFile, stringify({ dataDir: data, org: EXAMPLE }));

    const json = await runCli(['evaluate', '--config', configFile, '--unit', 'hp-kv1', '--json']);
    expect(json.code).toBe(0);
    const evaluation = Evaluation.parse(JSON.parse(json.stdout));
    expect(evaluation.hosts.map((h) => [h.hostname, h.stale])).toEqual([[report.os!.hostname, false]]);

    const table = await runCli(['evaluate', '--config', configFile, '--unit', 'hp-kv1', '--hosts']);
    expect(table.code).toBe(0);
    expect(table.stdout).toContain('VKSND khu vực 1 - Hải Phòng (hp-kv1, regional)');
    // Columns after the status: completion, passing/applicable, failing, unknown (never reported), n/a.
    expect(table.stdout).toMatch(/firewall-on\s+[A-Za-z ]+\s+6\.7%\s+1\/15\s+0\s+14 \(14 never reported\)\s+0\s/);
    // A rule for no machine of the unit: not applicable, and no percentage at all.
    expect(table.stdout).toMatch(/signing-token\s+not applicable\s+—\s+0\/0\s+0\s+0\s+15\s/);

    const missing = await runCli(['evaluate', '--data', join(dir.path, 'nowhere')]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('holds no collector data; pass --data');
  });
});
