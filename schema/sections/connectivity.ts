/**
 * How the host could reach networks other than its own wired LAN: every network adapter with
 * its kind, the default routes, connected Wi-Fi networks and USB modems. A WAN workstation
 * must have exactly one way out (its wired link to the WAN router); a Wi-Fi link, a 4G dongle,
 * a phone shared over USB (RNDIS) or a second default route is a path to the Internet.
 */
import { z } from 'zod';
import { Text, boundedArray } from '../common.js';
import { UsbId } from './peripherals.js';

/** What an adapter is, read from the OS's own description of its medium (docs/posture.md). */
export const AdapterKind = z.enum(['ethernet', 'wifi', 'cellular', 'bluetooth', 'tethering', 'virtual', 'loopback', 'other']);
export type AdapterKind = z.infer<typeof AdapterKind>;

export const NetworkAdapter = z.object({
  /** The OS's name for it: `eth0`, `wlp2s0`, `Wi-Fi`, `Ethernet 2`. */
  name: Text,
  /** The driver's or vendor's description: `Intel(R) Wi-Fi 6 AX201 160MHz`, `rndis_host`. */
  description: Text.default(''),
  kind: AdapterKind,
  /** Why this kind: the medium, driver or catalogue entry it was read from. */
  kindReason: Text.default(''),
  /** Link up (carrier / associated); null where the OS did not say. */
  up: z.boolean().nullable(),
  /** Addresses that can carry traffic beyond the link (no loopback, link-local or APIPA). */
  addresses: boundedArray(Text, 64).default([]),
  /**
   * Windows' own network-connectivity check (NCSI) says this adapter's network reaches the
   * Internet; null where the OS does not say (Linux, Windows 7).
   */
  internetDetected: z.boolean().nullable().default(null),
  /** This adapter carries a default route. */
  defaultRoute: z.boolean().default(false),
  /** USB vendor/product id where the adapter is a USB device. */
  vendorId: UsbId.nullable().default(null),
  productId: UsbId.nullable().default(null),
});
export type NetworkAdapter = z.infer<typeof NetworkAdapter>;

export const DefaultRoute = z.object({
  family: z.enum(['ipv4', 'ipv6']),
  /** Next hop; empty for a route straight onto a point-to-point link (a modem). */
  gateway: Text,
  interface: Text,
  metric: z.number().int().nonnegative().nullable(),
  /**
   * The network the gateway sits in (`192.0.2.0/24`), or the interface for IPv6 link-local
   * and point-to-point next hops: two default routes in different networks are two paths.
   */
  network: Text,
});
export type DefaultRoute = z.infer<typeof DefaultRoute>;

export const WifiLink = z.object({
  interface: Text,
  /** The network's name; empty where the source gives only the state. */
  ssid: Text,
  connected: z.boolean(),
  bssid: Text.default(''),
  authentication: Text.default(''),
  signalPct: z.number().min(0).max(100).nullable().default(null),
  source: Text,
});
export type WifiLink = z.infer<typeof WifiLink>;

export const UsbModem = z.object({
  /** The catalogue's name for the dongle family. */
  name: Text,
  vendorId: UsbId,
  productId: UsbId.nullable(),
});
export type UsbModem = z.infer<typeof UsbModem>;

export const ConnectivitySection = z.object({
  adapters: boundedArray(NetworkAdapter, 256),
  /** Null when the routing table could not be read. */
  defaultRoutes: boundedArray(DefaultRoute, 64).nullable(),
  /** Null when no source could tell (no WLAN service or tool); [] means no wireless interface. */
  wifi: boundedArray(WifiLink, 32).nullable(),
  usbModems: boundedArray(UsbModem, 32),
});
export type ConnectivitySection = z.infer<typeof ConnectivitySection>;
