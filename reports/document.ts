/**
 * The interface every report kind implements, and the frame every document gets from it: a
 * kind declares its title, subject, orientation, headline figures, chart and a list of part
 * builders; `buildDocument` adds the administrative form (issuer, number, place and date,
 * recipients, signer), so a kind added later is framed like the others without a line of its
 * own. Also the pieces kinds share: STT-numbered tables, chart series, days left/overdue.
 */
import type {
  ChartSeries,
  CompletionPoint,
  DeadlineStatus,
  DocumentColumn,
  DocumentForm,
  DocumentPart,
  DocumentRow,
  EquipmentReview,
  Evaluation,
  HostEvaluation,
  HostRuleStatus,
  Lang,
  ReadinessDocument,
  ReportKind,
  ReportPeriod,
  RuleInfo,
  RuleProgress,
  SheetBinding,
} from '../schema/index.js';
import type { EvaluationIndex } from './evaluation-index.js';
import { indexEvaluation } from './evaluation-index.js';
import { evidenceWriter } from './evidence.js';
import type { EvidenceWriter } from './evidence.js';
import { formatterFor } from './format.js';
import type { Formatter } from './format.js';
import { labelsFor } from './i18n.js';
import type { Labels } from './i18n.js';
import type { Issuer } from './issuer.js';
import { plainIssuer } from './issuer.js';
import type { LinkScope, Outage, PeriodAvailability } from '../rules/availability.js';

/** Where the users are: timestamps print in this zone unless told otherwise. */
export const DEFAULT_TIME_ZONE = 'Asia/Ho_Chi_Minh';

export interface BuildInput {
  evaluation: Evaluation;
  /** Progress reports: the evaluation at the end of the previous period. */
  previous?: Evaluation | null;
  /** Completion per unit (or room) and rule from `from` to `to`, for the chart. */
  history?: { from: string; to: string; points: CompletionPoint[] } | null;
  /** The security sheet's hidden columns per host id (reports/scan-sheet.ts); none for a past day. */
  scanBindings?: ReadonlyMap<string, SheetBinding> | null;
  /** The equipment review (devices, findings, proposals), for kinds that need it. */
  equipment?: EquipmentReview | null;
  /** LAN/WAN availability of the evaluation's units over the period, from their series (the `availability` kind). */
  availability?: AvailabilityFigures | null;
}

/** One unit's availability per scope over a period: the whole period, each day, the outage log. */
export interface UnitAvailability {
  unitId: string;
  name: string;
  scopes: Partial<Record<LinkScope, { period: PeriodAvailability; days: PeriodAvailability[]; outages: Outage[] }>>;
}

/** What the `availability` kind is made from (collector/availability-source.ts computes it from the compact series). */
export interface AvailabilityFigures {
  /** The period's first and last days (inclusive), in the org's time zone. */
  from: string;
  to: string;
  scopes: LinkScope[];
  units: UnitAvailability[];
}

export interface BuildOptions {
  lang: Lang;
  /** When the document is produced (printed on it); the caller's clock keeps builders pure. */
  printedAt: string;
  timeZone?: string;
  period?: ReportPeriod;
  /** The audit chain's head at the time of printing (collector/audit), for the footer. */
  auditHead?: string | null;
  /** Who issues it, from the org file (`issuerOf`); default: the unit's name and blanks. */
  issuer?: Issuer | null;
  /** The document's number, when the clerk has one; printed as a blank to fill in otherwise. */
  number?: string | null;
  /** Host checklist: every rule of every machine, passes included, instead of one folded line. */
  all?: boolean;
  /** Progress: why the day compared is not the end of the previous period (see ReadinessDocument). */
  comparison?: ReadinessDocument['comparison'];
}

/** What a kind's pieces are built from: the inputs, the look-ups and the document's words. */
export interface KindContext {
  input: BuildInput;
  opts: BuildOptions;
  ix: EvaluationIndex;
  L: Labels;
  fmt: Formatter;
  /** Evidence in the document's language. */
  say: EvidenceWriter;
}

