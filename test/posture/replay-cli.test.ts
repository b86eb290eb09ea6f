/**
 * `readiness agent run --replay DIR` through the real CLI over the recorded scenarios in
 * test/fixtures/replay/ (docs/replay.md layout): one CLI run per Windows scenario, ClamAV and
 * macOS; the remaining scenarios replay in-process (each CLI start costs ~2 s of CPU).
 * Everything comes from the capture alone: a capture of format 2 holds what systeminformation
 * returned (os, hardware, network, peripherals), an older one leaves those sections unknown and
 * says so; nothing is read from this machine and nothing is probed.
 */
import { randomUUID } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildReport } from '../../agent/build-report.js';
import { COLLECTORS } from '../../agent/collectors/index.js';
import { antivirusCollector } from '../../agent/collectors/antivirus.js';
import { licensingCollector } from '../../agent/collectors/licensing.js';
import { securityCollector } from '../../agent/collectors/security.js';
import { softwareCollector } from '../../agent/collectors/software.js';
import type { Collector } from '../../agent/collectors/types.js';
import { spawnedProcessCount } from '../../agent/exec/run-command.js';
import { DEFAULT_PACK_FILE, loadRuleSet } from '../../rules/load-pack.js';
import { evaluateHost } from '../../rules/evaluate-host.js';
import { buildOrgModel, placeOf } from '../../rules/org-model.js';
import type { HostReport } from '../../schema/index.js';
import { runCli, startCollectorProcess } from '../helpers/cli.js';
import type { CollectorProcess } from '../helpers/cli.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { REPLAY_FIXTURES, fixtureDir } from './fixtures.js';
import { englishEvidence } from '../helpers/evidence-text.js';
import type { Evidence } from '../../schema/index.js';

const POSTURE = ['software', 'licensing', 'antivirus', 'security'];
let tmp: Awaited<ReturnType<typeof makeTempDir>>;
beforeAll(async () => {
  tmp = await makeTempDir('readiness-replay-');
});
afterAll(async () => {
  await tmp?.remove();
});

/** The note a replay prints about an older capture (format 1), which holds no system record. */
const OLD_CAPTURE = /capture format 1\); probes are not replayed\n  this capture holds no record of what systeminformation returned .*: its os, hardware, network and peripherals sections stay unknown; capture the machine again to replay it whole\n$/;

async function replay(scenario: string, note: RegExp = OLD_CAPTURE): Promise<HostReport> {
  const out = join(tmp.path, `${scenario}.json`);
  const res = await runCli(['agent', 'run', '--replay', fixtureDir(scenario), '--output', out, '--state', join(tmp.path, scenario, 'agent.json'), '--json']);
  expect(res.stderr).toMatch(note);
  expect(res.code).toBe(0);
  return JSON.parse(res.stdout) as HostReport;
}

async function replayInProcess(scenario: string, collectors: readonly Collector[] = [softwareCollector, licensingCollector, antivirusCollector, securityCollector] as Collector[]): Promise<HostReport> {
  return buildReport({
    agentId: '7f1d2a4e-1111-4222-8333-944455556666',
    context: { now: new Date(), config: null, replayDir: fixtureDir(scenario) },
    collectors,
  });
}

const postureErrors = (r: HostReport) => r.errors.filter((e) => POSTURE.includes(e.section));
const SYSTEM_SECTIONS = ['hardware', 'network', 'os', 'peripherals'];

