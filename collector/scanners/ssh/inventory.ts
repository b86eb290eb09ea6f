/**
 * The os, hardware and network sections of a machine audited over SSH. On its own machine the
 * agent reads these through systeminformation; remotely the collector reads the same sources
 * that library reads on Linux (os-release, uname, sysfs DMI, /proc, lsblk, df, `ip -j`) and
 * fills the same sections, so the rules see the same facts.
 */
import type { HardwareSection, NetworkSection, OsSection } from '../../../schema/index.js';
import type { RawOutput } from '../../../agent/exec/recorded.js';
import { parseOsRelease } from '../../../agent/posture/os-support.js';
import { CONNECTIVITY_KEYS } from '../../../agent/linux/connectivity-steps.js';
import { LINUX_KEYS } from '../../../agent/linux/steps.js';
import type { RemoteLinuxHost } from './remote-host.js';

/** The agent's steps already read os-release, the addresses and the default routes: those outputs are reused. */
export const INVENTORY_KEYS = {
  osRelease: LINUX_KEYS.osRelease,
  addresses: CONNECTIVITY_KEYS.ipAddr,
  routes: CONNECTIVITY_KEYS.ipRoute4,
  uname: 'linux/uname.txt',
  hostname: 'linux/hostname.txt',
  dmi: 'linux/dmi.txt',
  virt: 'linux/systemd-detect-virt.txt',
  cpuinfo: 'linux/cpuinfo.txt',
  meminfo: 'linux/meminfo.txt',
  disks: 'linux/lsblk-disks.json',
  df: 'linux/df.txt',
} as const;

const DMI_FIELDS = ['sys_vendor', 'product_name', 'product_serial', 'product_uuid', 'bios_vendor', 'bios_version', 'bios_date'];

export type Outputs = ReadonlyMap<string, RawOutput>;

/** Reads what the three sections need beyond the agent's steps, at once. */
export async function gatherInventory(host: RemoteLinuxHost): Promise<RawOutput[]> {
  const K = INVENTORY_KEYS;
  return Promise.all([
    host.run({ key: K.uname, file: 'uname', args: ['-srm'], timeoutMs: 5000 }),
    host.script(K.hostname, 'hostname; hostname -f', 'hostname; hostname -f 2>/dev/null || true'),
    // product_serial and product_uuid are readable by root only: an empty value then.
    host.script(K.dmi, 'read /sys/class/dmi/id/*', `for f in ${DMI_FIELDS.join(' ')}; do printf '%s=%s\\n' "$f" "$(cat /sys/class/dmi/id/$f 2>/dev/null)"; done; [ -d /sys/firmware/efi ] && echo uefi=1 || echo uefi=0`),
    host.run({ key: K.virt, file: 'systemd-detect-virt', args: [], timeoutMs: 5000 }),
    host.readText(K.cpuinfo, ['/proc/cpuinfo']),
    host.readText(K.meminfo, ['/proc/meminfo']),
    host.run({ key: K.disks, file: 'lsblk', args: ['-J', '-b', '-d', '-o', 'NAME,TYPE,SIZE,ROTA,TRAN,VENDOR,MODEL,SERIAL'], timeoutMs: 5000 }),
    host.run({ key: K.df, file: 'df', args: ['-P', '-B1', '-T', '-x', 'tmpfs', '-x', 'devtmpfs', '-x', 'squashfs', '-x', 'overlay'], timeoutMs: 10_000 }),
  ]);
}

const ok = (outputs: Outputs, key: string): string | null => {
  const o = outputs.get(key);
  return o && !o.absent && o.exitCode === 0 ? o.stdout : null;
};

const json = (outputs: Outputs, key: string): unknown => {
  const text = ok(outputs, key);
  if (text === null) return null;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
};

const keyValues = (text: string | null, sep: RegExp) => {
  const out = new Map<string, string>();
  for (const line of (text ?? '').split('\n')) {
    const m = sep.exec(line);
    if (m && !out.has(m[1]!.trim())) out.set(m[1]!.trim(), m[2]!.trim());
  }
  return out;
};

const ARCH: Record<string, string> = { x86_64: 'x64', aarch64: 'arm64', i686: 'ia32', i386: 'ia32', armv7l: 'arm' };

/** Throws when the machine gave nothing to build the section from: the section is then unknown. */
function need<T>(value: T | null, what: string): T {
  if (value === null) throw new Error(`${what} could not be read over SSH`);
  return value;
}

export function remoteOs(outputs: Outputs): OsSection {
  const release = parseOsRelease(need(ok(outputs, INVENTORY_KEYS.osRelease), '/etc/os-release'));
  const [, kernel = '', machine = ''] = (ok(outputs, INVENTORY_KEYS.uname) ?? '').trim().split(/\s+/);
  const [hostname = '', fqdn = ''] = (ok(outputs, INVENTORY_KEYS.hostname) ?? '').split('\n').map((s) => s.trim());
  const dmi = keyValues(ok(outputs, INVENTORY_KEYS.dmi), /^([a-z_]+)=(.*)$/);
  return {
    platform: 'linux',
    distro: release.NAME ?? release.ID ?? '',
    release: release.VERSION_ID ?? '',
    codename: release.VERSION_CODENAME ?? '',
    kernel,
    arch: ARCH[machine] ?? machine,
    hostname,
    fqdn: fqdn || hostname,
    build: '',
    isServer: null,
    uefi: dmi.has('uefi') ? dmi.get('uefi') === '1' : null,
    // Who is signed in is for the host checklist of machines with agents; an audited server has no console user to name.
    user: null,
  };
}

