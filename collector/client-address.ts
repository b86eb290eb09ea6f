/**
 * The source address a request came from, as rate limits count it: the socket's peer address
 * (a proxy in front of the collector makes every request come from the proxy: limits are sized
 * so that a whole unit behind one NAT address still works). IPv6 addresses count per /64, the
 * block one site is given, so an attacker cannot step through its addresses.
 */
import type { Context } from 'hono';

/** Requests made in-process (`app.request` in tests) have no socket and share one key. */
const NO_SOCKET = 'local';

export function clientAddress(c: Context): string {
  const incoming = (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming;
  const address = incoming?.socket?.remoteAddress;
  if (!address) return NO_SOCKET;
  if (address.startsWith('::ffff:') && address.includes('.')) return address.slice(7);
  if (!address.includes(':')) return address;
  return ipv6Prefix64(address);
}

/** The first four groups of an IPv6 address, expanded: `2001:db8:0:1::5` → `2001:db8:0:1::/64`. */
export function ipv6Prefix64(address: string): string {
  const [head = '', tail = ''] = address.split('%')[0]!.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = address.includes('::') ? [...left, ...Array(8 - left.length - right.length).fill('0'), ...right] : left;
  return `${groups.slice(0, 4).map((g) => g.replace(/^0+(?=.)/, '').toLowerCase()).join(':')}::/64`;
}
