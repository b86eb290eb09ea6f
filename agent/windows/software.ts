/**
 * Installed programs from the Uninstall registry keys the posture script read: HKLM in both
 * registry views (64- and 32-bit) and every loaded user hive. Entries with a ParentKeyName
 * are updates of another entry, not programs, and are left out; `SystemComponent=1` entries
 * (hidden from "Programs and Features") are kept and flagged.
 */
import { z } from 'zod';
import type { InstalledProgram, SoftwareSection } from '../../schema/index.js';
import { SectionUnknown } from '../collectors/types.js';
import { dayOf, parseDate } from '../posture/dates.js';
import { int, list, readPart, text } from './document.js';
import type { WindowsDocument } from './document.js';

export const UninstallEntry = z.object({
  DisplayName: text,
  DisplayVersion: text,
  Publisher: text,
  InstallDate: text,
  SystemComponent: int,
  ParentKeyName: text,
  KeyName: text,
  Scope: text,
  Arch: text,
});
export type UninstallEntry = z.infer<typeof UninstallEntry>;

/** Registry InstallDate is `yyyymmdd` by convention; installers write other things too. */
function installDate(value: string): string | null {
  if (!/^\d{8}$/.test(value)) return null;
  const d = parseDate(value);
  return d && dayOf(d).replace(/-/g, '') === value ? dayOf(d) : null;
}

export function toPrograms(entries: readonly UninstallEntry[]): InstalledProgram[] {
  const seen = new Set<string>();
  const programs: InstalledProgram[] = [];
  for (const e of entries) {
    if (!e.DisplayName || e.ParentKeyName) continue;
    // On 32-bit Windows both registry views are the same key: list each entry once.
    const id = [e.Scope, e.KeyName, e.DisplayName, e.DisplayVersion].join('\u0000');
    if (seen.has(id)) continue;
    seen.add(id);
    programs.push({
      name: e.DisplayName.slice(0, 4096),
      version: e.DisplayVersion,
      publisher: e.Publisher,
      installDate: installDate(e.InstallDate),
      systemComponent: e.SystemComponent === 1,
      scope: e.Scope === 'user' ? 'user' : 'machine',
      arch: e.Arch,
    });
  }
  return programs.slice(0, 20000);
}

export function parseWindowsSoftware(doc: WindowsDocument): SoftwareSection {
  const part = readPart(doc, 'software', list(UninstallEntry));
  if (!part.ok) throw new SectionUnknown(`the Uninstall registry keys could not be read (${part.error})`, 'failed');
  return { source: 'registry', programs: toPrograms(part.data) };
}
