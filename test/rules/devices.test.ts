/**
 * Device rules through the evaluation: devices of the org file judged by the default pack's
 * device rules, rolled up over devices (expected printers without an entry count as unknown,
 * never passing), machines located on switch ports from forwarding tables, machines audited
 * over SSH judged by the host rules (probe rules not applicable), and the history replay.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { deviceAgentId } from '../../collector/scanners/ssh.js';
import { MemoryDeviceStore } from '../../collector/store/device-store.js';
import type { RuleSet } from '../../rules/compile.js';
import { evaluateFleet } from '../../rules/evaluate.js';
import { completeSinceIn, historyDayOf, historyHostsOf, replayDay } from '../../rules/history.js';
import { DEFAULT_PACK_FILE, loadRuleSet, parsePack } from '../../rules/load-pack.js';
import { compileRuleSet } from '../../rules/compile.js';
import { buildOrgModel } from '../../rules/org-model.js';
import { factDictionary } from '../../rules/facts/index.js';
import { evidenceWriter } from '../../reports/evidence.js';
import type { Evidence } from '../../schema/index.js';
import { fleet as fleetOf, NOW, ORG, report, scanned } from '../helpers/device-fleet.js';

/** Evidence is structured; the English writer says it as an English document prints it. */
const say = (evidence: readonly Evidence[]) => evidenceWriter(factDictionary(), 'en').lines(evidence);

let rules: RuleSet;
beforeAll(async () => {
  rules = await loadRuleSet([DEFAULT_PACK_FILE]);
});
const fleet = (store: MemoryDeviceStore, mac?: string) => fleetOf(rules, store, mac);

