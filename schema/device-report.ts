/**
 * The device report: what one scan of a device without an agent found. Like a host report,
 * a scanner never throws: an unreachable device, a wrong community, a timeout or a changed SSH
 * host key is a `scans` entry with an outcome and a sentence. What SNMP read is in `snmp`
 * (a MIB area it could not read is left out and `errors` says why; `null` means the device
 * answered that it has none); what the SSH audit read is a whole host report in `host`.
 */
import { z } from 'zod';
import { CollectionError, Text, Timestamp } from './common.js';
import { HostReport } from './host-report.js';
import { DeviceId, DeviceKind } from './org-device.js';

export const DEVICE_REPORT_VERSION = 1;

export const ScannerName = z.enum(['snmp', 'ssh']);
export type ScannerName = z.infer<typeof ScannerName>;

/**
 * `ok` read everything; `partial` answered but some areas failed; `unreachable` nothing
 * answered; `timeout` answered too slowly to finish; `auth_failed` the credentials were
 * refused; `host_key_changed` the SSH host key is not the pinned one; `error` anything else.
 */
export const ScanOutcome = z.enum(['ok', 'partial', 'unreachable', 'timeout', 'auth_failed', 'host_key_changed', 'error']);
export type ScanOutcome = z.infer<typeof ScanOutcome>;

/** Worst first: what one line says for a scan made of several (SNMP and SSH). */
const OUTCOME_RANK: readonly ScanOutcome[] = ['host_key_changed', 'auth_failed', 'unreachable', 'timeout', 'error', 'partial', 'ok'];

/** The worst outcome of a device report's scans; `error` for a report with none. */
export function worstOutcome(scans: ReadonlyArray<{ outcome: ScanOutcome }>): ScanOutcome {
  if (!scans.length) return 'error';
  return scans.reduce<ScanOutcome>((worst, s) => (OUTCOME_RANK.indexOf(s.outcome) < OUTCOME_RANK.indexOf(worst) ? s.outcome : worst), 'ok');
}

/** What a device report's scans said, in one line: `snmp: ... | ssh: ...`. */
export const scanMessage = (scans: ReadonlyArray<{ scanner: string; message: string }>): string => scans.map((s) => `${s.scanner}: ${s.message}`).join(' | ');

export const ScanResult = z.object({
  scanner: ScannerName,
  outcome: ScanOutcome,
  /** What happened, as a sentence that says what to do when something went wrong. */
  message: z.string().min(1).max(2000),
  durationMs: z.number().nonnegative(),
});
export type ScanResult = z.infer<typeof ScanResult>;

const Count = z.number().int().nonnegative();

export const SnmpSystem = z.object({
  descr: Text,
  objectId: Text,
  upTimeSeconds: z.number().nonnegative().nullable(),
  contact: Text,
  name: Text,
  location: Text,
});

/** ENTITY-MIB entPhysicalClass names (RFC 6933). */
export const EntityClass = z.enum(['other', 'unknown', 'chassis', 'backplane', 'container', 'powerSupply', 'fan', 'sensor', 'module', 'port', 'stack', 'cpu', 'energyObject', 'battery', 'storageDrive']);

export const SnmpEntity = z.object({
  index: Count,
  class: EntityClass,
  name: Text,
  descr: Text,
  model: Text,
  serial: Text,
  hardwareRev: Text,
  firmwareRev: Text,
  softwareRev: Text,
  manufacturer: Text,
  /** entPhysicalMfgDate as YYYY-MM-DD, when the device records it. */
  mfgDate: Text.nullable(),
});
export type SnmpEntity = z.infer<typeof SnmpEntity>;

export const IfStatus = z.enum(['up', 'down', 'testing', 'unknown', 'dormant', 'notPresent', 'lowerLayerDown']);

export const SnmpInterface = z.object({
  index: Count,
  name: Text,
  descr: Text,
  alias: Text,
  /** IANAifType number (6 ethernetCsmacd, 24 softwareLoopback, 53 propVirtual, 161 ieee8023adLag...). */
  type: Count,
  adminStatus: IfStatus,
  operStatus: IfStatus,
  /** From ifHighSpeed where the device has it, else ifSpeed. */
  speedMbps: z.number().nonnegative().nullable(),
  /** Lower-case `aa:bb:cc:dd:ee:ff`, empty when the interface has none. */
  mac: Text,
  inErrors: Count.nullable(),
  outErrors: Count.nullable(),
});
export type SnmpInterface = z.infer<typeof SnmpInterface>;