/** Builds one part from the context, or null to leave it out (e.g. a part with nothing to say). */
export type PartBuilder<C extends KindContext = KindContext> = (ctx: C) => DocumentPart | null;

export interface ReportKindBuilder<C extends KindContext = KindContext> {
  kind: ReportKind;
  /** What the caller must fetch besides the evaluation at `asOf`. */
  needs: {
    previous: boolean;
    history: boolean;
    /** The security sheet's hidden columns per host (only today's sheet has them). */
    scanBindings?: boolean;
    /** The equipment review (collector/assets). */
    equipment?: boolean;
    /** Made from the hosts' latest reports, which the history does not keep: only today can be asked for. */
    live?: boolean;
    /**
     * The units' LAN/WAN availability over the period ending on the day asked for, from the
     * availability series; the units themselves come from today's evaluation (any past day may be asked).
     */
    availability?: boolean;
  };
  /** A report (BÁO CÁO) or an appendix to one (PHỤ LỤC): the per-machine lists are appendices. */
  form: DocumentForm['type'];
  orientation: ReadinessDocument['orientation'];
  /** Work several pieces share (a progress diff), done once. */
  prepare?: (ctx: KindContext) => C;
  /** Default: the kind's name in the language tables. */
  title?: (ctx: C) => string;
  /** The line under the type name; default: the kind's subject, the room, the as-of day. */
  subject?: (ctx: C) => string;
  facts: (ctx: C) => ReadinessDocument['facts'];
  chart?: (ctx: C) => ReadinessDocument['chart'];
  /** The parts in print order: add a part by adding its builder here. */
  parts: ReadonlyArray<PartBuilder<C>>;
  primaryPart: string;
  /** Extra frame fields a kind sets (a progress report's period and compared day). */
  frame?: (ctx: C) => Partial<Pick<ReadinessDocument, 'period' | 'previousAsOf' | 'comparison' | 'asOf'>>;
}

/** Keeps a kind's own context type while registering it in the one list of kinds. */
export const defineKind = <C extends KindContext>(kind: ReportKindBuilder<C>): ReportKindBuilder =>
  kind as unknown as ReportKindBuilder;

export function kindContext(input: BuildInput, opts: BuildOptions): KindContext {
  const timeZone = opts.timeZone ?? DEFAULT_TIME_ZONE;
  return {
    input,
    opts,
    ix: indexEvaluation(input.evaluation, opts.lang, timeZone),
    L: labelsFor(opts.lang),
    fmt: formatterFor({ lang: opts.lang, timeZone }),
    say: evidenceWriter(input.evaluation.facts, opts.lang),
  };
}

/** The abbreviation of the document type in its symbol (Decree 30/2020, Appendix III). */
const TYPE_ABBREVIATION = 'BC';

function formOf(builder: ReportKindBuilder, ctx: KindContext, subject: string): DocumentForm {
  const { ix, L, fmt, opts } = ctx;
  const scope = ix.evaluation.scopeUnitId;
  // Without an org file's agency: the unit asked for, or the one unit at the top of the tree.
  const tops = topUnitIds(ix);
  const issuer = opts.issuer ?? plainIssuer(scope ? ix.unitName(scope) : tops.length === 1 ? ix.unitName(tops[0]!) : L.meta.allUnits);
  const date = fmt.localDay(opts.printedAt);
  const symbol = issuer.symbol ? `${TYPE_ABBREVIATION}-${issuer.symbol}` : TYPE_ABBREVIATION;
  const number = opts.number ?? null;
  return {
    parentAgency: issuer.parentAgency,
    agency: issuer.agency,
    number,
    symbol,
    place: issuer.place,
    date,
    type: builder.form,
    subject,
    attachedTo: builder.form === 'appendix' ? L.form.attachedTo(`${number ?? L.form.blankNumber}/${symbol}`, fmt.day(date), issuer.unitName) : null,
    recipients: issuer.recipients ?? [...(issuer.parentName ? [L.form.toReport(issuer.parentName)] : []), L.form.archive],
    signer: issuer.signer ?? { authority: null, title: L.form.defaultSigner, name: null },
  };
}

