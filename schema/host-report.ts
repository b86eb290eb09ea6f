/**
 * The host report: what an agent sends after each run. Every section is optional because a
 * collector that fails leaves its section out (meaning `unknown`) and says why in `errors`.
 */
import { z } from 'zod';
import { CollectionError, Timestamp, Uuid, boundedArray } from './common.js';
import { OsSection } from './sections/os.js';
import { HardwareSection } from './sections/hardware.js';
import { NetworkSection } from './sections/network.js';
import { PeripheralsSection } from './sections/peripherals.js';
import { SoftwareSection } from './sections/software.js';
import { LicensingSection } from './sections/licensing.js';
import { AntivirusSection } from './sections/antivirus.js';
import { SecuritySection } from './sections/security.js';
import { ProbesSection } from './sections/probes.js';
import { ConnectivitySection } from './sections/connectivity.js';
import { SigningSection } from './sections/signing.js';

export const SCHEMA_VERSION = 1;

/** Lower-cased at the schema: `AAAA…` and `aaaa…` are one agent. */
export const AgentId = Uuid;

export const HostReport = z
  .object({
    schemaVersion: z.literal(SCHEMA_VERSION),
    reportId: Uuid,
    agentId: AgentId,
    agentVersion: z.string().min(1).max(64),
    collectedAt: Timestamp,
    /** Reports dropped from the agent's full spool since the last accepted one. */
    spoolDropped: z.number().int().nonnegative().default(0),
    /**
     * A light report between full ones: the probes alone (docs/availability.md). The collector
     * feeds it to the LAN/WAN status and availability series and keeps the host's full report.
     */
    probeOnly: z.literal(true).optional(),
    os: OsSection.optional(),
    hardware: HardwareSection.optional(),
    network: NetworkSection.optional(),
    peripherals: PeripheralsSection.optional(),
    software: SoftwareSection.optional(),
    licensing: LicensingSection.optional(),
    antivirus: AntivirusSection.optional(),
    security: SecuritySection.optional(),
    probes: ProbesSection.optional(),
    connectivity: ConnectivitySection.optional(),
    signing: SigningSection.optional(),
    errors: boundedArray(CollectionError, 256).default([]),
  })
  .strict();
export type HostReport = z.infer<typeof HostReport>;
/** What an agent builds before defaults are applied (sections it fills, in their input shape). */
export type HostReportInput = z.input<typeof HostReport>;

/** Section names, in report order: the list every collector registers against. */
export const REPORT_SECTIONS = [
  'os',
  'hardware',
  'network',
  'peripherals',
  'software',
  'licensing',
  'antivirus',
  'security',
  'probes',
  'connectivity',
  'signing',
] as const;
export type ReportSectionName = (typeof REPORT_SECTIONS)[number];
