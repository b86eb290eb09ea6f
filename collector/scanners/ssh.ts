/**
 * The SSH audit of a Linux machine without an agent: key authentication, the host key pinned
 * on first contact and refused when it changes, then the agent's own Linux steps run remotely
 * (agent/linux/steps.ts over RemoteLinuxHost) and parsed by the agent's own collectors through
 * the replay contract (a capture directory, docs/replay.md), plus the os, hardware and network
 * sections read from the same sources. The result is a host report built and validated by
 * the agent's `buildReport`. An account that is not root is reported, not fatal.
 */
import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NodeSSH } from 'node-ssh';
import { buildReport } from '../../agent/build-report.js';
import { antivirusCollector } from '../../agent/collectors/antivirus.js';
import { licensingCollector } from '../../agent/collectors/licensing.js';
import { securityCollector } from '../../agent/collectors/security.js';
import { softwareCollector } from '../../agent/collectors/software.js';
import { connectivityCollector } from '../../agent/collectors/connectivity.js';
import { signingCollector } from '../../agent/collectors/signing.js';
import { defineCollector } from '../../agent/collectors/types.js';
import type { Collector } from '../../agent/collectors/types.js';
import { writeCapture } from '../../agent/exec/capture-dir.js';
import { gatherLinuxOutputs } from '../../agent/linux/steps.js';
import { AGENT_VERSION } from '../../agent/version.js';
import { HostReport } from '../../schema/index.js';
import type { CollectionError, ScanOutcome } from '../../schema/index.js';
import type { PinnedHostKey } from '../store/device-store.js';
import { gatherInventory, remoteHardware, remoteNetwork, remoteOs } from './ssh/inventory.js';
import { RemoteLinuxHost } from './ssh/remote-host.js';
import type { Finding, Scanner, ScanTarget } from './types.js';
import { secretOf, timed } from './types.js';

