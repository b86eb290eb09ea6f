/**
 * Equipment review and replacement proposals (Resolution 46-NQ/BTVĐU I.3, Plan 24-KH/ĐU), a
 * report in the administrative form: per unit and room, workstations, printers and scanners
 * expected and present; then every device with its age (and where the age comes from), the
 * rules of the decision table it fails, failing disks, the register's condition, and the
 * proposal — replace, add, repair or keep — with the reasons; then the decision table itself,
 * each threshold with its reason. The XLSX is for the procurement plan, the HTML to print and sign.
 */
import type { DocumentColumn, DocumentPart, DocumentRow, EquipmentItem, EquipmentReview, Proposal } from '../../schema/index.js';
import type { KindContext } from '../document.js';
import { defineKind, tablePart } from '../document.js';
import { nfc } from '../evaluation-index.js';
import { deviceKindLabel } from '../i18n.js';

/** The kind's context: the review it is made from, fetched by the caller (`needs.equipment`). */
export interface EquipmentContext extends KindContext {
  review: EquipmentReview;
}

const KIND_ORDER = ['workstation', 'laptop', 'printer', 'scanner', 'other'];

/** The rules the decision table names, each a column of findings. */
const ruleColumns = (review: EquipmentReview) => [...new Set(review.policy.decisions.flatMap((d) => (d.criterion === 'rule_fails' ? [d.rule] : [])))];

/** A rule's title in the document's language: the evaluation's, else the one the review kept. */
const ruleTitle = (ctx: EquipmentContext, id: string) => (ctx.ix.rule(id) ? ctx.ix.ruleTitle(id) : nfc(ctx.review.ruleTitles[id]?.[ctx.opts.lang] ?? id));

/** Each reason, what could not be checked and the remarks, as sentences in the document's language. */
export function reasonSentences(ctx: EquipmentContext, item: EquipmentItem): string[] {
  const { L, fmt, say, opts } = ctx;
  const R = L.equipment.reason;
  const out = item.reasons.map((r) => {
    switch (r.criterion) {
      case 'missing':
        return R.missing(r.count, deviceKindLabel(opts.lang, item.kind));
      case 'register_condition':
        return R.condition(nfc(r.condition));
      case 'age_over':
        return R.age(fmt.number(r.years), r.limit, L.equipment.ageSource[r.source]!);
      case 'rule_fails': {
        const evidence = say.lines(r.evidence);
        return `${ruleTitle(ctx, r.ruleId)}${evidence.length ? `: ${evidence.join('; ')}` : ''}`;
      }
      case 'failing_disk':
        return R.disks(r.disks.map(nfc));
    }
  });
  if (item.unchecked.length) out.push(R.unchecked(item.unchecked.map((u) => (u === 'age' ? R.age_unknown : u === 'disks' ? R.disks_unknown : ruleTitle(ctx, u)))));
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

function roomsPart(ctx: EquipmentContext): DocumentPart {
  const { ix, L, review } = ctx;
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
    return {
      unit,
      room,
      expectedWorkstations: sum((p) => p.expected.workstations) ?? 0,
      presentWorkstations: sum((p) => p.present.workstations) ?? 0,
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
  // Narrowed to one room, a "whole unit" line would be that room again under another name.
  const oneRoom = ix.evaluation.scopeRoomId !== null;
  const rows: DocumentRow[] = [];
  for (const unit of ix.unitsInOrder) {
    const unitName = ix.unitName(unit.unitId);
    if (!oneRoom) {
      const tree = descendants(unit.unitId);
      rows.push(row(unitName, L.meta.wholeUnit, places.filter((p) => tree.has(p.unitId)), review.items.filter((i) => tree.has(i.unitId))));
      const outside = places.find((p) => p.unitId === unit.unitId && p.roomId === null);
      const outsideItems = itemsAt.get(placeKey(unit.unitId, null)) ?? [];
      if (outside && (outside.expected.workstations > 0 || outsideItems.length)) rows.push(row(unitName, L.equipment.outsideRooms, [outside], outsideItems));
    }
    for (const room of unit.rooms) {
      const place = places.filter((p) => p.unitId === unit.unitId && p.roomId === room.roomId);
      rows.push(row(unitName, ix.roomName(unit.unitId, room.roomId), place, itemsAt.get(placeKey(unit.unitId, room.roomId)) ?? []));
    }
  }
  return tablePart(ctx, { id: 'rooms', title: L.part.rooms, columns, rows, groupBy: ['unit'] });
}

function itemsPart(ctx: EquipmentContext): DocumentPart {
  const { ix, L, opts, review } = ctx;
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
    ...rules.map((id): DocumentColumn => ({ key: `rule-${id}`, label: ruleTitle(ctx, id), type: 'finding', wide: true })),
    { key: 'failingDisks', label: c.failingDisks, type: 'list' },
    { key: 'condition', label: c.condition, type: 'text' },
    { key: 'dataSource', label: c.dataSource, type: 'text' },
    { key: 'proposal', label: c.proposal, type: 'proposal' },
    { key: 'quantity', label: c.quantity, type: 'number' },
    { key: 'reason', label: c.reason, type: 'list', wide: true },
  ];
  const unitRank = new Map(ix.unitsInOrder.map((u, i) => [u.unitId, i]));
  const roomRank = new Map(ix.unitsInOrder.flatMap((u) => u.rooms.map((r, i) => [placeKey(u.unitId, r.roomId), i] as const)));
  const rank = (i: EquipmentItem) => (i.roomId === null ? -1 : (roomRank.get(placeKey(i.unitId, i.roomId)) ?? 1e9));
  const sorted = [...review.items].sort(
    (a, b) =>
      (unitRank.get(a.unitId) ?? 1e9) - (unitRank.get(b.unitId) ?? 1e9) ||
      rank(a) - rank(b) ||
      KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) ||
      ix.compare(a.name, b.name),
  );
  const rows: DocumentRow[] = sorted.map((i) => {
    const row: DocumentRow = {
      unit: ix.unitName(i.unitId),
      room: i.roomId === null ? L.equipment.outsideRooms : ix.roomName(i.unitId, i.roomId),
      kind: deviceKindLabel(opts.lang, i.kind),
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
      row[`rule-${id}`] = r ? { status: r.status, evidence: ctx.say.lines(r.evidence) } : null;
    }
    row.failingDisks = i.failingDisks && i.failingDisks.map(nfc);
    row.condition = i.condition && nfc(i.condition);
    row.dataSource = L.equipment.source[i.source]!;
    row.proposal = i.proposal;
    row.quantity = i.quantity;
    row.reason = reasonSentences(ctx, i);
    return row;
  });
  return tablePart(ctx, { id: 'items', title: L.part.items, columns, rows, groupBy: ['unit', 'room'] });
}

