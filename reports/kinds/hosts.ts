/**
 * Host checklist for IT staff: one line per machine with its counts and whether it is ready,
 * then per machine every rule with its result, the evidence and, where something is to be
 * done (a failure, or a result nobody could establish), the remediation text.
 */
import type { DocumentColumn, DocumentRow, HostRuleResult } from '../../schema/index.js';
import type { BuildInput, BuildOptions, ReportKindBuilder } from '../document.js';
import { combineResults, documentFrame } from '../document.js';
import { deviceParts } from '../devices/parts.js';
import { indexEvaluation, nfc } from '../evaluation-index.js';
import { categoryLabel, deviceKindLabel, labelsFor } from '../i18n.js';

/** Where a machine is and what it is called: the first columns of both parts. */
function placeColumns(opts: BuildOptions): DocumentColumn[] {
  const c = labelsFor(opts.lang).col;
  return [
    { key: 'unit', label: c.unit, type: 'text' },
    { key: 'room', label: c.room, type: 'text' },
    { key: 'hostname', label: c.hostname, type: 'text' },
  ];
}

function build(input: BuildInput, opts: BuildOptions) {
  const ix = indexEvaluation(input.evaluation, opts.lang);
  const L = labelsFor(opts.lang);
  const c = L.col;
  const ruleRank = new Map(ix.rules.map((r, i) => [r.id, i]));
  const perRule = new Map(
    ix.rules.map((r) => [
      r.id,
      { category: categoryLabel(opts.lang, r.category), severity: L.severity[r.severity], remediation: nfc(r.remediation[opts.lang]) },
    ]),
  );
  const byRule = (a: HostRuleResult, b: HostRuleResult) =>
    (ruleRank.get(a.ruleId) ?? Number.MAX_SAFE_INTEGER) - (ruleRank.get(b.ruleId) ?? Number.MAX_SAFE_INTEGER);

  const hostRows: DocumentRow[] = [];
  const checklist: DocumentRow[] = [];
  let ready = 0;
  let failing = 0;
  let stale = 0;
  for (const host of ix.hostsInOrder()) {
    const id = {
      unit: ix.unitName(host.unitId),
      room: ix.roomName(host.unitId, host.roomId),
      hostname: ix.hostname(host.agentId),
      deviceKind: deviceKindLabel(opts.lang, nfc(host.deviceKind)),
      lastSeen: host.lastSeen,
    };
    const results = [...host.results].sort(byRule);
    const count = (s: HostRuleResult['status']) => results.filter((r) => r.status === s).length;
    const overall = combineResults(
      results.map((r) => r.status),
      host,
    );
    if (overall === 'pass') ready++;
    if (count('fail')) failing++;
    if (host.stale || host.lastSeen === null) stale++;
    hostRows.push({ ...id, passed: count('pass'), failed: count('fail'), unknownCount: count('unknown'), exemptedCount: count('exempted'), ready: overall });
    for (const r of results) {
      const info = perRule.get(r.ruleId);
      // A literal with every key (no spread) keeps 300,000 rows on one fast object shape.
      checklist.push({
        unit: id.unit,
        room: id.room,
        hostname: id.hostname,
        rule: ix.ruleTitle(r.ruleId),
        category: info?.category ?? null,
        severity: info?.severity ?? null,
        result: r.status,
        evidence: r.evidence.map(nfc),
        remediation: info && (r.status === 'fail' || r.status === 'unknown') ? info.remediation : null,
      });
    }
  }

  return {
    ...documentFrame('hosts', ix, opts),
    orientation: 'landscape' as const,
    facts: [
      { label: L.fact.hosts, value: input.evaluation.hosts.length },
      { label: L.fact.readyHosts, value: ready },
      { label: L.fact.failingHosts, value: failing },
      { label: L.fact.staleHosts, value: stale },
    ],
    chart: null,
    parts: [
      {
        id: 'hosts',
        title: L.part.hosts,
        columns: [
          ...placeColumns(opts),
          { key: 'deviceKind', label: c.deviceKind, type: 'text' },
          { key: 'lastSeen', label: c.lastSeen, type: 'datetime' },
          { key: 'passed', label: c.passed, type: 'number' },
          { key: 'failed', label: c.failed, type: 'number' },
          { key: 'unknownCount', label: c.unknownCount, type: 'number' },
          { key: 'exemptedCount', label: c.exemptedCount, type: 'number' },
          { key: 'ready', label: c.ready, type: 'result' },
        ] satisfies DocumentColumn[],
        rows: hostRows,
        layout: 'table' as const,
        groupBy: ['unit'],
      },
      {
        id: 'checklist',
        title: L.part.checklist,
        // The machine's kind and last report are in the hosts part: repeating them on each of
        // 300,000 rule lines would cost a fifth of the XLSX time for nothing to filter on.
        columns: [
          ...placeColumns(opts),
          { key: 'rule', label: c.rule, type: 'text', wide: true },
          { key: 'category', label: c.category, type: 'text' },
          { key: 'severity', label: c.severity, type: 'text' },
          { key: 'result', label: c.result, type: 'result' },
          { key: 'evidence', label: c.evidence, type: 'list', wide: true },
          { key: 'remediation', label: c.remediation, type: 'text', wide: true },
        ] satisfies DocumentColumn[],
        rows: checklist,
        layout: 'table' as const,
        groupBy: ['hostname', 'unit', 'room'],
      },
      ...deviceParts.hosts(input, opts),
    ],
    primaryPart: 'checklist',
  };
}

export const hostsKind: ReportKindBuilder = { kind: 'hosts', needs: { previous: false, history: false }, build };