/** The agent id of a machine audited over SSH: a name-based UUID of its device id, stable across scans. */
export function deviceAgentId(deviceId: string): string {
  const h = createHash('sha1').update(`readiness-device:${deviceId}`).digest();
  h[6] = (h[6]! & 0x0f) | 0x50;
  h[8] = (h[8]! & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`;
}

/** The key's type (from its wire form) and its OpenSSH fingerprint, `SHA256:<base64 without padding>`. */
export function describeHostKey(key: Buffer): { type: string; fingerprint: string } {
  const length = key.length >= 4 ? key.readUInt32BE(0) : 0;
  const type = length > 0 && length < 64 ? key.subarray(4, 4 + length).toString('ascii') : 'unknown';
  return { type, fingerprint: `SHA256:${createHash('sha256').update(key).digest('base64').replace(/=+$/, '')}` };
}

/** The part of OpenSSH's host key file name for a key type: ed25519, ecdsa or rsa. */
const hostKeyFileKind = (type: string) => (/ed25519/.test(type) ? 'ed25519' : /ecdsa/.test(type) ? 'ecdsa' : /rsa/.test(type) ? 'rsa' : type);

class AuditTimeout extends Error {}

const withDeadline = <T>(p: Promise<T>, ms: number): Promise<T> => {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([p, new Promise<never>((_, ko) => (timer = setTimeout(() => ko(new AuditTimeout()), ms)))]).finally(() => clearTimeout(timer));
};

interface Refusal {
  outcome: ScanOutcome;
  message: string;
}

function describeConnectError(err: Error & { level?: string; code?: string }, t: ScanTarget, where: string): Refusal {
  const ssh = t.device.ssh!;
  if (err.level === 'client-authentication') {
    return {
      outcome: 'auth_failed',
      message: `the SSH server at ${where} refused key authentication for user "${ssh.user}": add the public half of the key in the secret "${ssh.key}" to ~${ssh.user}/.ssh/authorized_keys on the machine, or fix ssh.user`,
    };
  }
  if (err.level === 'client-timeout') return { outcome: 'unreachable', message: `no SSH handshake from ${where} within ${t.config.ssh.connectTimeoutMs} ms: the machine is off or unreachable, or a firewall drops SSH` };
  if (err.code === 'ECONNREFUSED') return { outcome: 'unreachable', message: `nothing accepts SSH connections at ${where} (connection refused): start sshd on the machine or fix ssh.port` };
  if (err.code === 'EHOSTUNREACH' || err.code === 'ENETUNREACH' || err.code === 'ETIMEDOUT') return { outcome: 'unreachable', message: `${where} cannot be reached (${err.code}): check the address and the network path` };
  if (err.code === 'ENOTFOUND' || err.code === 'EAI_AGAIN') return { outcome: 'unreachable', message: `the name ${t.device.address} does not resolve (${err.code}): fix the address in the org file` };
  if (/privateKey|passphrase/i.test(err.message)) {
    return { outcome: 'error', message: `the key in the secret "${ssh.key}" cannot be used (${err.message}); store an OpenSSH or PEM private key there${ssh.passphrase ? '' : ', and ssh.passphrase if it is encrypted'}` };
  }
  return { outcome: 'error', message: `SSH to ${where} failed: ${err.message}` };
}

/**
 * The agent's collectors that parse the Linux steps' outputs (posture inputs), and so can parse
 * outputs recorded on another machine. The others read this machine directly (systeminformation,
 * probes) and are replaced or left out.
 */
const POSTURE_COLLECTORS: readonly Collector[] = [softwareCollector, licensingCollector, antivirusCollector, securityCollector, connectivityCollector, signingCollector] as Collector[];

/** Runs the posture collectors of the agent on outputs recorded remotely, through a capture directory. */
async function postureSections(outputs: Awaited<ReturnType<typeof gatherLinuxOutputs>>, hostname: string, now: Date, extra: Collector[], agentId: string): Promise<HostReport> {
  const dir = await mkdtemp(join(tmpdir(), 'readiness-ssh-'));
  try {
    await writeCapture(join(dir, 'capture'), outputs, { platform: 'linux', platformName: 'linux', capturedAt: now, agentVersion: AGENT_VERSION, hostname });
    return await buildReport({
      agentId,
      context: { now, config: null, replayDir: join(dir, 'capture') },
      collectors: [...extra, ...POSTURE_COLLECTORS],
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Sections a machine audited over SSH does not have, said once in its errors. */
const NOT_READ: CollectionError[] = [
  { section: 'peripherals', code: 'unsupported', message: 'peripherals: printers and USB devices of a machine audited over SSH are not read; install the agent to see them' },
  { section: 'probes', code: 'unsupported', message: 'probes: the LAN/WAN probes run only where an agent runs; a machine audited over SSH is not probed from' },
];

export async function auditOverSsh(t: ScanTarget): Promise<Finding> {
  const access = t.device.ssh!;
  const where = `${t.device.address}:${access.port}`;
  const ssh = new NodeSSH();
  // Filled by the host key check during the handshake.
  const seen: { key: { type: string; fingerprint: string } | null } = { key: null };
  const pinned = t.pinnedHostKey;
  try {
    try {
      await ssh.connect({
        host: t.device.address,
        port: access.port,
        username: access.user,
        privateKey: secretOf(t, access.key),
        ...(access.passphrase ? { passphrase: secretOf(t, access.passphrase) } : {}),
        readyTimeout: t.config.ssh.connectTimeoutMs,
        tryKeyboard: false,
        hostVerifier: (key: Buffer) => {
          seen.key = describeHostKey(key);
          return !pinned || pinned.fingerprint === seen.key.fingerprint;
        },
      } as Parameters<NodeSSH['connect']>[0]);
    } catch (err) {
      const key = seen.key;
      if (pinned && key && key.fingerprint !== pinned.fingerprint) {
        return {
          answered: true,
          errors: [],
          outcome: 'host_key_changed',
          message:
            `the SSH host key of ${where} changed: pinned ${pinned.fingerprint} (${pinned.type}) on ${pinned.pinnedAt.slice(0, 10)}, now ${key.fingerprint} (${key.type}); ` +
            `nothing was sent. If the machine was reinstalled, check the new key on its console (ssh-keygen -lf /etc/ssh/ssh_host_${hostKeyFileKind(key.type)}_key.pub) and run \`readiness devices forget-host-key ${t.device.id}\`; otherwise someone may be intercepting the connection`,
        };
      }
      return { answered: key !== null, errors: [], ...describeConnectError(err as Error, t, where) };
    }
    const hostKey = seen.key!;
    const pin: PinnedHostKey | undefined = pinned ? undefined : { ...hostKey, address: t.device.address, port: access.port, pinnedAt: t.now().toISOString() };
    const host = new RemoteLinuxHost(ssh);
    try {
      const [id, posture, inventory] = await withDeadline(
        Promise.all([host.exec('id -u', 5000), gatherLinuxOutputs(host), gatherInventory(host)]),
        t.config.ssh.auditTimeoutMs,
      );
      const root = id.stdout.trim() === '0';
      const outputs = new Map([...posture, ...inventory].map((o) => [o.key, o]));
      const from = (section: 'os' | 'hardware' | 'network', parse: (o: typeof outputs) => unknown) => defineCollector({ section, collect: async () => parse(outputs) as never });
      const now = t.now();
      const built = await postureSections(posture, t.device.id, now, [from('os', remoteOs), from('hardware', remoteHardware), from('network', remoteNetwork)], deviceAgentId(t.device.id));
      const account: CollectionError[] = root
        ? []
        : [
            {
              section: 'security',
              code: 'permission',
              message: `security: audited over SSH as "${access.user}", not root: the firewall ruleset (nft), disk and BIOS serials may be unreadable and read as unknown; audit as root for the whole picture`,
            },
          ];
      const report = HostReport.parse({ ...built, errors: [...built.errors, ...NOT_READ, ...account] });
      const failed = built.errors.map((e) => e.section);
      return {
        answered: true,
        host: report,
        ssh: { user: access.user, root, hostKey },
        ...(pin ? { pin } : {}),
        errors: [],
        outcome: root && !failed.length ? 'ok' : 'partial',
        message:
          `audited over SSH at ${where} as "${access.user}"${root ? '' : ' (not root: some facts are unknown)'}: ${report.os?.distro ?? 'Linux'} ${report.os?.release ?? ''}, ${report.software?.programs.length ?? 0} packages` +
          `${failed.length ? `; could not read ${failed.join(', ')}` : ''}${pin ? `; host key ${hostKey.fingerprint} pinned` : ''}`,
      };
    } catch (err) {
      if (err instanceof AuditTimeout) {
        return { answered: true, errors: [], ...(pin ? { pin } : {}), outcome: 'timeout', message: `the SSH audit of ${where} did not finish within ${t.config.ssh.auditTimeoutMs} ms; the machine may be overloaded: scan again` };
      }
      return { answered: true, errors: [], ...(pin ? { pin } : {}), outcome: 'error', message: `the SSH audit of ${where} failed: ${(err as Error).message}` };
    }
  } finally {
    ssh.dispose();
  }
}

export const sshScanner: Scanner = {
  name: 'ssh',
  applies: (device) => device.ssh !== undefined,
  scan: (target) => timed('ssh', () => auditOverSsh(target)),
};
