/**
 * Compiles a check (conditions combined with all / any / not) into a function of a host's
 * facts. Logic is three-valued: a missing fact makes its condition `undefined` (unknown);
 * `all` is false if any part is false, else unknown if any part is; `any` mirrors it.
 * `not` is pushed down to the leaves at compile time, so each leaf's evidence reads the
 * right way round (`WAN loss 20% > 1%`). Evidence is structured (fact, operator, expected,
 * actual, whether it holds, notes): `reports/evidence.ts` says it in each language.
 */
import type { Condition, ConditionValue, Evidence, EvidenceNote, MissingCause, Operator } from '../schema/index.js';
import { FACT_INDEX, FACTS } from './facts/index.js';
import type { Fact, FactType, FactValue } from './facts/types.js';

export type Truth = boolean | undefined;

/** A host's facts, resolved on first use. */
export interface FactSource {
  get(index: number): FactValue | undefined;
  note(index: number): EvidenceNote[] | undefined;
  /** Why the fact is missing (asked only when `get` gave undefined). */
  missing(index: number): Extract<Evidence, { kind: 'missing' }>;
}

/** Evaluates against `facts`, pushing one evidence item per leaf into `evidence`. */
export type Check = (facts: FactSource, evidence: Evidence[]) => Truth;
export interface CompiledCheck {
  check: Check;
  /** Registry indexes of the facts the check reads. */
  facts: number[];
}

/** A problem in a check, with the path of the field at fault inside the condition. */
export class ConditionError extends Error {
  constructor(
    readonly path: Array<string | number>,
    message: string,
  ) {
    super(message);
  }
}

/** The operators each type of fact takes. */
export const OPS_BY_TYPE: Record<FactType, readonly Operator[]> = {
  number: ['eq', 'ne', 'lt', 'lte', 'gt', 'gte', 'in', 'not_in'],
  string: ['eq', 'ne', 'in', 'not_in'],
  boolean: ['eq', 'ne'],
  list: ['contains', 'not_contains', 'empty', 'not_empty'],
};

export const NEGATION: Record<Operator, Operator> = {
  eq: 'ne',
  ne: 'eq',
  lt: 'gte',
  lte: 'gt',
  gt: 'lte',
  gte: 'lt',
  in: 'not_in',
  not_in: 'in',
  contains: 'not_contains',
  not_contains: 'contains',
  empty: 'not_empty',
  not_empty: 'empty',
};

export function compileCondition(node: Condition, path: Array<string | number> = [], negate = false): CompiledCheck {
  if (node.all || node.any) {
    const key = node.all ? 'all' : 'any';
    const parts = (node.all ?? node.any)!.map((child, i) => compileCondition(child, [...path, key, i], negate));
    // De Morgan: under `not`, all becomes any and any becomes all.
    const conjunction = (key === 'all') !== negate;
    const checks = parts.map((p) => p.check);
    return { check: conjunction ? allOf(checks) : anyOf(checks), facts: parts.flatMap((p) => p.facts) };
  }
  if (node.not) return compileCondition(node.not, [...path, 'not'], !negate);
  return compileLeaf(node, path, negate);
}

function allOf(checks: Check[]): Check {
  return (facts, evidence) => {
    let result: Truth = true;
    for (const check of checks) {
      const t = check(facts, evidence);
      if (t === false) result = false;
      else if (t === undefined && result === true) result = undefined;
    }
    return result;
  };
}

function anyOf(checks: Check[]): Check {
  return (facts, evidence) => {
    let result: Truth = false;
    for (const check of checks) {
      const t = check(facts, evidence);
      if (t === true) result = true;
      else if (t === undefined && result === false) result = undefined;
    }
    return result;
  };
}

function compileLeaf(node: Condition, path: Array<string | number>, negate: boolean): CompiledCheck {
  const index = FACT_INDEX.get(node.fact!);
  if (index === undefined) throw new ConditionError([...path, 'fact'], `names no known fact "${node.fact}"${suggest(node.fact!)}; docs/rules.md lists them all`);
  const fact = FACTS[index]!;
  const written = node.op!;
  const allowed = OPS_BY_TYPE[fact.type];
  if (!allowed.includes(written)) {
    throw new ConditionError([...path, 'op'], `"${written}" does not apply to the ${fact.type} fact "${fact.name}"; use one of ${allowed.join(', ')}`);
  }
  const value = checkValue(fact, written, node.value, [...path, 'value']);
  const op = negate ? NEGATION[written] : written;
  const test = predicate(op, value);
  const expected: Extract<Evidence, { kind: 'check' }>['expected'] = value === undefined ? null : Array.isArray(value) ? [...value] : (value as string | number | boolean);
  // Most hosts share their values ("firewall on: yes", "gateway loss 0% ≤ 1%"): one frozen
  // evidence item per value rather than one per host. Bounded; lists are never cached.
  const items = new Map<string | number | boolean, Evidence>();
  const check: Check = (facts, evidence) => {
    const v = facts.get(index);
    if (v === undefined) {
      evidence.push(facts.missing(index));
      return undefined;
    }
    const ok = test(v);
    const notes = ok ? undefined : facts.note(index);
    if (notes?.length) {
      evidence.push({ kind: 'check', fact: fact.name, op, expected, actual: copy(v), holds: ok, notes });
      return ok;
    }
    let item = typeof v === 'object' ? undefined : items.get(v);
    if (item === undefined) {
      item = Object.freeze({ kind: 'check', fact: fact.name, op, expected, actual: copy(v), holds: ok, notes: NO_NOTES }) as Evidence;
      if (typeof v !== 'object' && items.size < ITEM_CACHE) items.set(v, item);
    }
    evidence.push(item);
    return ok;
  };
  return { check, facts: [index] };
}

