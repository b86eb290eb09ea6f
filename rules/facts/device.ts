/**
 * Device facts: what the collector's scanners found about a device of the org file (switch,
 * router, printer, scanner, UPS, agentless server). Only device rules (`scope.devices`) may
 * read them. A device never scanned, or with no way in, has them missing (unknown).
 */
import type { Bilingual, DeviceReport, EvidenceNote, InventoryGap, MissingCause } from '../../schema/index.js';
import { worstOutcome } from '../../schema/index.js';
import type { DeviceInput } from '../device-input.js';
import { defineFacts, DEVICE_KIND_VALUES } from './types.js';
import type { FactContext } from './types.js';

const YEAR_MS = 365.25 * 86_400_000;

const report = (ctx: FactContext): DeviceReport | null => ctx.device?.report ?? null;

/** The chassis of ENTITY-MIB, the part that carries the device's own model and serial. */
export const chassisOf = (r: DeviceReport | null) => r?.snmp?.entities?.find((e) => e.class === 'chassis' && (e.model || e.serial)) ?? r?.snmp?.entities?.find((e) => e.class === 'chassis');

/** What a scan of this kind of device must have read to count as inventoried, that it did not; null when it read it all. */
export function missingInventory(d: DeviceInput): InventoryGap | null {
  const r = d.report;
  if (!r || !r.reachable) return 'no_answer';
  const snmp = r.snmp;
  const kind = d.kind;
  if ((kind === 'server' || kind === 'other') && r.host) return null;
  if (!snmp?.system) return r.host ? null : 'no_identity';
  if ((kind === 'switch' || kind === 'router') && !snmp.interfaces) return 'no_ports';
  if (kind === 'printer' && !snmp.printer) return snmp.printer === null ? 'no_printer_mib' : 'no_supplies';
  if (kind === 'ups' && !snmp.ups) return snmp.ups === null ? 'no_ups_mib' : 'no_battery';
  return null;
}

/** Age in years, one decimal: from the org's purchase year (its middle), else the ENTITY-MIB manufacturing date. */
export function deviceAge(d: DeviceInput | null | undefined, now: Date): { years: number; from: Extract<EvidenceNote, { code: 'age_from' }> } | undefined {
  if (!d) return undefined;
  if (d.purchaseYear !== null) {
    return { years: Math.max(0, Math.round(((now.getTime() - Date.UTC(d.purchaseYear, 6, 1)) / YEAR_MS) * 10) / 10), from: { code: 'age_from', purchaseYear: d.purchaseYear, mfgDate: null } };
  }
  const mfg = chassisOf(d.report)?.mfgDate;
  if (mfg) return { years: Math.max(0, Math.round(((now.getTime() - Date.parse(`${mfg}T00:00:00Z`)) / YEAR_MS) * 10) / 10), from: { code: 'age_from', purchaseYear: null, mfgDate: mfg } };
  return undefined;
}

/** The latest scan, per scanner, as a note. */
const scanNote = (r: DeviceReport): EvidenceNote[] => [{ code: 'scan', scans: r.scans.map((x) => ({ scanner: x.scanner, outcome: x.outcome, message: x.message })) }];

/** A device fact is missing when there is no scan to read, or the scan did not read it. */
const unscanned = (ctx: FactContext): MissingCause => (report(ctx) ? 'not_in_scan' : 'not_scanned');

const consumables = (ctx: FactContext) => report(ctx)?.snmp?.printer?.supplies.filter((s) => !/^waste/.test(s.type)) ?? null;

const SCAN_OUTCOME_VALUES: Record<string, Bilingual> = {
  ok: { vi: 'đọc đủ', en: 'ok' },
  partial: { vi: 'đọc được một phần', en: 'partial' },
  unreachable: { vi: 'không trả lời', en: 'unreachable' },
  timeout: { vi: 'quá thời gian', en: 'timeout' },
  auth_failed: { vi: 'sai thông tin xác thực', en: 'auth_failed' },
  host_key_changed: { vi: 'khóa máy chủ SSH thay đổi', en: 'host_key_changed' },
  error: { vi: 'lỗi', en: 'error' },
};

