/**
 * The connectivity section on Linux, from the outputs of connectivity-steps.ts: adapters with
 * their kind (sysfs driver, DEVTYPE and USB id against the catalogue), addresses and state
 * (`ip -j addr`), default routes (`ip -j route`), Wi-Fi from nmcli or iw (else the wireless
 * interface's own link state) and USB modems from the USB device list.
 */
import { z } from 'zod';
import type { AdapterKind, ConnectivitySection, WifiLink } from '../../schema/index.js';
import type { Catalogue } from '../catalogue/catalogue.js';
import { SectionUnknown } from '../collectors/types.js';
import type { RawOutput, RawOutputs } from '../exec/recorded.js';
import { outputText } from '../exec/recorded.js';
import { classifyAdapter, findUsbModems } from '../network/adapter-kind.js';
import { isUsableAddress, withNetworks } from '../network/default-paths.js';
import { CONNECTIVITY_KEYS } from './connectivity-steps.js';
import { usbIdsFromSysfs } from './security.js';
import { LINUX_KEYS } from './steps.js';

const IpLink = z.object({
  ifname: z.string(),
  flags: z.array(z.string()).default([]),
  operstate: z.string().default('UNKNOWN'),
  link_type: z.string().default(''),
  addr_info: z.array(z.object({ family: z.string(), local: z.string(), prefixlen: z.number().int() })).default([]),
});
const IpRoute = z.object({ dst: z.string(), gateway: z.string().optional(), dev: z.string().default(''), metric: z.number().int().nonnegative().optional() });

const failed = (o: RawOutput | undefined) => !o || o.absent || o.timedOut || o.exitCode !== 0;

function parseJson<T extends z.ZodType>(text: string | null, schema: T): Array<z.infer<T>> | null {
  if (text === null) return null;
  try {
    const parsed = z.array(schema).safeParse(JSON.parse(text.trim() || '[]'));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

interface DeviceInfo {
  devtype: string;
  driver: string;
  vendorId: string | null;
  productId: string | null;
  virtual: boolean;
  wireless: boolean;
}

/** `name<TAB>devtype<TAB>driver<TAB>vid:pid<TAB>virtual<TAB>wireless` lines (connectivity-steps.ts). */
export function parseNetDevices(text: string): Map<string, DeviceInfo> {
  const out = new Map<string, DeviceInfo>();
  for (const line of text.split('\n')) {
    const [name, devtype = '', driver = '', usb = '', virtual = '0', wireless = '0'] = line.split('\t');
    if (!name) continue;
    const ids = /^([0-9a-f]{4}):([0-9a-f]{4})$/i.exec(usb);
    out.set(name, { devtype, driver, vendorId: ids ? ids[1]!.toLowerCase() : null, productId: ids ? ids[2]!.toLowerCase() : null, virtual: virtual === '1', wireless: wireless === '1' });
  }
  return out;
}

/** nmcli's terse format escapes `:` and `\` inside values with a backslash. */
const splitTerse = (line: string): string[] => {
  const fields: string[] = [];
  let current = '';
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (c === '\\' && i + 1 < line.length) current += line[++i];
    else if (c === ':') {
      fields.push(current);
      current = '';
    } else current += c;
  }
  fields.push(current);
  return fields;
};

export interface NmcliDevice {
  device: string;
  type: string;
  state: string;
  connection: string;
}

/** `nmcli -t -f DEVICE,TYPE,STATE,CONNECTION device status`. */
export const parseNmcliDevices = (text: string): NmcliDevice[] =>
  text
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => {
      const [device = '', type = '', state = '', connection = ''] = splitTerse(l);
      return { device, type, state, connection };
    });

/** `iw dev`: each `Interface NAME` block, with its `ssid` line when associated. */
export function parseIwDev(text: string): Map<string, { ssid: string | null }> {
  const out = new Map<string, { ssid: string | null }>();
  let current: string | null = null;
  for (const line of text.split('\n')) {
    const iface = /^\s*Interface\s+(\S+)/.exec(line);
    if (iface) {
      current = iface[1]!;
      out.set(current, { ssid: null });
      continue;
    }
    const ssid = /^\s*ssid\s+(.*)$/.exec(line);
    if (ssid && current) out.set(current, { ssid: ssid[1]!.trim() });
  }
  return out;
}

/** nmcli's device types as adapter kinds, where they say more than the link type does. */
const NMCLI_KIND: Record<string, AdapterKind> = { wifi: 'wifi', gsm: 'cellular', cdma: 'cellular', bt: 'bluetooth', loopback: 'loopback', ethernet: 'ethernet' };

