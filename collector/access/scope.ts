/**
 * Scopes, as pure functions: which units a grant sees, and what evaluation scope a request
 * resolves to. A grant is one role over one unit, with or without the units below it; an
 * admin's covers every unit. Routes ask the readiness source for exactly the resolved scope,
 * so the same check holds wherever the evaluation runs.
 */
import type { Grant } from '../../schema/index.js';

/** What an evaluation, unit list or document is computed over. */
export interface EvaluationScope {
  /** Null: every unit. */
  unitId: string | null;
  /** False: the unit's own rooms and machines only, none of its descendants (nor their counts). */
  recursive: boolean;
}

export const ALL_UNITS: EvaluationScope = { unitId: null, recursive: true };

/**
 * Whether `grant` covers a unit, given the unit's chain: the unit itself first, then each unit
 * above it (`OrgDirectory.unitChain`). A unit the org file does not name has a chain of one.
 */
export function grantCovers(grant: Pick<Grant, 'unit' | 'recursive'>, chain: readonly string[]): boolean {
  if (grant.unit === null) return true;
  return grant.recursive ? chain.includes(grant.unit) : chain[0] === grant.unit;
}

/** Which units a resolved scope holds, as a filter for lists (`GET /hosts/duplicates`). */
export function scopeFilter(scope: EvaluationScope, org: { unitChain(unit: string): readonly string[] }): (unit: string) => boolean {
  if (scope.unitId === null) return () => true;
  const asGrant = { unit: scope.unitId, recursive: scope.recursive };
  return (unit) => grantCovers(asGrant, org.unitChain(unit));
}

/** "unit hp-kv1 and the units below it", for the sentences of a 403. */
export function describeGrant(grant: Grant): string {
  if (grant.unit === null) return 'every unit';
  return grant.recursive ? `unit ${grant.unit} and the units below it` : `unit ${grant.unit} only (not the units below it)`;
}

export type ScopeResolution = { ok: true; scope: EvaluationScope } | { ok: false; reason: string };

/**
 * The scope a read request gets: the unit asked for if the grant covers it, else the grant's
 * own unit; never more than the grant. `recursive` may narrow a recursive grant to one unit,
 * never widen a non-recursive one.
 */
export function resolveReadScope(grant: Grant, asked: { unit?: string | undefined; recursive?: boolean | undefined }, chainOf: (unit: string) => readonly string[]): ScopeResolution {
  const unit = asked.unit ?? grant.unit;
  if (unit === null) return { ok: true, scope: ALL_UNITS };
  const chain = chainOf(unit);
  if (!grantCovers(grant, chain)) return { ok: false, reason: `unit ${unit} is outside your scope (${describeGrant(grant)})` };
  // A non-recursive grant sees its unit alone, whatever the request says, unless it asks for more.
  const wide = grant.unit === null || grant.recursive;
  if (!wide && asked.recursive === true) {
    return { ok: false, reason: `you may read unit ${unit} without the units below it only (${describeGrant(grant)}); leave recursive out` };
  }
  return { ok: true, scope: { unitId: unit, recursive: wide ? (asked.recursive ?? true) : false } };
}
