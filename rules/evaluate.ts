/**
 * The whole evaluation at one instant: every host in scope against the rule set, then the
 * roll-ups. Pure: the caller brings the hosts, the org, the clock and what the history says
 * about completion before today.
 */
import type { Evaluation, ExceptionRecord, HostEvaluation, HostRuleStatus, HostScanInput } from '../schema/index.js';
import { exemptHost, exemptionIndex, exemptMissing } from './exemptions.js';
import type { RuleSet } from './compile.js';
import { evaluateHost, HostFacts, missingMachineStatuses } from './evaluate-host.js';
import type { HostInput } from './evaluate-host.js';
import type { HostPlace, LicensingPolicy } from './facts/types.js';
import { placeOf, subtree } from './org-model.js';
import type { OrgModel } from './org-model.js';
import { rollUp } from './rollup.js';
import { dayInZone, isPerDevice } from './per-device.js';
import type { TrendBase } from './deadline.js';
import { factDictionary } from './facts/index.js';
import type { DeviceInput } from './device-input.js';
import { withDeviceProgress } from './device-rollup.js';
import { evaluateDevices } from './evaluate-devices.js';
import { locateHosts, reportMacs } from './switch-ports.js';

/**
 * The pre-use scan verdicts of the fleet, keyed by host id (never carried across hosts: a
 * merged or re-enrolled host starts unscanned). Small and serialisable: an input of its own.
 */
export type ScanVerdicts = ReadonlyMap<string, HostScanInput>;

export interface FleetInput {
  set: RuleSet;
  org: OrgModel;
  hosts: Iterable<HostInput>;
  now: Date;
  /** The day being evaluated, in the org's time zone. */
  asOf: string;
  scopeUnitId: string | null;
  /** False: the scope unit's own rooms and machines only (rollup.ts). Default true. */
  recursive?: boolean;
  completeSince: (key: string, ruleId: string) => string | null;
  /** The pre-use scan verdicts (collector/scans/): none means no host was ever scanned. */
  scans?: ScanVerdicts;
  /** Look-ahead bases from the history (see `trendBaseIn`); none: calendar statuses only. */
  trendBase?: (key: string, ruleId: string) => TrendBase | null;
  /** The agent version the collector expects; null or absent: `agent.up_to_date` is missing. */
  expectedAgentVersion?: string | null;
  /** The org file's devices with their latest scans (collector/devices/inputs.ts). */
  devices?: readonly DeviceInput[];
  /**
   * The collector's licensing policy (its KMS allow-list): licence facts are judged against it,
   * not against what the agent decided. Plain data, like the rest of this input.
   */
  licensing: LicensingPolicy;
  /** Exceptions (docs/remediation.md): those active on `asOf` turn covered failures into `exempted`. */
  exceptions?: readonly ExceptionRecord[];
}

export interface FleetResult {
  evaluation: Evaluation;
  /** What machines with no agent counted as, per unit and room (kept in the history). */
  missing: (unitId: string, roomId: string | null) => readonly HostRuleStatus[];
}

