/** Host statuses beyond single rules: stale hosts, hysteresis of probe rules, org scopes. */
import { beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { loadOrgFile } from '../../collector/org-file.js';
import { compileRuleSet } from '../../rules/compile.js';
import type { RuleSet } from '../../rules/compile.js';
import { evaluateHost, probeOutcomes } from '../../rules/evaluate-host.js';
import { factDictionary } from '../../rules/facts/index.js';
import { evidenceWriter } from '../../reports/evidence.js';
import type { HostInput } from '../../rules/evaluate-host.js';
import { advanceTrail } from '../../rules/hysteresis.js';
import { DEFAULT_PACK_FILE, loadRuleSet, parsePack } from '../../rules/load-pack.js';
import { buildOrgModel, placeOf } from '../../rules/org-model.js';
import type { OrgModel } from '../../rules/org-model.js';
import type { HostRuleStatus, RuleTrail } from '../../schema/index.js';
import { probe, readyReport } from '../helpers/ready-report.js';

const AGENT = '11111111-1111-4111-8111-111111111111';
const NOW = new Date('2025-12-05T03:00:00Z');
const hoursAgo = (h: number) => new Date(NOW.getTime() - h * 3_600_000).toISOString();

let rules: RuleSet;
let org: OrgModel;
beforeAll(async () => {
  rules = await loadRuleSet([DEFAULT_PACK_FILE]);
  org = buildOrgModel(await loadOrgFile('examples/org.haiphong.yaml'), []);
});

const host = (change: Partial<HostInput> = {}): HostInput => ({
  agentId: AGENT,
  hostname: 'P1-PC01',
  unitId: 'hp',
  roomId: 'phong-1',
  deviceKind: 'workstation',
  lastSeen: NOW.toISOString(),
  report: readyReport(AGENT, NOW.toISOString()),
  ...change,
});
const evaluate = (h: HostInput) => evaluateHost(rules, h, placeOf(org, h.unitId, h.roomId, h.deviceKind), NOW);
const status = (h: HostInput, ruleId: string) => evaluate(h).results.find((r) => r.ruleId === ruleId)!;

describe('a stale host', () => {
  it.each<[string, Partial<HostInput>, boolean]>([
    ['reported just now', {}, false],
    ['reported exactly 72 h ago (the heartbeat window)', { lastSeen: hoursAgo(72), report: readyReport(AGENT, hoursAgo(72)) }, false],
    ['reported 73 h ago', { lastSeen: hoursAgo(73), report: readyReport(AGENT, hoursAgo(73)) }, true],
    ['sent today a report its agent collected four days ago (from its spool)', { report: readyReport(AGENT, hoursAgo(96)) }, true],
    ['reports with its clock a day ahead', { report: readyReport(AGENT, hoursAgo(-24)) }, false],
    ['never reported', { lastSeen: null, report: null }, true],
  ])('%s: stale is %s', (_name, change, stale) => {
    const evaluated = evaluate(host(change));
    expect(evaluated.stale).toBe(stale);
    if (stale) expect(evaluated.results.filter((r) => r.status === 'pass')).toEqual([]);
  });

  it('has every rule unknown, saying since when, except where the org alone rules it out', () => {
    const evaluated = evaluate(host({ roomId: 'phong-15', lastSeen: hoursAgo(100), report: readyReport(AGENT, hoursAgo(100)) }));
    expect(status(host({ lastSeen: hoursAgo(100), report: readyReport(AGENT, hoursAgo(100)) }), 'firewall-on')).toEqual({
      ruleId: 'firewall-on',
      status: 'unknown',
      evidence: [{ kind: 'stale', hours: 100, windowHours: 72 }],
    });
    const byRule = Object.fromEntries(evaluated.results.map((r) => [r.ruleId, r.status]));
    expect(byRule['signing-token']).toBe('not_applicable');
    expect(byRule['windows-licensed']).toBe('unknown');
    expect(status(host({ lastSeen: null, report: null }), 'antivirus-active').evidence).toEqual([{ kind: 'never_reported' }]);
  });
});

describe('hysteresis of probe rules', () => {
  const letters: Record<string, HostRuleStatus> = { p: 'pass', f: 'fail', u: 'unknown', n: 'not_applicable' };
  it.each([
    // n, raw outcomes report by report, statuses shown after each report
    [2, 'p', 'p'],
    [2, 'f', 'f'],
    [2, 'pf', 'pp'],
    [2, 'pff', 'ppf'],
    [2, 'pfpf', 'pppp'],
    [2, 'pffp', 'ppff'],
    [2, 'pffpp', 'ppffp'],
    [2, 'fuu', 'ffu'],
    [1, 'pfp', 'pfp'],
    [3, 'pfff', 'pppf'],
    [3, 'pffpfff', 'ppppppf'],
  ])('with N=%i, outcomes %s show as %s', (n, outcomes, shown) => {
    let trail: RuleTrail | undefined;
    const seen = [...outcomes].map((l, i) => {
      trail = advanceTrail(trail, `r${i}`, [{ ruleId: 'lan-gateway', status: letters[l]!, n }]);
      return trail.rules['lan-gateway']!.stable[0];
    });
    expect(seen.join('')).toBe(shown);
    expect(trail!.rules['lan-gateway']!.recent.length).toBeLessThanOrEqual(n);
  });

  it('holds a passing LAN status through one bad report and says why', () => {
    const good = readyReport(AGENT, hoursAgo(1));
    const bad = readyReport(AGENT, NOW.toISOString(), { probes: { results: [probe('gateway', 'lan', { lossPct: 30, received: 7 }), probe('lan_server', 'lan'), probe('wan_endpoint', 'wan'), probe('wan_dns', 'wan')] } });
    const place = placeOf(org, 'hp', 'phong-1', 'workstation');
    let trail = advanceTrail(undefined, good.reportId, probeOutcomes(rules, place, good, NOW));
    trail = advanceTrail(trail, bad.reportId, probeOutcomes(rules, place, bad, NOW));

    const held = status(host({ report: bad, trail }), 'lan-gateway');
    expect(held.status).toBe('pass');
    expect(evidenceWriter(factDictionary(), 'en').lines(held.evidence)).toEqual([
      'Gateway loss 30% > 1% — target 192.0.2.1',
      'Gateway median RTT 0.5 ms ≤ 10 ms',
      'Status held at pass: 1 of 2 reports in a row say fail',
    ]);
    expect(held.evidence.at(-1)).toEqual({ kind: 'held', stable: 'pass', says: 'fail', run: 1, of: 2 });

    const bad2 = readyReport(AGENT, NOW.toISOString(), { probes: bad.probes });
    trail = advanceTrail(trail, bad2.reportId, probeOutcomes(rules, place, bad2, NOW));
    expect(status(host({ report: bad2, trail }), 'lan-gateway').status).toBe('fail');
  });

  it('ignores a trail written for another report, and never holds rules that are not probe-based', () => {
    const report = readyReport(AGENT, NOW.toISOString(), { security: { ...readyReport(AGENT, NOW.toISOString()).security!, firewall: [] } });
    const trail: RuleTrail = { reportId: 'another-report', rules: { 'lan-gateway': { stable: 'fail', recent: 'ff' } } };
    expect(status(host({ report, trail }), 'lan-gateway').status).toBe('pass');
    expect(probeOutcomes(rules, placeOf(org, 'hp', 'phong-1', 'workstation'), report, NOW).map((o) => o.ruleId)).toEqual(['lan-gateway', 'lan-servers', 'wan-endpoint', 'wan-dns', 'no-internet-path']);
  });
});

describe('rule scopes', () => {
  const pack = (scope: object) =>
    compileRuleSet([
      parsePack(
        stringify({
          pack: { id: 'scoped', title: { vi: 'x', en: 'x' } },
          rules: [
            {
              id: 'scoped-rule',
              title: { vi: 'x', en: 'x' },
              remediation: { vi: 'x', en: 'x' },
              category: 'security',
              severity: 'low',
              deadline: '2026-12-31',
              owner: { who: 'Văn phòng', what: 'x', result: 'x' },
              scope,
              check: { fact: 'security.firewall_enabled', op: 'eq', value: true },
            },
          ],
        }),
        'scoped.yaml',
      ),
    ]);

  it.each<[string, object, string, string | null, string, HostRuleStatus]>([
    ['a rule for the city applies in its regional units too', { units: ['hp'] }, 'hp-kv1', null, 'workstation', 'pass'],
    ['a rule for one regional unit skips another', { units: ['hp-kv2'] }, 'hp-kv1', null, 'workstation', 'not_applicable'],
    ['a rule for regional units skips the city', { levels: ['regional'] }, 'hp', 'phong-1', 'workstation', 'not_applicable'],
    ['a rule for laptops skips a workstation', { deviceKinds: ['laptop'] }, 'hp', 'phong-1', 'workstation', 'not_applicable'],
    ['a rule for signing rooms applies in Văn phòng', { roomNeeds: ['signing_token'] }, 'hp', 'van-phong', 'workstation', 'pass'],
    ['a host outside any room has no needs', { roomNeeds: ['signing_token'] }, 'hp', null, 'workstation', 'not_applicable'],
    ['an unscoped rule applies in a unit the org does not name', {}, 'somewhere-else', null, 'workstation', 'pass'],
  ])('%s', (_name, scope, unitId, roomId, kind, expected) => {
    const set = pack(scope);
    const h = host({ unitId, roomId, deviceKind: kind });
    expect(evaluateHost(set, h, placeOf(org, unitId, roomId, kind), NOW).results[0]!.status).toBe(expected);
  });
});
