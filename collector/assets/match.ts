/**
 * Matches register lines to enrolled hosts: by the system serial number, else a network
 * card's MAC address, else the host name, each host to one line at most. Serials that
 * firmware fills with placeholders ("To be filled by O.E.M.", "Default string") and empty
 * MACs never match. Also places each line in the org: its unit and room by id or name.
 */
import type { AssetRow, OrgFile } from '../../schema/index.js';
import { plainWords } from '../../util/plain-text.js';
import type { HostSummary } from '../store/types.js';

const alnum = (s: string) => s.toUpperCase().replace(/[^A-Z0-9]/g, '');
const PLACEHOLDER_SERIALS = new Set(['TOBEFILLEDBYOEM', 'DEFAULTSTRING', 'SYSTEMSERIALNUMBER', 'CHASSISSERIALNUMBER', 'NONE', 'NA', 'INVALID', 'NOTSPECIFIED', 'NOTAPPLICABLE', 'OEM', 'UNKNOWN', '123456789', '0123456789']);

/** A serial worth matching on, upper-case letters and digits; null for placeholders. */
export function serialKey(serial: string | null | undefined): string | null {
  const s = alnum(serial ?? '');
  if (s.length < 4 || PLACEHOLDER_SERIALS.has(s) || /^(.)\1*$/.test(s)) return null;
  return s;
}

/** Twelve lower-case hex digits; null for an empty or all-zero address. */
export function macKey(mac: string | null | undefined): string | null {
  const m = (mac ?? '').toLowerCase().replace(/[^0-9a-f]/g, '');
  return m.length === 12 && !/^0+$/.test(m) && m !== 'ffffffffffff' ? m : null;
}

/** Lower case, without the domain. */
export const hostKey = (name: string | null | undefined): string | null => {
  const h = (name ?? '').trim().toLowerCase().split('.')[0]!;
  return h || null;
};

export type MatchedBy = 'serial' | 'mac' | 'hostname';

export interface RegisterMatch {
  /** Line → the host it matched and how. */
  byLine: Map<number, { agentId: string; by: MatchedBy }>;
  /** Lines whose key pointed at a host another line had already taken. */
  duplicates: Array<{ line: number; agentId: string; otherLine: number }>;
}

const hostnameOf = (h: HostSummary) => h.latest?.os?.hostname || h.hostname;

export function matchRegister(rows: readonly Pick<AssetRow, 'line' | 'serial' | 'mac' | 'hostname'>[], hosts: readonly HostSummary[]): RegisterMatch {
  const index: Record<MatchedBy, Map<string, string>> = { serial: new Map(), mac: new Map(), hostname: new Map() };
  for (const h of hosts) {
    const serial = serialKey(h.latest?.hardware?.system.serial);
    if (serial) index.serial.set(serial, h.agentId);
    for (const i of h.latest?.network?.interfaces ?? []) {
      const mac = i.internal ? null : macKey(i.mac);
      if (mac) index.mac.set(mac, h.agentId);
    }
    const name = hostKey(hostnameOf(h));
    if (name) index.hostname.set(name, h.agentId);
  }
  const byLine = new Map<number, { agentId: string; by: MatchedBy }>();
  const taken = new Map<string, number>();
  const duplicates: RegisterMatch['duplicates'] = [];
  for (const row of rows) {
    const keys: Array<[MatchedBy, string | null]> = [
      ['serial', serialKey(row.serial)],
      ['mac', macKey(row.mac)],
      ['hostname', hostKey(row.hostname)],
    ];
    for (const [by, key] of keys) {
      const agentId = key ? index[by].get(key) : undefined;
      if (!agentId) continue;
      const other = taken.get(agentId);
      if (other !== undefined) duplicates.push({ line: row.line, agentId, otherLine: other });
      else {
        taken.set(agentId, row.line);
        byLine.set(row.line, { agentId, by });
      }
      break;
    }
  }
  return { byLine, duplicates };
}

/** The unit and room a line names, by id or by name (without case or diacritics); `defaultUnit` when it names none. */
export function placeRow(row: Pick<AssetRow, 'unitText' | 'roomText'>, org: OrgFile | null, defaultUnit: string | null): { unitId: string | null; roomId: string | null } {
  const same = (text: string, id: string, name: string) => plainWords(text) === plainWords(id) || plainWords(text) === plainWords(name);
  const units = org?.units ?? [];
  let unit = row.unitText ? units.find((u) => same(row.unitText!, u.id, u.name)) : defaultUnit ? units.find((u) => u.id === defaultUnit) : undefined;
  if (!org) return { unitId: row.unitText ?? defaultUnit, roomId: row.roomText };
  if (!unit && !row.unitText && row.roomText) {
    // No unit column: a room name only one unit has places the line there.
    const holders = units.filter((u) => u.rooms.some((r) => same(row.roomText!, r.id, r.name)));
    if (holders.length === 1) unit = holders[0];
  }
  if (!unit) return { unitId: null, roomId: null };
  const room = row.roomText ? unit.rooms.find((r) => same(row.roomText!, r.id, r.name)) : undefined;
  return { unitId: unit.id, roomId: room?.id ?? null };
}
