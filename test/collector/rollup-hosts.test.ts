/**
 * What leaves a child with its roll-up snapshot (collector/rollup/snapshot.ts, docs/rollup.md):
 * without `parent.includeHosts` no host name, agent id or address, its own nor one a child of its
 * own sent it; with it, per unit the machines holding a rule back (agent id, host name, room,
 * the rules failed and unknown) and nothing more; and a snapshot whose host rows would take
 * it past the parent's body limit is sent without them, with a warning.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ROLLUP_BODY_BYTES, snapshotFigures } from '../../collector/rollup/snapshot.js';
import { RollupSender } from '../../collector/rollup/sender.js';
import { ParentConfig } from '../../collector/rollup/config.js';
import { RollupHost, RollupSnapshot } from '../../schema/index.js';
import type { RollupForwarded } from '../../schema/index.js';
import { evaluationFixture } from '../helpers/evaluation-fixture.js';
import { makeTempDir } from '../helpers/temp-dir.js';

const e = evaluationFixture();
const snapshotOf = (figures: ReturnType<typeof snapshotFigures>) => RollupSnapshot.parse({ id: crypto.randomUUID(), sequence: 1, unit: 'hp', takenAt: new Date().toISOString(), ...figures });

describe('host rows in a roll-up snapshot', () => {
  const forwardedWithHosts: RollupForwarded[] = [
    { unit: 'hp-kv1', source: 'Collector x', takenAt: new Date().toISOString(), units: [{ unitId: 'x1', name: 'X1', level: 'regional', parentId: null, rules: [], rooms: [], hosts: [{ agentId: 'far-agent', hostname: 'FAR-PC-7', roomId: null, failing: ['lan-gateway'], unknown: [] }] }] },
  ];

  it('sends no host-level data by default, neither its own nor a forwarded child\'s', () => {
    expect(e.hosts.length).toBeGreaterThan(0);
    const text = JSON.stringify(snapshotOf(snapshotFigures(e, forwardedWithHosts)));
    for (const h of e.hosts) {
      expect(text).not.toContain(h.hostname);
      expect(text).not.toContain(h.agentId);
    }
    expect(text).not.toContain('FAR-PC-7');
    expect(text).not.toContain('"hosts"');
    expect(ParentConfig.parse({ url: 'https://parent.example', unit: 'hp' }).includeHosts).toBe(false);
  });

  it('with includeHosts sends per unit its own blocking machines, with only the fields documented', () => {
    const figures = snapshotFigures(e, forwardedWithHosts, true);
    const snapshot = snapshotOf(figures);
    for (const u of snapshot.units) {
      const own = e.hosts.filter((h) => h.unitId === u.unitId && h.results.some((r) => r.status === 'fail' || r.status === 'unknown'));
      expect(u.hosts!.map((h) => h.agentId).sort()).toEqual(own.map((h) => h.agentId).sort());
      for (const row of u.hosts!) {
        expect(Object.keys(row).sort()).toEqual(['agentId', 'failing', 'hostname', 'roomId', 'unknown']);
        const h = e.hosts.find((x) => x.agentId === row.agentId)!;
        expect(row).toEqual({
          agentId: h.agentId,
          hostname: h.hostname,
          roomId: h.roomId,
          failing: h.results.filter((r) => r.status === 'fail').map((r) => r.ruleId),
          unknown: h.results.filter((r) => r.status === 'unknown').map((r) => r.ruleId),
        });
      }
    }
    expect(snapshot.units.some((u) => u.hosts!.length > 0)).toBe(true);
    // A machine passing everything is not sent.
    const passingAll = e.hosts.filter((h) => h.results.every((r) => r.status === 'pass' || r.status === 'not_applicable'));
    for (const h of passingAll) expect(JSON.stringify(snapshot)).not.toContain(h.agentId);
    // A forwarding collector that says so passes its children's rows on.
    expect(snapshot.forwarded[0]!.units[0]!.hosts![0]!.hostname).toBe('FAR-PC-7');
    // Nothing else of a host: the schema refuses an address beside the documented fields.
    expect(RollupHost.safeParse({ agentId: 'a', hostname: 'b', roomId: null, failing: [], unknown: [], ipv4: ['10.0.0.1'] }).success).toBe(false);
  });
});

describe('a snapshot over the parent\'s body limit', () => {
  let close: (() => Promise<void>) | undefined;
  afterEach(async () => close?.());

  it('is sent without its host rows, with a warning, and the parent takes it', async () => {
    const bodies: string[] = [];
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks);
        if (body.length > ROLLUP_BODY_BYTES) {
          res.writeHead(413).end('{"error":{"message":"too large"}}');
          return;
        }
        bodies.push(body.toString('utf8'));
        const { id } = JSON.parse(body.toString('utf8')) as { id: string };
        res.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify({ id, status: 'stored' }));
      });
    });
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    const dir = await makeTempDir('readiness-rollup-hosts-');
    const logs: string[] = [];
    const base = snapshotFigures(e, [], true);
    // 8,000 blocking machines with long names: well over 2 MiB of host rows.
    const many = Array.from({ length: 8000 }, (_, i) => ({ agentId: `agent-${i}`, hostname: `${'MAY-TINH-'.repeat(20)}${i}`, roomId: null, failing: ['lan-gateway'], unknown: [] }));
    const big = { ...base, units: base.units.map((u, i) => (i === 0 ? { ...u, hosts: many } : u)) };
    expect(Buffer.byteLength(JSON.stringify(big))).toBeGreaterThan(ROLLUP_BODY_BYTES);
    const sender = await RollupSender.start({
      parent: { ...ParentConfig.parse({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, unit: 'hp', includeHosts: true }), token: 'rdc_000000000000_' + 'a'.repeat(43) },
      dataDir: dir.path,
      figures: async () => big,
      onChange: () => {},
      now: () => new Date(),
      log: (l) => logs.push(l),
    });
    close = async () => {
      await sender.close();
      await new Promise<void>((ok) => server.close(() => ok()));
      await dir.remove();
    };
    await sender.snapshotNow();
    expect(bodies.length).toBeGreaterThanOrEqual(1);
    const sent = RollupSnapshot.parse(JSON.parse(bodies.at(-1)!));
    expect(sent.units.every((u) => u.hosts === undefined)).toBe(true);
    expect(sent.units.map((u) => u.rules)).toEqual(base.units.map((u) => u.rules));
    expect(logs.join('\n')).toMatch(/with its host rows \(parent\.includeHosts\) is over the parent's 2 MiB limit; sent without them, figures only/);
  }, 60_000);
});
