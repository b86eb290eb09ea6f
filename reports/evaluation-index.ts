/**
 * Look-ups every report kind needs over one Evaluation: rules by id, units in tree order, room
 * and host names. Built once per document so 20,000 hosts cost maps, not nested scans. Text
 * from the evaluation passes through `nfc` so a name typed in decomposed form (as some editors
 * save it) prints and sorts like the same name typed in composed form.
 */
import type { Evaluation, HostEvaluation, Lang, RuleInfo, RuleProgress, UnitEvaluation } from '../schema/index.js';
import { labelsFor, localeOf, remoteAsOfLabel } from './i18n.js';
import { DEFAULT_TIME_ZONE } from '../rules/org-model.js';

export const nfc = (s: string): string => s.normalize('NFC');

export interface EvaluationIndex {
  evaluation: Evaluation;
  lang: Lang;
  rules: RuleInfo[];
  rule(id: string): RuleInfo | undefined;
  /** The rule's title in the document's language, or its id for a rule the evaluation lacks. */
  ruleTitle(id: string): string;
  /** Parents before children, siblings in the order the org file gives them. */
  unitsInOrder: UnitEvaluation[];
  unitName(unitId: string): string;
  roomName(unitId: string, roomId: string | null): string;
  hostname(agentId: string): string;
  /** Hosts sorted by unit (tree order), room, then host name. */
  hostsInOrder(): HostEvaluation[];
  compare(a: string, b: string): number;
  /** The room the evaluation was narrowed to, with its name. */
  scopeRoom(): { id: string; name: string } | null;
  /**
   * The figures a table lists, in print order: each unit as a whole ("Toàn đơn vị"), then its
   * rooms; only the rooms when the evaluation was narrowed to one.
   */
  groups(): ProgressGroup[];
  /** One rule's figures in a unit (roomId null: the unit rolled up) or one of its rooms. */
  progress(unitId: string, roomId: string | null, ruleId: string): RuleProgress | undefined;
}

export interface ProgressGroup {
  unitId: string;
  unitName: string;
  roomId: string | null;
  /** The room's name, or the words for the unit as a whole. */
  roomLabel: string;
  rules: RuleProgress[];
}

function treeOrder(units: UnitEvaluation[]): UnitEvaluation[] {
  const ids = new Set(units.map((u) => u.unitId));
  const children = new Map<string, UnitEvaluation[]>();
  for (const u of units) {
    const parent = u.parentId && ids.has(u.parentId) ? u.parentId : '';
    children.set(parent, [...(children.get(parent) ?? []), u]);
  }
  const out: UnitEvaluation[] = [];
  const seen = new Set<string>();
  const visit = (u: UnitEvaluation) => {
    if (seen.has(u.unitId)) return;
    seen.add(u.unitId);
    out.push(u);
    for (const child of children.get(u.unitId) ?? []) visit(child);
  };
  for (const root of children.get('') ?? []) visit(root);
  // A cycle in the org data would leave units unreached; print them rather than drop them.
  for (const u of units) visit(u);
  return out;
}

