/**
 * Equipment review and replacement proposals (Resolution 46-NQ/BTVĐU I.3, Plan 24-KH/ĐU):
 * per unit and room, workstations, printers and scanners expected and present; then every
 * device with its age (and where the age comes from), the rules of the decision table it
 * fails, failing disks, the register's condition, and the proposal — replace, add, repair or
 * keep — with the reasons; then the decision table itself, each threshold with its reason.
 * The XLSX is for the procurement plan, the HTML to print and sign.
 */
import type { DocumentColumn, DocumentRow, EquipmentItem, EquipmentReview, Lang, Proposal } from '../../schema/index.js';
import type { BuildInput, BuildOptions, ReportKindBuilder } from '../document.js';
import { documentFrame } from '../document.js';
import type { EvaluationIndex } from '../evaluation-index.js';
import { indexEvaluation, nfc } from '../evaluation-index.js';
import { formatterFor } from '../format.js';
import { deviceKindLabel, labelsFor } from '../i18n.js';

const KIND_ORDER = ['workstation', 'laptop', 'printer', 'scanner', 'other'];

/** The rules the decision table names, each a column of findings. */
const ruleColumns = (review: EquipmentReview) => [...new Set(review.policy.decisions.flatMap((d) => (d.criterion === 'rule_fails' ? [d.rule] : [])))];

/** Each reason, what could not be checked and the remarks, as sentences in the document's language. */
export function reasonSentences(item: EquipmentItem, review: EquipmentReview, lang: Lang): string[] {
  const L = labelsFor(lang);
  const R = L.equipment.reason;
  const fmt = formatterFor({ lang, timeZone: 'UTC' });
  const ruleTitle = (id: string) => nfc(review.ruleTitles[id]?.[lang] ?? id);
  const out = item.reasons.map((r) => {
    switch (r.criterion) {
      case 'missing':
        return R.missing(r.count, deviceKindLabel(lang, item.kind));
      case 'register_condition':
        return R.condition(nfc(r.condition));
      case 'age_over':
        return R.age(fmt.number(r.years), r.limit, L.equipment.ageSource[r.source]!);
      case 'rule_fails':
        return `${ruleTitle(r.ruleId)}${r.evidence.length ? `: ${r.evidence.map(nfc).join('; ')}` : ''}`;
      case 'failing_disk':
        return R.disks(r.disks.map(nfc));
    }
  });
  if (item.unchecked.length) out.push(R.unchecked(item.unchecked.map((u) => (u === 'age' ? R.age_unknown : u === 'disks' ? R.disks_unknown : ruleTitle(u)))));
  else if (!item.reasons.length) out.push(R.keep);
  if (item.notes.includes('no_agent')) out.push(R.noAgent);
  if (item.notes.includes('not_in_register')) out.push(R.notInRegister);
  if (item.seenBy.length) out.push(R.seenBy(item.seenBy.map(nfc)));
  return out;
}

/** Proposals counted from the lines: a line for N missing devices counts N. */
export function countProposals(items: readonly Pick<EquipmentItem, 'proposal' | 'quantity'>[]): Record<Proposal, number> {
  const counts: Record<Proposal, number> = { replace: 0, add: 0, repair: 0, keep: 0 };
  for (const i of items) counts[i.proposal] += i.quantity;
  return counts;
}

const placeKey = (unitId: string, roomId: string | null) => `${unitId}\u0000${roomId ?? ''}`;

