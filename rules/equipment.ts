/**
 * The equipment review: for each device in each room, what the decision table of the rule
 * pack proposes (replace, add, repair, keep) and why. Pure: the collector gathers the inputs
 * (hosts' latest reports, the asset register, the org file, device scans) and this decides.
 *
 * Every row of the table whose criterion holds for a device gives a reason; the strongest
 * proposal among them wins (replace, then add, then repair; keep when none holds). A
 * criterion the device's data cannot answer (no age, no SMART status, a rule unknown) is
 * listed as not checked, never taken as passed silently.
 */
import type { AssetRow, EquipmentDecision, EquipmentDevice, EquipmentItem, EquipmentKind, EquipmentPlace, EquipmentPolicy, EquipmentReason, EquipmentReview, HostRuleResult, Proposal } from '../schema/index.js';
import { PROPOSAL_STRENGTH } from '../schema/index.js';
import { parseBiosDate } from './facts/hardware.js';
import { plainWords } from '../util/plain-text.js';

const YEAR_MS = 365.25 * 86_400_000;
const round1 = (n: number) => Math.round(n * 10) / 10;

/** The kinds each criterion applies to unless a decision row names its own. */
const DEFAULT_KINDS: Record<EquipmentDecision['criterion'], readonly EquipmentKind[]> = {
  missing: ['workstation', 'printer', 'scanner'],
  register_condition: ['workstation', 'laptop', 'printer', 'scanner', 'other'],
  age_over: ['workstation', 'laptop', 'printer', 'scanner', 'other'],
  rule_fails: ['workstation', 'laptop'],
  failing_disk: ['workstation', 'laptop'],
};
const appliesTo = (d: EquipmentDecision, kind: EquipmentKind) => (d.kinds ?? DEFAULT_KINDS[d.criterion]).includes(kind);


/**
 * How specifically a register condition says one of `words`: the length of the longest one it
 * says as whole words and not negated, 0 for none. "Hỏng màn hình" says "hỏng"; "Không hỏng"
 * and "Tốt" do not; "Hỏng nhẹ" says "hỏng nhẹ" more specifically than "hỏng".
 */
export function conditionMatch(condition: string, words: readonly string[]): number {
  const text = ` ${plainWords(condition)} `;
  let longest = 0;
  for (const w of words) {
    const word = plainWords(w);
    if (!word) continue;
    const at = text.indexOf(` ${word} `);
    if (at >= 0 && !/ (khong|chua|not|no) $/.test(text.slice(0, at + 1))) longest = Math.max(longest, word.length);
  }
  return longest;
}

export interface ReviewMachine {
  agentId: string;
  hostname: string;
  unitId: string;
  roomId: string | null;
  kind: 'workstation' | 'laptop';
  serial: string | null;
  model: string | null;
  /** The BIOS release date as the report gives it. */
  biosDate: string | null;
  /** Disks SMART calls failing; undefined when no disk's status is known. */
  failingDisks: string[] | undefined;
  /** The host's results of the rules the table names. */
  results: readonly HostRuleResult[];
  /** Its register line, when the import matched one. */
  asset: AssetRow | null;
}

export interface SeenPrinter {
  unitId: string;
  roomId: string | null;
  kind: 'printer' | 'scanner';
  name: string;
  model: string;
  /** Hosts that have it configured or attached. */
  hosts: string[];
}

export interface ReviewInput {
  asOf: string;
  now: Date;
  policy: EquipmentPolicy;
  ruleTitles: EquipmentReview['ruleTitles'];
  register: EquipmentReview['register'];
  /** Every room (and unit outside rooms) under review with what the org file expects there. */
  places: Array<Pick<EquipmentPlace, 'unitId' | 'roomId' | 'expected'>>;
  machines: readonly ReviewMachine[];
  /** Register lines not matched to a host, placed in a unit (and room) of the review. */
  assets: readonly AssetRow[];
  printers: readonly SeenPrinter[];
  devices: readonly EquipmentDevice[];
}

interface Judged {
  proposal: Proposal;
  reasons: EquipmentReason[];
  unchecked: string[];
}