function medium(link: z.infer<typeof IpLink>, dev: DeviceInfo | undefined, nm: NmcliDevice | undefined): AdapterKind | null {
  if (link.link_type === 'loopback') return 'loopback';
  if (dev?.wireless || dev?.devtype === 'wlan') return 'wifi';
  const fromNm = nm ? NMCLI_KIND[nm.type] : undefined;
  if (fromNm) return fromNm;
  if (dev?.virtual) return 'virtual';
  return link.link_type === 'ether' ? 'ethernet' : null;
}

/** UP is up; UNKNOWN (tun, some modems) is up when the kernel says the lower layer is. */
const isUp = (link: z.infer<typeof IpLink>): boolean | null => {
  const s = link.operstate.toUpperCase();
  if (s === 'UP') return true;
  if (s === 'UNKNOWN') return link.flags.includes('LOWER_UP') && link.flags.includes('UP') ? true : link.flags.includes('UP') ? null : false;
  return false;
};

function routes(text: string | null, family: 'ipv4' | 'ipv6') {
  return (parseJson(text, IpRoute) ?? [])
    .filter((r) => r.dst === 'default')
    .map((r) => ({ family, gateway: r.gateway ?? '', interface: r.dev, metric: r.metric ?? (family === 'ipv4' ? 0 : null) }));
}

export function parseLinuxConnectivity(outputs: RawOutputs, catalogue: Catalogue): ConnectivitySection {
  const addr = outputs.get(CONNECTIVITY_KEYS.ipAddr);
  const links = failed(addr) ? null : parseJson(addr!.stdout, IpLink);
  if (!links) {
    throw new SectionUnknown(
      addr?.absent ? '`ip` (iproute2) is not installed, so the adapters and routes cannot be read; install iproute2' : `\`ip -j addr\` could not be read (${addr?.stderr.trim() || 'no JSON output'})`,
      addr?.absent ? 'not_found' : 'failed',
    );
  }
  const devices = parseNetDevices(outputText(outputs, CONNECTIVITY_KEYS.netDevices) ?? '');
  const nmcli = outputs.get(CONNECTIVITY_KEYS.nmcli);
  const nm = failed(nmcli) ? null : parseNmcliDevices(nmcli!.stdout);
  const iwOutput = outputs.get(CONNECTIVITY_KEYS.iw);
  const iw = failed(iwOutput) ? null : parseIwDev(iwOutput!.stdout);

  const route4 = outputs.get(CONNECTIVITY_KEYS.ipRoute4);
  const route6 = outputs.get(CONNECTIVITY_KEYS.ipRoute6);
  const addressesOf = (name: string) =>
    links.find((l) => l.ifname === name)?.addr_info.map((a) => `${a.local}/${a.prefixlen}`).filter(isUsableAddress) ?? [];
  const defaultRoutes = failed(route4)
    ? null
    : withNetworks([...routes(route4!.stdout, 'ipv4'), ...(failed(route6) ? [] : routes(route6!.stdout, 'ipv6'))], addressesOf);

  const adapters = links.slice(0, 256).map((link) => {
    const dev = devices.get(link.ifname);
    const nmDevice = nm?.find((d) => d.device === link.ifname);
    const { kind, kindReason } = classifyAdapter(catalogue, {
      name: link.ifname,
      description: dev?.driver ?? '',
      ...(dev?.driver ? { driver: dev.driver } : {}),
      ...(dev?.devtype ? { devtype: dev.devtype } : {}),
      medium: medium(link, dev, nmDevice),
      vendorId: dev?.vendorId ?? null,
      productId: dev?.productId ?? null,
    });
    return {
      name: link.ifname,
      description: dev?.driver ?? '',
      kind,
      kindReason,
      up: isUp(link),
      addresses: addressesOf(link.ifname).slice(0, 64),
      internetDetected: null,
      defaultRoute: defaultRoutes?.some((r) => r.interface === link.ifname) ?? false,
      vendorId: dev?.vendorId ?? null,
      productId: dev?.productId ?? null,
    };
  });

  const wifi: WifiLink[] = adapters
    .filter((a) => a.kind === 'wifi')
    .map((a) => {
      const row = nm?.find((d) => d.device === a.name);
      if (row) return { interface: a.name, ssid: row.state.startsWith('connected') ? row.connection : '', connected: row.state.startsWith('connected'), bssid: '', authentication: '', signalPct: null, source: 'nmcli device status' };
      const assoc = iw?.get(a.name);
      if (assoc) return { interface: a.name, ssid: assoc.ssid ?? '', connected: assoc.ssid !== null, bssid: '', authentication: '', signalPct: null, source: 'iw dev' };
      // A wireless interface is up (carrier) only while associated with a network.
      return { interface: a.name, ssid: '', connected: a.up === true, bssid: '', authentication: '', signalPct: null, source: 'link state (neither nmcli nor iw is installed)' };
    });

  return {
    adapters,
    defaultRoutes,
    wifi,
    usbModems: findUsbModems(catalogue, usbIdsFromSysfs(outputText(outputs, LINUX_KEYS.usb) ?? '')),
  };
}