function roomsPart(ix: EvaluationIndex, review: EquipmentReview, lang: Lang) {
  const L = labelsFor(lang);
  const c = L.col;
  const columns: DocumentColumn[] = [
    { key: 'unit', label: c.unit, type: 'text' },
    { key: 'room', label: c.room, type: 'text' },
    { key: 'expectedWorkstations', label: c.expectedWorkstations, type: 'number' },
    { key: 'presentWorkstations', label: c.presentWorkstations, type: 'number' },
    { key: 'missingWorkstations', label: c.missingWorkstations, type: 'number' },
    { key: 'expectedPrinters', label: c.expectedPrinters, type: 'number' },
    { key: 'presentPrinters', label: c.presentPrinters, type: 'number' },
    { key: 'expectedScanners', label: c.expectedScanners, type: 'number' },
    { key: 'presentScanners', label: c.presentScanners, type: 'number' },
    { key: 'replace', label: c.toReplace, type: 'number' },
    { key: 'add', label: c.toAdd, type: 'number' },
    { key: 'repair', label: c.toRepair, type: 'number' },
    { key: 'keep', label: c.toKeep, type: 'number' },
  ];
  const itemsAt = new Map<string, EquipmentItem[]>();
  for (const i of review.items) {
    const key = placeKey(i.unitId, i.roomId);
    itemsAt.set(key, [...(itemsAt.get(key) ?? []), i]);
  }
  const places = review.places;
  const row = (unit: string, room: string, ps: typeof places, items: EquipmentItem[]): DocumentRow => {
    const sum = (f: (p: (typeof places)[number]) => number | null) => {
      const values = ps.map(f);
      return values.every((v) => v === null) ? null : values.reduce<number>((n, v) => n + (v ?? 0), 0);
    };
    const expected = sum((p) => p.expected.workstations) ?? 0;
    const present = sum((p) => p.present.workstations) ?? 0;
    return {
      unit,
      room,
      expectedWorkstations: expected,
      presentWorkstations: present,
      missingWorkstations: ps.reduce((n, p) => n + Math.max(0, p.expected.workstations - p.present.workstations), 0),
      expectedPrinters: sum((p) => p.expected.printers),
      presentPrinters: sum((p) => p.present.printers),
      expectedScanners: sum((p) => p.expected.scanners),
      presentScanners: sum((p) => p.present.scanners),
      ...countProposals(items),
    };
  };
  const descendants = (unitId: string): Set<string> => {
    const out = new Set([unitId]);
    for (const u of ix.unitsInOrder) if (u.parentId && out.has(u.parentId)) out.add(u.unitId);
    return out;
  };
  const rows: DocumentRow[] = [];
  for (const unit of ix.unitsInOrder) {
    const unitName = ix.unitName(unit.unitId);
    const tree = descendants(unit.unitId);
    const inTree = places.filter((p) => tree.has(p.unitId));
    rows.push(row(unitName, L.meta.wholeUnit, inTree, review.items.filter((i) => tree.has(i.unitId))));
    const outside = places.find((p) => p.unitId === unit.unitId && p.roomId === null);
    const outsideItems = itemsAt.get(placeKey(unit.unitId, null)) ?? [];
    if (outside && (outside.expected.workstations > 0 || outsideItems.length)) rows.push(row(unitName, L.equipment.outsideRooms, [outside], outsideItems));
    for (const room of unit.rooms) {
      const place = places.filter((p) => p.unitId === unit.unitId && p.roomId === room.roomId);
      rows.push(row(unitName, ix.roomName(unit.unitId, room.roomId), place, itemsAt.get(placeKey(unit.unitId, room.roomId)) ?? []));
    }
  }
  return { id: 'rooms', title: L.part.rooms, columns, rows, layout: 'table' as const, groupBy: ['unit'] };
}

function itemsPart(ix: EvaluationIndex, review: EquipmentReview, lang: Lang) {
  const L = labelsFor(lang);
  const c = L.col;
  const rules = ruleColumns(review);
  const columns: DocumentColumn[] = [
    { key: 'unit', label: c.unit, type: 'text' },
    { key: 'room', label: c.room, type: 'text' },
    { key: 'kind', label: c.deviceKind, type: 'text' },
    { key: 'device', label: c.device, type: 'text' },
    { key: 'assetTag', label: c.assetTag, type: 'text' },
    { key: 'serial', label: c.serial, type: 'text' },
    { key: 'model', label: c.model, type: 'text' },
    { key: 'user', label: c.user, type: 'text' },
    { key: 'ageYears', label: c.ageYears, type: 'number' },
    { key: 'ageSource', label: c.ageSource, type: 'text' },
    ...rules.map((id): DocumentColumn => ({ key: `rule-${id}`, label: nfc(review.ruleTitles[id]?.[lang] ?? id), type: 'finding', wide: true })),
    { key: 'failingDisks', label: c.failingDisks, type: 'list' },
    { key: 'condition', label: c.condition, type: 'text' },
    { key: 'dataSource', label: c.dataSource, type: 'text' },
    { key: 'proposal', label: c.proposal, type: 'proposal' },
    { key: 'quantity', label: c.quantity, type: 'number' },
    { key: 'reason', label: c.reason, type: 'list', wide: true },
  ];
  const unitRank = new Map(ix.unitsInOrder.map((u, i) => [u.unitId, i]));
  const roomRank = new Map(ix.unitsInOrder.flatMap((u) => u.rooms.map((r, i) => [placeKey(u.unitId, r.roomId), i] as const)));
  const sorted = [...review.items].sort(
    (a, b) =>
      (unitRank.get(a.unitId) ?? 1e9) - (unitRank.get(b.unitId) ?? 1e9) ||
      (a.roomId === null ? -1 : (roomRank.get(placeKey(a.unitId, a.roomId)) ?? 1e9)) - (b.roomId === null ? -1 : (roomRank.get(placeKey(b.unitId, b.roomId)) ?? 1e9)) ||
      KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) ||
      ix.compare(a.name, b.name),
  );
  const rows: DocumentRow[] = sorted.map((i) => {
    const row: DocumentRow = {
      unit: ix.unitName(i.unitId),
      room: i.roomId === null ? L.equipment.outsideRooms : ix.roomName(i.unitId, i.roomId),
      kind: deviceKindLabel(lang, i.kind),
      device: nfc(i.name),
      assetTag: i.assetTag && nfc(i.assetTag),
      serial: i.serial && nfc(i.serial),
      model: i.model && nfc(i.model),
      user: i.user && nfc(i.user),
      ageYears: i.ageYears,
      ageSource: i.ageSource ? L.equipment.ageSource[i.ageSource]! : null,
    };
    for (const id of rules) {
      const r = i.rules.find((x) => x.ruleId === id);
      row[`rule-${id}`] = r ? { status: r.status, evidence: r.evidence.map(nfc) } : null;
    }
    row.failingDisks = i.failingDisks && i.failingDisks.map(nfc);
    row.condition = i.condition && nfc(i.condition);
    row.dataSource = L.equipment.source[i.source]!;
    row.proposal = i.proposal;
    row.quantity = i.quantity;
    row.reason = reasonSentences(i, review, lang);
    return row;
  });
  return { id: 'items', title: L.part.items, columns, rows, layout: 'table' as const, groupBy: ['unit', 'room'] };
}

