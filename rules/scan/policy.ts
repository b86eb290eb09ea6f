/**
 * The packs' `preUseScan` section compiled: how long a verdict stays in force, whether it must
 * be accepted by a second person, and the material changes, checked against the posture
 * registry. One pack gives the section; without one the built-in values apply and no change
 * is material (docs/scans.md).
 */
import { PreUseScanPolicy } from '../../schema/index.js';
import type { PostureChange, PostureSnapshot, PreUseScanPolicy as PolicyInput } from '../../schema/index.js';
import { ASPECT_INDEX, ASPECTS, aspectChanges, CHANGES_OF } from '../posture/aspects.js';
import type { ChangeKind, PostureAspect } from '../posture/aspects.js';

export interface CompiledScanPolicy {
  validDays: number;
  acceptance: boolean;
  /** Per aspect, the change kinds that are material. */
  material: ReadonlyArray<{ aspect: PostureAspect; kinds: ReadonlySet<ChangeKind> }>;
  /** The pack the section came from, for messages. */
  file: string | null;
}

export class ScanPolicyError extends Error {}

const DEFAULTS = PreUseScanPolicy.parse({});

export const DEFAULT_SCAN_POLICY: CompiledScanPolicy = { validDays: DEFAULTS.validDays.value, acceptance: DEFAULTS.acceptance.value, material: [], file: null };

export function compileScanPolicy(packs: ReadonlyArray<{ file: string; policy: PolicyInput | undefined }>): CompiledScanPolicy {
  const given = packs.filter((p) => p.policy);
  if (!given.length) return DEFAULT_SCAN_POLICY;
  if (given.length > 1) throw new ScanPolicyError(`${given[1]!.file}: field "preUseScan" is set in ${given[0]!.file} already; keep the section in one pack`);
  const { file, policy } = given[0]! as { file: string; policy: PolicyInput };
  const byAspect = new Map<string, Set<ChangeKind>>();
  for (const entry of policy.materialChanges) {
    const aspect = ASPECT_INDEX.get(entry.aspect);
    const at = `${file}: preUseScan material change "${entry.id}": field`;
    if (!aspect) throw new ScanPolicyError(`${at} "aspect" names no posture aspect "${entry.aspect}"; the aspects are ${ASPECTS.map((a) => a.id).join(', ')}`);
    if (!CHANGES_OF[aspect.shape].includes(entry.change)) {
      throw new ScanPolicyError(`${at} "change" "${entry.change}" does not apply to the ${aspect.shape} aspect "${aspect.id}"; use one of ${CHANGES_OF[aspect.shape].join(', ')}`);
    }
    let kinds = byAspect.get(aspect.id);
    if (!kinds) byAspect.set(aspect.id, (kinds = new Set()));
    kinds.add(entry.change);
  }
  return {
    validDays: policy.validDays.value,
    acceptance: policy.acceptance.value,
    material: ASPECTS.filter((a) => byAspect.has(a.id)).map((aspect) => ({ aspect, kinds: byAspect.get(aspect.id)! })),
    file,
  };
}

/**
 * The material changes from `before` (the judged report's posture) to `after`, in registry
 * order; undefined when `after` lacks an aspect `before` had (it cannot be told).
 */
export function materialChanges(policy: CompiledScanPolicy, before: PostureSnapshot, after: PostureSnapshot): PostureChange[] | undefined {
  const out: PostureChange[] = [];
  let unknown = false;
  for (const { aspect, kinds } of policy.material) {
    const found = aspectChanges(aspect, before[aspect.id], after[aspect.id] ?? null, kinds);
    if (found === undefined) unknown = true;
    else out.push(...found);
  }
  // A known change is worth saying even when another aspect cannot be read.
  return out.length || !unknown ? out : undefined;
}

/**
 * A change as one language-free value of the `scan.changes` fact (what a pack's `contains`
 * would compare): the aspect, the change and what it is about, e.g.
 * `security.remote_access_tools added AnyDesk`, `security.firewall off`.
 */
export function changeKey(c: PostureChange): string {
  if (c.change === 'changed') return `${c.aspect} changed ${c.before ?? ''} -> ${c.after ?? ''}`;
  return c.item === null ? `${c.aspect} ${c.change}` : `${c.aspect} ${c.change} ${c.item}`;
}
