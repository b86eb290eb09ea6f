/**
 * The compact per-unit availability series (docs/availability.md): one append-only file per
 * unit, `data/availability/<unit>.jsonl`, one line per state change of its LAN or WAN
 * (`{scope, at, state, machines, targets}`), fsynced before the probe report that caused it is
 * acknowledged. A unit's WAN that changes twice a day costs two short lines a day, whatever the
 * number of machines. Late probe-only reports collected in a gap of the series are kept the
 * same way in `late/<unit>.jsonl`, and `transitions` gives the series with its gaps filled from
 * them (backfill.ts); `recorded` gives the changes seen on time. A last line without its newline is a write a crash cut short, never
 * acknowledged: it is ignored on load and cut off before the next append.
 */
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { open, truncate } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { Timestamp, UnitId } from '../../schema/index.js';
import { LINK_SCOPES } from '../../rules/availability.js';
import type { LinkScope, Transition } from '../../rules/availability.js';
import { syncDirectory } from '../../util/durable-write.js';
import { fillGaps, inGap } from './backfill.js';
import type { LateObservation } from './backfill.js';

export const SeriesLine = z
  .object({
    scope: z.enum(LINK_SCOPES),
    at: Timestamp,
    state: z.enum(['up', 'down', 'unknown']),
    machines: z.number().int().nonnegative(),
    targets: z.array(z.string().max(1024)).max(64),
  })
  .strict();

/** A late probe-only report kept to fill a gap (backfill.ts): `data/availability/late/<unit>.jsonl`. */
const ScopeOpinion = z.object({ down: z.boolean(), failed: z.array(z.string().max(1024)).max(64) }).strict();
export const LateLine = z
  .object({
    agent: z.string().min(1).max(200),
    collected: Timestamp,
    scopes: z.object({ lan: ScopeOpinion.optional(), wan: ScopeOpinion.optional() }).strict(),
  })
  .strict();

export type SeriesKey = `${string}\u0000${LinkScope}`;
export const seriesKey = (unit: string, scope: LinkScope): SeriesKey => `${unit}\u0000${scope}`;

const LATE_DIR = 'late';

export class SeriesStore {
  private readonly series = new Map<SeriesKey, Transition[]>();
  private readonly late = new Map<string, LateObservation[]>();
  /** The series with its gaps filled from late reports, made when first asked after a change. */
  private readonly filled = new Map<SeriesKey, readonly Transition[]>();
  /** Bytes of complete lines per file, to cut a torn tail before appending. */
  private readonly complete = new Map<string, number>();
  private readonly torn = new Set<string>();
  private queue: Promise<unknown> = Promise.resolve();
  readonly warnings: string[] = [];

  /**
   * `dir` null: memory only (tests, benchmarks). `fill`: the live rules late reports are
   * replayed with (the tracker's); without it late reports are not kept.
   */
  constructor(
    private readonly dir: string | null,
    private readonly fill: { hysteresis: number; freshMs: number } | null = null,
  ) {}

  /** The complete lines of one file; a torn tail is noted to be cut before the next append. */
  private readLines(name: string): string[] {
    const text = readFileSync(join(this.dir!, name), 'utf8');
    const end = text.lastIndexOf('\n') + 1;
    // A write a crash cut short was never acknowledged: ignored, and cut off before the next append (not a warning).
    if (end < text.length) this.torn.add(name);
    this.complete.set(name, Buffer.byteLength(text.slice(0, end)));
    return text.slice(0, end).split('\n');
  }

  load(): this {
    if (!this.dir) return this;
    mkdirSync(join(this.dir, LATE_DIR), { recursive: true, mode: 0o700 });
    const parse = <T>(schema: z.ZodType<T>, name: string, line: string, i: number): T | null => {
      const parsed = schema.safeParse((() => { try { return JSON.parse(line); } catch { return null; } })());
      if (!parsed.success) this.warnings.push(`${name} line ${i + 1} is damaged and skipped`);
      return parsed.success ? parsed.data : null;
    };
    for (const name of readdirSync(this.dir)) {
      const m = /^(.+)\.jsonl$/.exec(name);
      if (!m || !UnitId.safeParse(m[1]).success) continue;
      this.readLines(name).forEach((line, i) => {
        const parsed = line ? parse(SeriesLine, name, line, i) : null;
        if (!parsed) return;
        const { scope, ...t } = parsed;
        this.list(m[1]!, scope).push(t);
      });
    }
    for (const list of this.series.values()) list.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
    for (const file of readdirSync(join(this.dir, LATE_DIR))) {
      const m = /^(.+)\.jsonl$/.exec(file);
      if (!m || !UnitId.safeParse(m[1]).success) continue;
      const name = `${LATE_DIR}/${file}`;
      const list = this.lateOf(m[1]!);
      this.readLines(name).forEach((line, i) => {
        const parsed = line ? parse(LateLine, name, line, i) : null;
        if (parsed) list.push({ agent: parsed.agent, collectedMs: Date.parse(parsed.collected), scopes: parsed.scopes });
      });
    }
    return this;
  }

