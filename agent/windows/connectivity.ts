/**
 * The connectivity section on Windows, from the posture document: adapters (`Get-NetAdapter`,
 * or `Win32_NetworkAdapter` on Windows 7) with their medium, addresses
 * (`Win32_NetworkAdapterConfiguration`), default routes (`Get-NetRoute`, or
 * `Win32_IP4RouteTable`), Windows' own Internet check per network (`Get-NetConnectionProfile`),
 * Wi-Fi (`netsh wlan show interfaces`) and USB modems (the USB devices).
 */
import { z } from 'zod';
import type { AdapterKind, ConnectivitySection } from '../../schema/index.js';
import type { Catalogue } from '../catalogue/catalogue.js';
import { parseUsbIds } from '../collectors/peripherals.js';
import { SectionUnknown } from '../collectors/types.js';
import { classifyAdapter, findUsbModems } from '../network/adapter-kind.js';
import { isUsableAddress, withNetworks } from '../network/default-paths.js';
import { flag, int, list, readPart, text } from './document.js';
import type { WindowsDocument } from './document.js';
import { parseNetshWlanInterfaces } from './netsh-wlan.js';

const Adapter = z.object({
  Name: text,
  InterfaceDescription: text,
  InterfaceIndex: int,
  Status: text,
  NdisPhysicalMedium: int,
  PhysicalMediaType: text,
  InterfaceType: int,
  AdapterTypeId: int,
  Virtual: flag,
  HardwareInterface: flag,
  PnPDeviceID: text,
});
const IpConfig = z.object({ InterfaceIndex: int, IPAddress: list(text), IPSubnet: list(text) });
const Route = z.object({ DestinationPrefix: text, NextHop: text, InterfaceIndex: int, InterfaceAlias: text, RouteMetric: int });
const Profile = z.object({ InterfaceIndex: int, InterfaceAlias: text, IPv4Connectivity: text, IPv6Connectivity: text });
const PnpDevice = z.object({ DeviceID: text });

/** NDIS_PHYSICAL_MEDIUM values that say what the link is. */
const NDIS_MEDIUM: Record<number, AdapterKind> = { 1: 'wifi', 8: 'cellular', 9: 'wifi', 10: 'bluetooth', 14: 'ethernet' };
/** IANA ifType values (MIB-II) that say what the link is. */
const IF_TYPE: Record<number, AdapterKind> = { 6: 'ethernet', 24: 'loopback', 53: 'virtual', 71: 'wifi', 131: 'virtual', 243: 'cellular', 244: 'cellular' };
/** Win32_NetworkAdapter.AdapterTypeId (Windows 7). */
const ADAPTER_TYPE: Record<number, AdapterKind> = { 0: 'ethernet', 9: 'wifi' };

function medium(a: z.infer<typeof Adapter>): AdapterKind | null {
  const byMedium = a.NdisPhysicalMedium === null ? undefined : NDIS_MEDIUM[a.NdisPhysicalMedium];
  const byType = a.InterfaceType === null ? undefined : IF_TYPE[a.InterfaceType];
  const definite = [byMedium, byType].find((k) => k && k !== 'ethernet');
  if (definite) return definite;
  if (a.Virtual === true || a.HardwareInterface === false) return 'virtual';
  return byMedium ?? byType ?? (a.AdapterTypeId === null ? undefined : ADAPTER_TYPE[a.AdapterTypeId]) ?? null;
}

/** `255.255.255.0` → 24; IPv6 subnets already come as a prefix length (`64`). */
function prefixOf(subnet: string): number | null {
  if (/^\d{1,3}$/.test(subnet)) return Number(subnet);
  const parts = subnet.split('.').map(Number);
  if (parts.length !== 4 || parts.some((p) => !Number.isInteger(p) || p < 0 || p > 255)) return null;
  return parts.reduce((n, p) => n + (p.toString(2).match(/1/g)?.length ?? 0), 0);
}

const STATUS_UP = new Set(['up', 'connected']);
const STATUS_DOWN = new Set(['disconnected', 'disabled', 'not present', 'down', 'media disconnected']);