/** Applies every row of the table to one device. */
export function judge(
  policy: EquipmentPolicy,
  kind: EquipmentKind,
  facts: { ageYears: number | null; ageSource: 'register' | 'bios' | null; condition: string | null; results: readonly HostRuleResult[] | null; failingDisks: string[] | undefined | null },
): Judged {
  const reasons: Array<EquipmentReason & { proposal: Proposal }> = [];
  const unchecked = new Set<string>();
  // Of the condition rows, only those matching the most specific wording apply.
  const conditionRows = policy.decisions.filter((d) => d.criterion === 'register_condition' && appliesTo(d, kind));
  const matchLength = (d: EquipmentDecision) => (facts.condition && d.criterion === 'register_condition' ? conditionMatch(facts.condition, d.conditions) : 0);
  const bestCondition = Math.max(0, ...conditionRows.map(matchLength));
  for (const d of policy.decisions) {
    if (!appliesTo(d, kind)) continue;
    switch (d.criterion) {
      case 'missing':
        break;
      case 'register_condition':
        if (bestCondition > 0 && matchLength(d) === bestCondition) reasons.push({ criterion: d.criterion, condition: facts.condition!, proposal: d.proposal });
        break;
      case 'age_over':
        if (facts.ageYears === null || facts.ageSource === null) unchecked.add('age');
        else if (facts.ageYears > d.years) reasons.push({ criterion: d.criterion, years: facts.ageYears, limit: d.years, source: facts.ageSource, proposal: d.proposal });
        break;
      case 'rule_fails': {
        const result = facts.results?.find((r) => r.ruleId === d.rule);
        if (!result || result.status === 'unknown') unchecked.add(d.rule);
        else if (result.status === 'fail') reasons.push({ criterion: d.criterion, ruleId: d.rule, evidence: result.evidence, proposal: d.proposal });
        break;
      }
      case 'failing_disk':
        if (!facts.failingDisks) unchecked.add('disks');
        else if (facts.failingDisks.length) reasons.push({ criterion: d.criterion, disks: facts.failingDisks, proposal: d.proposal });
        break;
    }
  }
  const proposal = reasons.reduce<Proposal>((best, r) => (PROPOSAL_STRENGTH[r.proposal] > PROPOSAL_STRENGTH[best] ? r.proposal : best), 'keep');
  return { proposal, reasons: reasons.map(({ proposal: _p, ...r }) => r), unchecked: [...unchecked] };
}

/** Age from the register's purchase or commissioning date, else from the BIOS date; null when neither is known. */
export function ageOf(now: Date, purchaseDate: string | null, biosDate: string | null): { years: number; source: 'register' | 'bios' } | null {
  const purchased = purchaseDate ? Date.parse(`${purchaseDate}T00:00:00Z`) : NaN;
  if (Number.isFinite(purchased)) return { years: Math.max(0, round1((now.getTime() - purchased) / YEAR_MS)), source: 'register' };
  const bios = biosDate ? parseBiosDate(biosDate.trim()) : undefined;
  return bios === undefined ? null : { years: Math.max(0, round1((now.getTime() - bios) / YEAR_MS)), source: 'bios' };
}

const placeKey = (unitId: string, roomId: string | null) => `${unitId}\u0000${roomId ?? ''}`;
const compact = (s: string | null | undefined) => (s ?? '').toLowerCase().replace(/[^a-z0-9]/g, '');

/** A register line and a printer seen by agents are the same device when one model name contains the other. */
const sameModel = (asset: AssetRow, seen: SeenPrinter) => {
  const a = compact(asset.model);
  const b = compact(seen.model || seen.name);
  return a.length >= 3 && b.length >= 3 && (a.includes(b) || b.includes(a));
};

function itemOf(base: Omit<EquipmentItem, 'proposal' | 'reasons' | 'unchecked' | 'quantity' | 'notes' | 'seenBy'> & { notes?: EquipmentItem['notes']; seenBy?: string[] }, judged: Judged): EquipmentItem {
  return { ...base, quantity: 1, notes: base.notes ?? [], seenBy: base.seenBy ?? [], ...judged };
}

