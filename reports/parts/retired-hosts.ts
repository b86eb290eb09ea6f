/**
 * The retired machines of an evaluation as a document part: which host, where it was, when and
 * why it was taken out of the count (or which host it was merged into). A kind includes it with
 * one line (`...retiredHostsParts(input.evaluation, opts.lang)`); it adds nothing when no host
 * in scope is retired.
 */
import type { DocumentColumn, DocumentPart, Evaluation, Lang } from '../../schema/index.js';
import { indexEvaluation, nfc } from '../evaluation-index.js';
import { labelsFor } from '../i18n.js';

const WORDS = {
  vi: { title: 'Máy đã loại khỏi danh sách theo dõi', host: 'Máy', retiredAt: 'Thời điểm loại', reason: 'Lý do', mergedInto: 'Gộp vào máy' },
  en: { title: 'Machines taken out of the count', host: 'Machine', retiredAt: 'Retired at', reason: 'Reason', mergedInto: 'Merged into' },
} satisfies Record<Lang, Record<string, string>>;

export function retiredHostsParts(evaluation: Evaluation, lang: Lang): DocumentPart[] {
  const retired = evaluation.retiredHosts ?? [];
  if (!retired.length) return [];
  const w = WORDS[lang];
  const c = labelsFor(lang).col;
  const ix = indexEvaluation(evaluation, lang);
  const columns: DocumentColumn[] = [
    { key: 'unit', label: c.unit, type: 'text' },
    { key: 'room', label: c.room, type: 'text' },
    { key: 'host', label: w.host, type: 'text' },
    { key: 'retiredAt', label: w.retiredAt, type: 'datetime' },
    { key: 'reason', label: w.reason, type: 'text', wide: true },
    { key: 'mergedInto', label: w.mergedInto, type: 'text' },
  ];
  const hostname = new Map(evaluation.hosts.map((h) => [h.agentId, h.hostname]));
  const rows = retired.map((r) => ({
    unit: ix.unitName(r.unitId),
    room: ix.roomName(r.unitId, r.roomId),
    host: nfc(r.hostname),
    retiredAt: r.retiredAt,
    reason: nfc(r.reason),
    mergedInto: r.mergedInto ? (hostname.get(r.mergedInto) ?? r.mergedInto) : null,
  }));
  return [{ id: 'retired', title: w.title, columns, rows, layout: 'table', groupBy: [] }];
}