describe.concurrent('replaying recorded scenarios through the CLI', () => {
  it('covers every fixture directory (here or in-process below)', () => {
    const tested = [
      'windows-desktop-defender', 'windows-third-party-av', 'windows-server-no-sc2', 'windows-pirate-kms', 'windows-click-to-run', 'windows-office-grace-stale-av',
      'windows-10-1803-defender-1806', 'windows-server-2016-defender-4.10', 'windows-kms38', 'windows-ospp-tokens',
      'linux-debian-clean', 'linux-clamav-anydesk', 'linux-eset', 'linux-mdatp-passive', 'linux-kesl', 'darwin',
    ];
    expect(readdirSync(REPLAY_FIXTURES).sort()).toEqual(tested.sort());
  });

  it('windows-desktop-defender: OEM Windows, KMS Office undecided offline, Defender on, UltraViewer, an eToken', async () => {
    const r = await replay('windows-desktop-defender');
    expect(postureErrors(r)).toEqual([]);
    expect(r.software).toMatchObject({ source: 'registry', programs: expect.arrayContaining([expect.objectContaining({ name: 'Bộ gõ tiếng Việt EVKey', scope: 'user' })]) });
    expect(r.licensing?.windows).toMatchObject({ channel: 'oem', status: 'licensed', licensedSoftware: true });
    // --output fetches no collector config, so there is no allow-list to check the KMS host against.
    expect(r.licensing?.office[0]).toMatchObject({ kmsHost: 'kms.haiphong.vks.local', licensedSoftware: null, verdictReason: expect.stringMatching(/no KMS allow-list from the collector/) });
    expect(r.antivirus?.products).toEqual([expect.objectContaining({ name: 'Windows Defender', enabled: true, realTime: true, upToDate: true, signatureAgeDays: 0 })]);
    expect(r.security?.remoteAccessTools).toEqual([expect.objectContaining({ name: 'UltraViewer', installed: true, running: true })]);
    expect(r.security?.signingTokens).toEqual([{ name: 'SafeNet / Aladdin eToken', vendorId: '0529', productId: '0620' }]);
  });

  it('windows-third-party-av: CylancePROTECT protects, Defender is passive, not failed', async () => {
    const r = await replay('windows-third-party-av');
    expect(r.antivirus?.products.map((p) => [p.name, p.enabled, p.passive])).toEqual([['CylancePROTECT', true, false], ['Windows Defender', false, true]]);
    // Ages read as of the capture (June 2018), not as of today.
    expect(r.security?.osSupport).toMatchObject({ supported: true, endOfSupport: '2019-11-12' });
  });

  it('windows-server-no-sc2: Defender from its own status when SecurityCenter2 is missing', async () => {
    const r = await replay('windows-server-no-sc2');
    expect(postureErrors(r)).toEqual([]);
    expect(r.antivirus?.products).toEqual([expect.objectContaining({ name: 'Microsoft Defender Antivirus', enabled: true, realTime: true, upToDate: true, signatureAgeDays: 0 })]);
    expect(r.security?.diskEncryption).toEqual([{ volume: 'all', encrypted: null, method: '' }]);
  });

  it('windows-pirate-kms: a KMS emulator on loopback is never licensed software', async () => {
    const r = await replay('windows-pirate-kms', /capture format 2\); probes are not replayed\n$/);
    expect(r.os).toMatchObject({ platform: 'windows', hostname: 'PC-P3-02' });
    expect(r.licensing?.office[0]).toMatchObject({ kmsHost: '127.0.0.2', licensedSoftware: false, verdictReason: expect.stringMatching(/KMS emulator/) });
    expect(r.licensing?.windows).toMatchObject({ kmsHost: 'kms.digiboy.ir', licensedSoftware: null });
    expect(r.antivirus?.products[0]).toMatchObject({ upToDate: false, signatureAgeDays: 23 });
  });

  it('windows-click-to-run: a Microsoft 365 subscription with a user\'s licence', async () => {
    const r = await replay('windows-click-to-run');
    expect(r.licensing?.office).toEqual([expect.objectContaining({ product: 'Microsoft 365 Apps (O365ProPlusRetail)', channel: 'subscription', status: 'licensed', licensedSoftware: true })]);
  });

  it('windows-office-grace-stale-av: Office in notification mode, a stale Panda, Trend Micro on', async () => {
    const r = await replay('windows-office-grace-stale-av');
    expect(r.licensing?.office[0]).toMatchObject({ status: 'notification', statusCode: 5, licensedSoftware: false });
    expect(r.antivirus?.products.map((p) => [p.name, p.enabled, p.stale, p.passive])).toEqual([
      ['Panda Dome', false, true, false],
      ['Trend Micro OfficeScan Antivirus', true, false, false],
      ['Windows Defender', false, false, true],
    ]);
    expect(r.security?.osSupport.supported).toBe(false);
  });

  it('linux-clamav-anydesk: ClamAV without on-access scanning, AnyDesk running, LUKS root, a Feitian token', async () => {
    const r = await replay('linux-clamav-anydesk');
    expect(r.antivirus?.products).toEqual([expect.objectContaining({ name: 'ClamAV 1.4.3', enabled: true, realTime: false, upToDate: true, signatureAgeDays: 4 })]);
    expect(r.security).toMatchObject({
      diskEncryption: [{ volume: '/', encrypted: true, method: 'LUKS (dm_crypt-0)' }],
      remoteAccessTools: [expect.objectContaining({ name: 'AnyDesk', installed: true, running: true })],
      signingTokens: [expect.objectContaining({ vendorId: '096e', productId: '0807' })],
    });
  });

  it('darwin: the posture sections are unknown with the reason, and the run succeeds', async () => {
    const r = await replay('darwin', /replaying .*darwin: the darwin machine .*capture format 1/);
    for (const section of POSTURE) expect(r[section as 'software']).toBeUndefined();
    expect(postureErrors(r).map((e) => [e.section, e.code])).toEqual(POSTURE.map((s) => [s, 'unsupported']).sort());
    expect(postureErrors(r)[0]?.message).toMatch(/not collected on darwin by this agent version/);
  });
});

