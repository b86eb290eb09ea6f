/**
 * The archive's hooks for the crash trials: one writes an archived document through the API
 * (acknowledged only by a 201), the other checks, on the data directory after a restart, that
 * every acknowledged document is listed with its bytes intact and that the archive reads
 * without damage. A crash at any moment may lose an unacknowledged document, never an
 * acknowledged one, and never leaves an entry whose file is missing or wrong.
 */
import { ArchiveStore, sha256 } from '../../collector/archive/store.js';
import { ArchiveEntry } from '../../schema/index.js';

export async function writeArchivedDocument(url: string, adminToken: string, request: Record<string, unknown> = { kind: 'tracker', format: 'csv' }): Promise<ArchiveEntry | null> {
  const res = await fetch(`${url}/api/v1/archive`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${adminToken}` },
    body: JSON.stringify(request),
  });
  if (res.status !== 201) return null;
  return ArchiveEntry.parse(((await res.json()) as { entry: unknown }).entry);
}

/** Problems found, as sentences; empty when every acknowledged document survived whole. */
export async function checkArchivedDocuments(dataDir: string, acknowledged: readonly ArchiveEntry[]): Promise<string[]> {
  const store = new ArchiveStore(dataDir);
  const problems: string[] = [];
  const entries = await store.entries();
  for (const w of await store.warnings()) if (w.includes('damaged')) problems.push(w);
  // Every entry on disk, acknowledged or not, must point at its whole file.
  for (const e of entries) {
    const bytes = await store.read(e).catch((err: Error) => {
      problems.push(err.message);
      return null;
    });
    if (bytes && sha256(bytes) !== e.sha256) problems.push(`${e.id}: bytes differ from the entry`);
  }
  const byId = new Map(entries.map((e) => [e.id, e]));
  for (const a of acknowledged) {
    const found = byId.get(a.id);
    if (!found) problems.push(`acknowledged archive entry ${a.id} is missing after the restart`);
    else if (found.sha256 !== a.sha256) problems.push(`archive entry ${a.id} changed: ${found.sha256} instead of ${a.sha256}`);
  }
  return problems;
}
