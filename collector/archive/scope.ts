/**
 * Which archived documents a reader may see: those the reader could ask the document route
 * for. A document made for a unit and the units below it is visible to a reader whose scope
 * covers that unit with its descendants; one made for a unit alone, to any reader of that
 * unit; one made for the whole organisation (no unit), to a reader of every unit only.
 *
 * @example visibleEntries(entries, readerOf(grant, (u) => org.unitChain(u)))
 */
import type { Grant } from '../../schema/index.js';
import { resolveReadScope } from '../access/scope.js';

export type ArchiveReader = (scope: { unitId: string | null; recursive: boolean }) => boolean;

export function readerOf(grant: Grant, chainOf: (unit: string) => readonly string[]): ArchiveReader {
  return ({ unitId, recursive }) => (unitId === null ? grant.unit === null : resolveReadScope(grant, { unit: unitId, recursive }, chainOf).ok);
}

export function visibleEntries<T extends { unitId: string | null; recursive: boolean }>(entries: readonly T[], mayRead: ArchiveReader): T[] {
  return entries.filter((e) => mayRead(e));
}
