/**
 * Evaluates the org file's devices against the device rules (`scope.devices`), the way hosts
 * are evaluated against theirs: scope first, then staleness (a device not scanned within the
 * heartbeat window, or never, is `unknown`), then `when` and the check. Every other rule is
 * `not_applicable` for a device. Also the device's inventory in a line: model, serial,
 * firmware, age, supplies.
 */
import type { DeviceEvaluation, DeviceReport, Evidence, HostRuleResult } from '../schema/index.js';
import { scanMessage, worstOutcome } from '../schema/index.js';
import type { RuleSet } from './compile.js';
import type { DeviceInput } from './device-input.js';
import { HostFacts, judge } from './evaluate-host.js';
import { chassisOf, deviceAge } from './facts/device.js';
import type { HostPlace } from './facts/types.js';
import { placeOf } from './org-model.js';
import type { OrgModel } from './org-model.js';

const HOUR_MS = 3_600_000;

const firstLine = (s: string | undefined) => (s ?? '').split(/\r?\n/)[0]!.trim();

/** Model, serial, firmware and supplies in a line, from whichever MIB or audit gave them. */
export function inventoryLine(r: DeviceReport | null) {
  const chassis = chassisOf(r);
  const printer = r?.snmp?.printer;
  const ups = r?.snmp?.ups;
  const hw = r?.host?.hardware?.system;
  const or = (...xs: Array<string | undefined>) => xs.find((x) => x && x.trim())?.trim() ?? null;
  return {
    model: or(chassis?.model, printer?.model, ups?.model, hw?.model, firstLine(r?.snmp?.system?.descr)),
    serial: or(chassis?.serial, printer?.serial, hw?.serial),
    firmware: or(chassis?.softwareRev, chassis?.firmwareRev, ups?.firmware, r?.host?.os ? `${r.host.os.distro} ${r.host.os.release}` : undefined),
    supplies: (printer?.supplies ?? []).map((s) => `${s.description || s.type}: ${s.percent !== null ? `${s.percent}%` : s.state === 'some_remaining' ? 'some remaining' : s.state === 'empty' ? 'empty' : 'level unknown'}`),
    supplyLevels: (printer?.supplies ?? []).map((s) => ({ name: s.description || s.type, percent: s.percent, state: s.state })),
  };
}

/** The API's one-line message for a device with no scan (documents say it per language, reports/evidence.ts). */
function unscannedMessage(e: Extract<Evidence, { kind: 'unscanned' }>): string {
  switch (e.cause) {
    case 'not_listed':
      return `the room expects more ${e.deviceKind}s than the org file lists: this one has no entry, so it cannot be scanned; add it to the room's devices`;
    case 'no_access':
      return 'the org file gives it no snmp or ssh, so the collector cannot scan it';
    case 'never':
      return 'never scanned';
    case 'stale':
      return `not scanned for ${e.hours} h (the heartbeat window is ${e.windowHours} h)`;
  }
}

export function evaluateDevices(set: RuleSet, org: OrgModel, devices: Iterable<DeviceInput>, now: Date): DeviceEvaluation[] {
  const places = new Map<string, HostPlace>();
  const placeFor = (d: DeviceInput) => {
    const key = `${d.unitId}\u0000${d.roomId ?? ''}\u0000${d.kind}`;
    let p = places.get(key);
    if (!p) places.set(key, (p = { ...placeOf(org, d.unitId, d.roomId, d.kind), subject: 'device' }));
    return p;
  };
  const out: DeviceEvaluation[] = [];
  for (const d of devices) {
    const place = placeFor(d);
    const scanned = d.report ? Date.parse(d.report.scannedAt) : null;
    const ageHours = scanned === null ? null : (now.getTime() - scanned) / HOUR_MS;
    const stale = ageHours === null || ageHours > set.heartbeatHours;
    const report = stale ? null : d.report;
    const facts = new HostFacts({ report: report?.host ?? null, place, now, device: { ...d, report } });
    const why: Extract<Evidence, { kind: 'unscanned' }> = {
      kind: 'unscanned',
      cause: !d.declared ? 'not_listed' : !d.hasAccess ? 'no_access' : ageHours === null ? 'never' : 'stale',
      deviceKind: d.kind,
      hours: ageHours === null ? null : Math.max(0, Math.floor(ageHours)),
      windowHours: set.heartbeatHours,
    };
    const results = set.rules.map((rule): HostRuleResult => {
      const result = judge(rule, place, facts, report !== null);
      return !report && result.status === 'unknown' ? { ...result, evidence: [why, ...result.evidence] } : result;
    });
    const line = inventoryLine(d.report);
    out.push({
      deviceId: d.deviceId,
      name: d.name,
      kind: d.kind,
      unitId: d.unitId,
      roomId: d.roomId,
      address: d.address,
      declared: d.declared,
      lastScanned: d.report?.scannedAt ?? null,
      stale,
      outcome: d.report ? worstOutcome(d.report.scans) : null,
      message: d.report ? scanMessage(d.report.scans) : d.declared ? unscannedMessage(why) : null,
      ...line,
      ageYears: deviceAge(d, now)?.years ?? null,
      results,
    });
  }
  const cmp = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
  return out.sort((a, b) => cmp(a.unitId, b.unitId) || cmp(a.roomId ?? '', b.roomId ?? '') || cmp(a.deviceId, b.deviceId));
}