export function evaluateFleet(input: FleetInput): FleetResult {
  const { set, org, now } = input;
  const recursive = input.recursive ?? true;
  const inScope = input.scopeUnitId === null ? null : new Set(recursive ? subtree(org, input.scopeUnitId).map((u) => u.id) : [input.scopeUnitId]);

  // Nested maps rather than joined string keys: no key string to build per host.
  const places = new Map<string, Map<string | null, Map<string, HostPlace>>>();
  const place = (unitId: string, roomId: string | null, kind: string) => {
    let rooms = places.get(unitId);
    if (!rooms) places.set(unitId, (rooms = new Map()));
    let kinds = rooms.get(roomId);
    if (!kinds) rooms.set(roomId, (kinds = new Map()));
    let p = kinds.get(kind);
    if (!p) kinds.set(kind, (p = placeOf(org, unitId, roomId, kind)));
    return p;
  };
  const exemptions = exemptionIndex(input.exceptions, input.asOf);
  const ruleInfos = set.rules.map((r) => r.info);
  const missingCache = new Map<string, readonly HostRuleStatus[]>();
  const missing = (unitId: string, roomId: string | null) => {
    const key = `${unitId}\u0000${roomId ?? ''}`;
    let m = missingCache.get(key);
    if (!m) missingCache.set(key, (m = exemptMissing(missingMachineStatuses(set, place(unitId, roomId, 'workstation'), now), ruleInfos, exemptions, unitId, roomId)));
    return m;
  };

  const hosts: HostEvaluation[] = [];
  const scratch = new HostFacts({ report: null, place: placeOf(org, '', null, ''), now });
  const devices = (input.devices ?? []).filter((d) => !inScope || inScope.has(d.unitId));
  const macs = new Map<string, string[]>();
  // Machines with agents, then those the collector audits over SSH, without copying the fleet.
  const subjects = function* () {
    yield* input.hosts;
    for (const d of devices) yield* auditedHost(d);
  };
  // Only rule sets with per-device rules or scan facts need the day of each host.
  const perDevice = set.rules.some((r) => isPerDevice(r.info));
  const withDay = perDevice || set.readsScans;
  for (const h of subjects()) {
    if (inScope && !inScope.has(h.unitId)) continue;
    const day = withDay ? { asOf: input.asOf, inUseSince: perDevice && h.firstSeen ? dayInZone(h.firstSeen, org.timeZone) : null, scan: input.scans?.get(h.agentId) } : undefined;
    hosts.push(exemptHost(evaluateHost(set, h, place(h.unitId, h.roomId, h.deviceKind), now, scratch, { licensing: input.licensing, expectedAgentVersion: input.expectedAgentVersion ?? null, day }), exemptions));
    if (devices.length) macs.set(h.agentId, reportMacs(h.report));
  }
  sortHosts(hosts);
  locateHosts(hosts, macs, devices);
  const rules = set.rules.map((r) => r.info);
  const deviceResults = devices.length ? evaluateDevices(set, org, devices, now) : [];
  const trendBase = input.trendBase ? { trendBase: input.trendBase } : {};
  const units = withDeviceProgress(
    rollUp({ org, rules, hosts, asOf: input.asOf, missing, completeSince: input.completeSince, ...trendBase, scopeUnitId: input.scopeUnitId, recursive }),
    { rules, devices: deviceResults, asOf: input.asOf, completeSince: input.completeSince, ...trendBase },
  );
  return {
    evaluation: {
      asOf: input.asOf,
      recordedOn: input.asOf,
      generatedAt: now.toISOString(),
      scopeUnitId: input.scopeUnitId,
      ...ownOnly(input.scopeUnitId, recursive),
      scopeRoomId: null,
      rules,
      facts: factDictionary(),
      units,
      hosts,
      ...(input.devices?.length ? { devices: deviceResults } : {}),
    },
    missing,
  };
}

/** A device audited over SSH is also a machine for the host rules: its host report stands for an agent's. */
function auditedHost(d: DeviceInput): HostInput[] {
  const report = d.report?.host;
  if (!report) return [];
  return [{ agentId: report.agentId, hostname: report.os?.hostname || d.name, unitId: d.unitId, roomId: d.roomId, deviceKind: d.kind, lastSeen: d.report!.scannedAt, report, deviceId: d.deviceId, firstSeen: d.firstScanned ?? null }];
}

/** Unit, room, then host name: the order readers scan a list in. */
export function sortHosts(hosts: HostEvaluation[]): void {
  const cmp = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
  hosts.sort((a, b) => cmp(a.unitId, b.unitId) || cmp(a.roomId ?? '', b.roomId ?? '') || cmp(a.hostname, b.hostname) || cmp(a.agentId, b.agentId));
}

/** The mark of an evaluation that leaves the scope unit's descendants out. */
export const ownOnly = (scopeUnitId: string | null, recursive: boolean): { ownOnly?: true } => (scopeUnitId !== null && !recursive ? { ownOnly: true } : {});