// The same replay in-process (collectors, capture reading and parsers; no CLI start-up): the
// Linux scenarios whose CLI path the scenarios above and real-agent.test.ts already cover.
describe('replaying the other Linux scenarios in-process', () => {
  it('linux-debian-clean: this machine\'s own capture, no antivirus found', async () => {
    const r = await replayInProcess('linux-debian-clean');
    expect(postureErrors(r)).toEqual([]);
    expect(r.software?.source).toBe('dpkg');
    expect(r.software?.programs.length).toBeGreaterThan(500);
    expect(r.licensing).toEqual({ windows: null, office: [] });
    expect(r.antivirus).toEqual({ products: [] });
  });

  it('linux-eset: ESET from lic and upd on an rpm system', async () => {
    const r = await replayInProcess('linux-eset');
    expect(r.software?.source).toBe('rpm');
    expect(r.antivirus?.products).toEqual([expect.objectContaining({ vendor: 'ESET', enabled: true, realTime: true, signatureAgeDays: 1 })]);
    expect(r.security?.firewall).toEqual([{ profile: 'nftables', enabled: true }, { profile: 'firewalld', enabled: true }]);
  });

  it('linux-mdatp-passive: a passive Defender for Endpoint alone protects nothing', async () => {
    const r = await replayInProcess('linux-mdatp-passive');
    expect(r.antivirus?.products).toEqual([expect.objectContaining({ vendor: 'Microsoft', passive: true, enabled: false, realTime: false })]);
  });

  it('linux-kesl: Kaspersky with its databases loaded', async () => {
    const r = await replayInProcess('linux-kesl');
    expect(r.antivirus?.products).toEqual([expect.objectContaining({ vendor: 'Kaspersky', enabled: true, realTime: null, signatureAgeDays: 1 })]);
    expect(r.security?.osSupport).toMatchObject({ supported: true, endOfSupport: '2022-06-30' });
  });

});