export const SnmpNeighbour = z.object({
  protocol: z.enum(['lldp', 'cdp']),
  /** The local interface the neighbour was heard on (name, else its index). */
  localPort: Text,
  remoteName: Text,
  remotePort: Text,
  remoteAddress: Text,
  /** LLDP chassis id, or CDP platform. */
  remoteChassis: Text,
  remoteDescr: Text,
  /** Capability words: bridge, router, phone, station... */
  capabilities: z.array(Text).max(16),
});
export type SnmpNeighbour = z.infer<typeof SnmpNeighbour>;

export const FdbEntry = z.object({
  mac: Text,
  /** The port the MAC was learned on, by name (ifName, else ifDescr, else the bridge port number). */
  port: Text,
  ifIndex: Count.nullable(),
  /** Q-BRIDGE filtering database id, which most switches number by VLAN; null from BRIDGE-MIB. */
  fdbId: Count.nullable(),
});
export type FdbEntry = z.infer<typeof FdbEntry>;

/** A printer supply's state: `unknown` is level −2, `some_remaining` is level −3 (RFC 3805). */
export const SupplyState = z.enum(['ok', 'low', 'empty', 'some_remaining', 'unknown']);
export type SupplyState = z.infer<typeof SupplyState>;

export const PrinterSupply = z.object({
  index: Text,
  description: Text,
  /** toner, ink, drum, wasteToner, ... (prtMarkerSuppliesType), `other` otherwise. */
  type: Text,
  colour: Text,
  level: z.number().int().nullable(),
  maxCapacity: z.number().int().nullable(),
  /** level / maxCapacity × 100, rounded; null when either is not a count. */
  percent: z.number().min(0).max(100).nullable(),
  state: SupplyState,
});
export type PrinterSupply = z.infer<typeof PrinterSupply>;

export const PrinterInfo = z.object({
  model: Text,
  serial: Text,
  /** hrPrinterStatus: other, unknown, idle, printing, warmup. */
  status: Text,
  /** hrPrinterDetectedErrorState bits set: lowPaper, noToner, jammed, offline... */
  alerts: z.array(Text).max(16),
  supplies: z.array(PrinterSupply).max(64),
  /** prtMarkerLifeCount of the first marker: pages (impressions) printed over the printer's life. */
  pageCount: Count.nullable(),
});
export type PrinterInfo = z.infer<typeof PrinterInfo>;

export const UpsInfo = z.object({
  manufacturer: Text,
  model: Text,
  firmware: Text,
  /** upsBatteryStatus: normal, low, depleted, unknown. */
  batteryStatus: z.enum(['normal', 'low', 'depleted', 'unknown']),
  secondsOnBattery: Count.nullable(),
  minutesRemaining: Count.nullable(),
  chargePct: z.number().min(0).max(100).nullable(),
  /** upsOutputSource: normal, battery, bypass, none, booster, reducer, other. */
  outputSource: Text,
  temperatureC: z.number().nullable(),
});
export type UpsInfo = z.infer<typeof UpsInfo>;

export const SnmpInventory = z.object({
  version: z.enum(['2c', '3']),
  system: SnmpSystem.optional(),
  entities: z.array(SnmpEntity).max(2048).optional(),
  interfaces: z.array(SnmpInterface).max(8192).optional(),
  neighbours: z.array(SnmpNeighbour).max(4096).optional(),
  fdb: z.array(FdbEntry).max(100_000).optional(),
  printer: PrinterInfo.nullable().optional(),
  ups: UpsInfo.nullable().optional(),
});
export type SnmpInventory = z.infer<typeof SnmpInventory>;

/** What the SSH audit says about the account it used (a non-root account is reported, not fatal). */
export const SshAccount = z.object({
  user: Text,
  root: z.boolean(),
  /** The pinned host key: its type and OpenSSH-style SHA256 fingerprint. */
  hostKey: z.object({ type: Text, fingerprint: Text }),
});

export const DeviceReport = z
  .object({
    schemaVersion: z.literal(DEVICE_REPORT_VERSION),
    reportId: z.uuid(),
    deviceId: DeviceId,
    kind: DeviceKind,
    address: Text,
    scannedAt: Timestamp,
    durationMs: z.number().nonnegative(),
    /** Some scanner got an answer; false when none did; null when no scanner is configured. */
    reachable: z.boolean().nullable(),
    scans: z.array(ScanResult).max(8),
    snmp: SnmpInventory.optional(),
    ssh: SshAccount.optional(),
    /** The SSH audit's host report, validated like an agent's. */
    host: HostReport.optional(),
    errors: z.array(CollectionError).max(256).default([]),
  })
  .strict();
export type DeviceReport = z.infer<typeof DeviceReport>;
