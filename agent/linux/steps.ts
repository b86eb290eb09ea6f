/**
 * What the agent runs and reads on Linux for the software, antivirus and security sections:
 * every command with its own time limit, all at once. Tools that are not installed are
 * recorded as absent ("not found"), never as errors. Each output has a stable key, the name
 * of its file in a capture directory (docs/replay.md).
 */
import { access, readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { readTextFile, runCommand } from '../exec/run-command.js';
import type { RawOutput } from '../exec/recorded.js';
import { CONNECTIVITY_KEYS, gatherConnectivityOutputs, netDevices } from './connectivity-steps.js';
import type { LinuxHost } from './host.js';
import { SIGNING_KEYS, gatherSigningOutputs } from './signing-steps.js';

export type { LinuxHost } from './host.js';

export const LINUX_KEYS = {
  osRelease: 'linux/os-release.txt',
  dpkg: 'linux/dpkg-query.txt',
  rpm: 'linux/rpm-qa.txt',
  processes: 'linux/processes.txt',
  adminGroups: 'linux/admin-groups.txt',
  lsblk: 'linux/lsblk.json',
  nft: 'linux/nft-ruleset.json',
  ufw: 'linux/ufw-status.txt',
  firewalld: 'linux/firewalld-state.txt',
  usb: 'linux/usb-devices.txt',
  clamscan: 'linux/clamscan-version.txt',
  sigtool: 'linux/sigtool-daily.txt',
  esetLicence: 'linux/eset-lic-status.txt',
  esetModules: 'linux/eset-upd-modules.txt',
  kesl: 'linux/kesl-app-info.txt',
  mdatp: 'linux/mdatp-health.json',
  ...CONNECTIVITY_KEYS,
  ...SIGNING_KEYS,
} as const;

/** dpkg-query expands the tab and newline escapes itself. Tab-separated: package, architecture, version, dpkg status, maintainer, list-file mtime (install/upgrade time). */
export const DPKG_FORMAT = '${Package}\\t${Architecture}\\t${Version}\\t${Status}\\t${Maintainer}\\t${db-fsys:Last-Modified}\\n';
/** Tab-separated: name, architecture, version-release, vendor, install time (epoch seconds). */
export const RPM_FORMAT = '%{NAME}\\t%{ARCH}\\t%{VERSION}-%{RELEASE}\\t%{VENDOR}\\t%{INSTALLTIME}\\n';

/** The groups whose members may become root with sudo, by distribution habit. */
export const ADMIN_GROUPS = ['sudo', 'wheel', 'admin'];

const SHORT_MS = 5_000;
const LONG_MS = 15_000;

async function installedPackages(host: LinuxHost): Promise<RawOutput[]> {
  const dpkg = await host.run({
    key: LINUX_KEYS.dpkg,
    file: 'dpkg-query',
    args: ['--show', `--showformat=${DPKG_FORMAT}`],
    timeoutMs: LONG_MS,
  });
  if (!dpkg.absent) return [dpkg];
  const rpm = await host.run({
    key: LINUX_KEYS.rpm,
    file: 'rpm',
    args: ['-qa', '--queryformat', RPM_FORMAT],
    timeoutMs: LONG_MS,
  });
  return [dpkg, rpm];
}

/** Process names from /proc: no `ps` process, and no command lines (they can hold secrets). */
async function processNames(): Promise<RawOutput> {
  const started = performance.now();
  const names = new Set<string>();
  const pids = (await readdir('/proc').catch(() => [] as string[])).filter((p) => /^\d+$/.test(p));
  await Promise.all(
    pids.map(async (pid) => {
      const comm = await readFile(join('/proc', pid, 'comm'), 'utf8').catch(() => '');
      if (comm.trim()) names.add(comm.trim());
    }),
  );
  return {
    key: LINUX_KEYS.processes,
    command: 'read /proc/*/comm',
    kind: 'file',
    absent: pids.length === 0,
    exitCode: pids.length ? 0 : null,
    timedOut: false,
    durationMs: Math.round(performance.now() - started),
    stderr: '',
    stdout: [...names].sort().join('\n') + (names.size ? '\n' : ''),
  };
}

/** USB devices from sysfs (lsusb is often not installed): `vid:pid<TAB>manufacturer<TAB>product`. */
async function usbDevices(): Promise<RawOutput> {
  const root = '/sys/bus/usb/devices';
  const started = performance.now();
  const entries = await readdir(root).catch(() => null);
  const lines: string[] = [];
  for (const entry of entries ?? []) {
    const read = (f: string) => readFile(join(root, entry, f), 'utf8').then((s) => s.trim(), () => '');
    const vendor = await read('idVendor');
    if (!vendor) continue;
    lines.push([`${vendor}:${await read('idProduct')}`, await read('manufacturer'), await read('product')].join('\t'));
  }
  return {
    key: LINUX_KEYS.usb,
    command: `read ${root}/*/{idVendor,idProduct,manufacturer,product}`,
    kind: 'file',
    absent: entries === null,
    exitCode: entries === null ? null : 0,
    timedOut: false,
    durationMs: Math.round(performance.now() - started),
    stderr: '',
    stdout: lines.sort().join('\n') + (lines.length ? '\n' : ''),
  };
}

const keepAdminGroups = (text: string) =>
  text
    .split('\n')
    .filter((line) => ADMIN_GROUPS.includes(line.split(':')[0] ?? ''))
    .join('\n') + '\n';

/** ClamAV's daily database is `daily.cld` once freshclam has patched it, `daily.cvd` before. */
async function clamavDaily(host: LinuxHost): Promise<RawOutput> {
  for (const file of ['/var/lib/clamav/daily.cld', '/var/lib/clamav/daily.cvd']) {
    if (await host.exists(file)) return host.run({ key: LINUX_KEYS.sigtool, file: 'sigtool', args: ['--info', file], timeoutMs: SHORT_MS });
  }
  return { key: LINUX_KEYS.sigtool, command: 'sigtool --info /var/lib/clamav/daily.{cld,cvd}', kind: 'command', absent: true, exitCode: null, timedOut: false, durationMs: 0, stderr: '', stdout: '' };
}

/** This machine: the agent's own commands and files. */
export const localLinuxHost: LinuxHost = {
  run: runCommand,
  readText: readTextFile,
  exists: (path) => access(path).then(() => true, () => false),
  processNames,
  usbDevices,
  netDevices,
};

/** Runs and reads everything, concurrently; resolves with one output per key that was tried. */
export async function gatherLinuxOutputs(host: LinuxHost = localLinuxHost): Promise<RawOutput[]> {
  const groups = await Promise.all([
    host.readText(LINUX_KEYS.osRelease, ['/etc/os-release', '/usr/lib/os-release']),
    installedPackages(host),
    host.processNames(),
    host.readText(LINUX_KEYS.adminGroups, ['/etc/group'], keepAdminGroups),
    host.run({ key: LINUX_KEYS.lsblk, file: 'lsblk', args: ['-J', '-o', 'NAME,TYPE,FSTYPE,MOUNTPOINT'], timeoutMs: SHORT_MS }),
    host.run({ key: LINUX_KEYS.nft, file: 'nft', args: ['-j', 'list', 'ruleset'], timeoutMs: SHORT_MS }),
    host.run({ key: LINUX_KEYS.ufw, file: 'ufw', args: ['status'], timeoutMs: SHORT_MS }),
    host.run({ key: LINUX_KEYS.firewalld, file: 'firewall-cmd', args: ['--state'], timeoutMs: SHORT_MS }),
    host.usbDevices(),
    host.run({ key: LINUX_KEYS.clamscan, file: 'clamscan', args: ['--version'], timeoutMs: SHORT_MS }),
    clamavDaily(host),
    host.run({ key: LINUX_KEYS.esetLicence, file: '/opt/eset/eea/sbin/lic', args: ['--status'], timeoutMs: SHORT_MS }),
    host.run({ key: LINUX_KEYS.esetModules, file: '/opt/eset/eea/bin/upd', args: ['--list-modules'], timeoutMs: SHORT_MS }),
    host.run({ key: LINUX_KEYS.kesl, file: 'kesl-control', args: ['--app-info'], timeoutMs: LONG_MS }),
    host.run({ key: LINUX_KEYS.mdatp, file: 'mdatp', args: ['health', '--output', 'json'], timeoutMs: LONG_MS }),
    gatherConnectivityOutputs(host),
    gatherSigningOutputs(host),
  ]);
  return groups.flat();
}