function criteriaPart(review: EquipmentReview, lang: Lang) {
  const L = labelsFor(lang);
  const E = L.equipment;
  const columns: DocumentColumn[] = [
    { key: 'criterion', label: L.col.rule, type: 'text' },
    { key: 'threshold', label: L.col.threshold, type: 'text', wide: true },
    { key: 'kinds', label: L.col.deviceKind, type: 'list' },
    { key: 'proposal', label: L.col.proposal, type: 'proposal' },
    { key: 'basis', label: L.col.basis, type: 'text', wide: true },
  ];
  const rows: DocumentRow[] = review.policy.decisions.map((d) => ({
    criterion: E.criterion[d.criterion],
    threshold:
      d.criterion === 'age_over'
        ? E.threshold.ageOver(d.years)
        : d.criterion === 'register_condition'
          ? E.threshold.anyOf(d.conditions.map(nfc))
          : d.criterion === 'rule_fails'
            ? nfc(review.ruleTitles[d.rule]?.[lang] ?? d.rule)
            : E.threshold[d.criterion],
    kinds: d.kinds ? d.kinds.map((k) => deviceKindLabel(lang, k)) : null,
    proposal: d.proposal,
    basis: nfc(d.reason),
  }));
  return { id: 'criteria', title: L.part.criteria, columns, rows, layout: 'table' as const, groupBy: [] };
}

function build(input: BuildInput, opts: BuildOptions) {
  const review = input.equipment;
  if (!review) throw new Error('the equipment document is built from an equipment review; fetch it with the readiness source (collector/assets/equipment-source.ts)');
  const ix = indexEvaluation(input.evaluation, opts.lang);
  const L = labelsFor(opts.lang);
  const fmt = formatterFor({ lang: opts.lang, timeZone: opts.timeZone ?? 'UTC' });
  const counts = countProposals(review.items);
  const devices = review.items.filter((i) => i.source !== 'expected');
  return {
    ...documentFrame('equipment', ix, opts),
    orientation: 'landscape' as const,
    facts: [
      { label: L.fact.equipmentItems, value: devices.length },
      { label: L.col.toReplace, value: counts.replace },
      { label: L.col.toAdd, value: counts.add },
      { label: L.col.toRepair, value: counts.repair },
      { label: L.fact.devicesUnknown, value: devices.filter((i) => i.unchecked.length).length },
      { label: L.equipment.source.register!, value: review.register ? `${nfc(review.register.sourceFile)} — ${fmt.dateTime(review.register.importedAt)}` : L.fact.noRegister },
      ...(review.register ? [{ label: L.fact.registerLines, value: review.register.rows }] : []),
      ...(review.policy.source ? [{ label: L.fact.basis, value: nfc(review.policy.source) }] : []),
    ],
    chart: null,
    parts: [roomsPart(ix, review, opts.lang), itemsPart(ix, review, opts.lang), criteriaPart(review, opts.lang)],
    primaryPart: 'items',
  };
}

export const equipmentKind: ReportKindBuilder = { kind: 'equipment', needs: { previous: false, history: false, equipment: true, live: true }, build };
