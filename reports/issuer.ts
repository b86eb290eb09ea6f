/**
 * Who issues a unit's documents, from the org file's `agency` block with its defaults: the
 * agency's name in capitals (the unit's name, "VKSND" written out), its governing agency (the
 * parent unit's), the place (the nearest unit above that names one), the symbol, recipients
 * and signer (left to the document's language when the org file gives none). Pure.
 *
 * @example issuerOf(org, 'hp-kv1') // { agency: 'VIỆN KIỂM SÁT NHÂN DÂN KHU VỰC 1 - HẢI PHÒNG', parentAgency: 'VIỆN KIỂM SÁT NHÂN DÂN THÀNH PHỐ HẢI PHÒNG', place: 'Hải Phòng', ... }
 */
import type { OrgFile, OrgUnit } from '../schema/index.js';

export interface Issuer {
  agency: string;
  parentAgency: string | null;
  /** The issuing unit's name as running text reads it ("… của VKSND thành phố Hải Phòng"). */
  unitName: string;
  /** The parent's name as running text reads it, for the default recipients; null for a top unit. */
  parentName: string | null;
  place: string | null;
  /** The agency's part of the document symbol ("VKS-VP" in "BC-VKS-VP"); null: the type alone. */
  symbol: string | null;
  /** Null: the document language's defaults (the parent "for information", the archive). */
  recipients: string[] | null;
  signer: { authority: string | null; title: string; name: string | null } | null;
}

/** "VKSND thành phố Hải Phòng" → "VIỆN KIỂM SÁT NHÂN DÂN THÀNH PHỐ HẢI PHÒNG": the decree wants the name in full. */
export const agencyName = (name: string): string =>
  name
    .normalize('NFC')
    .replace(/^VKSND\b/u, 'Viện kiểm sát nhân dân')
    .toLocaleUpperCase('vi');

/** An issuer from a name alone: no org file, or a unit it does not declare. */
export const plainIssuer = (name: string): Issuer => ({
  agency: agencyName(name),
  parentAgency: null,
  unitName: name.normalize('NFC'),
  parentName: null,
  place: null,
  symbol: null,
  recipients: null,
  signer: null,
});

/**
 * The issuer of documents about `unitId` (and its descendants); for the whole fleet, the
 * org's single top unit, or the org itself when it has several.
 */
export function issuerOf(org: OrgFile | null, unitId: string | null): Issuer | null {
  if (!org) return null;
  const byId = new Map(org.units.map((u) => [u.id, u]));
  const roots = org.units.filter((u) => u.parent === null || !byId.has(u.parent));
  const unit = unitId === null ? (roots.length === 1 ? roots[0] : undefined) : byId.get(unitId);
  if (!unit) return unitId === null ? plainIssuer(org.name) : null;
  const parentOf = (u: OrgUnit) => (u.parent === null ? undefined : byId.get(u.parent));
  const lineage: OrgUnit[] = [];
  for (let u: OrgUnit | undefined = unit; u && !lineage.includes(u); u = parentOf(u)) lineage.push(u);
  const nameOf = (u: OrgUnit) => u.agency.name ?? agencyName(u.name);
  const parent = parentOf(unit);
  const parentAgency = unit.agency.parent !== undefined ? unit.agency.parent : parent ? nameOf(parent) : null;
  return {
    agency: nameOf(unit),
    parentAgency,
    unitName: unit.name.normalize('NFC'),
    parentName: parent ? parent.name.normalize('NFC') : parentAgency,
    place: lineage.find((u) => u.agency.place)?.agency.place ?? null,
    symbol: unit.agency.symbol ?? null,
    recipients: unit.agency.recipients ?? null,
    signer: unit.agency.signer ?? null,
  };
}