const ITEM_CACHE = 256;
const NO_NOTES: EvidenceNote[] = Object.freeze([]) as unknown as EvidenceNote[];
/** A list value is the fact's own array: evidence keeps a copy so nothing can change it later. */
const copy = (v: FactValue): Extract<Evidence, { kind: 'check' }>['actual'] => (Array.isArray(v) ? [...v] : (v as string | number | boolean));

/** The missing-fact items are few (one per fact, cause and collector error): shared and frozen. */
const missingItems = new Map<string, Extract<Evidence, { kind: 'missing' }>>();
export function missingEvidence(fact: string, cause: MissingCause, errorCode: Extract<Evidence, { kind: 'missing' }>['errorCode']) {
  const key = `${fact}\u0000${cause}\u0000${errorCode ?? ''}`;
  let item = missingItems.get(key);
  if (!item) {
    item = Object.freeze({ kind: 'missing' as const, fact, cause, errorCode });
    if (missingItems.size < 4096) missingItems.set(key, item);
  }
  return item;
}

function checkValue(fact: Fact, op: Operator, value: ConditionValue | undefined, path: Array<string | number>): ConditionValue | undefined {
  if (op === 'empty' || op === 'not_empty') {
    if (value !== undefined) throw new ConditionError(path, `must be left out: "${op}" takes no value`);
    return undefined;
  }
  if (value === undefined) throw new ConditionError(path, `is missing: "${op}" compares the fact "${fact.name}" with a value`);
  const scalarType = fact.type === 'list' ? 'string' : fact.type;
  if (op === 'in' || op === 'not_in') {
    if (!Array.isArray(value) || !value.every((v) => typeof v === scalarType)) {
      throw new ConditionError(path, `must be a list of ${scalarType}s for "${op}" on the ${fact.type} fact "${fact.name}"`);
    }
    return value;
  }
  if (typeof value !== scalarType) {
    throw new ConditionError(path, `must be a ${scalarType} for the ${fact.type} fact "${fact.name}", not ${JSON.stringify(value)}`);
  }
  return value;
}

function predicate(op: Operator, value: ConditionValue | undefined): (v: FactValue) => boolean {
  switch (op) {
    case 'eq':
      return (v) => v === value;
    case 'ne':
      return (v) => v !== value;
    case 'lt':
      return (v) => (v as number) < (value as number);
    case 'lte':
      return (v) => (v as number) <= (value as number);
    case 'gt':
      return (v) => (v as number) > (value as number);
    case 'gte':
      return (v) => (v as number) >= (value as number);
    case 'in': {
      const set = new Set<unknown>(value as unknown[]);
      return (v) => set.has(v);
    }
    case 'not_in': {
      const set = new Set<unknown>(value as unknown[]);
      return (v) => !set.has(v);
    }
    case 'contains':
      return (v) => (v as readonly string[]).includes(value as string);
    case 'not_contains':
      return (v) => !(v as readonly string[]).includes(value as string);
    case 'empty':
      return (v) => (v as readonly string[]).length === 0;
    case 'not_empty':
      return (v) => (v as readonly string[]).length > 0;
  }
}

/** "did you mean" for a mistyped fact: the registered name fewest edits away, if close. */
function suggest(name: string): string {
  let best = '';
  let bestDistance = Infinity;
  for (const f of FACTS) {
    const d = editDistance(name, f.name);
    if (d < bestDistance) [best, bestDistance] = [f.name, d];
  }
  return bestDistance <= Math.max(2, Math.floor(name.length / 4)) ? ` (did you mean "${best}"?)` : '';
}

function editDistance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) next[j] = Math.min(row[j]! + 1, next[j - 1]! + 1, row[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    row = next;
  }
  return row[b.length]!;
}
