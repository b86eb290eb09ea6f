/**
 * Matches one report against the software policy, at ingest: which policy entries its
 * installed programs name, and which edition each antivirus product is. Pure and cheap (well
 * under a millisecond for 800 programs, `npm run bench:ingest`), so it runs inside the ingest
 * of every report and its small result is stored with the host in the same write.
 */
import type { HostReport, SoftwareMatches } from '../../schema/index.js';
import { normaliseName } from '../../util/name-match.js';
import { entriesOfName } from './compile.js';
import type { CompiledSoftwarePolicy } from './compile.js';

const cut = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

/** The edition entries that name this product's vendor, and the one its own name matches best. */
function editionOf(policy: CompiledSoftwarePolicy, product: { name: string; vendor: string }, programEntries: ReadonlyMap<number, string>) {
  const name = ` ${normaliseName(product.name)} `;
  const vendor = ` ${normaliseName(product.vendor)} `;
  let best: { id: string; length: number } | null = null;
  const candidates: string[] = [];
  for (const e of policy.editions) {
    const w = policy.editionWords.get(e.id)!;
    if (!name.includes(w.vendor) && !vendor.includes(w.vendor)) continue;
    candidates.push(e.id);
    for (const alias of w.aliases) if (name.includes(alias) && (!best || alias.length > best.length)) best = { id: e.id, length: alias.length };
  }
  if (best) {
    const e = policy.byId.get(best.id)!;
    return { entry: e.id, edition: e.list === 'antivirusEditions' ? e.edition : null, evidence: `product name "${cut(product.name, 120)}" is ${e.name}` };
  }
  if (!candidates.length) return { entry: null, edition: null, evidence: `"${cut(product.name, 120)}" is not in the pack's antivirus editions` };
  // The product name alone does not say (SecurityCenter2 often names only the vendor): the
  // installed programs of the same vendor do, unless they name editions of both kinds.
  const seen = new Map<string, string>();
  for (const [i, program] of programEntries) {
    const e = policy.entries[i]!;
    if (e.list === 'antivirusEditions' && candidates.includes(e.id) && !seen.has(e.edition)) seen.set(e.edition, `${e.id}\u0000${program}`);
  }
  if (seen.size === 1) {
    const [edition, at] = [...seen][0]!;
    const [id, program] = at.split('\u0000') as [string, string];
    return { entry: id, edition: edition as 'paid' | 'free' | 'included', evidence: `installed program "${cut(program, 120)}" is ${policy.byId.get(id)!.name}` };
  }
  return {
    entry: null,
    edition: null,
    evidence: seen.size
      ? `"${cut(product.name, 120)}": installed programs name both ${[...seen.keys()].join(' and ')} editions`
      : `"${cut(product.name, 120)}": no installed program names its edition`,
  };
}

export function matchSoftware(policy: CompiledSoftwarePolicy, report: HostReport): SoftwareMatches {
  const programs = report.software?.programs ?? [];
  const programsKnown = report.software !== undefined && report.software.source !== 'none';
  // Entry index → the first program naming it.
  const hits = new Map<number, string>();
  for (const p of programs) {
    for (const entry of entriesOfName(policy, p.name)) {
      if (!hits.has(entry)) hits.set(entry, p.version && !p.name.includes(p.version) ? `${p.name} ${p.version}` : p.name);
    }
  }
  const antivirus = (report.antivirus?.products ?? [])
    .filter((p) => !p.stale)
    .slice(0, 64)
    .map((p) => ({ product: cut(p.name || p.vendor, 300), ...editionOf(policy, p, hits) }));
  return {
    reportId: report.reportId,
    policy: policy.hash,
    programsKnown,
    found: [...hits].slice(0, 512).map(([i, program]) => ({ id: policy.entries[i]!.id, program: cut(program, 300) })),
    antivirus: antivirus.map((a) => ({ ...a, evidence: cut(a.evidence, 400) })),
  };
}
