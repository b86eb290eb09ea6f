/**
 * Readiness documents: build one of the six kinds from evaluated results, render it in one of
 * the four formats, and name the file. Pure; the route and the CLI fetch the inputs.
 *
 * @example
 * const doc = buildDocument('summary', { evaluation }, { lang: 'vi', printedAt: new Date().toISOString() });
 * const bytes = await renderDocument(doc, 'xlsx');
 * const name = documentFileName(doc, 'xlsx'); // bao-cao-tong-hop-hp-vanphong-2025-12-10.xlsx
 */
import type { Evaluation, Lang, ReadinessDocument, ReportFormat, ReportKind } from '../schema/index.js';
import { labelsFor } from './i18n.js';
import type { BuildInput, BuildOptions } from './document.js';
import { buildKind } from './document.js';
import type { RenderOptions } from './formats/index.js';
import { rendererFor } from './formats/index.js';
import { kindBuilder } from './kinds/index.js';
import { plainWords } from '../util/plain-text.js';

export function buildDocument(kind: ReportKind, input: BuildInput, opts: BuildOptions): ReadinessDocument {
  const doc = buildKind(kindBuilder(kind), input, opts);
  return { ...doc, facts: [...doc.facts, ...provenanceFacts(input.evaluation, doc.lang)] };
}

/**
 * Every kind counts apart the hosts whose data was imported and the machines taken out of the
 * count, and of each those the unit did about itself (a manager's import or retirement): no
 * self-certification goes unseen (docs/access.md).
 */
function provenanceFacts(evaluation: Evaluation, lang: Lang): ReadinessDocument['facts'] {
  const L = labelsFor(lang);
  const counted = (total: number, self: number, label: string, selfLabel: string): ReadinessDocument['facts'] =>
    total ? [{ label, value: total }, ...(self ? [{ label: selfLabel, value: self }] : [])] : [];
  const imported = evaluation.hosts.filter((h) => h.origin);
  const retired = evaluation.retiredHosts ?? [];
  return [
    ...counted(imported.length, imported.filter((h) => h.origin!.selfCertified).length, L.meta.importedHosts, L.meta.selfCertifiedHosts),
    ...counted(retired.length, retired.filter((r) => r.selfCertified).length, L.meta.retiredHosts, L.meta.selfRetiredHosts),
  ];
}

export function renderDocument(doc: ReadinessDocument, format: ReportFormat, opts: RenderOptions = {}): Promise<Uint8Array> {
  return rendererFor(format).render(format === 'xlsx' || format === 'json' ? doc : withoutHiddenColumns(doc), opts);
}

/** Hidden columns serve XLSX round trips (and JSON readers); a page or a CSV file leaves them out. */
function withoutHiddenColumns(doc: ReadinessDocument): ReadinessDocument {
  if (!doc.parts.some((p) => p.columns.some((c) => c.hidden))) return doc;
  return { ...doc, parts: doc.parts.map((p) => ({ ...p, columns: p.columns.filter((c) => !c.hidden) })) };
}

/** File names say what the document is in the reader's language, without diacritics. */
const FILE_STEM: Record<ReadinessDocument['lang'], Record<ReportKind, string>> = {
  vi: {
    summary: 'bao-cao-tong-hop',
    tracker: 'theo-doi-lan-wan',
    hosts: 'danh-muc-kiem-tra-may',
    security: 'phieu-ra-quet-an-ninh',
    progress: 'bao-cao-tien-do',
    equipment: 'ra-soat-thiet-bi',
    scans: 'so-theo-doi-ra-quet-an-ninh',
    availability: 'bao-cao-thoi-gian-hoat-dong-lan-wan',
  },
  en: {
    summary: 'readiness-summary',
    tracker: 'lan-wan-tracker',
    hosts: 'host-checklist',
    security: 'security-sheet',
    progress: 'progress-report',
    equipment: 'equipment-review',
    scans: 'scan-register',
    availability: 'lan-wan-availability',
  },
};
const PERIOD_WORD: Record<ReadinessDocument['lang'], Record<string, string>> = {
  vi: { day: 'ngay', week: 'tuan', month: 'thang' },
  en: { day: 'daily', week: 'weekly', month: 'monthly' },
};

/** Lower-case ASCII words joined by hyphens: "Văn phòng" → "van-phong". */
export const slug = (text: string): string => plainWords(text).replaceAll(' ', '-');

/** e.g. `bao-cao-tien-do-tuan-hp-van-phong-2025-12-10.xlsx` (unit, then room when asked); `tat-ca` / `all` when no unit was asked for. */
export function documentFileName(doc: ReadinessDocument, format: ReportFormat): string {
  const stem = FILE_STEM[doc.lang][doc.kind];
  const period = doc.period ? `-${PERIOD_WORD[doc.lang][doc.period]}` : '';
  const unit = doc.unit.id ? slug(doc.unit.id) || 'unit' : doc.lang === 'vi' ? 'tat-ca' : 'all';
  const room = doc.room ? `-${slug(doc.room.id) || 'room'}` : '';
  return `${stem}${period}-${unit}${room}-${doc.asOf}.${format}`;
}

export type { AvailabilityFigures, BuildInput, BuildOptions, KindContext, PartBuilder, ReportKindBuilder, UnitAvailability } from './document.js';
export { DEFAULT_TIME_ZONE, defineKind, tablePart } from './document.js';
export { evidenceWriter } from './evidence.js';
export type { EvidenceWriter } from './evidence.js';
export { issuerOf } from './issuer.js';
export type { Issuer } from './issuer.js';
export { restrictToRoom, NoSuchRoomError } from './room-scope.js';
export { RENDERERS, rendererFor, UnknownPartError } from './formats/index.js';
export type { RenderOptions, Renderer } from './formats/index.js';
export { KINDS, kindBuilder } from './kinds/index.js';
export { previousPeriodDay, diffEvaluations } from './progress.js';
