/**
 * Host checklist for IT staff (an appendix to the report): one line per machine with who it
 * is (IP, MAC, serial, user, last report), its counts and whether it is ready; then per
 * machine the rules that fail or are unknown first, with the evidence and what to do (for a
 * failure the rule's remediation, for an unknown how to get the data), and its passing and
 * not-applicable rules folded into one line (`all` lists them one by one).
 */
import type { DocumentColumn, DocumentPart, DocumentRow, Evidence, HostEvaluation, HostRuleResult, HostRuleStatus } from '../../schema/index.js';
import type { KindContext } from '../document.js';
import { combineResults, defineKind, tablePart } from '../document.js';
import { nfc } from '../evaluation-index.js';
import { categoryLabel, deviceKindLabel } from '../i18n.js';
import { deviceParts } from '../devices/parts.js';

/** Failures first, then what is not known, then the rest. */
const RESULT_ORDER: Record<HostRuleStatus, number> = { fail: 0, unknown: 1, exempted: 2, pass: 3, not_applicable: 4 };

/** Who a machine is, as both parts print it. */
function identityCells(ctx: KindContext, host: HostEvaluation) {
  const id = host.identity;
  return {
    unit: ctx.ix.unitName(host.unitId),
    room: ctx.ix.roomName(host.unitId, host.roomId),
    hostname: ctx.ix.hostname(host.agentId),
    ip: id?.ipv4.length ? id.ipv4.join(', ') : null,
    mac: id?.mac.length ? id.mac.join(', ') : null,
    serial: id?.serial ? nfc(id.serial) : null,
    user: id?.user ? nfc(id.user) : null,
    lastSeen: host.lastSeen,
  };
}

function identityColumns(ctx: KindContext, groupOnly: boolean): DocumentColumn[] {
  const c = ctx.L.col;
  const flag = groupOnly ? { groupOnly: true } : {};
  return [
    { key: 'ip', label: c.ip, type: 'text', ...flag },
    { key: 'mac', label: c.mac, type: 'text', ...flag },
    { key: 'serial', label: c.serial, type: 'text', ...flag },
    { key: 'user', label: c.user, type: 'text', ...flag },
    { key: 'lastSeen', label: c.lastSeen, type: 'datetime', ...flag },
  ];
}

/** Evidence that says only that the machine has not reported (recently). */
const isSilence = (e: Evidence) => e.kind === 'stale' || e.kind === 'never_reported';

const count = (results: readonly HostRuleResult[], s: HostRuleStatus) => results.reduce((n, r) => n + (r.status === s ? 1 : 0), 0);

export function hostsPart(ctx: KindContext): DocumentPart {
  const { ix, L, opts } = ctx;
  const c = L.col;
  const rows: DocumentRow[] = ix.hostsInOrder().map((host) => ({
    ...identityCells(ctx, host),
    deviceKind: deviceKindLabel(opts.lang, nfc(host.deviceKind)),
    passed: count(host.results, 'pass'),
    failed: count(host.results, 'fail'),
    unknownCount: count(host.results, 'unknown'),
    ready: combineResults(
      host.results.map((r) => r.status),
      host,
    ),
  }));
  const columns: DocumentColumn[] = [
    { key: 'unit', label: c.unit, type: 'text' },
    { key: 'room', label: c.room, type: 'text' },
    { key: 'hostname', label: c.hostname, type: 'text' },
    { key: 'deviceKind', label: c.deviceKind, type: 'text' },
    ...identityColumns(ctx, false),
    { key: 'passed', label: c.passed, type: 'number' },
    { key: 'failed', label: c.failed, type: 'number' },
    { key: 'unknownCount', label: c.unknownCount, type: 'number' },
    { key: 'ready', label: c.ready, type: 'result' },
  ];
  return tablePart(ctx, { id: 'hosts', title: L.part.hosts, columns, rows, groupBy: ['unit'] });
}

