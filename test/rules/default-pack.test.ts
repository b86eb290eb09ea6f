/**
 * The default pack against realistic hosts: a ready workstation passes every rule; each
 * scenario changes one thing and pins the status and the evidence of the rule it touches.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { loadOrgFile } from '../../collector/org-file.js';
import type { RuleSet } from '../../rules/compile.js';
import { evaluateHost } from '../../rules/evaluate-host.js';
import { DEFAULT_PACK_FILE, loadRuleSet } from '../../rules/load-pack.js';
import { buildOrgModel, placeOf } from '../../rules/org-model.js';
import { factDictionary } from '../../rules/facts/index.js';
import { evidenceWriter } from '../../reports/evidence.js';
import { matchSoftware } from '../../rules/software-policy/match.js';
import type { OrgModel } from '../../rules/org-model.js';
import type { HostReportInput, HostRuleStatus } from '../../schema/index.js';
import { probe, READY_LICENSING, READY_SECTIONS, readyReport } from '../helpers/ready-report.js';
import { AGENT_VERSION } from '../../agent/version.js';

const AGENT = '11111111-1111-4111-8111-111111111111';
const NOW = new Date('2025-12-05T03:00:00Z');

let rules: RuleSet;
let org: OrgModel;
beforeAll(async () => {
  rules = await loadRuleSet([DEFAULT_PACK_FILE]);
  org = buildOrgModel(await loadOrgFile('examples/org.haiphong.yaml'), []);
});

interface Where {
  unit?: string;
  room?: string | null;
  kind?: string;
  /** The agent version the collector expects (default: this agent's own). */
  expected?: string | null;
  /** The machine's clock skew measured when the report was sent (default: 2 s ahead; null: not said). */
  skew?: number | null;
  /** The collector's KMS allow-list; the ready one when absent. */
  kmsAllowList?: string[];
}

function judge(extra: Partial<HostReportInput>, where: Where = {}) {
  const unit = where.unit ?? 'hp';
  const room = where.room === undefined ? 'phong-1' : where.room;
  const kind = where.kind ?? 'workstation';
  const report = readyReport(AGENT, NOW.toISOString(), extra);
  return evaluateHost(
    rules,
    {
      agentId: AGENT,
      hostname: 'P1-PC01',
      unitId: unit,
      roomId: room,
      deviceKind: kind,
      lastSeen: NOW.toISOString(),
      report,
      // The collector matches the software policy at ingest; the host carries the result.
      softwareMatches: matchSoftware(rules.softwarePolicy, report),
      clock: where.skew === null ? null : { skewSeconds: where.skew ?? 2 },
    },
    placeOf(org, unit, room, kind),
    NOW,
    undefined,
    {
      licensing: { kmsAllowList: where.kmsAllowList ?? READY_LICENSING.kmsAllowList },
      expectedAgentVersion: where.expected === undefined ? AGENT_VERSION : where.expected,
    },
  );
}

const av = READY_SECTIONS.antivirus.products;
const [bkav, defenderPassive] = [av[0]!, av[1]!];
const sec = READY_SECTIONS.security;
const lic = READY_SECTIONS.licensing;
const probesWith = (...results: ReturnType<typeof probe>[]) => ({ probes: { results } });

