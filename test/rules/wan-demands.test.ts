/**
 * The WAN demands of the default pack, scenario by scenario: no path to the Internet from a
 * WAN-only room, ready to sign, the software policy and licensed antivirus editions. Each row
 * changes one thing in a ready workstation and pins the status and the evidence.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { loadOrgFile } from '../../collector/org-file.js';
import type { RuleSet } from '../../rules/compile.js';
import { compileRuleSet } from '../../rules/compile.js';
import { evaluateHost } from '../../rules/evaluate-host.js';
import { DEFAULT_PACK_FILE, loadPack, loadRuleSet, parsePack } from '../../rules/load-pack.js';
import { buildOrgModel, placeOf } from '../../rules/org-model.js';
import type { OrgModel } from '../../rules/org-model.js';
import { matchSoftware } from '../../rules/software-policy/match.js';
import type { HostReportInput, HostRuleStatus, SoftwareMatches } from '../../schema/index.js';
import { englishEvidence } from '../helpers/evidence-text.js';
import { probe, READY_SECTIONS, readyReport } from '../helpers/ready-report.js';

const AGENT = '22222222-2222-4222-8222-222222222222';
const NOW = new Date('2025-12-05T03:00:00Z');

let rules: RuleSet;
let org: OrgModel;
beforeAll(async () => {
  rules = await loadRuleSet([DEFAULT_PACK_FILE]);
  org = buildOrgModel(await loadOrgFile('examples/org.haiphong.yaml'), []);
});

function judge(extra: Partial<HostReportInput>, room = 'phong-1', set: RuleSet = rules, matches?: (m: SoftwareMatches) => SoftwareMatches) {
  const report = readyReport(AGENT, NOW.toISOString(), extra);
  const computed = matchSoftware(set.softwarePolicy, report);
  return evaluateHost(
    set,
    { agentId: AGENT, hostname: 'P1-PC09', unitId: 'hp', roomId: room, deviceKind: 'workstation', lastSeen: NOW.toISOString(), report, softwareMatches: matches ? matches(computed) : computed },
    placeOf(org, 'hp', room, 'workstation'),
    NOW,
  );
}
const result = (host: ReturnType<typeof judge>, ruleId: string) => host.results.find((r) => r.ruleId === ruleId)!;

const net = READY_SECTIONS.connectivity;
const sig = READY_SECTIONS.signing;
const token = sig.certificates[0]!;
const programs = READY_SECTIONS.software.programs;
const [bkav, defenderPassive] = [READY_SECTIONS.antivirus.products[0]!, READY_SECTIONS.antivirus.products[1]!];
const wifiUp = { name: 'Wi-Fi', description: 'Intel(R) Wi-Fi 6 AX201 160MHz', kind: 'wifi' as const, up: true, addresses: ['10.10.0.23/24'], defaultRoute: true };

type Row = [string, Partial<HostReportInput>, string, HostRuleStatus, string];

describe('no-internet-path', () => {
  it.each<Row>([
    ['a ready workstation in a WAN-only room', {}, 'phong-1', 'pass', 'separate default paths 1 ≤ 1'],
    ['a room that may reach the Internet', {}, 'phong-15', 'not_applicable', 'WAN-only room or unit: no (expected yes)'],
    [
      'a second default route through Wi-Fi',
      { connectivity: { ...net, adapters: [net.adapters[0]!, wifiUp], defaultRoutes: [...net.defaultRoutes, { family: 'ipv4', gateway: '10.10.0.1', interface: 'Wi-Fi', metric: 35, network: '10.10.0.0/24' }] } },
      'phong-1',
      'fail',
      'separate default paths 2 > 1 — default via 192.0.2.1 dev Ethernet metric 25 (192.0.2.0/24); default via 10.10.0.1 dev Wi-Fi metric 35 (10.10.0.0/24)',
    ],
    ['IPv6 out through the same router is the same path', { connectivity: { ...net, defaultRoutes: [...net.defaultRoutes, { family: 'ipv6', gateway: 'fe80::1', interface: 'Ethernet', metric: 25, network: '192.0.2.0/24' }] } }, 'phong-1', 'pass', 'separate default paths 1 ≤ 1'],
    ['connected to a Wi-Fi network', { connectivity: { ...net, wifi: [{ interface: 'Wi-Fi', ssid: 'HomeNet', connected: true, source: 'netsh wlan show interfaces' }] } }, 'phong-1', 'fail', 'wireless or shared links: Wi-Fi "HomeNet" (Wi-Fi) (expected none)'],
    ['a phone shared over USB', { connectivity: { ...net, adapters: [...net.adapters, { name: 'Ethernet 3', kind: 'tethering', up: true, addresses: ['192.168.42.57/24'] }] } }, 'phong-1', 'fail', 'tethering Ethernet 3 (192.168.42.57/24)'],
    ['a 4G dongle plugged in, not connected', { connectivity: { ...net, usbModems: [{ name: 'Huawei mobile broadband stick', vendorId: '12d1', productId: '1f01' }] } }, 'phong-1', 'fail', 'USB modems plugged in: Huawei mobile broadband stick (12d1:1f01) (expected none)'],
    ['Windows reports Internet access on an adapter', { connectivity: { ...net, adapters: [{ ...net.adapters[0]!, internetDetected: true }, net.adapters[1]!] } }, 'phong-1', 'fail', 'adapters on which Windows detects the Internet: ethernet Ethernet (expected none)'],
    [
      'the must-not-answer target answered',
      { probes: { results: [...READY_SECTIONS.probes.results.slice(0, 4), probe('must_not_answer', 'internet', { detail: { port: 443, route: '198.51.100.1 dev eth1 src 198.51.100.20' } })] } },
      'phong-1',
      'fail',
      'must-not-answer targets that answered: 203.0.113.10 (tcp 443) (expected none) — 203.0.113.10 answered 10 of 10 via 198.51.100.1 dev eth1 src 198.51.100.20',
    ],
    ['no connectivity section (an older agent)', { connectivity: undefined }, 'phong-1', 'unknown', 'separate default paths: not reported — the report has no connectivity section'],
  ])('%s', (_, extra, room, status, evidence) => {
    const r = result(judge(extra, room), 'no-internet-path');
    expect(r.status).toBe(status);
    expect(englishEvidence(r.evidence).join(' | ').toLowerCase()).toContain(evidence.toLowerCase());
  });
});

describe('signing-ready', () => {
  const expiringIn10Days = { ...token, notAfter: '2025-12-15T03:00:00.000Z' };
  it.each<Row>([
    ['a ready workstation in a signing room', {}, 'phong-1', 'pass', 'token certificate validity left 762 days > 30 days'],
    ['a room that does not sign', {}, 'phong-15', 'not_applicable', 'does not need digital signing'],
    ['the token certificate expires in 10 days', { signing: { ...sig, certificates: [expiringIn10Days] } }, 'phong-1', 'fail', 'token certificate validity left 10 days ≤ 30 days — Nguyễn Văn A, serial 540101A1B2C3D4E5, issued by CA phục vụ các cơ quan Nhà nước G2, expires 2025-12-15'],
    ['a renewed certificate beside the expiring one counts', { signing: { ...sig, certificates: [expiringIn10Days, token] } }, 'phong-1', 'pass', 'validity left 762 days'],
    ['the sector root CA missing', { signing: { ...sig, sectorRoots: [] } }, 'phong-1', 'fail', 'sector root CA trusted: no (expected yes) — not in the trusted roots'],
    ['no signing software', { signing: { ...sig, software: [sig.software[0]!] } }, 'phong-1', 'fail', 'signing software installed: none (expected at least one)'],
    ['no token middleware', { signing: { ...sig, software: [sig.software[1]!] } }, 'phong-1', 'fail', 'token middleware installed: none'],
    ['no token plugged in: its certificate cannot be read, no failure for it', { security: { ...READY_SECTIONS.security, signingTokens: [] }, signing: { ...sig, certificates: [] } }, 'phong-1', 'pass', 'signing tokens plugged in 0 = 0'],
    ['a token plugged in but no certificate found', { signing: { ...sig, certificates: [] } }, 'phong-1', 'unknown', 'token certificate validity left: not reported — not found in the personal certificate stores'],
  ])('%s', (_, extra, room, status, evidence) => {
    const r = result(judge(extra, room), 'signing-ready');
    expect(r.status).toBe(status);
    expect(englishEvidence(r.evidence).join(' | ').toLowerCase()).toContain(evidence.toLowerCase());
  });
});

describe('software-policy and antivirus-licensed', () => {
  it.each<[string, Partial<HostReportInput>, string, HostRuleStatus, string]>([
    ['a ready workstation', {}, 'software-policy', 'pass', 'required software missing: none | banned software: none'],
    ['µTorrent installed', { software: { source: 'registry', programs: [...programs, { name: 'µTorrent', version: '3.6.0.47016' }] } }, 'software-policy', 'fail', 'banned software: µTorrent 3.6.0.47016 (p2p) (expected none)'],
    ['a miner and a game', { software: { source: 'registry', programs: [...programs, { name: 'NiceHash Miner' }, { name: 'Garena' }] } }, 'software-policy', 'fail', 'NiceHash Miner (crypto-miner), Garena (games)'],
    ['a remote-access tool the catalogue found running', { security: { ...READY_SECTIONS.security, remoteAccessTools: [{ name: 'UltraViewer', installed: true, running: true, evidence: 'running: UltraViewer_Service' }] } }, 'software-policy', 'fail', 'UltraViewer (remote-access, running)'],
    ['a remote-access tool only the pack lists', { software: { source: 'registry', programs: [...programs, { name: 'ToDesk', version: '4.7.1' }] } }, 'software-policy', 'fail', 'ToDesk 4.7.1 (remote-access)'],
    ['no package manager: the list is not known', { software: { source: 'none', programs: [] } }, 'software-policy', 'unknown', 'required software missing: not reported — the latest report has no installed-program list'],
    ['Bkav Pro (paid) protects, Defender passive', {}, 'antivirus-licensed', 'pass', 'licensed antivirus edition: yes'],
    ['a free antivirus edition', { antivirus: { products: [{ ...bkav, name: 'Bkav Home' }, defenderPassive] }, software: { source: 'registry', programs: [{ name: 'Bkav Home', version: '2024' }] } }, 'antivirus-licensed', 'fail', 'licensed antivirus edition: no (expected yes) — Bkav Home: free'],
    ['SecurityCenter2 names only the vendor; the programs say free', { antivirus: { products: [{ ...bkav, name: 'Bkav' }] }, software: { source: 'registry', programs: [{ name: 'BkavHome 2024' }] } }, 'antivirus-licensed', 'fail', 'Bkav: free (installed program "BkavHome 2024" is Bkav Home (free))'],
    ['Defender alone, included with Windows', { antivirus: { products: [{ ...defenderPassive, name: 'Windows Defender', enabled: true, realTime: true, passive: false }] } }, 'antivirus-licensed', 'pass', 'licensed antivirus edition: yes'],
    ['an edition the pack does not list', { antivirus: { products: [{ ...bkav, name: 'Foo Antivirus', vendor: 'Foo' }] } }, 'antivirus-licensed', 'unknown', "licensed antivirus edition: not reported — an installed product's edition is not in the pack's antivirusEditions"],
    ['no antivirus at all', { antivirus: { products: [] } }, 'antivirus-licensed', 'fail', 'no antivirus product installed'],
    ['a Linux machine', { os: { platform: 'linux', distro: 'Debian GNU/Linux', release: '12', kernel: '6.1', arch: 'x64', hostname: 'p1-lx01' } }, 'antivirus-licensed', 'not_applicable', 'OS platform: linux (expected windows)'],
  ])('%s', (_, extra, ruleId, status, evidence) => {
    const r = result(judge(extra), ruleId);
    expect(r.status).toBe(status);
    expect(englishEvidence(r.evidence).join(' | ').toLowerCase()).toContain(evidence.toLowerCase());
  });

  it('uses no match made against another version of the policy, nor for another report', () => {
    const older = result(judge({}, 'phong-1', rules, (m) => ({ ...m, policy: 'an-older-policy' })), 'software-policy');
    expect(older.status).toBe('unknown');
    // Both software facts are missing for the same reason: said once.
    expect(englishEvidence(older.evidence)).toEqual([expect.stringMatching(/has not been matched since the host last reported \(or since the policy changed\)/)]);
    expect(result(judge({}, 'phong-1', rules, (m) => ({ ...m, reportId: 'another' })), 'antivirus-licensed').status).toBe('unknown');
  });

  it('requires software per room need, from a pack of the organisation', async () => {
    const own = parsePack(
      [
        'pack: {id: hp-own, title: {vi: Quy định riêng, en: Own rules}}',
        'softwarePolicy:',
        '  required:',
        '    - {id: unikey, name: UniKey, aliases: [unikey, evkey], reason: Vietnamese input for every machine}',
        '    - {id: vgca-sign-service, name: VGCA Sign Service, aliases: [vgca sign service], scope: {roomNeeds: [signing_token]}, reason: signing on QLAHS}',
        'rules:',
        '  - {id: own-software, title: {vi: a, en: a}, remediation: {vi: a, en: a}, category: security, severity: low, deadline: 2026-12-31, owner: {who: a, what: a, result: a}, check: {fact: software.required_missing, op: empty}}',
      ].join('\n'),
      'hp-own.yaml',
    );
    const set = compileRuleSet([await loadPack(DEFAULT_PACK_FILE), own]);
    const withUnikey = { software: { source: 'registry' as const, programs: [...programs, { name: 'UniKey 4.6 RC2' }] } };
    const missing = result(judge(withUnikey, 'phong-1', set), 'own-software');
    expect(missing.status).toBe('fail');
    expect(englishEvidence(missing.evidence)).toEqual(['Required software missing: VGCA Sign Service (expected none)']);
    expect(result(judge(withUnikey, 'phong-15', set), 'own-software').status).toBe('pass');
    const unikey = result(judge({}, 'phong-15', set), 'own-software');
    expect(unikey.status).toBe('fail');
    expect(englishEvidence(unikey.evidence)).toEqual(['Required software missing: UniKey (expected none)']);
  });
});

describe('a bad software policy stops the load with the file, the entry and the field', () => {
  const pack = (policy: string) => `pack: {id: x, title: {vi: x, en: x}}\nsoftwarePolicy:\n${policy}\nrules:\n  - {id: r, title: {vi: a, en: a}, remediation: {vi: a, en: a}, category: security, severity: low, deadline: 2026-12-31, owner: {who: a, what: a, result: a}, check: {fact: software.banned, op: empty}}\n`;
  it.each([
    ['  banned:\n    - {id: foo, name: Foo, category: chat, aliases: [foo], source: x}', /x\.yaml: software policy banned entry "foo": field "category" Invalid option/],
    ['  banned:\n    - {id: foo, name: Foo, category: p2p, aliases: [], source: x}', /software policy banned entry "foo": field "aliases" list at least one alias/],
    ['  antivirusEditions:\n    - {id: a, name: A, vendor: a, edition: cheap, aliases: [aaa], source: x}', /software policy antivirusEditions entry "a": field "(vendor|edition)"/],
    ['  required:\n    - {id: u, name: U, aliases: [unikey]}', /software policy required entry "u": field "reason"/],
    ['  required:\n    - {id: u, name: U, aliases: [unikey], reason: r}\n  banned:\n    - {id: u, name: U, category: games, aliases: [u2], source: s}', /x\.yaml: software policy banned entry "u": field "id" entry id "u" is already used in required/],
  ])('%s', (policy, message) => {
    expect(() => parsePack(pack(policy), 'x.yaml')).toThrow(message);
  });

  it('and an id used by two packs', async () => {
    const two = (id: string) => parsePack(pack(`  banned:\n    - {id: dup, name: D, category: games, aliases: [dup], source: s}`).replace('id: x,', `id: ${id},`).replace('{id: r,', `{id: r-${id},`), `${id}.yaml`);
    expect(() => compileRuleSet([two('a'), two('b')])).toThrow(/b\.yaml: software policy entry "dup" is already defined in a\.yaml/);
  });
});
