/**
 * Device security sheet for the pre-use scan (rà quét trước khi đưa vào sử dụng): per device,
 * the findings of every `antivirus` and `security` rule (antivirus, firewall, remote-access
 * tools, updates, encryption...) with their evidence, an automated verdict, and empty fields
 * for the scanning officer's verdict, name, date and signature. Printed one device per page.
 */
import type { DocumentColumn, DocumentRow, Finding } from '../../schema/index.js';
import type { BuildInput, BuildOptions, ReportKindBuilder } from '../document.js';
import { combineResults, documentFrame } from '../document.js';
import { indexEvaluation, nfc } from '../evaluation-index.js';
import { deviceKindLabel, labelsFor } from '../i18n.js';

/** Rule categories whose results make up the sheet. */
export const SECURITY_CATEGORIES: readonly string[] = ['antivirus', 'security'];

export const findingKey = (ruleId: string): string => `finding:${ruleId}`;

function build(input: BuildInput, opts: BuildOptions) {
  const ix = indexEvaluation(input.evaluation, opts.lang);
  const L = labelsFor(opts.lang);
  const c = L.col;
  const rules = SECURITY_CATEGORIES.flatMap((cat) => ix.rules.filter((r) => r.category === cat));
  const columns: DocumentColumn[] = [
    { key: 'unit', label: c.unit, type: 'text' },
    { key: 'room', label: c.room, type: 'text' },
    { key: 'hostname', label: c.hostname, type: 'text' },
    { key: 'deviceKind', label: c.deviceKind, type: 'text' },
    { key: 'lastSeen', label: c.lastSeen, type: 'datetime' },
    ...rules.map((r): DocumentColumn => ({ key: findingKey(r.id), label: ix.ruleTitle(r.id), type: 'finding', wide: true })),
    { key: 'autoResult', label: c.autoResult, type: 'result' },
    { key: 'verdict', label: c.verdict, type: 'blank', choices: [L.result.pass, L.result.fail] },
    { key: 'officer', label: c.officer, type: 'blank' },
    { key: 'scanDate', label: c.scanDate, type: 'blank' },
    { key: 'signature', label: c.signature, type: 'blank' },
  ];

  const rows: DocumentRow[] = [];
  for (const host of ix.hostsInOrder()) {
    const results = new Map(host.results.map((r) => [r.ruleId, r]));
    const findings: Record<string, Finding | null> = {};
    for (const rule of rules) {
      const r = results.get(rule.id);
      findings[findingKey(rule.id)] = r ? { status: r.status, evidence: r.evidence.map(nfc) } : null;
    }
    const statuses = rules.flatMap((rule) => {
      const r = results.get(rule.id);
      return r ? [r.status] : [];
    });
    rows.push({
      unit: ix.unitName(host.unitId),
      room: ix.roomName(host.unitId, host.roomId),
      hostname: ix.hostname(host.agentId),
      deviceKind: deviceKindLabel(opts.lang, nfc(host.deviceKind)),
      lastSeen: host.lastSeen,
      ...findings,
      autoResult: combineResults(statuses, host),
      verdict: null,
      officer: null,
      scanDate: null,
      signature: null,
    });
  }

  return {
    ...documentFrame('security', ix, opts),
    orientation: 'portrait' as const,
    facts: [
      { label: L.fact.devices, value: rows.length },
      { label: L.fact.devicesWithFindings, value: rows.filter((r) => r.autoResult === 'fail').length },
      { label: L.fact.devicesUnknown, value: rows.filter((r) => r.autoResult === 'unknown').length },
    ],
    chart: null,
    parts: [{ id: 'devices', title: L.part.devices, columns, rows, layout: 'cards' as const, groupBy: [] }],
    primaryPart: 'devices',
  };
}

export const securityKind: ReportKindBuilder = { kind: 'security', needs: { previous: false, history: false }, build };