export function reviewEquipment(input: ReviewInput): EquipmentReview {
  const { policy, now } = input;
  const items: EquipmentItem[] = [];
  const places = new Map(input.places.map((p) => [placeKey(p.unitId, p.roomId), { ...p, present: { workstations: 0, printers: 0, scanners: 0 } }]));
  const placeOf = (unitId: string, roomId: string | null) => {
    const key = placeKey(unitId, roomId);
    let p = places.get(key);
    if (!p) places.set(key, (p = { unitId, roomId, expected: { workstations: 0, printers: null, scanners: null }, present: { workstations: 0, printers: 0, scanners: 0 } }));
    return p;
  };
  const count = (item: Pick<EquipmentItem, 'unitId' | 'roomId' | 'kind'>) => {
    const p = placeOf(item.unitId, item.roomId).present;
    if (item.kind === 'workstation' || item.kind === 'laptop') p.workstations++;
    else if (item.kind === 'printer') p.printers++;
    else if (item.kind === 'scanner') p.scanners++;
  };

  for (const m of input.machines) {
    const age = ageOf(now, m.asset?.purchaseDate ?? null, m.biosDate);
    const judged = judge(policy, m.kind, { ageYears: age?.years ?? null, ageSource: age?.source ?? null, condition: m.asset?.condition ?? null, results: m.results, failingDisks: m.failingDisks });
    const item = itemOf(
      {
        unitId: m.unitId,
        roomId: m.roomId,
        kind: m.kind,
        name: m.hostname,
        source: m.asset ? 'both' : 'agent',
        agentId: m.agentId,
        assetTag: m.asset?.assetTag ?? null,
        serial: m.serial ?? m.asset?.serial ?? null,
        model: m.model ?? m.asset?.model ?? null,
        user: m.asset?.user ?? null,
        ageYears: age?.years ?? null,
        ageSource: age?.source ?? null,
        rules: policy.decisions.flatMap((d) => (d.criterion === 'rule_fails' && appliesTo(d, m.kind) ? (m.results.filter((r) => r.ruleId === d.rule) as HostRuleResult[]) : [])),
        failingDisks: m.failingDisks ?? null,
        condition: m.asset?.condition ?? null,
        notes: m.asset ? [] : ['not_in_register'],
      },
      judged,
    );
    items.push(item);
    count(item);
  }

  // Printers and scanners the agents see, each matched to at most one register line of its room.
  const assetsLeft = [...input.assets];
  const seenLeft: SeenPrinter[] = [];
  for (const seen of input.printers) {
    const i = assetsLeft.findIndex((a) => a.kind === seen.kind && a.unitId === seen.unitId && a.roomId === seen.roomId && sameModel(a, seen));
    if (i < 0) seenLeft.push(seen);
    else {
      const [asset] = assetsLeft.splice(i, 1);
      items.push(assetItem(asset!, seen.hosts));
    }
  }
  for (const device of input.devices) {
    const i = device.serial ? assetsLeft.findIndex((a) => a.serial !== null && compact(a.serial) === compact(device.serial)) : -1;
    const asset = i >= 0 ? assetsLeft.splice(i, 1)[0]! : null;
    if (asset) items.push({ ...assetItem(asset, []), source: 'device', name: device.name });
    else items.push(judgedItem({ unitId: device.unitId, roomId: device.roomId, kind: device.kind, name: device.name, source: 'device', model: device.model, serial: device.serial, notes: ['not_in_register'] }));
  }
  for (const asset of assetsLeft) items.push(assetItem(asset, []));
  for (const seen of seenLeft) {
    items.push(judgedItem({ unitId: seen.unitId, roomId: seen.roomId, kind: seen.kind, name: seen.name, source: 'agent', model: seen.model || null, serial: null, notes: ['not_in_register'], seenBy: seen.hosts }));
  }
  for (const item of items.slice(input.machines.length)) count(item);

  function assetItem(asset: AssetRow, seenBy: string[]): EquipmentItem {
    const age = ageOf(now, asset.purchaseDate, null);
    const judged = judge(policy, asset.kind, { ageYears: age?.years ?? null, ageSource: age?.source ?? null, condition: asset.condition, results: null, failingDisks: null });
    // A workstation known only from the register has no report: the rules and disks cannot be checked.
    return itemOf(
      {
        unitId: asset.unitId!,
        roomId: asset.roomId,
        kind: asset.kind,
        name: asset.name ?? asset.model ?? asset.assetTag ?? asset.kindText,
        source: 'register',
        agentId: null,
        assetTag: asset.assetTag,
        serial: asset.serial,
        model: asset.model,
        user: asset.user,
        ageYears: age?.years ?? null,
        ageSource: age?.source ?? null,
        rules: [],
        failingDisks: null,
        condition: asset.condition,
        notes: asset.kind === 'workstation' || asset.kind === 'laptop' ? ['no_agent'] : [],
        seenBy,
      },
      judged,
    );
  }
  function judgedItem(base: { unitId: string; roomId: string | null; kind: EquipmentKind; name: string; source: EquipmentItem['source']; model: string | null; serial: string | null; notes: EquipmentItem['notes']; seenBy?: string[] }): EquipmentItem {
    const judged = judge(policy, base.kind, { ageYears: null, ageSource: null, condition: null, results: null, failingDisks: null });
    return itemOf({ ...base, agentId: null, assetTag: null, user: null, ageYears: null, ageSource: null, rules: [], failingDisks: null, condition: null }, judged);
  }

  // Missing devices: fewer present than expected, one line per place and kind.
  const missing = policy.decisions.find((d) => d.criterion === 'missing');
  for (const p of places.values()) {
    const short: Array<[EquipmentKind, number]> = [
      ['workstation', p.expected.workstations - p.present.workstations],
      ['printer', p.expected.printers === null ? 0 : p.expected.printers - p.present.printers],
      ['scanner', p.expected.scanners === null ? 0 : p.expected.scanners - p.present.scanners],
    ];
    for (const [kind, n] of short) {
      if (n <= 0 || !missing || !appliesTo(missing, kind)) continue;
      items.push({
        unitId: p.unitId,
        roomId: p.roomId,
        kind,
        name: '',
        source: 'expected',
        agentId: null,
        assetTag: null,
        serial: null,
        model: null,
        user: null,
        ageYears: null,
        ageSource: null,
        rules: [],
        failingDisks: null,
        condition: null,
        quantity: n,
        proposal: 'add',
        reasons: [{ criterion: 'missing', count: n }],
        unchecked: [],
        notes: [],
        seenBy: [],
      });
    }
  }

  return { asOf: input.asOf, policy, ruleTitles: input.ruleTitles, register: input.register, places: [...places.values()], items };
}