/**
 * @example
 * const doc = buildDocument('summary', { evaluation }, { lang: 'vi', printedAt: new Date().toISOString() });
 */
export function buildKind(builder: ReportKindBuilder, input: BuildInput, opts: BuildOptions): ReadinessDocument {
  const base = kindContext(input, opts);
  const ctx = builder.prepare ? builder.prepare(base) : base;
  const { ix, L, fmt } = ctx;
  const scope = ix.evaluation.scopeUnitId;
  const room = ix.scopeRoom();
  const subject =
    builder.subject?.(ctx) ?? [L.form.subject[builder.kind], room ? L.form.inRoom(room.name) : '', L.form.asOf(fmt.day(ix.evaluation.asOf))].filter(Boolean).join(' ');
  const parts = builder.parts.map((p) => p(ctx)).filter((p): p is DocumentPart => p !== null);
  return {
    kind: builder.kind,
    lang: opts.lang,
    title: builder.title?.(ctx) ?? L.kind[builder.kind],
    unit: { id: scope, name: scope ? `${ix.unitName(scope)}${ix.evaluation.ownOnly ? ` (${L.meta.ownOnly})` : ''}` : L.meta.allUnits },
    room,
    asOf: ix.evaluation.asOf,
    printedAt: opts.printedAt,
    timeZone: opts.timeZone ?? DEFAULT_TIME_ZONE,
    form: formOf(builder, ctx, subject),
    period: null,
    previousAsOf: null,
    comparison: null,
    ...builder.frame?.(ctx),
    auditHead: opts.auditHead ?? null,
    orientation: builder.orientation,
    facts: builder.facts(ctx),
    chart: builder.chart?.(ctx) ?? null,
    parts,
    primaryPart: parts.some((p) => p.id === builder.primaryPart) ? builder.primaryPart : parts[0]!.id,
  };
}

/**
 * Rules that apply to no machine or device in any group the document prints (device rules in
 * an org file without devices, the signing rule in rooms that do not sign): their rows would
 * say "Không áp dụng" and nothing else, so figure tables leave them out and say which.
 */
export function rulesApplyingNowhere(ix: EvaluationIndex): Set<string> {
  const groups = ix.groups();
  const out = new Set<string>();
  if (!groups.length) return out;
  ix.rules.forEach((rule, i) => {
    if (groups.every((g) => (g.rules[i]?.ruleId === rule.id ? g.rules[i]! : g.rules.find((p) => p.ruleId === rule.id))?.status === 'not_applicable')) out.add(rule.id);
  });
  return out;
}

/** The rule's number in the pack (1-based): the STT of its rows in every group, and what the notes cite. */
export function ruleNumber(ix: EvaluationIndex, ruleId: string): number {
  return ix.rules.findIndex((r) => r.id === ruleId) + 1;
}

/** The note naming the rules a figure table leaves out (`rulesApplyingNowhere`); null when none. */
export function appliesNowhereNote(ctx: KindContext, left: ReadonlySet<string>): string | null {
  if (!left.size) return null;
  return ctx.L.note.appliesNowhere([...left].map((id) => `${ruleNumber(ctx.ix, id)}. ${ctx.ix.ruleTitle(id)}`));
}

/**
 * A table part with its STT column, numbered from 1 within each group (a room's rules, a
 * machine's lines), unless the rows bring their own (a rule's number).
 */
