/**
 * The machines list as pure functions: one row per host of an evaluation (its verdict, counts,
 * addresses and what a search looks through), then filters, sorting and one page of rows.
 * Rows and each sort order are computed once per evaluation (evaluations are cached,
 * dashboard/evaluation-cache.ts), so a request over 20,000 machines is one pass of filters.
 */
import { combineResults } from '../reports/document.js';
import type { EvaluationIndex } from '../reports/evaluation-index.js';
import type { HostEvaluation, HostReport, HostRuleStatus } from '../schema/index.js';

export interface HostRow {
  host: HostEvaluation;
  /** As documents name it (an imported host says so). */
  hostname: string;
  unitName: string;
  roomName: string;
  /** Ready (pass) only when no rule fails or is unknown and the machine reports. */
  verdict: HostRuleStatus;
  failed: number;
  unknown: number;
  ips: string[];
  macs: string[];
  serial: string;
  /** Lower-case, without diacritics: host name, addresses, MACs (also as bare hex), serial. */
  haystack: string;
}

export const SORTS = ['unit', 'host', 'lastSeen', 'failed'] as const;
export type SortKey = (typeof SORTS)[number];

export const CONTACTS = ['reporting', 'not-reporting', 'stale', 'never'] as const;
export type Contact = (typeof CONTACTS)[number];

export interface HostFilter {
  unit?: string | undefined;
  room?: string | undefined;
  verdict?: HostRuleStatus | undefined;
  /** Hosts this rule's result holds back (fail or unknown). */
  rule?: string | undefined;
  contact?: Contact | undefined;
  q?: string | undefined;
  sort: SortKey;
  descending: boolean;
  page: number;
  perPage: number;
}

/** Folds case and Vietnamese diacritics, so "pc-vp" finds "PC-VP" and "van phong" finds "Văn phòng". */
export const fold = (s: string): string =>
  s
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase();

const hex = (s: string) => s.toLowerCase().replace(/[^0-9a-f]/g, '');
/** A query that looks like (part of) a MAC address: hex pairs with or without separators. */
const MAC_LIKE = /^[0-9a-f]{2}([:.-]?[0-9a-f]{2}){2,}$/i;

function addresses(report: HostReport | null): { ips: string[]; macs: string[]; serial: string } {
  const nics = (report?.network?.interfaces ?? []).filter((n) => !n.internal);
  return {
    ips: [...new Set(nics.flatMap((n) => [...n.ipv4, ...n.ipv6]))],
    macs: [...new Set(nics.map((n) => n.mac.toLowerCase()).filter((m) => m && hex(m) !== '000000000000'))],
    serial: report?.hardware?.system.serial ?? '',
  };
}

const rowsCache = new WeakMap<EvaluationIndex, Promise<HostRow[]>>();

/** Rows made between two turns of the event loop: 20,000 at once would hold it for a third of a second. */
const ROWS_PER_TURN = 2000;

function rowOf(ix: EvaluationIndex, host: HostEvaluation, report: HostReport | null): HostRow {
  let failed = 0;
  let unknown = 0;
  for (const r of host.results) {
    if (r.status === 'fail') failed++;
    else if (r.status === 'unknown') unknown++;
  }
  const a = addresses(report);
  const hostname = ix.hostname(host.agentId);
  return {
    host,
    hostname,
    unitName: ix.unitName(host.unitId),
    roomName: ix.roomName(host.unitId, host.roomId),
    verdict: combineResults(
      host.results.map((r) => r.status),
      host,
    ),
    failed,
    unknown,
    ...a,
    haystack: [fold(hostname), ...a.ips, ...a.macs, ...a.macs.map(hex), fold(a.serial)].join('\n'),
  };
}

/**
 * One row per host of the index's evaluation, in the documents' order (unit tree, room, name),
 * made once per evaluation (pages asking at once share it). `reportOf` gives each host's latest
 * report (the store keeps them in memory).
 */
export function hostRows(ix: EvaluationIndex, reportOf: (agentId: string) => HostReport | null): Promise<HostRow[]> {
  let rows = rowsCache.get(ix);
  if (!rows) {
    rows = (async () => {
      const hosts = ix.hostsInOrder();
      const out: HostRow[] = [];
      for (let i = 0; i < hosts.length; i += ROWS_PER_TURN) {
        if (i > 0) await new Promise((ok) => setImmediate(ok));
        for (const host of hosts.slice(i, i + ROWS_PER_TURN)) out.push(rowOf(ix, host, reportOf(host.agentId)));
      }
      return out;
    })();
    rowsCache.set(ix, rows);
  }
  return rows;
}

const orderCache = new WeakMap<HostRow[], Map<SortKey, HostRow[]>>();

function sorted(ix: EvaluationIndex, rows: HostRow[], key: SortKey): HostRow[] {
  let orders = orderCache.get(rows);
  if (!orders) orderCache.set(rows, (orders = new Map()));
  let order = orders.get(key);
  if (order) return order;
  const byName = (a: HostRow, b: HostRow) => ix.compare(a.hostname, b.hostname);
  if (key === 'unit') order = rows;
  else if (key === 'host') order = [...rows].sort(byName);
  // Rows are in unit order already, and sort() is stable: ties keep it.
  else if (key === 'lastSeen') order = [...rows].sort((a, b) => (a.host.lastSeen ?? '').localeCompare(b.host.lastSeen ?? ''));
  else order = [...rows].sort((a, b) => a.failed - b.failed || a.unknown - b.unknown);
  orders.set(key, order);
  return order;
}

function contactOf(h: HostEvaluation): Exclude<Contact, 'not-reporting'> {
  if (h.lastSeen === null) return 'never';
  return h.stale ? 'stale' : 'reporting';
}

export interface HostPage {
  total: number;
  page: number;
  pages: number;
  rows: HostRow[];
}

export function selectHosts(ix: EvaluationIndex, rows: HostRow[], f: HostFilter): HostPage {
  const q = f.q ? fold(f.q.trim()) : '';
  const qHex = q && MAC_LIKE.test(q) ? hex(q) : null;
  const ruleIndex = f.rule ? ix.rules.findIndex((r) => r.id === f.rule) : -1;
  const keep = (r: HostRow): boolean => {
    const h = r.host;
    if (f.unit && h.unitId !== f.unit) return false;
    if (f.unit && f.room && h.roomId !== f.room) return false;
    if (f.verdict && r.verdict !== f.verdict) return false;
    if (f.contact) {
      const contact = contactOf(h);
      if (f.contact === 'not-reporting' ? contact === 'reporting' : contact !== f.contact) return false;
    }
    if (f.rule) {
      // Results follow the evaluation's rule order; look further only if a host's do not.
      const at = h.results[ruleIndex];
      const result = ruleIndex < 0 ? undefined : at?.ruleId === f.rule ? at.status : h.results.find((x) => x.ruleId === f.rule)?.status;
      if (result !== 'fail' && result !== 'unknown') return false;
    }
    if (q && !r.haystack.includes(q) && !(qHex && r.haystack.includes(qHex))) return false;
    return true;
  };
  const order = sorted(ix, rows, f.sort);
  const matching: HostRow[] = [];
  if (f.descending) {
    for (let i = order.length - 1; i >= 0; i--) if (keep(order[i]!)) matching.push(order[i]!);
  } else {
    for (const r of order) if (keep(r)) matching.push(r);
  }
  const pages = Math.max(1, Math.ceil(matching.length / f.perPage));
  const page = Math.min(Math.max(1, f.page), pages);
  return { total: matching.length, page, pages, rows: matching.slice((page - 1) * f.perPage, page * f.perPage) };
}
