/**
 * Whether a WAN workstation has a path to the Internet: the org's WAN-only marking, the
 * connectivity section (adapters by kind, default routes, Wi-Fi, USB modems) and the
 * must-not-answer probes (targets that must stay unreachable).
 */
import type { ConnectivitySection, ProbeResult } from '../../schema/index.js';
import { defineFacts } from './types.js';
import type { FactContext } from './types.js';

const connectivity = (ctx: FactContext): ConnectivitySection | undefined => ctx.report?.connectivity;

const describeRoute = (r: NonNullable<ConnectivitySection['defaultRoutes']>[number]) =>
  `default via ${r.gateway || '(point-to-point)'} dev ${r.interface}${r.metric === null ? '' : ` metric ${r.metric}`} (${r.network})`;

/** Links that reach beyond the wired LAN by themselves: Wi-Fi, cellular, tethering, Bluetooth. */
const WIRELESS_KINDS = new Set(['cellular', 'tethering', 'bluetooth']);

const mustNotAnswer = (ctx: FactContext): ProbeResult[] | undefined => ctx.report?.probes?.results.filter((r) => r.role === 'must_not_answer');

/** "203.0.113.10 (tcp 443) answered 10 of 10 via 198.51.100.1 dev eth1": the path is the evidence. */
function describeAnswer(r: ProbeResult): string {
  const port = typeof r.detail.port === 'number' ? ` ${r.detail.port}` : '';
  const route = typeof r.detail.route === 'string' && r.detail.route ? ` via ${r.detail.route}` : '';
  return `${r.target} (${r.kind}${port}) answered ${r.received} of ${r.sent}${route}`;
}

export const networkFacts = defineFacts([
  {
    name: 'network.wan_only',
    type: 'boolean',
    label: 'WAN-only room or unit',
    section: 'host',
    fromPlace: true,
    description: 'Whether the org file marks the host\'s room (or unit) `wanOnly`: its machines work on the sector WAN and must have no path to the Internet.',
    resolve: (ctx) => ctx.place.wanOnly,
  },
  {
    name: 'network.default_path_count',
    type: 'number',
    label: 'separate default paths',
    section: 'connectivity',
    description: 'Networks the host\'s default routes lead into (IPv4 and IPv6 through the same router count once): more than one is a second way out.',
    resolve: (ctx) => {
      const routes = connectivity(ctx)?.defaultRoutes;
      return routes ? new Set(routes.map((r) => r.network)).size : undefined;
    },
    note: (ctx) => connectivity(ctx)?.defaultRoutes?.map(describeRoute).join('; ') || undefined,
    missing: 'default routes: not reported (the routing table could not be read)',
  },
  {
    name: 'network.default_routes',
    type: 'list',
    label: 'default routes',
    section: 'connectivity',
    description: 'Every default route: next hop, interface, metric and the network it leads into.',
    resolve: (ctx) => connectivity(ctx)?.defaultRoutes?.map(describeRoute),
  },
  {
    name: 'network.wireless_links',
    type: 'list',
    label: 'wireless or shared links',
    section: 'connectivity',
    description: 'Connected Wi-Fi networks, and cellular, phone-tethering (RNDIS) and Bluetooth adapters that are up with an address.',
    resolve: (ctx) => {
      const c = connectivity(ctx);
      if (!c) return undefined;
      const links = (c.wifi ?? []).filter((w) => w.connected).map((w) => `Wi-Fi ${w.ssid ? `"${w.ssid}"` : '(network name not shown)'} on ${w.interface}`);
      for (const a of c.adapters) {
        if (WIRELESS_KINDS.has(a.kind) && a.up !== false && a.addresses.length) links.push(`${a.kind} ${a.name} (${a.addresses.join(', ')})`);
      }
      // No Wi-Fi source could speak and no other link is up: whether Wi-Fi is connected is unknown.
      return links.length === 0 && c.wifi === null && c.adapters.some((a) => a.kind === 'wifi') ? undefined : links;
    },
    missing: 'Wi-Fi state: not reported (no WLAN service or tool answered on this machine)',
  },
  {
    name: 'network.usb_modems',
    type: 'list',
    label: 'USB modems plugged in',
    section: 'connectivity',
    description: 'USB devices whose vendor/product id is a catalogue mobile-broadband dongle (4G/3G), whether connected or not.',
    resolve: (ctx) => connectivity(ctx)?.usbModems.map((m) => `${m.name} (${m.vendorId}:${m.productId ?? '????'})`),
  },
  {
    name: 'network.internet_detected',
    type: 'list',
    label: 'adapters on which Windows detects the Internet',
    section: 'connectivity',
    description: 'Adapters whose network Windows\' own connectivity check (NCSI, `Get-NetConnectionProfile`) reports as reaching the Internet; empty where the OS does not say.',
    resolve: (ctx) => connectivity(ctx)?.adapters.filter((a) => a.internetDetected === true).map((a) => `${a.kind} ${a.name}`),
  },
  {
    name: 'network.adapters_up',
    type: 'list',
    label: 'adapters up with an address',
    section: 'connectivity',
    description: 'Adapters that are up and carry an address, as `kind name`.',
    resolve: (ctx) => connectivity(ctx)?.adapters.filter((a) => a.up !== false && a.addresses.length && a.kind !== 'loopback').map((a) => `${a.kind} ${a.name}`),
  },
  {
    name: 'probes.must_not_answer.count',
    type: 'number',
    label: 'must-not-answer targets probed',
    section: 'probes',
    description: 'How many must-not-answer (Internet) targets the agent probed.',
    resolve: (ctx) => mustNotAnswer(ctx)?.length,
  },
  {
    name: 'probes.must_not_answer.answered',
    type: 'list',
    label: 'must-not-answer targets that answered',
    section: 'probes',
    description: 'Must-not-answer targets that answered at least once, with the route the machine used to reach them: each is a path to the Internet.',
    resolve: (ctx) => mustNotAnswer(ctx)?.filter((r) => r.received > 0).map(describeAnswer),
  },
]);