function criteriaPart(ctx: EquipmentContext): DocumentPart {
  const { L, opts, review } = ctx;
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
            ? ruleTitle(ctx, d.rule)
            : E.threshold[d.criterion],
    kinds: d.kinds ? d.kinds.map((k) => deviceKindLabel(opts.lang, k)) : null,
    proposal: d.proposal,
    basis: nfc(d.reason),
  }));
  return tablePart(ctx, { id: 'criteria', title: L.part.criteria, columns, rows });
}

export const equipmentKind = defineKind<EquipmentContext>({
  kind: 'equipment',
  needs: { previous: false, history: false, equipment: true, live: true },
  form: 'report',
  orientation: 'landscape',
  prepare: (ctx) => {
    const review = ctx.input.equipment;
    if (!review) throw new Error('the equipment document is built from an equipment review; fetch it with the readiness source (collector/assets/equipment-source.ts)');
    return { ...ctx, review };
  },
  facts: ({ L, fmt, review }) => {
    const counts = countProposals(review.items);
    const devices = review.items.filter((i) => i.source !== 'expected');
    return [
      { label: L.fact.equipmentItems, value: devices.length },
      { label: L.col.toReplace, value: counts.replace },
      { label: L.col.toAdd, value: counts.add },
      { label: L.col.toRepair, value: counts.repair },
      { label: L.fact.devicesUnknown, value: devices.filter((i) => i.unchecked.length).length },
      { label: L.equipment.source.register!, value: review.register ? `${nfc(review.register.sourceFile)} — ${fmt.dateTime(review.register.importedAt)}` : L.fact.noRegister },
      ...(review.register ? [{ label: L.fact.registerLines, value: review.register.rows }] : []),
      ...(review.policy.source ? [{ label: L.fact.basis, value: nfc(review.policy.source) }] : []),
    ];
  },
  parts: [roomsPart, itemsPart, criteriaPart],
  primaryPart: 'items',
});
