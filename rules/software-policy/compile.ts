/**
 * The packs' software policies merged into one, indexed for matching: every alias is split
 * into words once and filed under its first word, so a program name is matched by looking up
 * each of its words (a few map reads) instead of testing every alias against every program.
 */
import { createHash } from 'node:crypto';
import type { AntivirusEdition, BannedSoftware, RequiredSoftware, SoftwarePolicy } from '../../schema/index.js';
import { normaliseName } from '../../util/name-match.js';

export type PolicyEntry =
  | ({ list: 'required' } & RequiredSoftware)
  | ({ list: 'banned' } & BannedSoftware)
  | ({ list: 'antivirusEditions' } & AntivirusEdition);

/** One alias: its words after the first, and the entry it names. */
interface AliasTail {
  rest: readonly string[];
  entry: number;
}

export interface CompiledSoftwarePolicy {
  /** Fingerprint of the merged lists, stored with each host's matches. */
  hash: string;
  entries: readonly PolicyEntry[];
  byId: ReadonlyMap<string, PolicyEntry>;
  required: readonly RequiredSoftware[];
  editions: readonly AntivirusEdition[];
  /** First word of an alias → the rest of its words and its entry. */
  index: ReadonlyMap<string, readonly AliasTail[]>;
  /** Per edition entry: its vendor's words and its aliases' words. */
  editionWords: ReadonlyMap<string, { vendor: string; aliases: readonly string[] }>;
  /**
   * Program name → the entries it names. A fleet installs the same programs everywhere and
   * reports them every hour, so most names are seen before; bounded, cleared when full.
   */
  seen: Map<string, readonly number[]>;
}

/** Distinct program names remembered (a few MB); past this the memory starts again empty. */
export const SEEN_NAMES_LIMIT = 100_000;

export class PolicyError extends Error {}

const words = (alias: string): string[] => normaliseName(alias).split(' ').filter(Boolean);

/**
 * @param policies one per pack, in pack order (`file` is named when an id is used twice)
 * @example compileSoftwarePolicy([{ file: 'default.yaml', policy: pack.softwarePolicy }])
 */
export function compileSoftwarePolicy(policies: ReadonlyArray<{ file: string; policy: SoftwarePolicy | undefined }>): CompiledSoftwarePolicy {
  const entries: PolicyEntry[] = [];
  const origin = new Map<string, string>();
  for (const { file, policy } of policies) {
    if (!policy) continue;
    for (const list of ['required', 'banned', 'antivirusEditions'] as const) {
      for (const entry of policy[list]) {
        const other = origin.get(entry.id);
        if (other) throw new PolicyError(`${file}: software policy entry "${entry.id}" is already defined in ${other}; entry ids must be unique across packs`);
        origin.set(entry.id, file);
        entries.push({ list, ...entry } as PolicyEntry);
      }
    }
  }
  const index = new Map<string, AliasTail[]>();
  entries.forEach((entry, i) => {
    for (const alias of entry.aliases) {
      const [first, ...rest] = words(alias);
      if (!first) continue;
      let tails = index.get(first);
      if (!tails) index.set(first, (tails = []));
      tails.push({ rest, entry: i });
    }
  });
  const editions = entries.filter((e): e is Extract<PolicyEntry, { list: 'antivirusEditions' }> => e.list === 'antivirusEditions');
  return {
    hash: createHash('sha256').update(JSON.stringify(entries)).digest('hex').slice(0, 16),
    entries,
    byId: new Map(entries.map((e) => [e.id, e])),
    required: entries.filter((e): e is Extract<PolicyEntry, { list: 'required' }> => e.list === 'required'),
    editions,
    index,
    editionWords: new Map(editions.map((e) => [e.id, { vendor: ` ${words(e.vendor).join(' ')} `, aliases: e.aliases.map((a) => ` ${words(a).join(' ')} `) }])),
    seen: new Map(),
  };
}

const ASCII = /^[\x00-\x7f]*$/;

/** The words of a program name as `normaliseName` splits them; plain ASCII without its Unicode work. */
const tokensOf = (name: string): string[] =>
  (ASCII.test(name) ? name.toLowerCase().split(/[^a-z0-9]+/) : normaliseName(name).split(' ')).filter(Boolean);

/** The entries whose aliases occur, as whole words, in a program name. */
export function entriesOfName(policy: CompiledSoftwarePolicy, name: string): readonly number[] {
  const known = policy.seen.get(name);
  if (known) return known;
  const found: number[] = [];
  const tokens = tokensOf(name);
  for (let i = 0; i < tokens.length; i++) {
    const tails = policy.index.get(tokens[i]!);
    if (!tails) continue;
    for (const t of tails) {
      let j = 0;
      while (j < t.rest.length && tokens[i + 1 + j] === t.rest[j]) j++;
      if (j === t.rest.length && !found.includes(t.entry)) found.push(t.entry);
    }
  }
  if (policy.seen.size >= SEEN_NAMES_LIMIT) policy.seen.clear();
  policy.seen.set(name, found);
  return found;
}

export const EMPTY_SOFTWARE_POLICY: CompiledSoftwarePolicy = compileSoftwarePolicy([]);
