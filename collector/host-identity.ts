/**
 * Which hosts look like the same machine: the same hardware UUID, the same serial number, or a
 * shared network card address together with the same host name. Cheap PCs share placeholder
 * serials and UUIDs ("To be filled by O.E.M.", all zeros), so those never count. A match never
 * merges anything by itself: the later-enrolled host is listed as a possible duplicate of the
 * earlier one, for the unit's manager to merge or retire (anyone with the enroll secret could
 * otherwise evict a real agent by claiming its identity).
 */
import type { HostSummary } from './store/types.js';

/** Values firmware vendors leave in place of a real serial or UUID (compared upper-case, trimmed). */
const PLACEHOLDERS = new Set([
  'TO BE FILLED BY O.E.M.',
  'TO BE FILLED BY OEM',
  'DEFAULT STRING',
  'SYSTEM SERIAL NUMBER',
  'SYSTEM PRODUCT NAME',
  'CHASSIS SERIAL NUMBER',
  'BASE BOARD SERIAL NUMBER',
  'NOT SPECIFIED',
  'NOT SETTABLE',
  'NOT APPLICABLE',
  'NOT AVAILABLE',
  'N/A',
  'NA',
  'NONE',
  'NULL',
  'UNKNOWN',
  'INVALID',
  'OEM',
  'O.E.M.',
  '123456789',
  '1234567890',
  '0123456789',
  // A UUID many AMI boards ship with.
  '03000200-0400-0500-0006-000700080009',
]);

/** A serial or UUID that identifies a machine, upper-cased; null for a placeholder. */
export function realIdentifier(value: string): string | null {
  const v = value.trim().toUpperCase();
  if (v.length < 4 || PLACEHOLDERS.has(v)) return null;
  // All zeros, all F, all X...: one character repeated, dashes aside.
  if (new Set(v.replace(/[-\s:]/g, '')).size <= 1) return null;
  return v;
}

const MAC = /^([0-9a-f]{2}[:-]){5}[0-9a-f]{2}$/i;

export type IdentityMatch = 'hardware UUID' | 'serial number' | 'network card and host name';

/** The identity keys of a host's latest report, each with what it is. */
export function identityKeys(host: HostSummary): Array<{ key: string; match: IdentityMatch }> {
  const report = host.latest;
  if (!report) return [];
  const keys: Array<{ key: string; match: IdentityMatch }> = [];
  const system = report.hardware?.system;
  const uuid = system ? realIdentifier(system.uuid) : null;
  if (uuid) keys.push({ key: `uuid:${uuid}`, match: 'hardware UUID' });
  const serial = system ? realIdentifier(system.serial) : null;
  if (serial) keys.push({ key: `serial:${serial}`, match: 'serial number' });
  const hostname = (report.os?.hostname || host.hostname).trim().toLowerCase();
  for (const nic of report.network?.interfaces ?? []) {
    const mac = nic.mac.trim().toLowerCase().replace(/-/g, ':');
    if (nic.virtual || nic.internal || !MAC.test(mac) || realIdentifier(mac) === null || mac === 'ff:ff:ff:ff:ff:ff') continue;
    keys.push({ key: `mac:${mac}|${hostname}`, match: 'network card and host name' });
  }
  return keys;
}

export interface PossibleDuplicate {
  host: HostSummary;
  /** Earlier-enrolled active hosts it matches, and on what. */
  of: Array<{ host: HostSummary; matchedOn: IdentityMatch[] }>;
}

/** Active hosts that match an earlier-enrolled active host, latest enrolment first. */
export function possibleDuplicates(hosts: Iterable<HostSummary>): PossibleDuplicate[] {
  const byKey = new Map<string, Array<{ host: HostSummary; match: IdentityMatch }>>();
  for (const host of hosts) {
    if (host.retired) continue;
    for (const { key, match } of identityKeys(host)) {
      let list = byKey.get(key);
      if (!list) byKey.set(key, (list = []));
      list.push({ host, match });
    }
  }
  const found = new Map<string, Map<string, { host: HostSummary; matchedOn: Set<IdentityMatch> }>>();
  const enrolled = (h: HostSummary) => Date.parse(h.enrolledAt);
  for (const list of byKey.values()) {
    if (list.length < 2) continue;
    for (const later of list) {
      for (const earlier of list) {
        if (earlier.host === later.host || !(enrolled(earlier.host) < enrolled(later.host) || (enrolled(earlier.host) === enrolled(later.host) && earlier.host.agentId < later.host.agentId))) continue;
        let of = found.get(later.host.agentId);
        if (!of) found.set(later.host.agentId, (of = new Map()));
        let entry = of.get(earlier.host.agentId);
        if (!entry) of.set(earlier.host.agentId, (entry = { host: earlier.host, matchedOn: new Set() }));
        entry.matchedOn.add(later.match);
      }
    }
  }
  const byId = new Map([...byKey.values()].flat().map((e) => [e.host.agentId, e.host]));
  return [...found.entries()]
    .map(([agentId, of]) => ({ host: byId.get(agentId)!, of: [...of.values()].map((e) => ({ host: e.host, matchedOn: [...e.matchedOn] })) }))
    .sort((a, b) => enrolled(b.host) - enrolled(a.host));
}
