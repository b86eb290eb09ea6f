/**
 * What routes need from the org beyond evaluation: the unit list, placement checks for
 * enrollment and moves, and advancing a host's probe-rule trail when a report is stored.
 * Implemented by the readiness service (collector/readiness.ts).
 */
import type { HostReport, RuleTrail, SoftwareMatches, UnitsResponse } from '../schema/index.js';

/** The stored host a report belongs to, as the trail needs it. */
export interface TrailHost {
  unit: string;
  room: string | null;
  deviceKind: string;
  ruleTrail?: RuleTrail | undefined;
}

export interface OrgDirectory {
  /** The units of a scope (default: every unit), as `GET /api/v1/units` answers. */
  listUnits(scope?: { unitId: string | null; recursive: boolean }): UnitsResponse;
  /**
   * The unit and each unit above it, from the org file (a unit it does not name: itself alone).
   * Scopes are checked against it (collector/access/scope.ts).
   */
  unitChain(unitId: string): string[];
  /** The org's time zone (IANA name), in which days and printed times are counted. */
  readonly timeZone: string;
  /** Null when a host may enroll into or move to this unit and room, else a sentence naming the valid ones. */
  placementProblem(unit: string, room: string | null): string | null;
  /** The host's probe-rule trail after `report` (hysteresis), computed when the report is stored. */
  nextTrail(host: TrailHost, report: HostReport): RuleTrail;
  /** The report's software-policy matches, kept with the host (computed when the report is stored). */
  softwareMatches(report: HostReport): SoftwareMatches;
}
