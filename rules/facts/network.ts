/**
 * Whether a WAN workstation has a path to the Internet: the org's WAN-only marking, the
 * connectivity section (adapters by kind, default routes, Wi-Fi, USB modems) and the
 * must-not-answer probes (targets that must stay unreachable).
 */
import type { ConnectivitySection, EvidenceNote, ProbeResult } from '../../schema/index.js';
import { defineFacts } from './types.js';
import type { FactContext } from './types.js';

const connectivity = (ctx: FactContext): ConnectivitySection | undefined => ctx.report?.connectivity;

type Route = NonNullable<ConnectivitySection['defaultRoutes']>[number];

/** A route as a list value: the interface and next hop, which say it in any language. */
const routeValue = (r: Route) => `${r.interface} → ${r.gateway || '—'}`;
const routesNote = (routes: Route[]): EvidenceNote => ({
  code: 'routes',
  routes: routes.map((r) => ({ gateway: r.gateway || null, interface: r.interface, metric: r.metric, network: r.network })),
});

/** Links that reach beyond the wired LAN by themselves: Wi-Fi, cellular, tethering, Bluetooth. */
const WIRELESS_KINDS = new Set(['cellular', 'tethering', 'bluetooth']);

const mustNotAnswer = (ctx: FactContext): ProbeResult[] | undefined => ctx.report?.probes?.results.filter((r) => r.role === 'must_not_answer');

/** "203.0.113.10 (tcp 443)": the target as a list value; how often it answered, and by which route, is its note. */
function answerValue(r: ProbeResult): string {
  const port = typeof r.detail.port === 'number' ? ` ${r.detail.port}` : '';
  return `${r.target} (${r.kind}${port})`;
}
const answerNote = (r: ProbeResult): EvidenceNote => ({
  code: 'answered',
  target: r.target,
  received: r.received,
  sent: r.sent,
  route: typeof r.detail.route === 'string' && r.detail.route ? r.detail.route : null,
});

export const networkFacts = defineFacts([
  {
    name: 'network.wan_only',
    type: 'boolean',
    label: { vi: 'phòng, đơn vị chỉ dùng mạng WAN', en: 'WAN-only room or unit' },
    section: 'host',
    fromPlace: true,
    description: 'Whether the org file marks the host\'s room (or unit) `wanOnly`: its machines work on the sector WAN and must have no path to the Internet.',
    resolve: (ctx) => ctx.place.wanOnly,
  },
  {
    name: 'network.default_path_count',
    type: 'number',
    label: { vi: 'số đường ra mặc định riêng biệt', en: 'separate default paths' },
    section: 'connectivity',
    description: 'Networks the host\'s default routes lead into (IPv4 and IPv6 through the same router count once): more than one is a second way out.',
    resolve: (ctx) => {
      const routes = connectivity(ctx)?.defaultRoutes;
      return routes ? new Set(routes.map((r) => r.network)).size : undefined;
    },
    note: (ctx) => {
      const routes = connectivity(ctx)?.defaultRoutes;
      return routes?.length ? [routesNote(routes)] : undefined;
    },
  },
  {
    name: 'network.default_routes',
    type: 'list',
    label: { vi: 'tuyến mặc định', en: 'default routes' },
    section: 'connectivity',
    description: 'Every default route as `interface → next hop` (its metric and the network it leads into are in the evidence).',
    resolve: (ctx) => connectivity(ctx)?.defaultRoutes?.map(routeValue),
    note: (ctx) => {
      const routes = connectivity(ctx)?.defaultRoutes;
      return routes?.length ? [routesNote(routes)] : undefined;
    },
  },
  {
    name: 'network.wireless_links',
    type: 'list',
    label: { vi: 'kết nối không dây hoặc chia sẻ', en: 'wireless or shared links' },
    section: 'connectivity',
    description: 'Connected Wi-Fi networks, and cellular, phone-tethering (RNDIS) and Bluetooth adapters that are up with an address.',
    resolve: (ctx) => {
      const c = connectivity(ctx);
      if (!c) return undefined;
      const links = (c.wifi ?? []).filter((w) => w.connected).map((w) => `Wi-Fi ${w.ssid ? `"${w.ssid}" ` : ''}(${w.interface})`);
      for (const a of c.adapters) {
        if (WIRELESS_KINDS.has(a.kind) && a.up !== false && a.addresses.length) links.push(`${a.kind} ${a.name} (${a.addresses.join(', ')})`);
      }
      // No Wi-Fi source could speak and no other link is up: whether Wi-Fi is connected is unknown.
      return links.length === 0 && c.wifi === null && c.adapters.some((a) => a.kind === 'wifi') ? undefined : links;
    },
  },
  {
    name: 'network.usb_modems',
    type: 'list',
    label: { vi: 'USB 3G/4G đang cắm', en: 'USB modems plugged in' },
    section: 'connectivity',
    description: 'USB devices whose vendor/product id is a catalogue mobile-broadband dongle (4G/3G), whether connected or not.',
    resolve: (ctx) => connectivity(ctx)?.usbModems.map((m) => `${m.name} (${m.vendorId}:${m.productId ?? '????'})`),
  },
  {
    name: 'network.internet_detected',
    type: 'list',
    label: { vi: 'card mạng Windows thấy có Internet', en: 'adapters on which Windows detects the Internet' },
    section: 'connectivity',
    description: 'Adapters whose network Windows\' own connectivity check (NCSI, `Get-NetConnectionProfile`) reports as reaching the Internet; empty where the OS does not say.',
    resolve: (ctx) => connectivity(ctx)?.adapters.filter((a) => a.internetDetected === true).map((a) => `${a.kind} ${a.name}`),
  },
  {
    name: 'network.adapters_up',
    type: 'list',
    label: { vi: 'card mạng đang hoạt động có địa chỉ', en: 'adapters up with an address' },
    section: 'connectivity',
    description: 'Adapters that are up and carry an address, as `kind name`.',
    resolve: (ctx) => connectivity(ctx)?.adapters.filter((a) => a.up !== false && a.addresses.length && a.kind !== 'loopback').map((a) => `${a.kind} ${a.name}`),
  },
  {
    name: 'probes.must_not_answer.count',
    type: 'number',
    label: { vi: 'số mục tiêu Internet không được phép trả lời đã đo', en: 'must-not-answer targets probed' },
    section: 'probes',
    description: 'How many must-not-answer (Internet) targets the agent probed.',
    resolve: (ctx) => mustNotAnswer(ctx)?.length,
  },
  {
    name: 'probes.must_not_answer.answered',
    type: 'list',
    label: { vi: 'mục tiêu Internet lẽ ra không được trả lời nhưng đã trả lời', en: 'must-not-answer targets that answered' },
    section: 'probes',
    description: 'Must-not-answer targets that answered at least once (the route the machine used to reach them is in the evidence): each is a path to the Internet.',
    resolve: (ctx) => mustNotAnswer(ctx)?.filter((r) => r.received > 0).map(answerValue),
    note: (ctx) => {
      const answered = mustNotAnswer(ctx)?.filter((r) => r.received > 0);
      return answered?.length ? answered.map(answerNote) : undefined;
    },
  },
]);