describe('a replay is the recorded machine, whole', () => {
  it('windows-10-1803-defender-1806 (format 2) replayed on this Linux machine is the Windows host, and its licence rules are evaluated', async () => {
    const r = await replay('windows-10-1803-defender-1806', /^replaying .*: the windows machine win10 as captured at 2018-07-27T11:31:02\.000Z by agent 0\.1\.0 \(capture format 2\); probes are not replayed\n$/);
    expect(r.os).toMatchObject({ platform: 'windows', distro: 'Microsoft Windows 10 Pro N', hostname: 'win10', build: '17134', isServer: false });
    expect(r.hardware).toMatchObject({ system: { model: 'Virtual Machine', virtual: true }, memory: { totalBytes: 34359738368 }, cpu: { cores: 8 } });
    expect(r.network).toMatchObject({ defaultGateway: '10.0.1.1', defaultInterface: 'Ethernet' });
    expect(r.network?.interfaces.map((i) => i.ipv4[0])).toEqual(['10.0.1.4', '172.31.38.65', '172.18.16.1']);
    expect(r.errors.filter((e) => [...SYSTEM_SECTIONS, ...POSTURE].includes(e.section))).toEqual([]);
    expect(r.errors.find((e) => e.section === 'probes')?.code).toBe('unsupported');

    const rules = await loadRuleSet([DEFAULT_PACK_FILE]);
    const org = buildOrgModel(null, [{ unit: 'local', room: null }]);
    const at = new Date(r.collectedAt);
    const host = { agentId: r.agentId, hostname: r.os!.hostname, unitId: 'local', roomId: null, deviceKind: 'workstation', lastSeen: r.collectedAt, report: r };
    const status = Object.fromEntries(evaluateHost(rules, host, placeOf(org, 'local', null, 'workstation'), at).results.map((x) => [x.ruleId, x.status]));
    expect(status).toMatchObject({ 'windows-licensed': 'pass', 'office-licensed': 'fail', 'antivirus-active': 'pass', 'os-supported': 'pass' });
  });

  it('an older capture leaves the system sections unknown with the reason, never this machine\'s values', async () => {
    const r = await replayInProcess('windows-server-2016-defender-4.10', COLLECTORS);
    expect(r.os).toBeUndefined();
    expect(r.errors.filter((e) => SYSTEM_SECTIONS.includes(e.section)).map((e) => [e.section, e.code])).toEqual(SYSTEM_SECTIONS.map((s) => [s, 'not_found']));
    expect(r.errors.find((e) => e.section === 'os')?.message).toMatch(/not recorded in this capture .*capture the machine again to replay it whole/);
    expect(r.antivirus?.products[0]).toMatchObject({ name: 'Microsoft Defender Antivirus', enabled: true, realTime: true, upToDate: true });
  });

  it('windows-kms38 and windows-ospp-tokens: the licences as the agent reads them offline', async () => {
    const [kms38, tokens] = await Promise.all([replayInProcess('windows-kms38'), replayInProcess('windows-ospp-tokens')]);
    expect(postureErrors(kms38)).toEqual([]);
    expect([kms38.licensing?.windows, ...kms38.licensing!.office].map((e) => [e?.graceRemainingDays, e?.licensedSoftware])).toEqual([[4077, false], [63685, false]]);
    expect(tokens.licensing?.office.map((o) => o.statusCode)).toEqual([4, 6, 2]);
  });
});

describe('replay runs nothing and checks its directory', () => {
  it('collects the posture sections from a capture without starting a single process', async () => {
    const before = spawnedProcessCount();
    const report = await replayInProcess('linux-clamav-anydesk');
    expect(report.errors).toEqual([]);
    expect(spawnedProcessCount()).toBe(before);
  });

  it('refuses a directory that is not a capture, with one line', async () => {
    const res = await runCli(['agent', 'run', '--replay', tmp.path, '--output', join(tmp.path, 'x.json'), '--state', join(tmp.path, 'none', 'agent.json')]);
    expect(res.code).toBe(1);
    expect(res.stderr.trim()).toMatch(/^readiness: .* has no manifest\.json: replay needs a directory written by `readiness agent capture --out DIR`/);
  });
});

