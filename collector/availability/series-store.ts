/**
 * The compact per-unit availability series (docs/availability.md): one append-only file per
 * unit, `data/availability/<unit>.jsonl`, one line per state change of its LAN or WAN
 * (`{scope, at, state, machines, targets}`), fsynced before the probe report that caused it is
 * acknowledged. A unit's WAN that changes twice a day costs two short lines a day, whatever the
 * number of machines. A last line without its newline is a write a crash cut short, never
 * acknowledged: it is ignored on load and cut off before the next append.
 */
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { open, truncate } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { Timestamp, UnitId } from '../../schema/index.js';
import { LINK_SCOPES } from '../../rules/availability.js';
import type { LinkScope, Transition } from '../../rules/availability.js';
import { syncDirectory } from '../../util/durable-write.js';

export const SeriesLine = z
  .object({
    scope: z.enum(LINK_SCOPES),
    at: Timestamp,
    state: z.enum(['up', 'down', 'unknown']),
    machines: z.number().int().nonnegative(),
    targets: z.array(z.string().max(1024)).max(64),
  })
  .strict();

export type SeriesKey = `${string}\u0000${LinkScope}`;
export const seriesKey = (unit: string, scope: LinkScope): SeriesKey => `${unit}\u0000${scope}`;

export class SeriesStore {
  private readonly series = new Map<SeriesKey, Transition[]>();
  /** Bytes of complete lines per file, to cut a torn tail before appending. */
  private readonly complete = new Map<string, number>();
  private readonly torn = new Set<string>();
  private queue: Promise<unknown> = Promise.resolve();
  readonly warnings: string[] = [];

  /** `dir` null: memory only (tests, benchmarks). */
  constructor(private readonly dir: string | null) {}

  load(): this {
    if (!this.dir) return this;
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    for (const name of readdirSync(this.dir)) {
      const m = /^(.+)\.jsonl$/.exec(name);
      if (!m || !UnitId.safeParse(m[1]).success) continue;
      const text = readFileSync(join(this.dir, name), 'utf8');
      const end = text.lastIndexOf('\n') + 1;
      // A write a crash cut short was never acknowledged: ignored, and cut off before the next append (not a warning).
      if (end < text.length) this.torn.add(name);
      this.complete.set(name, Buffer.byteLength(text.slice(0, end)));
      text
        .slice(0, end)
        .split('\n')
        .forEach((line, i) => {
          if (!line) return;
          const parsed = SeriesLine.safeParse((() => { try { return JSON.parse(line); } catch { return null; } })());
          if (!parsed.success) {
            this.warnings.push(`${name} line ${i + 1} is damaged and skipped`);
            return;
          }
          const { scope, ...t } = parsed.data;
          this.list(m[1]!, scope).push(t);
        });
    }
    for (const list of this.series.values()) list.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
    return this;
  }

  private list(unit: string, scope: LinkScope): Transition[] {
    const key = seriesKey(unit, scope);
    let l = this.series.get(key);
    if (!l) this.series.set(key, (l = []));
    return l;
  }

  /** The transitions of a unit's scope, oldest first. */
  transitions(unit: string, scope: LinkScope): readonly Transition[] {
    return this.series.get(seriesKey(unit, scope)) ?? [];
  }

  units(): string[] {
    return [...new Set([...this.series.keys()].map((k) => k.split('\u0000')[0]!))];
  }

  /** Appends one transition durably (one at a time); resolves once it is on disk. */
  append(unit: string, scope: LinkScope, t: Transition): Promise<void> {
    const run = this.queue.then(async () => {
      if (this.dir) {
        const name = `${unit}.jsonl`;
        const path = join(this.dir, name);
        if (this.torn.has(name)) {
          await truncate(path, this.complete.get(name) ?? 0);
          this.torn.delete(name);
        }
        const line = JSON.stringify({ scope, ...t }) + '\n';
        const handle = await open(path, 'a', 0o600);
        try {
          await handle.write(line);
          await handle.sync();
        } finally {
          await handle.close();
        }
        if (!this.complete.has(name)) await syncDirectory(this.dir);
        this.complete.set(name, (this.complete.get(name) ?? 0) + Buffer.byteLength(line));
      }
      const list = this.list(unit, scope);
      list.push(t);
      if (list.length > 1 && Date.parse(list[list.length - 2]!.at) > Date.parse(t.at)) list.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
    });
    this.queue = run.catch(() => {});
    return run;
  }
}
