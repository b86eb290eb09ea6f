/**
 * Device security sheet for the pre-use scan (rà quét trước khi đưa vào sử dụng), an appendix
 * to the report: per device who it is, the findings of every `antivirus` and `security` rule
 * (antivirus, firewall, remote-access tools, updates, encryption...) with their evidence, an
 * automated verdict, and empty fields for the scanning officer's verdict, name, date and
 * signature. Printed one device per page.
 */
import type { DocumentColumn, DocumentPart, DocumentRow, Finding, HostRuleStatus } from '../../schema/index.js';
import type { KindContext } from '../document.js';
import { combineResults, defineKind, tablePart } from '../document.js';
import { nfc } from '../evaluation-index.js';
import { deviceKindLabel } from '../i18n.js';

/** Rule categories whose results make up the sheet. */
export const SECURITY_CATEGORIES: readonly string[] = ['antivirus', 'security'];

export const findingKey = (ruleId: string): string => `finding:${ruleId}`;

const securityRules = (ctx: KindContext) => SECURITY_CATEGORIES.flatMap((cat) => ctx.ix.rules.filter((r) => r.category === cat));

export function devicesPart(ctx: KindContext): DocumentPart {
  const { ix, L, opts, say } = ctx;
  const c = L.col;
  const rules = securityRules(ctx);
  const columns: DocumentColumn[] = [
    { key: 'unit', label: c.unit, type: 'text' },
    { key: 'room', label: c.room, type: 'text' },
    { key: 'hostname', label: c.hostname, type: 'text' },
    { key: 'deviceKind', label: c.deviceKind, type: 'text' },
    { key: 'model', label: c.model, type: 'text' },
    { key: 'serial', label: c.serial, type: 'text' },
    { key: 'ip', label: c.ip, type: 'text' },
    { key: 'mac', label: c.mac, type: 'text' },
    { key: 'user', label: c.user, type: 'text' },
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
    const statuses: HostRuleStatus[] = [];
    for (const rule of rules) {
      const r = results.get(rule.id);
      findings[findingKey(rule.id)] = r ? { status: r.status, evidence: say.lines(r.evidence) } : null;
      if (r) statuses.push(r.status);
    }
    const id = host.identity;
    rows.push({
      unit: ix.unitName(host.unitId),
      room: ix.roomName(host.unitId, host.roomId),
      hostname: ix.hostname(host.agentId),
      deviceKind: deviceKindLabel(opts.lang, nfc(host.deviceKind)),
      model: id?.model ? nfc(id.model) : null,
      serial: id?.serial ? nfc(id.serial) : null,
      ip: id?.ipv4.length ? id.ipv4.join(', ') : null,
      mac: id?.mac.length ? id.mac.join(', ') : null,
      user: id?.user ? nfc(id.user) : null,
      lastSeen: host.lastSeen,
      ...findings,
      autoResult: combineResults(statuses, host),
      verdict: null,
      officer: null,
      scanDate: null,
      signature: null,
    });
  }
  return tablePart(ctx, { id: 'devices', title: L.part.devices, columns, rows, layout: 'cards' });
}

export const securityKind = defineKind({
  kind: 'security',
  needs: { previous: false, history: false },
  form: 'appendix',
  orientation: 'portrait',
  facts: (ctx) => {
    const { L, ix } = ctx;
    const rules = securityRules(ctx);
    const verdicts = ix.evaluation.hosts.map((h) =>
      combineResults(
        h.results.filter((r) => rules.some((x) => x.id === r.ruleId)).map((r) => r.status),
        h,
      ),
    );
    return [
      { label: L.fact.devices, value: verdicts.length },
      { label: L.fact.devicesWithFindings, value: verdicts.filter((v) => v === 'fail').length },
      { label: L.fact.devicesUnknown, value: verdicts.filter((v) => v === 'unknown').length },
    ];
  },
  parts: [devicesPart],
  primaryPart: 'devices',
});