describe('replay against a collector with a KMS allow-list', () => {
  let collector: CollectorProcess;
  const env = { READINESS_ENROLL_SECRET: 'replay-enroll-secret-0123456789', READINESS_ADMIN_TOKEN: 'replay-admin-token-0123456789ab' };
  beforeAll(async () => {
    const config = join(tmp.path, 'collector.yaml');
    await writeFile(config, `dataDir: ${join(tmp.path, 'data')}\nlicensing:\n  kmsAllowList: [kms.haiphong.vks.local]\n`);
    collector = await startCollectorProcess(['--config', config], env);
  });
  afterAll(async () => {
    await collector?.stop();
  });

  it('judges each KMS host by the organisation\'s allow-list served with the agent config', async () => {
    const state = join(tmp.path, 'kms', 'agent.json');
    const enrolled = await runCli(['agent', 'enroll', '--collector', collector.url, '--secret', env.READINESS_ENROLL_SECRET, '--unit', 'hp-vanphong', '--state', state]);
    expect(enrolled.code).toBe(0);
    const pirate = await runCli(['agent', 'run', '--once', '--replay', fixtureDir('windows-pirate-kms'), '--state', state, '--json']);
    expect(pirate.code).toBe(0);
    const report = JSON.parse(pirate.stdout) as HostReport;
    expect(report.licensing?.windows).toMatchObject({ kmsHost: 'kms.digiboy.ir', licensedSoftware: false, verdictReason: expect.stringMatching(/not on the organisation's KMS allow-list \(kms\.haiphong\.vks\.local\)/) });

    const own = await runCli(['agent', 'run', '--once', '--replay', fixtureDir('windows-desktop-defender'), '--state', state]);
    expect(own.code).toBe(0);
    expect(own.stdout).toMatch(/Office 19, Office19ProPlus2019VL_KMS_Client_AE edition: licensed, volume_kms — licensed software: activated by the organisation's KMS host kms\.haiphong\.vks\.local/);
  });

  it('judges the licences of devices scanned offline and imported, against its own allow-list; --kind places them', async () => {
    // Scanned before joining the network (as `agent run --output`: no config, so no allow-list):
    // the agent leaves the pirate host undecided. In-process, as the CLI path is covered above.
    const offline = async (scenario: string) => {
      const report = await buildReport({ agentId: randomUUID(), context: { now: new Date(), config: null, replayDir: fixtureDir(scenario) } });
      const out = join(tmp.path, `offline-${scenario}.json`);
      await writeFile(out, JSON.stringify(report));
      return { out, report };
    };
    const [pirate, kms38] = await Promise.all([offline('windows-pirate-kms'), offline('windows-kms38')]);
    expect(pirate.report.licensing?.windows).toMatchObject({ kmsHost: 'kms.digiboy.ir', licensedSoftware: null });
    const cli = await runCli(['import', pirate.out, '--collector', collector.url, '--unit', 'hp-vanphong', '--kind', 'laptop'], env);
    expect([cli.code, cli.stdout.trim()]).toEqual([0, `report ${pirate.report.reportId} stored`]);
    const route = await fetch(`${collector.url}/api/v1/import`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${env.READINESS_ADMIN_TOKEN}` },
      body: JSON.stringify({ report: kms38.report, unit: 'hp-vanphong', deviceKind: 'server' }),
    });
    expect(route.status).toBe(201);

    const res = await fetch(`${collector.url}/api/v1/readiness`, { headers: { authorization: `Bearer ${env.READINESS_ADMIN_TOKEN}` } });
    expect(res.status).toBe(200);
    const evaluation = (await res.json()) as { hosts: Array<{ agentId: string; deviceKind: string; results: Array<{ ruleId: string; status: string; evidence: Evidence[] }> }> };
    const result = (agentId: string, ruleId: string) => evaluation.hosts.find((h) => h.agentId === agentId)?.results.find((r) => r.ruleId === ruleId);
    expect(evaluation.hosts.find((h) => h.agentId === pirate.report.agentId)?.deviceKind).toBe('laptop');
    expect(result(pirate.report.agentId, 'windows-licensed')?.status).toBe('fail');
    expect(englishEvidence(result(pirate.report.agentId, 'windows-licensed')!.evidence).join(' ')).toMatch(
      /not on the organisation's KMS allow-list \(kms\.haiphong\.vks\.local\).*\(the agent said: undecided, activated by KMS host kms\.digiboy\.ir; this run had no KMS allow-list/,
    );
    expect(result(kms38.report.agentId, 'windows-licensed')?.status).toBe('fail');
    expect(englishEvidence(result(kms38.report.agentId, 'windows-licensed')!.evidence).join(' ')).toMatch(/4,077 days left before renewal/);
    // A server is not a personal computer: the Office rule does not apply to it.
    expect(result(kms38.report.agentId, 'office-licensed')?.status).toBe('not_applicable');
  });
});
