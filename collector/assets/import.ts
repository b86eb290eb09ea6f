/**
 * `readiness assets import`: reads a register file, places each line in the org, matches it
 * to the enrolled hosts and reports what it found: lines matched (and how), workstation lines
 * no host matches, hosts the register lacks, lines whose unit or room the org file does not
 * know. The register itself is kept whole whatever the matches; a new import replaces it.
 */
import { createHash } from 'node:crypto';
import type { AssetRegister, OrgFile } from '../../schema/index.js';
import type { HostSummary } from '../store/types.js';
import { matchRegister, placeRow } from './match.js';
import type { MatchedBy } from './match.js';
import { readRegister } from './read-register.js';
import type { RegisterField } from './read-register.js';

export interface ImportReport {
  rows: number;
  columns: Partial<Record<RegisterField, string>>;
  matched: Array<{ line: number; agentId: string; hostname: string; by: MatchedBy }>;
  /** Workstation and laptop lines no enrolled host matches (no agent yet, or the register is out of date). */
  unmatched: Array<{ line: number; assetTag: string | null; kind: string; serial: string | null; hostname: string | null }>;
  /** Enrolled workstations and laptops no line matches. */
  notInRegister: Array<{ agentId: string; hostname: string; unit: string; room: string | null }>;
  /** Lines whose unit (or room) is not in the org file: kept, but counted nowhere until fixed. */
  unplaced: Array<{ line: number; unit: string | null; room: string | null }>;
  duplicates: Array<{ line: number; agentId: string; otherLine: number }>;
  warnings: string[];
}

const hostnameOf = (h: HostSummary) => h.latest?.os?.hostname || h.hostname;

export async function importRegister(opts: {
  bytes: Uint8Array;
  sourceFile: string;
  format: 'xlsx' | 'csv';
  mapping?: Partial<Record<RegisterField, string>>;
  org: OrgFile | null;
  hosts: readonly HostSummary[];
  defaultUnit?: string | null;
  now: Date;
}): Promise<{ register: AssetRegister; report: ImportReport }> {
  const read = await readRegister(opts.bytes, opts.format, opts.mapping ?? {});
  const rows = read.rows.map((r) => ({ ...r, ...placeRow(r, opts.org, opts.defaultUnit ?? null) }));
  const register: AssetRegister = {
    importedAt: opts.now.toISOString(),
    sourceFile: opts.sourceFile,
    sha256: createHash('sha256').update(opts.bytes).digest('hex'),
    columns: read.columns as Record<string, string>,
    rows,
  };
  const match = matchRegister(rows, opts.hosts);
  const byId = new Map(opts.hosts.map((h) => [h.agentId, h]));
  const matchedHosts = new Set([...match.byLine.values()].map((m) => m.agentId));
  const report: ImportReport = {
    rows: rows.length,
    columns: read.columns,
    matched: [...match.byLine].map(([line, m]) => ({ line, agentId: m.agentId, hostname: hostnameOf(byId.get(m.agentId)!), by: m.by })),
    unmatched: rows
      .filter((r) => (r.kind === 'workstation' || r.kind === 'laptop') && !match.byLine.has(r.line))
      .map((r) => ({ line: r.line, assetTag: r.assetTag, kind: r.kindText, serial: r.serial, hostname: r.hostname })),
    notInRegister: opts.hosts
      .filter((h) => h.deviceKind !== 'server' && !matchedHosts.has(h.agentId))
      .map((h) => ({ agentId: h.agentId, hostname: hostnameOf(h), unit: h.unit, room: h.room })),
    unplaced: rows.filter((r) => r.unitId === null || (r.roomText !== null && r.roomId === null)).map((r) => ({ line: r.line, unit: r.unitText, room: r.roomText })),
    duplicates: match.duplicates,
    warnings: read.warnings,
  };
  return { register, report };
}