export function parseWindowsConnectivity(doc: WindowsDocument, catalogue: Catalogue): ConnectivitySection {
  const adaptersPart = readPart(doc, 'netAdapters', list(Adapter));
  if (!adaptersPart.ok) throw new SectionUnknown(`the network adapters could not be read (${adaptersPart.error})`, 'failed');
  const config = readPart(doc, 'netIpConfig', list(IpConfig));
  const routesPart = readPart(doc, 'netRoutes', list(Route));
  const profiles = readPart(doc, 'netProfiles', list(Profile));
  const wlan = readPart(doc, 'wlanInterfaces', text);
  const usb = readPart(doc, 'usb', list(PnpDevice));

  const addressesByIndex = new Map<number, string[]>();
  for (const c of config.ok ? config.data : []) {
    if (c.InterfaceIndex === null) continue;
    const addresses = c.IPAddress.map((ip, i) => {
      const prefix = prefixOf(c.IPSubnet[i] ?? '');
      return prefix === null ? ip : `${ip}/${prefix}`;
    });
    addressesByIndex.set(c.InterfaceIndex, addresses.filter((a) => a && isUsableAddress(a)));
  }
  const nameOf = (index: number | null, alias: string) => alias || adaptersPart.data.find((a) => a.InterfaceIndex === index)?.Name || `interface ${index ?? '?'}`;
  const addressesOf = (name: string) => {
    const index = adaptersPart.data.find((a) => a.Name === name)?.InterfaceIndex;
    return index === undefined || index === null ? [] : (addressesByIndex.get(index) ?? []);
  };
  const defaultRoutes = routesPart.ok
    ? withNetworks(
        routesPart.data
          .filter((r) => r.DestinationPrefix === '0.0.0.0/0' || r.DestinationPrefix === '::/0')
          .map((r) => ({
            family: r.DestinationPrefix === '::/0' ? ('ipv6' as const) : ('ipv4' as const),
            gateway: r.NextHop === '0.0.0.0' || r.NextHop === '::' ? '' : r.NextHop,
            interface: nameOf(r.InterfaceIndex, r.InterfaceAlias),
            metric: r.RouteMetric !== null && r.RouteMetric >= 0 ? r.RouteMetric : null,
          }))
          .slice(0, 64),
        addressesOf,
      )
    : null;

  const internet = new Map<number, boolean>();
  for (const p of profiles.ok ? profiles.data : []) {
    if (p.InterfaceIndex === null) continue;
    const levels = [p.IPv4Connectivity, p.IPv6Connectivity].map((l) => l.toLowerCase());
    internet.set(p.InterfaceIndex, levels.includes('internet') || (internet.get(p.InterfaceIndex) ?? false));
  }

  const adapters = adaptersPart.data.slice(0, 256).map((a) => {
    const { vendorId, productId } = parseUsbIds(a.PnPDeviceID);
    const { kind, kindReason } = classifyAdapter(catalogue, { name: a.Name, description: a.InterfaceDescription, medium: medium(a), vendorId, productId });
    const status = a.Status.toLowerCase();
    return {
      name: a.Name,
      description: a.InterfaceDescription,
      kind,
      kindReason,
      up: STATUS_UP.has(status) ? true : STATUS_DOWN.has(status) ? false : null,
      addresses: (a.InterfaceIndex === null ? [] : (addressesByIndex.get(a.InterfaceIndex) ?? [])).slice(0, 64),
      internetDetected: a.InterfaceIndex === null || !profiles.ok ? null : (internet.get(a.InterfaceIndex) ?? false),
      defaultRoute: defaultRoutes?.some((r) => r.interface === a.Name) ?? false,
      vendorId,
      productId,
    };
  });

  const links = wlan.ok ? parseNetshWlanInterfaces(wlan.data) : null;
  return {
    adapters,
    defaultRoutes,
    // The WLAN service stopped (or netsh missing) on a machine without Wi-Fi: there is none.
    wifi: links ?? (adapters.some((a) => a.kind === 'wifi') ? null : []),
    usbModems: findUsbModems(catalogue, usb.ok ? usb.data.map((d) => parseUsbIds(d.DeviceID)) : []),
  };
}
