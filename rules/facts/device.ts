/**
 * Device facts: what the collector's scanners found about a device of the org file (switch,
 * router, printer, scanner, UPS, agentless server). Only device rules (`scope.devices`) may
 * read them. A device never scanned, or with no way in, has them missing (unknown).
 */
import type { DeviceReport } from '../../schema/index.js';
import { scanMessage, worstOutcome } from '../../schema/index.js';
import type { DeviceInput } from '../device-input.js';
import { defineFacts } from './types.js';
import type { FactContext } from './types.js';

const YEAR_MS = 365.25 * 86_400_000;

const report = (ctx: FactContext): DeviceReport | null => ctx.device?.report ?? null;

/** The chassis of ENTITY-MIB, the part that carries the device's own model and serial. */
export const chassisOf = (r: DeviceReport | null) => r?.snmp?.entities?.find((e) => e.class === 'chassis' && (e.model || e.serial)) ?? r?.snmp?.entities?.find((e) => e.class === 'chassis');

/** What a scan of this kind of device must have read to count as inventoried; null when it did. */
export function missingInventory(d: DeviceInput): string | null {
  const r = d.report;
  if (!r || !r.reachable) return 'the device did not answer';
  const snmp = r.snmp;
  const kind = d.kind;
  if ((kind === 'server' || kind === 'other') && r.host) return null;
  if (!snmp?.system) return r.host ? null : 'its identity (SNMP system group) was not read';
  if ((kind === 'switch' || kind === 'router') && !snmp.interfaces) return 'its ports (IF-MIB) were not read';
  if (kind === 'printer' && !snmp.printer) return snmp.printer === null ? 'it has no Printer-MIB: is SNMP on the printer itself, or is this another device?' : 'its supplies (Printer-MIB) were not read';
  if (kind === 'ups' && !snmp.ups) return snmp.ups === null ? 'it has no UPS-MIB: enable the network card\'s RFC 1628 agent' : 'its battery (UPS-MIB) was not read';
  return null;
}

/** Age in years, one decimal: from the org's purchase year (its middle), else the ENTITY-MIB manufacturing date. */
export function deviceAge(d: DeviceInput | null | undefined, now: Date): { years: number; from: string } | undefined {
  if (!d) return undefined;
  if (d.purchaseYear !== null) return { years: Math.max(0, Math.round(((now.getTime() - Date.UTC(d.purchaseYear, 6, 1)) / YEAR_MS) * 10) / 10), from: `bought in ${d.purchaseYear} (org file)` };
  const mfg = chassisOf(d.report)?.mfgDate;
  if (mfg) return { years: Math.max(0, Math.round(((now.getTime() - Date.parse(`${mfg}T00:00:00Z`)) / YEAR_MS) * 10) / 10), from: `made on ${mfg} (ENTITY-MIB)` };
  return undefined;
}

const consumables = (ctx: FactContext) => report(ctx)?.snmp?.printer?.supplies.filter((s) => !/^waste/.test(s.type)) ?? null;

export const deviceFacts = defineFacts([
  {
    name: 'device.kind',
    type: 'string',
    label: 'device kind',
    section: 'device',
    fromPlace: true,
    description: 'What the org file says the device is: `switch`, `router`, `printer`, `scanner`, `ups`, `server` or `other`.',
    resolve: (ctx) => (ctx.place.subject === 'device' ? ctx.place.deviceKind : undefined),
  },
  {
    name: 'device.reachable',
    type: 'boolean',
    label: 'device answers',
    section: 'device',
    description: 'Whether the device answered its latest scan (SNMP or SSH); missing when it was never scanned or the org file gives it no snmp or ssh.',
    resolve: (ctx) => report(ctx)?.reachable ?? undefined,
    note: (ctx) => (report(ctx) ? scanMessage(report(ctx)!.scans) : undefined),
    missing: 'not scanned yet, or the org file gives it no snmp or ssh to be scanned with',
  },
  {
    name: 'device.inventoried',
    type: 'boolean',
    label: 'device inventoried',
    section: 'device',
    description:
      'Whether the latest scan read what this kind of device must show: its identity, plus the ports of a switch or router, the supplies of a printer, the battery of a UPS, or the SSH audit of a server.',
    resolve: (ctx) => (ctx.device?.report ? missingInventory(ctx.device) === null : undefined),
    note: (ctx) => (ctx.device ? (missingInventory(ctx.device) ?? undefined) : undefined),
    missing: 'not scanned yet',
  },
  {
    name: 'device.scan_outcome',
    type: 'string',
    label: 'scan outcome',
    section: 'device',
    description: 'The worst outcome of the latest scan: `ok`, `partial`, `unreachable`, `timeout`, `auth_failed`, `host_key_changed` or `error`.',
    resolve: (ctx) => {
      const r = report(ctx);
      return r ? worstOutcome(r.scans) : undefined;
    },
    missing: 'not scanned yet',
  },
  {
    name: 'device.age_years',
    type: 'number',
    label: 'device age',
    unit: 'years',
    section: 'device',
    description: "Years since the device was bought (the org file's `purchaseYear`, counted from its middle), else since the manufacturing date ENTITY-MIB gives; one decimal.",
    resolve: (ctx) => deviceAge(ctx.device, ctx.now)?.years,
    note: (ctx) => deviceAge(ctx.device, ctx.now)?.from,
    missing: 'age not known: give the device a purchaseYear in the org file',
  },
  {
    name: 'printer.lowest_supply_pct',
    type: 'number',
    label: 'lowest printer supply',
    unit: '%',
    section: 'device',
    description: 'The lowest level, in percent, of the printer\'s toner, ink and drum supplies that report one (waste containers left out); missing when none does.',
    resolve: (ctx) => {
      const levels = (consumables(ctx) ?? []).flatMap((s) => (s.percent === null ? [] : [s.percent]));
      return levels.length ? Math.min(...levels) : undefined;
    },
  },
  {
    name: 'printer.low_supplies',
    type: 'list',
    label: 'low printer supplies',
    section: 'device',
    description: 'Printer supplies that are low (10% or less) or empty, by description.',
    resolve: (ctx) => {
      const list = consumables(ctx);
      return list ? list.filter((s) => s.state === 'low' || s.state === 'empty').map((s) => s.description || s.type) : undefined;
    },
  },
  {
    name: 'ups.battery_status',
    type: 'string',
    label: 'UPS battery',
    section: 'device',
    description: 'UPS-MIB battery status: `normal`, `low`, `depleted` or `unknown`.',
    resolve: (ctx) => report(ctx)?.snmp?.ups?.batteryStatus,
  },
  {
    name: 'ups.charge_pct',
    type: 'number',
    label: 'UPS charge',
    unit: '%',
    section: 'device',
    description: 'UPS-MIB estimated charge remaining, in percent.',
    resolve: (ctx) => report(ctx)?.snmp?.ups?.chargePct ?? undefined,
  },
]);