export const deviceFacts = defineFacts([
  {
    name: 'device.kind',
    type: 'string',
    label: { vi: 'loại thiết bị', en: 'device kind' },
    values: DEVICE_KIND_VALUES,
    section: 'device',
    fromPlace: true,
    description: 'What the org file says the device is: `switch`, `router`, `printer`, `scanner`, `ups`, `server` or `other`.',
    resolve: (ctx) => (ctx.place.subject === 'device' ? ctx.place.deviceKind : undefined),
  },
  {
    name: 'device.reachable',
    type: 'boolean',
    label: { vi: 'thiết bị trả lời khi quét', en: 'device answers' },
    section: 'device',
    description: 'Whether the device answered its latest scan (SNMP or SSH); missing when it was never scanned or the org file gives it no snmp or ssh.',
    resolve: (ctx) => report(ctx)?.reachable ?? undefined,
    note: (ctx) => (report(ctx) ? scanNote(report(ctx)!) : undefined),
    missing: unscanned,
  },
  {
    name: 'device.inventoried',
    type: 'boolean',
    label: { vi: 'thiết bị đã được kiểm kê', en: 'device inventoried' },
    section: 'device',
    description:
      'Whether the latest scan read what this kind of device must show: its identity, plus the ports of a switch or router, the supplies of a printer, the battery of a UPS, or the SSH audit of a server.',
    resolve: (ctx) => (ctx.device?.report ? missingInventory(ctx.device) === null : undefined),
    note: (ctx) => {
      const gap = ctx.device ? missingInventory(ctx.device) : null;
      return gap ? [{ code: 'inventory_gap', gap }] : undefined;
    },
    missing: unscanned,
  },
  {
    name: 'device.scan_outcome',
    type: 'string',
    label: { vi: 'kết quả quét', en: 'scan outcome' },
    values: SCAN_OUTCOME_VALUES,
    section: 'device',
    description: 'The worst outcome of the latest scan: `ok`, `partial`, `unreachable`, `timeout`, `auth_failed`, `host_key_changed` or `error`.',
    resolve: (ctx) => {
      const r = report(ctx);
      return r ? worstOutcome(r.scans) : undefined;
    },
    missing: unscanned,
  },
  {
    name: 'device.age_years',
    type: 'number',
    label: { vi: 'tuổi thiết bị', en: 'device age' },
    unit: 'years',
    section: 'device',
    description: "Years since the device was bought (the org file's `purchaseYear`, counted from its middle), else since the manufacturing date ENTITY-MIB gives; one decimal.",
    resolve: (ctx) => deviceAge(ctx.device, ctx.now)?.years,
    note: (ctx) => {
      const age = deviceAge(ctx.device, ctx.now);
      return age ? [age.from] : undefined;
    },
    missing: () => 'no_age',
  },
  {
    name: 'printer.lowest_supply_pct',
    type: 'number',
    label: { vi: 'mức mực/vật tư thấp nhất của máy in', en: 'lowest printer supply' },
    unit: '%',
    section: 'device',
    description: 'The lowest level, in percent, of the printer\'s toner, ink and drum supplies that report one (waste containers left out); missing when none does.',
    resolve: (ctx) => {
      const levels = (consumables(ctx) ?? []).flatMap((s) => (s.percent === null ? [] : [s.percent]));
      return levels.length ? Math.min(...levels) : undefined;
    },
    missing: unscanned,
  },
  {
    name: 'printer.low_supplies',
    type: 'list',
    label: { vi: 'vật tư in sắp hết', en: 'low printer supplies' },
    section: 'device',
    description: 'Printer supplies that are low (10% or less) or empty, by description.',
    resolve: (ctx) => {
      const list = consumables(ctx);
      return list ? list.filter((s) => s.state === 'low' || s.state === 'empty').map((s) => s.description || s.type) : undefined;
    },
    missing: unscanned,
  },
  {
    name: 'ups.battery_status',
    type: 'string',
    label: { vi: 'tình trạng ắc quy UPS', en: 'UPS battery' },
    values: {
      normal: { vi: 'bình thường', en: 'normal' },
      low: { vi: 'yếu', en: 'low' },
      depleted: { vi: 'cạn', en: 'depleted' },
      unknown: { vi: 'không rõ', en: 'unknown' },
    },
    section: 'device',
    description: 'UPS-MIB battery status: `normal`, `low`, `depleted` or `unknown`.',
    resolve: (ctx) => report(ctx)?.snmp?.ups?.batteryStatus,
    missing: unscanned,
  },
  {
    name: 'ups.charge_pct',
    type: 'number',
    label: { vi: 'mức pin UPS còn lại', en: 'UPS charge' },
    unit: '%',
    section: 'device',
    description: 'UPS-MIB estimated charge remaining, in percent.',
    resolve: (ctx) => report(ctx)?.snmp?.ups?.chargePct ?? undefined,
    missing: unscanned,
  },
]);
