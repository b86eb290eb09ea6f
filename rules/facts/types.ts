/**
 * A fact is a named value computed from a host's latest report (or from where the host sits
 * in the org) by a small pure function. A missing section, or a value the agent could not
 * learn, resolves to `undefined`: the fact is missing and any condition on it is `unknown`.
 */
import type { Bilingual, EvidenceNote, HostReport, MeasureUnit, MissingCause, ProbeTarget, ReportSectionName, SoftwareMatches, UnitLevel } from '../../schema/index.js';
import type { CompiledSoftwarePolicy } from '../software-policy/compile.js';
import type { DeviceInput } from '../device-input.js';

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
  /** `device`: an org file device scanned by the collector (device rules only); a machine otherwise. */
  subject?: 'device';
}

/**
 * What the collector itself holds that a verdict needs besides the report: a plain,
 * serialisable part of every evaluation's input (from the collector config), so that the
 * evaluation stays a pure function of its inputs wherever it runs.
 */
export interface LicensingPolicy {
  /** The organisation's own KMS hosts (`licensing.kmsAllowList` in the collector config). */
  kmsAllowList: readonly string[];
}

/** A collector config without `licensing` has an empty allow-list: no KMS activation passes. */
export const NO_KMS_HOSTS: LicensingPolicy = Object.freeze({ kmsAllowList: Object.freeze([]) as readonly string[] });

export interface FactContext {
  /** Null when the host never reported (or its report is too old to use). */
  report: HostReport | null;
  place: HostPlace;
  /** The instant of the evaluation, for ages (signature age, BIOS age). */
  now: Date;
  /** The agent version the collector expects (config `agent.expectedVersion`); absent: not judged. */
  expectedAgentVersion?: string | null;
  /** Per-host scratch space for facts that share work (e.g. picking a probe group once). */
  memo?: Map<string, unknown>;
  /**
   * What the collector learnt when the report arrived rather than from its content: the
   * instant it describes on the collector's clock, and the machine's clock skew measured when
   * it was sent (null: the agent did not say).
   */
  receipt?: { reportAtMs: number; clockSkewSeconds: number | null } | null;
  /** The rule set's software policy, for the software facts. */
  policy?: CompiledSoftwarePolicy;
  /** What the host's latest report matched in that policy, computed at ingest. */
  softwareMatches?: SoftwareMatches | undefined;
  /** For a device subject: its org entry and latest scan. */
  device?: DeviceInput | null;
  /** The collector's licensing policy; absent means `NO_KMS_HOSTS`. */
  licensing?: LicensingPolicy;
}

export interface Fact {
  name: string;
  type: FactType;
  /**
   * What evidence calls the fact, in both languages a document is printed in (lower case, as
   * it reads inside a sentence): `{vi: 'mất gói tới cổng mạng (gateway)', en: 'gateway loss'}`.
   */
  label: Bilingual;
  /** What a number is counted in; each language writes it its own way. */
  unit?: MeasureUnit;
  /** Names of the codes a string (or list) fact takes, so evidence says "đã kích hoạt", not "licensed". */
  values?: Record<string, Bilingual>;
  /** `host` facts come from the org, enrollment or the report's metadata, not from a section; `device` facts from a device scan. */
  section: ReportSectionName | 'host' | 'device';
  /** Depends on where the host sits only (org and enrollment), never on its report. */
  fromPlace?: boolean;
  description: string;
  resolve(ctx: FactContext): FactValue | undefined;
  /** Why the value is what it is (the target a probe figure comes from, a licence's state), added to a failing check. */
  note?(ctx: FactContext): EvidenceNote[] | undefined;
  /**
   * Why the fact is missing, when more can be said than "the report lacks the section" or
   * "the agent could not tell" (probes: no target in the org file, or none probed).
   */
  missing?(ctx: FactContext): MissingCause | undefined;
}

/** Keeps each fact's literal type while checking it against the interface. */
export const defineFacts = (facts: Fact[]): Fact[] => facts;

/** Yes/no codes and device kinds are named the same way by several facts. */
export const DEVICE_KIND_VALUES: Record<string, Bilingual> = {
  workstation: { vi: 'máy tính để bàn', en: 'workstation' },
  laptop: { vi: 'máy tính xách tay', en: 'laptop' },
  server: { vi: 'máy chủ', en: 'server' },
  switch: { vi: 'switch', en: 'switch' },
  router: { vi: 'router', en: 'router' },
  printer: { vi: 'máy in', en: 'printer' },
  scanner: { vi: 'máy quét', en: 'scanner' },
  ups: { vi: 'bộ lưu điện (UPS)', en: 'UPS' },
  other: { vi: 'thiết bị khác', en: 'other' },
};
