/**
 * The parent's child collectors: one token per child, created by the parent's admin at the
 * command line (`readiness rollup child add --unit hp --name "VKSND TP Hải Phòng"`), bound to
 * one unit and the units below it. A child may send figures for that subtree only. Kept in
 * `<dataDir>/rollup/children.json` (the SHA-256 of each token's secret, never the secret),
 * written under the access lock; the collector re-reads the file when it changed on disk, so a
 * child added or revoked at the command line counts at its next request.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { hashSecret, safeEqual } from '../auth.js';
import { writeFileDurably } from '../../util/durable-write.js';
import { fileMutex } from '../access/lock.js';
import { Timestamp, UnitId } from '../../schema/index.js';

export const ChildRecord = z.object({
  id: z.string().regex(/^[0-9a-f]{12}$/),
  name: z.string().min(1).max(200),
  unit: UnitId,
  hash: z.string().length(64),
  createdAt: Timestamp,
  revokedAt: Timestamp.nullable(),
  /** The child's Ed25519 public key (PEM), for snapshots that arrive as signed files (`rollup import`). */
  publicKey: z.string().max(2000).optional(),
});
export type ChildRecord = z.infer<typeof ChildRecord>;
const ChildFile = z.object({ children: z.array(ChildRecord) });

const TOKEN = /^rdc_([0-9a-f]{12})_([A-Za-z0-9_-]{43})$/;

export class ChildRegistry {
  readonly file: string;
  private seen: { mtimeMs: number; size: number } | null = null;
  private children: ChildRecord[] = [];

  constructor(private readonly dataDir: string) {
    this.file = join(dataDir, 'rollup', 'children.json');
  }

  /** The records as on disk now (re-read when the file changed); a damaged file is an error naming it. */
  list(): ChildRecord[] {
    let st: { mtimeMs: number; size: number };
    try {
      st = statSync(this.file);
    } catch {
      this.children = [];
      this.seen = null;
      return [];
    }
    if (this.seen && this.seen.mtimeMs === st.mtimeMs && this.seen.size === st.size) return this.children;
    const parsed = ChildFile.safeParse(JSON.parse(readFileSync(this.file, 'utf8')));
    if (!parsed.success) throw new Error(`${this.file} is damaged (${parsed.error.issues[0]?.message}); restore it from a backup or add the children again`);
    this.children = parsed.data.children;
    this.seen = { mtimeMs: st.mtimeMs, size: st.size };
    return this.children;
  }

  /** The live child a token belongs to, or undefined. */
  childFor(token: string): ChildRecord | undefined {
    const m = TOKEN.exec(token);
    if (!m) return undefined;
    const child = this.list().find((c) => c.id === m[1]);
    return child && child.revokedAt === null && safeEqual(child.hash, hashSecret(m[2]!)) ? child : undefined;
  }

  private write(fn: (children: ChildRecord[]) => ChildRecord[]): Promise<void> {
    return fileMutex(join(this.dataDir, 'access.lock'), () => {}).run(async () => {
      this.seen = null;
      const next = fn(this.list().map((c) => ({ ...c })));
      await mkdir(dirname(this.file), { recursive: true, mode: 0o700 });
      await writeFileDurably(this.file, JSON.stringify({ children: next }, null, 2));
      this.seen = null;
    });
  }

  /** Adds a child; returns its record and the token, shown once. */
  async add(child: { name: string; unit: string; publicKey?: string }, at: Date): Promise<{ record: ChildRecord; token: string }> {
    const id = randomBytes(6).toString('hex');
    const secret = randomBytes(32).toString('base64url');
    const record: ChildRecord = { id, name: child.name, unit: child.unit, hash: hashSecret(secret), createdAt: at.toISOString(), revokedAt: null, ...(child.publicKey ? { publicKey: child.publicKey } : {}) };
    await this.write((all) => [...all, record]);
    return { record, token: `rdc_${id}_${secret}` };
  }

  /** Revokes a child's token; undefined for an unknown id. */
  async revoke(id: string, at: Date): Promise<ChildRecord | undefined> {
    let found: ChildRecord | undefined;
    await this.write((all) =>
      all.map((c) => {
        if (c.id !== id) return c;
        found = { ...c, revokedAt: c.revokedAt ?? at.toISOString() };
        return found;
      }),
    );
    return found;
  }
}