describe('devices in the evaluation', () => {
  it('judges each device by the device rules and nothing else', async () => {
    const { evaluation } = evaluateFleet(fleet(await scanned()));
    const byId = new Map(evaluation.devices!.map((d) => [d.deviceId, d]));
    const status = (id: string, rule: string) => byId.get(id)!.results.find((r) => r.ruleId === rule)!;
    expect(status('hp-sw-core', 'lan-devices').status).toBe('pass');
    expect(status('hp-sw-core', 'device-depreciation').status).toBe('fail');
    expect(say(status('hp-sw-core', 'device-depreciation').evidence)).toEqual(['Device age 8.4 years ≥ 5 years — bought in 2018 (org file)']);
    expect(status('hp-p1-printer', 'device-depreciation').status).toBe('pass');
    expect(status('hp-sw-core', 'firewall-on').status).toBe('not_applicable');
    expect(byId.get('hp-p1-printer')).toMatchObject({ model: 'HP LaserJet M404', serial: 'VNB3R1', supplies: ['Black Toner: 5%'] });
    // The server is out of the LAN device rule's scope, and has no purchase year.
    expect(status('hp-p1-srv', 'lan-devices').status).toBe('not_applicable');
    expect(status('hp-p1-srv', 'device-depreciation').status).toBe('unknown');
    expect(say(status('hp-p1-srv', 'device-depreciation').evidence)).toEqual(['Device age: not reported — neither the purchase year nor the manufacturing date is known']);
  });

  it('counts a printer the room expects without an entry as unknown, never passing', async () => {
    const { evaluation } = evaluateFleet(fleet(await scanned()));
    const missing = evaluation.devices!.find((d) => !d.declared)!;
    expect(missing).toMatchObject({ kind: 'printer', roomId: 'phong-1' });
    expect(missing.results.find((r) => r.ruleId === 'lan-devices')).toMatchObject({ status: 'unknown' });
    expect(say(missing.results.find((r) => r.ruleId === 'lan-devices')!.evidence)[0]).toContain('this one has no entry');
    const room = evaluation.units[0]!.rooms[0]!;
    const lan = room.rules.find((p) => p.ruleId === 'lan-devices')!;
    // Two printers expected (one listed) and the server (not applicable): the printer passes.
    expect(lan).toMatchObject({ expected: 3, passing: 1, unknown: 1, notApplicable: 1, completionPct: 50, status: 'overdue' });
    const unit = evaluation.units[0]!.rules.find((p) => p.ruleId === 'lan-devices')!;
    expect(unit).toMatchObject({ expected: 4, passing: 2, unknown: 1 });
    // Host rules keep counting machines: the workstation and the audited server.
    expect(room.rules.find((p) => p.ruleId === 'firewall-on')).toMatchObject({ expected: 2, passing: 2 });
  });

  it('a device never scanned is unknown, saying so', async () => {
    const { evaluation } = evaluateFleet(fleet(new MemoryDeviceStore()));
    const sw = evaluation.devices!.find((d) => d.deviceId === 'hp-sw-core')!;
    expect(sw.stale).toBe(true);
    expect(sw.results.find((r) => r.ruleId === 'lan-devices')).toMatchObject({ status: 'unknown', evidence: [{ kind: 'unscanned', cause: 'never' }] });
    expect(say(sw.results.find((r) => r.ruleId === 'lan-devices')!.evidence)).toEqual(['Never scanned']);
  });

  it('an unreachable device fails with the scan sentence', async () => {
    const store = new MemoryDeviceStore();
    await store.put(report('hp-sw-core', 'switch', { reachable: false, scans: [{ scanner: 'snmp', outcome: 'unreachable', message: 'no SNMP answer from 192.0.2.2:161', durationMs: 400 }] }));
    const { evaluation } = evaluateFleet(fleet(store));
    const r = evaluation.devices!.find((d) => d.deviceId === 'hp-sw-core')!.results.find((x) => x.ruleId === 'lan-devices')!;
    expect(r.status).toBe('fail');
    expect(say(r.evidence)[0]).toBe('Device answers: no (expected yes) — snmp: no SNMP answer from 192.0.2.2:161');
  });

  it('finds the workstation on its access port, not on the uplink', async () => {
    const { evaluation } = evaluateFleet(fleet(await scanned()));
    const ws = evaluation.hosts.find((h) => h.deviceId === undefined)!;
    expect(ws.switchPort).toEqual({ deviceId: 'hp-sw-core', deviceName: 'hp-sw-core', port: 'Gi0/7', mac: '00:11:22:33:44:55', fdbId: 10, seenAt: '2026-12-01T02:00:00.000Z' });
    const other = evaluateFleet(fleet(await scanned(), '00:11:22:33:44:66')).evaluation.hosts.find((h) => h.deviceId === undefined)!;
    expect(other.switchPort).toBeUndefined();
  });

  it('judges the machine audited over SSH by the host rules, probe rules not applicable', async () => {
    const { evaluation } = evaluateFleet(fleet(await scanned()));
    const srv = evaluation.hosts.find((h) => h.deviceId === 'hp-p1-srv')!;
    expect(srv).toMatchObject({ agentId: deviceAgentId('hp-p1-srv'), deviceKind: 'server', unitId: 'hp', roomId: 'phong-1' });
    expect(srv.results.find((r) => r.ruleId === 'firewall-on')!.status).toBe('pass');
    const gateway = srv.results.find((r) => r.ruleId === 'lan-gateway')!;
    expect(gateway.status).toBe('not_applicable');
    expect(say(gateway.evidence)).toEqual(['Audited over SSH by the collector: the LAN/WAN probes run only where an agent runs']);
  });

  it('replays a recorded day with the same device figures', async () => {
    const result = evaluateFleet(fleet(await scanned()));
    const model = buildOrgModel(ORG, [{ unit: 'hp', room: 'phong-1' }]);
    const day = historyDayOf(result, model, NOW);
    const rows = historyHostsOf(result.evaluation);
    expect(rows.devices).toHaveLength(4);
    const replayed = replayDay(JSON.parse(JSON.stringify(day)), JSON.parse(JSON.stringify(rows)), { asOf: '2026-12-01', scopeUnitId: null, generatedAt: NOW });
    const pick = (e: typeof result.evaluation) => e.units.map((u) => [u.unitId, u.rules.map((p) => [p.ruleId, p.expected, p.passing, p.unknown, p.status]), u.rooms.map((r) => r.rules.map((p) => [p.ruleId, p.expected, p.passing]))]);
    expect(pick(replayed)).toEqual(pick(result.evaluation));
    expect(replayed.devices!.map((d) => [d.deviceId, d.results.map((r) => r.status)])).toEqual(result.evaluation.devices!.map((d) => [d.deviceId, d.results.map((r) => r.status)]));
    expect(completeSinceIn(day)('u:hp', 'lan-devices')).toBeNull();
  });
});

describe('device rules in a pack', () => {
  const pack = (scope: string, fact = 'device.reachable') => `
pack: { id: p, title: { vi: p, en: p } }
rules:
  - id: r
    title: { vi: r, en: r }
    remediation: { vi: r, en: r }
    category: lan
    severity: low
    deadline: 2026-12-31
    owner: { who: w, what: w, result: w }
    scope: ${scope}
    check: { fact: ${fact}, op: eq, value: true }
`;
  it('a device fact needs scope.devices', () => {
    expect(() => compileRuleSet([parsePack(pack('{}'), 'p.yaml')])).toThrow(
      'p.yaml: rule "r": field "scope" is missing devices: the rule reads the device fact "device.reachable", so it checks devices; add scope.devices',
    );
  });
  it('a rule checks machines or devices, not both', () => {
    expect(() => parsePack(pack('{ devices: [switch], deviceKinds: [server] }'), 'p.yaml')).toThrow('p.yaml: rule "r": field "scope.deviceKinds" cannot be combined with devices');
  });
  it('an unknown device kind is named', () => {
    expect(() => parsePack(pack('{ devices: [hub] }'), 'p.yaml')).toThrow('p.yaml: rule "r": field "scope.devices.0"');
  });
});
