/**
 * Which network each default route leads into, so that two routes out through the same
 * router (IPv4 and IPv6, or two cables into one switch) count as one path and routes through
 * different networks count as two. Addresses are CIDR strings (`192.0.2.5/24`).
 */
import type { DefaultRoute } from '../../schema/index.js';

type Route = Omit<DefaultRoute, 'network'>;

const ipv4ToInt = (ip: string): number | null => {
  const parts = ip.split('.');
  if (parts.length !== 4) return null;
  let n = 0;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p) || Number(p) > 255) return null;
    n = n * 256 + Number(p);
  }
  return n;
};
const intToIpv4 = (n: number) => [24, 16, 8, 0].map((s) => Math.floor(n / 2 ** s) % 256).join('.');

/** The network of an IPv4 CIDR address: `192.0.2.5/24` → `192.0.2.0/24`; null if not IPv4. */
export function ipv4Network(cidr: string): { base: number; prefix: number; text: string } | null {
  const [ip, len] = cidr.split('/');
  const n = ipv4ToInt(ip ?? '');
  const prefix = Number(len ?? 32);
  if (n === null || !Number.isInteger(prefix) || prefix < 0 || prefix > 32) return null;
  const size = 2 ** (32 - prefix);
  const base = Math.floor(n / size) * size;
  return { base, prefix, text: `${intToIpv4(base)}/${prefix}` };
}

/** Addresses that carry traffic beyond the link: not loopback, not IPv4 link-local (APIPA), not fe80::/10. */
export function isUsableAddress(cidr: string): boolean {
  const ip = cidr.split('/')[0]!.toLowerCase();
  if (ip.includes(':')) return !(ip === '::1' || /^fe[89ab]/.test(ip));
  return !(ip.startsWith('127.') || ip.startsWith('169.254.') || ip === '0.0.0.0');
}

/**
 * @param addressesOf the CIDR addresses of an interface by name
 * @example withNetworks([{family: 'ipv4', gateway: '192.0.2.1', interface: 'eth0', metric: 100}], () => ['192.0.2.5/24'])
 *          // [{..., network: '192.0.2.0/24'}]
 */
export function withNetworks(routes: readonly Route[], addressesOf: (iface: string) => readonly string[]): DefaultRoute[] {
  const byInterface = new Map<string, string>();
  const v4 = routes.map((r) => {
    if (r.family !== 'ipv4') return null;
    const gw = ipv4ToInt(r.gateway);
    const net = addressesOf(r.interface)
      .map(ipv4Network)
      .find((n) => n !== null && gw !== null && Math.floor(gw / 2 ** (32 - n.prefix)) * 2 ** (32 - n.prefix) === n.base);
    const network = net ? net.text : r.gateway ? `${r.gateway} on ${r.interface}` : `link ${r.interface}`;
    if (!byInterface.has(r.interface)) byInterface.set(r.interface, network);
    return network;
  });
  // An IPv6 default route leaves through its interface: the same path as that interface's IPv4 one.
  return routes.map((r, i) => ({ ...r, network: v4[i] ?? byInterface.get(r.interface) ?? `link ${r.interface}` }));
}
