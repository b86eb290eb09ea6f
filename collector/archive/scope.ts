/**
 * Which archived documents a reader may see. `visibleUnits` is the set of unit ids the reader
 * holds (a unit and the units below it, as the accounts work resolves a role), or null for a
 * reader of every unit. A document made for the whole organisation (no unit) names every
 * unit's figures, so only a reader of every unit sees it.
 *
 * @example visibleEntries(entries, new Set(['hp-kv1'])) // only documents made for hp-kv1
 */
export function visibleEntries<T extends { unitId: string | null }>(entries: readonly T[], visibleUnits: ReadonlySet<string> | null): T[] {
  if (visibleUnits === null) return [...entries];
  return entries.filter((e) => e.unitId !== null && visibleUnits.has(e.unitId));
}