  private list(unit: string, scope: LinkScope): Transition[] {
    const key = seriesKey(unit, scope);
    let l = this.series.get(key);
    if (!l) this.series.set(key, (l = []));
    return l;
  }

  private lateOf(unit: string): LateObservation[] {
    let l = this.late.get(unit);
    if (!l) this.late.set(unit, (l = []));
    return l;
  }

  /** The transitions the live status recorded for a unit's scope, oldest first (what the tracker and the alerts follow). */
  recorded(unit: string, scope: LinkScope): readonly Transition[] {
    return this.series.get(seriesKey(unit, scope)) ?? [];
  }

  /** The series of a unit's scope, oldest first, its gaps filled from late reports: what availability is computed from. */
  transitions(unit: string, scope: LinkScope): readonly Transition[] {
    const late = this.late.get(unit);
    if (!late?.length || !this.fill) return this.recorded(unit, scope);
    const key = seriesKey(unit, scope);
    let f = this.filled.get(key);
    if (!f) this.filled.set(key, (f = fillGaps(this.recorded(unit, scope), late, scope, this.fill)));
    return f;
  }

  units(): string[] {
    return [...new Set([...this.series.keys()].map((k) => k.split('\u0000')[0]!))];
  }

  /** One line appended durably to a file of the series directory (one at a time). */
  private async appendLine(name: string, line: string): Promise<void> {
    if (!this.dir) return;
    const path = join(this.dir, name);
    if (this.torn.has(name)) {
      await truncate(path, this.complete.get(name) ?? 0);
      this.torn.delete(name);
    }
    const handle = await open(path, 'a', 0o600);
    try {
      await handle.write(line);
      await handle.sync();
    } finally {
      await handle.close();
    }
    if (!this.complete.has(name)) await syncDirectory(dirname(path));
    this.complete.set(name, (this.complete.get(name) ?? 0) + Buffer.byteLength(line));
  }

  private forget(unit: string): void {
    for (const scope of LINK_SCOPES) this.filled.delete(seriesKey(unit, scope));
  }

  /** Appends one transition durably (one at a time); resolves once it is on disk. */
  append(unit: string, scope: LinkScope, t: Transition): Promise<void> {
    const run = this.queue.then(async () => {
      await this.appendLine(`${unit}.jsonl`, JSON.stringify({ scope, ...t }) + '\n');
      const list = this.list(unit, scope);
      list.push(t);
      if (list.length > 1 && Date.parse(list[list.length - 2]!.at) > Date.parse(t.at)) list.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
      this.forget(unit);
    });
    this.queue = run.catch(() => {});
    return run;
  }

  /**
   * A probe-only report that arrived late (tracker.ts): kept durably, before it is acknowledged,
   * when it was collected in a gap of one of the scopes it probed; else left out (false).
   */
  addLate(unit: string, ob: LateObservation): Promise<boolean> {
    const run = this.queue.then(async () => {
      if (!this.fill) return false;
      const fresh = this.fill.freshMs;
      const fills = LINK_SCOPES.some((scope) => ob.scopes[scope] && inGap(this.recorded(unit, scope), ob.collectedMs, fresh));
      if (!fills) return false;
      await this.appendLine(`${LATE_DIR}/${unit}.jsonl`, JSON.stringify({ agent: ob.agent, collected: new Date(ob.collectedMs).toISOString(), scopes: ob.scopes }) + '\n');
      this.lateOf(unit).push(ob);
      this.forget(unit);
      return true;
    });
    this.queue = run.catch(() => {});
    return run;
  }
}
