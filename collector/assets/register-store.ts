/**
 * The asset register on disk: each import is kept whole under `<dataDir>/assets/` as
 * `register-<id>.json` (the rows as read, with the import's time, source file and SHA-256)
 * beside a copy of the file imported (`source-<id>.<ext>`), written by durable rename and
 * never overwritten. The newest import is the register in force; the older ones stay as the
 * record of what was imported when. The collector reads it when a document needs it, so an
 * import from the CLI beside a running collector takes effect at once.
 */
import { readdir, readFile } from 'node:fs/promises';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { AssetRegister, describeIssues } from '../../schema/index.js';
import { removeTempFiles, writeFileDurably } from '../../util/durable-write.js';
import { newArchiveId } from '../archive/store.js';

const REGISTER_FILE = /^register-(\d{8}-\d{6}-[0-9a-f]{8})\.json$/;

export class RegisterStore {
  readonly dir: string;
  private cached: { name: string; register: AssetRegister } | null = null;

  constructor(dataDir: string) {
    this.dir = join(dataDir, 'assets');
  }

  /** Deletes temporary files of imports cut short by a crash (a live import's are left to it). Run at start-up. */
  async removeLeftovers(): Promise<void> {
    await removeTempFiles(this.dir, { sharedWithLiveProcesses: true });
  }

  /** Names of every kept import, oldest first. */
  async imports(): Promise<string[]> {
    const names = await readdir(this.dir).catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') return [] as string[];
      throw err;
    });
    return names.filter((n) => REGISTER_FILE.test(n)).sort();
  }

  /** The register in force (the newest import), or null before the first import. */
  async current(): Promise<AssetRegister | null> {
    const name = (await this.imports()).at(-1);
    if (!name) return null;
    if (this.cached?.name === name) return this.cached.register;
    const file = join(this.dir, name);
    const parsed = AssetRegister.safeParse(JSON.parse(await readFile(file, 'utf8')));
    if (!parsed.success) throw new Error(`the asset register ${file} is damaged (${describeIssues(parsed.error)}); import the register again`);
    this.cached = { name, register: parsed.data };
    return parsed.data;
  }

  /** Keeps a new import (source copy first, then the register that makes it the one in force). */
  async put(register: AssetRegister, source: Uint8Array, extension: string, now: Date): Promise<string> {
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    // Names sort in import order: the newest is the one in force, even for two imports in one second.
    const last = (await this.imports()).at(-1)?.slice('register-'.length, -'.json'.length);
    let at = now;
    let id = newArchiveId(at);
    while (last && id <= last) id = newArchiveId((at = new Date(at.getTime() + 1000)));
    await writeFileDurably(join(this.dir, `source-${id}.${extension}`), source);
    const name = `register-${id}.json`;
    await writeFileDurably(join(this.dir, name), JSON.stringify(AssetRegister.parse(register)));
    return join(this.dir, name);
  }
}
