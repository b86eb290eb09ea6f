/**
 * A fact is a named value computed from a host's latest report (or from where the host sits
 * in the org) by a small pure function. A missing section, or a value the agent could not
 * learn, resolves to `undefined`: the fact is missing and any condition on it is `unknown`.
 */
import type { HostReport, ProbeTarget, ReportSectionName, SoftwareMatches, UnitLevel } from '../../schema/index.js';
import type { CompiledSoftwarePolicy } from '../software-policy/compile.js';

export type FactValue = number | string | boolean | readonly string[];
export type FactType = 'number' | 'string' | 'boolean' | 'list';

/** Where the host sits: known from the org and enrollment, without any report. */
export interface HostPlace {
  unitId: string;
  roomId: string | null;
  deviceKind: string;
  level: UnitLevel;
  /** The host's unit and every unit above it, for rule scopes naming a parent unit. */
  unitLineage: readonly string[];
  roomNeeds: readonly string[];
  /** The host's room (or unit) is WAN-only: no path to the Internet is allowed (org file). */
  wanOnly: boolean;
  /** What the host's agent is told to probe (unit, inherited WAN, room targets). */
  targets: readonly ProbeTarget[];
}

export interface FactContext {
  /** Null when the host never reported (or its report is too old to use). */
  report: HostReport | null;
  place: HostPlace;
  /** The instant of the evaluation, for ages (signature age, BIOS age). */
  now: Date;
  /** Per-host scratch space for facts that share work (e.g. picking a probe group once). */
  memo?: Map<string, unknown>;
  /** The rule set's software policy, for the software facts. */
  policy?: CompiledSoftwarePolicy;
  /** What the host's latest report matched in that policy, computed at ingest. */
  softwareMatches?: SoftwareMatches | undefined;
}

export interface Fact {
  name: string;
  type: FactType;
  /** Short English label used in evidence, e.g. "gateway loss". */
  label: string;
  /** Shown after numbers: `%` sticks to the number, other units follow a space. */
  unit?: '%' | 'ms' | 'GiB' | 'years' | 'days' | 'hours';
  /** `host` facts come from the org, enrollment or the report's metadata, not from a section. */
  section: ReportSectionName | 'host';
  /** Depends on where the host sits only (org and enrollment), never on its report. */
  fromPlace?: boolean;
  description: string;
  resolve(ctx: FactContext): FactValue | undefined;
  /** Why the value is what it is (e.g. the agent's licence verdict), added to evidence. */
  note?(ctx: FactContext): string | undefined;
  /** Evidence when the fact is missing, if something more helpful than "not reported". */
  missing?: string;
}

/** Keeps each fact's literal type while checking it against the interface. */
export const defineFacts = (facts: Fact[]): Fact[] => facts;
