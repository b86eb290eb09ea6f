/**
 * The SSH audit against a real OpenSSH server this test starts on a free loopback port, with
 * a throwaway account and key: a full remote audit (the agent's Linux collectors run over SSH,
 * compared with the same collectors run here, since it is the same machine), the host key
 * pinned on first contact and a changed one refused, a wrong key a clear failure.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { gatherLinuxOutputs } from '../../agent/linux/steps.js';
import { parseLinuxSoftware } from '../../agent/linux/software.js';
import { parseLinuxConnectivity } from '../../agent/linux/connectivity.js';
import { loadCatalogue } from '../../agent/catalogue/catalogue.js';
import { DevicesConfig } from '../../collector/devices/config.js';
import { scanDevice } from '../../collector/scanners/index.js';
import { deviceAgentId } from '../../collector/scanners/ssh.js';
import type { PinnedHostKey } from '../../collector/store/device-store.js';
import { HostReport, OrgDevice } from '../../schema/index.js';
import { createUser, freeTcpPort, makeKey, startSshd } from '../helpers/sshd.js';
import type { KeyPair, Sshd } from '../helpers/sshd.js';
import { systemRequirement } from '../helpers/system.js';
import { makeTempDir } from '../helpers/temp-dir.js';

const req = systemRequirement({ commands: ['/usr/sbin/sshd', 'ssh-keygen', 'useradd'], root: true, install: 'apt-get install openssh-server' });

const CONFIG = DevicesConfig.parse({ ssh: { connectTimeoutMs: 5000, auditTimeoutMs: 60_000 } });
const NOW = () => new Date();

describe.skipIf(!req.ok)('SSH audit against sshd on loopback', () => {
  let tmp: Awaited<ReturnType<typeof makeTempDir>>;
  let user: ReturnType<typeof createUser>;
  let sshd: Sshd;
  let other: Sshd;
  let key: KeyPair;
  let wrongKey: KeyPair;
  let pinned: PinnedHostKey | undefined;
  const secrets = new Map<string, string>();

  const device = (port: number, account: string, keyName = 'audit-key') =>
    OrgDevice.parse({ id: 'hp-srv-files', kind: 'server', address: '127.0.0.1', ssh: { port, user: account, key: keyName } });
  const scan = (d: OrgDevice, pin?: PinnedHostKey) => scanDevice({ device: d, secrets, config: CONFIG, pinnedHostKey: pin, now: NOW });

  beforeAll(async () => {
    tmp = await makeTempDir('readiness-sshd-');
    user = createUser();
    key = await makeKey(join(tmp.path, 'client'));
    wrongKey = await makeKey(join(tmp.path, 'wrong'));
    secrets.set('audit-key', key.privateKey).set('wrong-key', wrongKey.privateKey);
    // Each assigned as soon as it runs, so that afterAll stops it even if the other fails to start.
    await Promise.all([
      startSshd(join(tmp.path, 'a'), { [user.name]: [key.publicKey], root: [key.publicKey] }).then((s) => (sshd = s)),
      startSshd(join(tmp.path, 'b'), { [user.name]: [key.publicKey] }).then((s) => (other = s)),
    ]);
  }, 60_000);

  afterAll(async () => {
    await Promise.all([sshd?.stop(), other?.stop()]);
    user?.remove();
    await tmp?.remove();
  });

  it('audits the machine as a non-root account: a valid host report, the account reported, the host key pinned', async () => {
    const { report, pin } = await scan(device(sshd.port, user.name));
    const ssh = report.scans.find((s) => s.scanner === 'ssh')!;
    expect(ssh.outcome).toBe('partial');
    expect(ssh.message).toContain(`as "${user.name}" (not root: some facts are unknown)`);
    expect(report.reachable).toBe(true);
    expect(report.ssh).toMatchObject({ user: user.name, root: false, hostKey: { type: 'ssh-ed25519', fingerprint: sshd.hostKey.fingerprint } });
    expect(pin).toMatchObject({ fingerprint: sshd.hostKey.fingerprint, address: '127.0.0.1', port: sshd.port });
    pinned = pin;

    const host = HostReport.parse(report.host);
    expect(host.agentId).toBe(deviceAgentId('hp-srv-files'));
    expect(host.os).toMatchObject({ platform: 'linux' });
    expect(host.os?.distro).toMatch(/Debian/);
    expect(host.hardware?.cpu.cores).toBeGreaterThan(0);
    expect(host.hardware?.memory.totalBytes).toBeGreaterThan(0);
    expect(host.network?.interfaces.some((i) => i.name === 'lo')).toBe(true);
    expect(host.security?.osSupport).toBeDefined();
    expect(host.antivirus).toBeDefined();
    expect(host.errors).toContainEqual(expect.objectContaining({ section: 'security', code: 'permission' }));
    expect(host.errors).toContainEqual(expect.objectContaining({ section: 'probes', code: 'unsupported' }));

    // The same collectors run here read the same machine: the package lists agree.
    const outputs = new Map((await gatherLinuxOutputs()).map((o) => [o.key, o]));
    const local = parseLinuxSoftware(outputs);
    expect(host.software?.source).toBe(local.source);
    expect(host.software?.programs.map((p) => p.name).sort()).toEqual(local.programs.map((p) => p.name).sort());
    // The network interfaces read by a script over SSH are those the agent reads from sysfs.
    expect(host.connectivity).toEqual(parseLinuxConnectivity(outputs, loadCatalogue()));
  });

  it('audits as root with nothing reported missing about the account', async () => {
    const { report } = await scan(device(sshd.port, 'root'), pinned);
    expect(report.ssh?.root).toBe(true);
    expect(report.host?.errors.some((e) => e.code === 'permission')).toBe(false);
    expect(report.scans[0]!.message).toMatch(/as "root":/);
  });

  it('refuses a changed host key with a sentence, sending nothing', async () => {
    const { report, pin } = await scan(device(other.port, user.name), pinned);
    const ssh = report.scans[0]!;
    expect(ssh.outcome).toBe('host_key_changed');
    expect(ssh.message).toContain(`pinned ${sshd.hostKey.fingerprint} (ssh-ed25519)`);
    expect(ssh.message).toContain(`now ${other.hostKey.fingerprint}`);
    expect(ssh.message).toContain('readiness devices forget-host-key hp-srv-files');
    expect(report.host).toBeUndefined();
    expect(pin).toBeUndefined();
  });

  it('a key the server does not accept is a clear failure', async () => {
    const { report } = await scan(device(sshd.port, user.name, 'wrong-key'), pinned);
    expect(report.scans[0]).toMatchObject({ outcome: 'auth_failed' });
    expect(report.scans[0]!.message).toContain(`refused key authentication for user "${user.name}": add the public half of the key in the secret "wrong-key"`);
  });

  it('nothing listening is unreachable', async () => {
    const { report } = await scan(device(await freeTcpPort(), user.name));
    expect(report.reachable).toBe(false);
    expect(report.scans[0]).toMatchObject({ outcome: 'unreachable' });
    expect(report.scans[0]!.message).toContain('connection refused');
  });
});
