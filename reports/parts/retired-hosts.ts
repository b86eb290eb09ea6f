/**
 * The retired machines of an evaluation as a document part: which host, where it was, who took
 * it out of the count, when and why (or which host it was merged into); a retirement by the
 * unit's own manager says so. A kind includes it as one entry of its parts list
 * (`retiredHostsPart`); it adds nothing when no host in scope is retired.
 */
import type { DocumentColumn, DocumentPart, Lang } from '../../schema/index.js';
import type { KindContext } from '../document.js';
import { tablePart } from '../document.js';
import { nfc } from '../evaluation-index.js';

const WORDS = {
  vi: { host: 'Máy', retiredAt: 'Thời điểm loại', by: 'Người thực hiện', reason: 'Lý do', mergedInto: 'Gộp vào máy' },
  en: { host: 'Machine', retiredAt: 'Retired at', by: 'Retired by', reason: 'Reason', mergedInto: 'Merged into' },
} satisfies Record<Lang, Record<string, string>>;

export function retiredHostsPart(ctx: KindContext): DocumentPart | null {
  const { ix, L } = ctx;
  const evaluation = ix.evaluation;
  const retired = evaluation.retiredHosts ?? [];
  if (!retired.length) return null;
  const w = WORDS[ix.lang];
  const c = L.col;
  const columns: DocumentColumn[] = [
    { key: 'unit', label: c.unit, type: 'text' },
    { key: 'room', label: c.room, type: 'text' },
    { key: 'host', label: w.host, type: 'text' },
    { key: 'retiredAt', label: w.retiredAt, type: 'datetime' },
    { key: 'by', label: w.by, type: 'text' },
    { key: 'reason', label: w.reason, type: 'text', wide: true },
    { key: 'mergedInto', label: w.mergedInto, type: 'text' },
  ];
  const hostname = new Map(evaluation.hosts.map((h) => [h.agentId, h.hostname]));
  const rows = retired.map((r) => ({
    unit: ix.unitName(r.unitId),
    room: ix.roomName(r.unitId, r.roomId),
    host: nfc(r.hostname),
    retiredAt: r.retiredAt,
    by: r.by === null ? null : `${nfc(r.by)}${r.selfCertified ? ` (${L.meta.selfRetired})` : ''}`,
    reason: nfc(r.reason),
    mergedInto: r.mergedInto ? (hostname.get(r.mergedInto) ?? r.mergedInto) : null,
  }));
  return tablePart(ctx, { id: 'retired', title: L.part.retired, columns, rows });
}
