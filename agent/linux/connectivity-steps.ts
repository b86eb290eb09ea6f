/**
 * What the agent runs and reads on Linux for the connectivity section: the addresses and
 * default routes (iproute2's JSON output), each network device's driver, type and USB id
 * (sysfs), and the Wi-Fi state from NetworkManager (`nmcli`) or `iw`. Same rules as steps.ts:
 * each command with its own time limit, all at once, a missing tool is "absent".
 */
import { readFile, readdir, readlink, realpath, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { runCommand } from '../exec/run-command.js';
import type { CommandSpec } from '../exec/run-command.js';
import type { RawOutput } from '../exec/recorded.js';
import type { LinuxHost } from './host.js';

export const CONNECTIVITY_KEYS = {
  ipAddr: 'linux/ip-addr.json',
  ipRoute4: 'linux/ip-route4.json',
  ipRoute6: 'linux/ip-route6.json',
  netDevices: 'linux/net-devices.txt',
  nmcli: 'linux/nmcli-devices.txt',
  iw: 'linux/iw-dev.txt',
} as const;

const SHORT_MS = 5_000;
const NET = '/sys/class/net';

const exists = (path: string) => stat(path).then(() => true, () => false);
const readTrimmed = (path: string) => readFile(path, 'utf8').then((s) => s.trim(), () => '');

/** One line per interface: name, DEVTYPE, driver, USB vid:pid, virtual (1/0), wireless (1/0). */
async function deviceLine(name: string): Promise<string> {
  const dir = join(NET, name);
  const uevent = await readTrimmed(join(dir, 'uevent'));
  const devtype = /^DEVTYPE=(.*)$/m.exec(uevent)?.[1] ?? '';
  const hasDevice = await exists(join(dir, 'device'));
  const driver = hasDevice ? await readlink(join(dir, 'device', 'driver')).then((l) => basename(l), () => '') : '';
  // The device of a USB network interface is the USB interface; its parent holds the ids.
  let usb = '';
  if (hasDevice) {
    const device = await realpath(join(dir, 'device')).catch(() => '');
    for (const candidate of device ? [device, dirname(device)] : []) {
      const vendor = await readTrimmed(join(candidate, 'idVendor'));
      if (vendor) {
        usb = `${vendor}:${await readTrimmed(join(candidate, 'idProduct'))}`;
        break;
      }
    }
  }
  const wireless = (await exists(join(dir, 'wireless'))) || (await exists(join(dir, 'phy80211')));
  return [name, devtype, driver, usb, hasDevice ? '0' : '1', wireless ? '1' : '0'].join('\t');
}

/** The interfaces of this machine, read from sysfs (a remote host reads the same with a script). */
export async function netDevices(): Promise<RawOutput> {
  const started = performance.now();
  const names = await readdir(NET).catch(() => null);
  const lines = names ? await Promise.all(names.sort().map(deviceLine)) : [];
  return {
    key: CONNECTIVITY_KEYS.netDevices,
    command: `read ${NET}/*/{uevent,device/driver,wireless} and the USB ids of each device`,
    kind: 'file',
    absent: names === null,
    exitCode: names === null ? null : 0,
    timedOut: false,
    durationMs: Math.round(performance.now() - started),
    stderr: '',
    stdout: lines.join('\n') + (lines.length ? '\n' : ''),
  };
}

/**
 * A netlink dump (`ip addr`, `ip route`) that the kernel marks interrupted — an interface or
 * route changed while it was read, e.g. a VPN or a container starting — makes `ip` exit with
 * "Dump was interrupted and may be inconsistent"; read it once more before calling it failed.
 */
async function dumpOf(host: Pick<LinuxHost, 'run'>, spec: CommandSpec): Promise<RawOutput> {
  const first = await host.run(spec);
  return first.exitCode !== 0 && !first.absent && !first.timedOut ? host.run(spec) : first;
}

/** `host`: where to run them (agent/linux/host.ts); this machine by default. */
export function gatherConnectivityOutputs(host: Pick<LinuxHost, 'run' | 'netDevices'> = { run: runCommand, netDevices }): Promise<RawOutput[]> {
  return Promise.all([
    dumpOf(host, { key: CONNECTIVITY_KEYS.ipAddr, file: 'ip', args: ['-j', 'addr', 'show'], timeoutMs: SHORT_MS }),
    dumpOf(host, { key: CONNECTIVITY_KEYS.ipRoute4, file: 'ip', args: ['-j', '-4', 'route', 'show', 'default'], timeoutMs: SHORT_MS }),
    dumpOf(host, { key: CONNECTIVITY_KEYS.ipRoute6, file: 'ip', args: ['-j', '-6', 'route', 'show', 'default'], timeoutMs: SHORT_MS }),
    host.netDevices(),
    host.run({ key: CONNECTIVITY_KEYS.nmcli, file: 'nmcli', args: ['-t', '-f', 'DEVICE,TYPE,STATE,CONNECTION', 'device', 'status'], timeoutMs: SHORT_MS }),
    host.run({ key: CONNECTIVITY_KEYS.iw, file: 'iw', args: ['dev'], timeoutMs: SHORT_MS }),
  ]);
}