export function checklistPart(ctx: KindContext): DocumentPart {
  const { ix, L, opts, say } = ctx;
  const c = L.col;
  const ruleRank = new Map(ix.rules.map((r, i) => [r.id, i]));
  const perRule = new Map(
    ix.rules.map((r) => [r.id, { title: ix.ruleTitle(r.id), category: categoryLabel(opts.lang, r.category), severity: L.severity[r.severity], remediation: nfc(r.remediation[opts.lang]) }]),
  );
  const rank = (r: HostRuleResult) => RESULT_ORDER[r.status] * 10_000 + (ruleRank.get(r.ruleId) ?? 9_999);
  const rows: DocumentRow[] = [];
  for (const host of ix.hostsInOrder()) {
    const who = identityCells(ctx, host);
    // One literal with every key (no spread) keeps 300,000 rows on one fast object shape.
    const line = (rule: string, category: string | null, severity: string | null, result: HostRuleStatus, evidence: string[] | null, remediation: string | null) =>
      rows.push({
        unit: who.unit,
        room: who.room,
        hostname: who.hostname,
        ip: who.ip,
        mac: who.mac,
        serial: who.serial,
        user: who.user,
        lastSeen: who.lastSeen,
        rule,
        category,
        severity,
        result,
        evidence,
        remediation,
      });
    const results = [...host.results].sort((a, b) => rank(a) - rank(b));
    // A machine out of contact is unknown on every rule for the same reason: one line says it.
    const silent = !opts.all && (host.stale || host.lastSeen === null) ? results.filter((r) => r.status === 'unknown' && r.evidence.every(isSilence)) : [];
    if (silent.length > 1) line(L.foldUnknown(silent.length), null, null, 'unknown', say.lines(silent[0]!.evidence), say.remedy(silent[0]!.evidence));
    for (const r of results) {
      if (!opts.all && (r.status === 'pass' || r.status === 'not_applicable')) continue;
      if (silent.length > 1 && silent.includes(r)) continue;
      const info = perRule.get(r.ruleId);
      const remediation = r.status === 'fail' ? (info?.remediation ?? null) : r.status === 'unknown' ? say.remedy(r.evidence) : null;
      line(info?.title ?? r.ruleId, info?.category ?? null, info?.severity ?? null, r.status, say.lines(r.evidence), remediation);
    }
    const passed = count(results, 'pass');
    const na = count(results, 'not_applicable');
    if (!opts.all && passed + na > 0) line(L.fold(passed, na), null, null, passed ? 'pass' : 'not_applicable', null, null);
  }
  const columns: DocumentColumn[] = [
    { key: 'hostname', label: c.hostname, type: 'text' },
    { key: 'unit', label: c.unit, type: 'text' },
    { key: 'room', label: c.room, type: 'text' },
    ...identityColumns(ctx, true),
    { key: 'rule', label: c.rule, type: 'text', wide: true },
    { key: 'category', label: c.category, type: 'text' },
    { key: 'severity', label: c.severity, type: 'text' },
    { key: 'result', label: c.result, type: 'result' },
    { key: 'evidence', label: c.evidence, type: 'list', wide: true },
    { key: 'remediation', label: c.remediation, type: 'text', wide: true },
  ];
  return tablePart(ctx, {
    id: 'checklist',
    title: L.part.checklist,
    columns,
    rows,
    groupBy: ['hostname', 'unit', 'room', 'ip', 'mac', 'serial', 'user', 'lastSeen'],
    groupRepeat: true,
    notes: opts.all ? [] : [L.note.folded],
  });
}

export const hostsKind = defineKind({
  kind: 'hosts',
  needs: { previous: false, history: false },
  form: 'appendix',
  orientation: 'landscape',
  facts: (ctx) => {
    const { L, ix } = ctx;
    const hosts = ix.evaluation.hosts;
    const statuses = hosts.map((h) => combineResults(h.results.map((r) => r.status), h));
    return [
      { label: L.fact.hosts, value: hosts.length },
      { label: L.fact.readyHosts, value: statuses.filter((s) => s === 'pass').length },
      { label: L.fact.failingHosts, value: hosts.filter((h) => h.results.some((r) => r.status === 'fail')).length },
      { label: L.fact.staleHosts, value: hosts.filter((h) => h.stale || h.lastSeen === null).length },
    ];
  },
  parts: [hostsPart, checklistPart, ...deviceParts.hosts],
  primaryPart: 'checklist',
});