/** `timeZone`: the org's, for the time a child's figures were taken ("Số liệu lúc …"). */
export function indexEvaluation(evaluation: Evaluation, lang: Lang, timeZone = DEFAULT_TIME_ZONE): EvaluationIndex {
  const rulesById = new Map(evaluation.rules.map((r) => [r.id, r]));
  const titles = new Map(evaluation.rules.map((r) => [r.id, nfc(r.title[lang])]));
  const unitsInOrder = treeOrder(evaluation.units);
  const unitRank = new Map(unitsInOrder.map((u, i) => [u.unitId, i]));
  const unitNames = new Map(evaluation.units.map((u) => [u.unitId, nfc(u.name)]));
  const roomNames = new Map<string, string>();
  const roomRank = new Map<string, number>();
  for (const u of evaluation.units) {
    u.rooms.forEach((r, i) => {
      roomNames.set(`${u.unitId}\u0000${r.roomId}`, nfc(r.name));
      roomRank.set(`${u.unitId}\u0000${r.roomId}`, i);
    });
  }
  // A host whose data was imported says so wherever it is named (no self-certification unseen).
  const L = labelsFor(lang);
  const mark = (h: HostEvaluation) => (!h.origin ? '' : ` (${h.origin.selfCertified ? L.meta.selfCertified : L.meta.imported})`);
  const hostnames = new Map(evaluation.hosts.map((h) => [h.agentId, nfc(h.hostname) + mark(h)]));
  // A child's machine named in a blocking list of its unit (`parent.includeHosts`); this collector's own host of that id wins.
  for (const h of evaluation.remoteHosts ?? []) if (!hostnames.has(h.agentId)) hostnames.set(h.agentId, nfc(h.hostname));
  const progressOf = new Map<string, RuleProgress>();
  for (const u of evaluation.units) {
    for (const p of u.rules) progressOf.set(`${u.unitId}\u0000\u0000${p.ruleId}`, p);
    for (const r of u.rooms) for (const p of r.rules) progressOf.set(`${u.unitId}\u0000${r.roomId}\u0000${p.ruleId}`, p);
  }
  const roomScope = evaluation.scopeRoomId;
  const collator = new Intl.Collator(localeOf(lang), { numeric: true, sensitivity: 'base' });
  const compare = (a: string, b: string) => collator.compare(a, b);

  let sortedHosts: HostEvaluation[] | undefined;
  /** Sorted once per document: several parts list the hosts, and a collator compare is not cheap. */
  const sortHosts = (): HostEvaluation[] => {
    const key = (h: HostEvaluation) => ({
      unit: unitRank.get(h.unitId) ?? Number.MAX_SAFE_INTEGER,
      room: h.roomId === null ? -1 : (roomRank.get(`${h.unitId}\u0000${h.roomId}`) ?? Number.MAX_SAFE_INTEGER),
    });
    const keys = new Map(evaluation.hosts.map((h) => [h, key(h)]));
    return [...evaluation.hosts].sort((a, b) => {
      const ka = keys.get(a)!;
      const kb = keys.get(b)!;
      return ka.unit - kb.unit || ka.room - kb.room || compare(a.hostname, b.hostname) || a.agentId.localeCompare(b.agentId);
    });
  };

  return {
    evaluation,
    lang,
    rules: evaluation.rules,
    rule: (id) => rulesById.get(id),
    ruleTitle: (id) => titles.get(id) ?? id,
    unitsInOrder,
    unitName: (id) => unitNames.get(id) ?? id,
    roomName: (unitId, roomId) => (roomId === null ? '' : (roomNames.get(`${unitId}\u0000${roomId}`) ?? roomId)),
    hostname: (agentId) => hostnames.get(agentId) ?? agentId,
    hostsInOrder: () => (sortedHosts ??= sortHosts()),
    compare,
    scopeRoom: () => {
      if (roomScope === null) return null;
      const unit = evaluation.units.find((u) => u.rooms.some((r) => r.roomId === roomScope));
      return { id: roomScope, name: unit ? (roomNames.get(`${unit.unitId}\u0000${roomScope}`) ?? roomScope) : roomScope };
    },
    groups: () =>
      unitsInOrder.flatMap((u) => {
        const name = unitNames.get(u.unitId) ?? u.unitId;
        // A child collector's unit says, on every row, how old its figures are.
        const unitName = u.remote ? `${name} (${remoteAsOfLabel(lang, u.remote, timeZone)})` : name;
        const rooms = u.rooms.map((r) => ({ unitId: u.unitId, unitName, roomId: r.roomId, roomLabel: roomNames.get(`${u.unitId}\u0000${r.roomId}`) ?? r.roomId, rules: r.rules }));
        if (roomScope !== null) return rooms;
        return [{ unitId: u.unitId, unitName, roomId: null, roomLabel: labelsFor(lang).meta.wholeUnit, rules: u.rules }, ...rooms];
      }),
    progress: (unitId, roomId, ruleId) => progressOf.get(`${unitId}\u0000${roomId ?? ''}\u0000${ruleId}`),
  };
}