describe('the default pack', () => {
  it('passes a ready workstation on every rule for machines (device rules do not apply to it)', () => {
    const host = judge({});
    expect(host.results.map((r) => [r.ruleId, r.status])).toEqual(rules.rules.map((r) => [r.info.id, r.info.subject === 'devices' ? 'not_applicable' : 'pass']));
    expect(host.stale).toBe(false);
  });

  it.each<[string, Partial<HostReportInput>, Where, string, HostRuleStatus, string]>([
    // LAN and WAN
    ['gateway losing 20%', probesWith(probe('gateway', 'lan', { lossPct: 20, received: 8 }), probe('lan_server', 'lan'), probe('wan_endpoint', 'wan'), probe('wan_dns', 'wan')), {}, 'lan-gateway', 'fail', 'gateway loss 20% > 1%'],
    ['gateway unreachable', probesWith(probe('gateway', 'lan', { lossPct: 100, received: 0, rtt: null, error: 'timeout' })), {}, 'lan-gateway', 'fail', 'gateway loss 100% > 1%'],
    ['gateway slow', probesWith(probe('gateway', 'lan', { rtt: { minMs: 20, medianMs: 35, p95Ms: 50, maxMs: 60 } })), {}, 'lan-gateway', 'fail', 'gateway median RTT 35 ms > 10 ms'],
    ['no probes section', { probes: undefined }, {}, 'lan-gateway', 'unknown', 'gateway loss: not reported — the agent probed no such target'],
    ['probes but none for the gateway', probesWith(probe('wan_endpoint', 'wan')), {}, 'lan-gateway', 'unknown', 'gateway loss: not reported — the agent probed no such target'],
    ['a unit the org file gives no gateway', probesWith(probe('wan_endpoint', 'wan')), { unit: 'hp-kv9', room: null }, 'lan-gateway', 'unknown', 'the org file gives this unit no such target'],
    ['a regional unit without LAN servers', {}, { unit: 'hp-kv1', room: null }, 'lan-servers', 'not_applicable', 'LAN server targets in the org file 0 < 1'],
    ['WAN endpoint at 150 ms', probesWith(probe('wan_endpoint', 'wan', { rtt: { minMs: 140, medianMs: 150, p95Ms: 170, maxMs: 180 } })), {}, 'wan-endpoint', 'pass', 'WAN endpoint median RTT 150 ms ≤ 150 ms'],
    ['WAN endpoint losing 20%', probesWith(probe('wan_endpoint', 'wan', { lossPct: 20, received: 8 })), {}, 'wan-endpoint', 'fail', 'WAN endpoint loss 20% > 2%'],
    ['DNS not answering', probesWith(probe('wan_dns', 'wan', { lossPct: 100, received: 0, rtt: null, error: 'ETIMEOUT' })), {}, 'wan-dns', 'fail', 'WAN DNS targets unreachable: qlahs.vks.example (expected none) — target qlahs.vks.example: no answer within the time-out'],
    ['a LAN server refusing the port', probesWith(probe('gateway', 'lan'), probe('lan_server', 'lan', { lossPct: 100, received: 0, rtt: null, error: 'no answer to any of 10 attempts: connection refused by 192.0.2.10:445: the host answered but nothing listens on that port', detail: { port: 445 } })), {}, 'lan-servers', 'fail', 'LAN server loss 100% > 1% — target 192.0.2.10:445: connection refused'],
    // Licences
    // The collector judges the licence itself, against its own allow-list; the agent's verdict is a hint.
    ['a pirate KMS activation', { licensing: { ...lic, windows: { ...lic.windows, channel: 'volume_kms', kmsHost: 'kms.pirate.example', licensedSoftware: false, verdictReason: 'KMS host kms.pirate.example is not on the allow-list' } } }, {}, 'windows-licensed', 'fail', "Windows is licensed software: no (expected yes) — Windows(R), Professional edition: activated by KMS host kms.pirate.example, which is not on the organisation's KMS allow-list (kms.vks.example)"],
    ['a pirate KMS activation scanned offline (the agent said undecided)', { licensing: { ...lic, windows: { ...lic.windows, channel: 'volume_kms', kmsHost: 'kms.pirate.example', licensedSoftware: null, verdictReason: 'no KMS allow-list this run' } } }, {}, 'windows-licensed', 'fail', '(the agent said: undecided, no KMS allow-list this run)'],
    ['the organisation\'s KMS host, scanned offline', { licensing: { ...lic, windows: { ...lic.windows, channel: 'volume_kms', kmsHost: 'KMS.vks.example:1688', licensedSoftware: null, verdictReason: 'no KMS allow-list this run' } } }, {}, 'windows-licensed', 'pass', 'Windows is licensed software: yes'],
    ['a KMS host the agent passed but the collector no longer lists', { licensing: { ...lic, office: [{ ...lic.office[0]!, kmsHost: 'kms.old.example' }] } }, {}, 'office-licensed', 'fail', 'kms.old.example, which is not on the organisation\'s KMS allow-list'],
    ['any KMS activation while the collector lists no host', {}, { kmsAllowList: [] }, 'office-licensed', 'fail', 'KMS allow-list (empty: add the KMS hosts to licensing.kmsAllowList in the collector config)'],
    ['a KMS38 crack from an allow-listed host', { licensing: { ...lic, windows: { ...lic.windows, channel: 'volume_kms', kmsHost: 'kms.vks.example', graceRemainingDays: 4077, licensedSoftware: true } } }, {}, 'windows-licensed', 'fail', '4,077 days left before renewal'],
    ['Windows in grace', { licensing: { ...lic, windows: { ...lic.windows, status: 'grace', statusCode: 2, licensedSoftware: false, verdictReason: 'in its out-of-box grace period' } } }, {}, 'windows-licensed', 'fail', 'Windows(R), Professional edition: in its grace period'],
    ['a licence whose status could not be read', { licensing: { ...lic, windows: { ...lic.windows, status: 'unknown', statusCode: null, licensedSoftware: null, verdictReason: 'SPP did not answer' } } }, {}, 'windows-licensed', 'unknown', 'Windows is licensed software: not reported — the licence status could not be read'],
    ['a Linux machine', { os: { platform: 'linux', distro: 'Debian GNU/Linux', release: '12', kernel: '6.1', arch: 'x64', hostname: 'p1-lx01' } }, {}, 'windows-licensed', 'not_applicable', 'OS platform: Linux (expected Windows)'],
    ['no Office installed', { licensing: { ...lic, office: [] } }, {}, 'office-licensed', 'fail', 'Office is licensed software: no (expected yes) — no Office licence found (Office is not installed)'],
    ['one of two Office products unlicensed', { licensing: { ...lic, office: [...lic.office, { ...lic.office[0]!, product: 'Visio 2016', status: 'unlicensed', licensedSoftware: false, verdictReason: 'not activated' }] } }, {}, 'office-licensed', 'fail', 'Visio 2016: unlicensed'],
    // Antivirus
    ['no antivirus at all', { antivirus: { products: [] } }, {}, 'antivirus-active', 'fail', 'antivirus products enabled 0 < 1'],
    ['only a passive Defender', { antivirus: { products: [defenderPassive] } }, {}, 'antivirus-active', 'fail', 'antivirus products enabled 0 < 1'],
    ['Bkav turned off', { antivirus: { products: [{ ...bkav, enabled: false, realTime: false }, defenderPassive] } }, {}, 'antivirus-active', 'fail', 'not enabled: Bkav Pro'],
    ['an uninstalled product lingering in SecurityCenter2', { antivirus: { products: [{ ...bkav, name: 'Kaspersky', stale: true }, bkav] } }, {}, 'antivirus-active', 'pass', 'antivirus products enabled 1 ≥ 1'],
    ['no antivirus section', { antivirus: undefined }, {}, 'antivirus-active', 'unknown', 'antivirus products enabled: not reported — the report has no antivirus section'],
    ['signatures out of date', { antivirus: { products: [{ ...bkav, upToDate: false, signatureAgeDays: 30 }] } }, {}, 'antivirus-updated', 'fail', 'antivirus signatures up to date: no (expected yes)'],
    ['signatures of unknown age', { antivirus: { products: [{ ...bkav, upToDate: null }] } }, {}, 'antivirus-updated', 'unknown', 'not reported'],
    // Hardware
    ['4 GB of memory', { hardware: { ...readyReport(AGENT, NOW.toISOString()).hardware!, memory: { totalBytes: 4 * 1024 ** 3 } } }, {}, 'hardware-minimum', 'fail', 'memory 4 GiB < 7.5 GiB'],
    ['no disk reported (a container)', { hardware: { ...readyReport(AGENT, NOW.toISOString()).hardware!, disks: [] } }, {}, 'hardware-minimum', 'unknown', 'disk size: not reported'],
    ['a server', {}, { kind: 'server' }, 'hardware-minimum', 'not_applicable', 'the rule covers workstation, laptop, not server'],
    ['a BIOS from 2015', { hardware: { ...readyReport(AGENT, NOW.toISOString()).hardware!, bios: { vendor: 'Dell Inc.', version: 'A05', releaseDate: '2015-03-02' } } }, {}, 'equipment-depreciation', 'fail', 'age by BIOS date 10.8 years ≥ 5 years — BIOS dated 2015-03-02'],
    ['an unreadable BIOS date', { hardware: { ...readyReport(AGENT, NOW.toISOString()).hardware!, bios: { vendor: '', version: '', releaseDate: '' } } }, {}, 'equipment-depreciation', 'unknown', 'age by BIOS date: not reported'],
    // Security
    ['the Public firewall profile off', { security: { ...sec, firewall: [{ profile: 'Domain', enabled: true }, { profile: 'Public', enabled: false }] } }, {}, 'firewall-on', 'fail', 'firewall on: no (expected yes) — off: Public'],
    ['no firewall found', { security: { ...sec, firewall: [] } }, {}, 'firewall-on', 'fail', 'no firewall found'],
    ['UltraViewer running', { security: { ...sec, remoteAccessTools: [{ name: 'UltraViewer', installed: true, running: true, evidence: 'service UltraViewService' }] } }, {}, 'no-remote-access', 'fail', 'remote-access tools: UltraViewer (running) (expected none)'],
    ['Windows 7', { security: { ...sec, osSupport: { supported: false, endOfSupport: '2020-01-14', reason: 'Windows 7 is out of support' } } }, {}, 'os-supported', 'fail', 'OS still supported: no (expected yes) — end of support 2020-01-14'],
    // Signing tokens
    ['no token in Phòng 1, which signs', { security: { ...sec, signingTokens: [] } }, {}, 'signing-token', 'fail', 'signing tokens plugged in 0 < 1'],
    ['no token in Phòng 15, which does not sign', { security: { ...sec, signingTokens: [] } }, { room: 'phong-15' }, 'signing-token', 'not_applicable', "the host's room does not need digital signing"],
    // Clock, measured when the report was sent
    ['a clock an hour ahead', {}, { skew: 3600 }, 'clock-skew', 'fail', "clock difference from the collector 3,600 seconds > 300 seconds — the machine's clock is ahead of the collector's"],
    ['a clock 4 minutes behind', {}, { skew: -240 }, 'clock-skew', 'pass', 'clock difference from the collector 240 seconds ≤ 300 seconds'],
    ['an agent that does not say when it sent', {}, { skew: null }, 'clock-skew', 'unknown', 'the agent did not say when it sent its report (update the agent)'],
    // Device kinds: tokens and Office are for the personal computers ("máy trạm", "máy tính cá nhân").
    ['a server in Phòng 1, which signs', { security: { ...sec, signingTokens: [] } }, { kind: 'server' }, 'signing-token', 'not_applicable', 'the rule covers workstation, laptop, not server'],
    ['a laptop in Phòng 1 without its token', { security: { ...sec, signingTokens: [] } }, { kind: 'laptop' }, 'signing-token', 'fail', 'signing tokens plugged in 0 < 1'],
    ['a server without Office', { licensing: { ...lic, office: [] } }, { kind: 'server' }, 'office-licensed', 'not_applicable', 'the rule covers workstation, laptop, not server'],
    ['a laptop without Office', { licensing: { ...lic, office: [] } }, { kind: 'laptop' }, 'office-licensed', 'fail', 'no Office licence found'],
    ['a server still needs licensed Windows', { licensing: { ...lic, windows: { ...lic.windows, status: 'unlicensed', statusCode: 0, licensedSoftware: false } } }, { kind: 'server' }, 'windows-licensed', 'fail', 'Windows(R), Professional edition: unlicensed'],
    // The agent itself
    ['an agent older than the collector expects', { agentVersion: '0.0.9' }, { expected: '0.1.0' }, 'agent-current', 'fail', 'agent up to date: no (expected yes) — the agent is 0.0.9; the collector expects 0.1.0'],
    ['a pre-release of the expected version', { agentVersion: '0.2.0-rc.1' }, { expected: '0.2.0' }, 'agent-current', 'fail', 'the agent is 0.2.0-rc.1; the collector expects 0.2.0'],
    ['a newer agent than expected', { agentVersion: '0.3.0' }, { expected: '0.2.0' }, 'agent-current', 'pass', 'agent up to date: yes'],
    ['the PowerShell report script of the same release', { agentVersion: '0.2.0+ps2' }, { expected: '0.2.0' }, 'agent-current', 'pass', 'agent up to date: yes'],
    ['an agent version that is no version number', { agentVersion: 'dev-build' }, { expected: '0.2.0' }, 'agent-current', 'unknown', 'not a version number'],
    ['a collector that names no expected version', {}, { expected: null }, 'agent-current', 'unknown', 'not a version number'],
  ])('%s', (_name, extra, where, ruleId, status, evidence) => {
    const host = judge(extra, where);
    const result = host.results.find((r) => r.ruleId === ruleId)!;
    expect(result.status).toBe(status);
    // Evidence is structured; the English writer says it as an English document prints it.
    expect(evidenceWriter(factDictionary(), 'en').lines(result.evidence).join(' | ').toLowerCase()).toContain(evidence.toLowerCase());
  });

  it('writes a threshold reason beside every value of every rule and setting', async () => {
    const pack = rules.packs[0]!.pack;
    for (const s of Object.values(pack.settings)) expect(s.reason).not.toMatch(/built-in default/);
    const leaves = (c: unknown): Array<{ value?: unknown; reason?: string; fact?: string }> => {
      const n = c as { all?: unknown[]; any?: unknown[]; not?: unknown; fact?: string };
      return n.fact ? [n as { reason?: string }] : [...(n.all ?? []), ...(n.any ?? []), ...(n.not ? [n.not] : [])].flatMap(leaves);
    };
    for (const rule of pack.rules) {
      for (const leaf of [...leaves(rule.check), ...(rule.when ? leaves(rule.when) : [])]) {
        expect(leaf.reason, `${rule.id}: ${leaf.fact}`).toBeTruthy();
      }
    }
  });
});