/** `bios_date` is MM/DD/YYYY in sysfs; the hardware facts read it as it is (rules/facts/hardware.ts). */
export function remoteHardware(outputs: Outputs): HardwareSection {
  const dmi = keyValues(ok(outputs, INVENTORY_KEYS.dmi), /^([a-z_]+)=(.*)$/);
  const cpuinfo = need(ok(outputs, INVENTORY_KEYS.cpuinfo), '/proc/cpuinfo');
  const blocks = cpuinfo.split(/\n\s*\n/).filter((b) => /^processor\s*:/m.test(b)).map((b) => keyValues(b, /^([^:]+):(.*)$/));
  const first = blocks[0] ?? new Map<string, string>();
  const cores = new Set(blocks.map((b) => `${b.get('physical id') ?? '0'}/${b.get('core id') ?? b.get('processor')}`));
  const mhz = Number(first.get('cpu MHz'));
  const ghzInName = /@\s*([\d.]+)\s*GHz/i.exec(first.get('model name') ?? '');
  const memKb = Number(/^MemTotal:\s+(\d+)\s+kB/m.exec(ok(outputs, INVENTORY_KEYS.meminfo) ?? '')?.[1] ?? 0);
  const virt = outputs.get(INVENTORY_KEYS.virt);
  const virtual = !virt || virt.absent ? null : virt.stdout.trim() !== '' && virt.stdout.trim() !== 'none';

  const disks = (json(outputs, INVENTORY_KEYS.disks) as { blockdevices?: Array<Record<string, unknown>> } | null)?.blockdevices ?? [];
  const str = (v: unknown) => (typeof v === 'string' ? v.trim() : '');
  const num = (v: unknown) => (typeof v === 'number' ? v : Number(v) || 0);
  const filesystems = (ok(outputs, INVENTORY_KEYS.df) ?? '')
    .split('\n')
    .slice(1)
    .map((l) => l.trim().split(/\s+/))
    .filter((p) => p.length >= 7)
    .map(([fs = '', type = '', size = '0', used = '0', , , ...mount]) => ({ mount: mount.join(' '), fs, type, sizeBytes: num(size), usedBytes: num(used) }));
  return {
    system: { manufacturer: dmi.get('sys_vendor') ?? '', model: dmi.get('product_name') ?? '', serial: dmi.get('product_serial') ?? '', uuid: dmi.get('product_uuid') ?? '', virtual },
    bios: { vendor: dmi.get('bios_vendor') ?? '', version: dmi.get('bios_version') ?? '', releaseDate: dmi.get('bios_date') ?? '' },
    cpu: {
      manufacturer: first.get('vendor_id') ?? '',
      brand: first.get('model name') ?? '',
      cores: blocks.length,
      physicalCores: cores.size,
      speedGHz: ghzInName ? Number(ghzInName[1]) : Number.isFinite(mhz) && mhz > 0 ? Math.round(mhz / 10) / 100 : null,
    },
    memory: { totalBytes: memKb * 1024 },
    disks: disks
      .filter((d) => str(d.type) === 'disk')
      .slice(0, 256)
      .map((d) => ({
        name: `/dev/${str(d.name)}`,
        type: d.rota === false || d.rota === '0' ? (str(d.tran) === 'nvme' ? 'NVMe' : 'SSD') : 'HD',
        interface: str(d.tran).toUpperCase(),
        vendor: str(d.vendor),
        sizeBytes: num(d.size),
        serial: str(d.serial),
        // The agentless audit runs no smartctl (it needs root and is often not installed): unknown, never assumed OK.
        smartStatus: 'unknown' as const,
      })),
    filesystems: filesystems.slice(0, 512),
  };
}

interface IpAddr {
  ifname?: string;
  address?: string;
  link_type?: string;
  operstate?: string;
  flags?: string[];
  addr_info?: Array<{ family?: string; local?: string; dynamic?: boolean }>;
}

export function remoteNetwork(outputs: Outputs): NetworkSection {
  const links = need(json(outputs, INVENTORY_KEYS.addresses) as IpAddr[] | null, 'the interfaces (ip -j addr)');
  const routes = (json(outputs, INVENTORY_KEYS.routes) as Array<{ gateway?: string; dev?: string }> | null) ?? [];
  return {
    interfaces: links.slice(0, 256).map((l) => ({
      name: l.ifname ?? '',
      mac: l.link_type === 'loopback' ? '00:00:00:00:00:00' : (l.address ?? ''),
      ipv4: (l.addr_info ?? []).filter((a) => a.family === 'inet').map((a) => a.local ?? ''),
      ipv6: (l.addr_info ?? []).filter((a) => a.family === 'inet6').map((a) => a.local ?? ''),
      type: l.link_type === 'ether' ? 'wired' : (l.link_type ?? ''),
      operstate: (l.operstate ?? '').toLowerCase(),
      speedMbps: null,
      virtual: /^(veth|docker|br-|virbr|vnet|tun|tap)/.test(l.ifname ?? ''),
      internal: l.link_type === 'loopback',
      dhcp: (l.addr_info ?? []).some((a) => a.family === 'inet' && a.dynamic) || null,
    })),
    defaultGateway: routes[0]?.gateway ?? null,
    defaultInterface: routes[0]?.dev ?? null,
  };
}