export function tablePart(
  ctx: KindContext,
  p: Pick<DocumentPart, 'id' | 'title' | 'columns' | 'rows'> & Partial<Pick<DocumentPart, 'groupBy' | 'groupRepeat' | 'notes' | 'layout' | 'dataOnly'>>,
): DocumentPart {
  const groupBy = p.groupBy ?? [];
  let n = 0;
  let group: string | null = null;
  for (const row of p.rows) {
    const key = groupBy.map((k) => String(row[k] ?? '')).join('\u0000');
    if (key !== group) [group, n] = [key, 0];
    n++;
    if (row.stt === undefined) row.stt = n;
  }
  const stt: DocumentColumn = { key: 'stt', label: ctx.L.col.stt, type: 'number' };
  return {
    id: p.id,
    title: p.title,
    columns: [stt, ...p.columns],
    rows: p.rows,
    layout: p.layout ?? 'table',
    groupBy,
    groupRepeat: p.groupRepeat ?? false,
    notes: p.notes ?? [],
    dataOnly: p.dataOnly ?? false,
  };
}

/** The units headline figures and charts follow: the one asked for, else each tree's top. */
export function topUnitIds(ix: EvaluationIndex): string[] {
  const scope = ix.evaluation.scopeUnitId;
  if (scope && ix.evaluation.units.some((u) => u.unitId === scope)) return [scope];
  const ids = new Set(ix.evaluation.units.map((u) => u.unitId));
  return ix.unitsInOrder.filter((u) => !u.parentId || !ids.has(u.parentId)).map((u) => u.unitId);
}

/**
 * The figures headline tiles and charts speak for: each top unit rolled up, or with a room
 * asked for, that room in every unit that has it.
 */
export function headlineProgress(ix: EvaluationIndex): RuleProgress[] {
  if (ix.evaluation.scopeRoomId !== null) return ix.evaluation.units.flatMap((u) => u.rooms.flatMap((r) => r.rules));
  const tops = new Set(topUnitIds(ix));
  return ix.evaluation.units.filter((u) => tops.has(u.unitId)).flatMap((u) => u.rules);
}

/** One series per charted unit (or room) and rule that `include` keeps, points in day order. */
export function chartFrom(ix: EvaluationIndex, input: BuildInput, include: (rule: RuleInfo) => boolean): ReadinessDocument['chart'] {
  if (!input.history) return null;
  const room = ix.evaluation.scopeRoomId;
  const units = room === null ? topUnitIds(ix) : ix.unitsInOrder.map((u) => u.unitId);
  const byKey = new Map<string, CompletionPoint[]>();
  for (const p of input.history.points) {
    if ((p.roomId ?? null) !== room) continue;
    const key = `${p.unitId}\u0000${p.ruleId}`;
    const list = byKey.get(key);
    if (list) list.push(p);
    else byKey.set(key, [p]);
  }
  const series: ChartSeries[] = [];
  for (const unitId of units) {
    for (const rule of ix.rules.filter(include)) {
      const points = (byKey.get(`${unitId}\u0000${rule.id}`) ?? [])
        .filter((p) => p.day >= input.history!.from && p.day <= input.history!.to)
        .sort((a, b) => a.day.localeCompare(b.day))
        .map((p) => ({ day: p.day, passing: p.passing, applicable: p.applicable, completionPct: p.completionPct }));
      // A rule that applied to nothing here all along has nothing to chart.
      if (!points.length && ix.progress(unitId, room, rule.id)?.status === 'not_applicable') continue;
      const title = units.length > 1 ? `${ix.ruleTitle(rule.id)} (${ix.unitName(unitId)})` : ix.ruleTitle(rule.id);
      series.push({ unitId, unitName: ix.unitName(unitId), ruleId: rule.id, title, deadline: rule.deadline, points });
    }
  }
  return { from: input.history.from, to: input.history.to, series };
}

/** The day a rule must be done in a unit or room: its deadline, or for a rule due per device the earliest device due there. */
export const dueHere = (rule: Pick<RuleInfo, 'deadline'>, p: Pick<RuleProgress, 'perDevice'> | null | undefined): string | null => rule.deadline ?? p?.perDevice?.dueOn ?? null;

/** "Days left" and "days overdue" as two cells, both empty once the rule is done or not applicable. */
export function daysCells(p: Pick<RuleProgress, 'daysLeft' | 'status'> | null): { daysLeft: number | null; daysOverdue: number | null } {
  if (!p || p.status === 'done' || p.status === 'not_applicable') return { daysLeft: null, daysOverdue: null };
  return p.daysLeft >= 0 ? { daysLeft: p.daysLeft, daysOverdue: null } : { daysLeft: null, daysOverdue: -p.daysLeft };
}

/** The look-ahead in words: the projected day, or that completion did not rise in the window. */
export function outlookText(ctx: KindContext, p: RuleProgress): string | null {
  if (!p.projection || p.status === 'done' || p.status === 'not_applicable' || p.status === 'overdue') return null;
  return p.projection.projectedOn === null ? ctx.L.outlook.stalled() : ctx.L.outlook.on(ctx.fmt.day(p.projection.projectedOn));
}

/** The counting cells of one rule's progress, every figure its percentage is made of beside it. */
export function countCells(p: RuleProgress): DocumentRow {
  return {
    expected: p.expected,
    reporting: p.reporting,
    notApplicable: p.notApplicable,
    applicable: p.applicable,
    passing: p.passing,
    exempted: p.exempted,
    failing: p.failing,
    unknown: p.unknown,
    completion: p.completionPct,
  };
}

/** The columns `countCells` fills, labelled in the document's language. */
export function countColumns(L: Labels): DocumentColumn[] {
  const c = L.col;
  return [
    { key: 'expected', label: c.expected, type: 'number' },
    { key: 'reporting', label: c.reporting, type: 'number' },
    { key: 'notApplicable', label: c.notApplicable, type: 'number' },
    { key: 'applicable', label: c.applicable, type: 'number' },
    { key: 'passing', label: c.passing, type: 'number' },
    // Apart from passing, never in it (docs/remediation.md).
    { key: 'exempted', label: c.exempted, type: 'number' },
    { key: 'failing', label: c.failing, type: 'number' },
    { key: 'unknown', label: c.unknown, type: 'number' },
    { key: 'completion', label: c.completion, type: 'percent' },
  ];
}

/** Worst first: the status a combined row shows is the first one any rule has (not applicable last). */
export const STATUS_SEVERITY: readonly DeadlineStatus[] = ['overdue', 'at_risk', 'unknown', 'on_track', 'done', 'not_applicable'];

/** How many machines a "held back by" cell names before it says "and N more". */
export const BLOCKING_LIST_LIMIT = 50;

/** At most `limit` host names, then "and N more": a rolled-up unit may hold thousands back. */
export function hostList(ix: EvaluationIndex, agentIds: readonly string[], limit = BLOCKING_LIST_LIMIT): string[] {
  const names = agentIds.map((id) => ix.hostname(id)).sort(ix.compare);
  if (names.length <= limit) return names;
  return [...names.slice(0, limit), labelsFor(ix.lang).meta.andMore(names.length - limit)];
}

/**
 * One verdict from several rule results: any failure fails, then anything unknown (or a host
 * with no recent data) is unknown, so a machine without data is never shown as ready.
 */
export function combineResults(statuses: readonly HostRuleStatus[], host: Pick<HostEvaluation, 'lastSeen' | 'stale'>): HostRuleStatus {
  if (host.lastSeen === null || host.stale) return statuses.includes('fail') ? 'fail' : 'unknown';
  if (statuses.includes('fail')) return 'fail';
  if (statuses.includes('unknown')) return 'unknown';
  // A machine whose only gaps are exempted is not shown as passing: the exception is its own verdict.
  if (statuses.includes('exempted')) return 'exempted';
  if (statuses.includes('pass')) return 'pass';
  return statuses.length ? 'not_applicable' : 'unknown';
}
