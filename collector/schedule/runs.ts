/**
 * What the scheduler has done, kept under `<dataDir>/schedules/`: `state.json` holds when
 * each schedule was first seen (runs before that are not owed), and `runs/<id>/<day>.json`
 * one record per scheduled day once its documents are archived. A record is the "made once"
 * mark: at start-up every day due since the schedule was first seen that has no record is
 * made, and never twice. Both are written by durable rename.
 */
import { mkdir, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { ArchiveId, Day, describeIssues, Timestamp } from '../../schema/index.js';
import { removeTempFiles, writeFileDurably } from '../../util/durable-write.js';

export const RunRecord = z
  .object({
    scheduleId: z.string(),
    scheduledFor: Day,
    /** The day the documents are as of: the scheduled day, or today for kinds made from live data only. */
    asOf: Day.nullable(),
    status: z.enum(['made', 'failed', 'skipped']),
    at: Timestamp,
    late: z.boolean(),
    runId: z.string(),
    entryIds: z.array(ArchiveId),
    /** Why it failed or was skipped. */
    message: z.string().nullable(),
  })
  .strict();
export type RunRecord = z.infer<typeof RunRecord>;

const State = z.object({ firstSeen: z.record(z.string(), Timestamp) }).strict();
type State = z.infer<typeof State>;

export class RunStore {
  private readonly dir: string;
  private state: State | null = null;

  constructor(dataDir: string) {
    this.dir = join(dataDir, 'schedules');
  }

  private async readState(): Promise<State> {
    if (this.state) return this.state;
    const file = join(this.dir, 'state.json');
    try {
      const parsed = State.safeParse(JSON.parse(await readFile(file, 'utf8')));
      if (!parsed.success) throw new Error(`${file} is damaged (${describeIssues(parsed.error)}); delete it and the scheduler starts afresh from now`);
      this.state = parsed.data;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      this.state = { firstSeen: {} };
    }
    return this.state;
  }

  /** When the schedule was first seen; records `now` for a new one. */
  /** Deletes temporary files of writes cut short by a crash (a live process's are left to it). Run at start-up. */
  async removeLeftovers(): Promise<void> {
    await removeTempFiles(this.dir, { sharedWithLiveProcesses: true });
    for (const id of await readdir(join(this.dir, 'runs')).catch(() => [] as string[])) await removeTempFiles(join(this.dir, 'runs', id), { sharedWithLiveProcesses: true });
  }

  async firstSeen(scheduleId: string, now: Date): Promise<Date> {
    const state = await this.readState();
    const seen = state.firstSeen[scheduleId];
    if (seen) return new Date(seen);
    state.firstSeen[scheduleId] = now.toISOString();
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    await writeFileDurably(join(this.dir, 'state.json'), JSON.stringify(state, null, 1));
    return now;
  }

  private fileOf(scheduleId: string, day: string): string {
    return join(this.dir, 'runs', scheduleId, `${day}.json`);
  }

  async get(scheduleId: string, day: string): Promise<RunRecord | null> {
    try {
      const parsed = RunRecord.safeParse(JSON.parse(await readFile(this.fileOf(scheduleId, day), 'utf8')));
      if (!parsed.success) throw new Error(`the run record ${this.fileOf(scheduleId, day)} is damaged (${describeIssues(parsed.error)}); delete it to make that run again`);
      return parsed.data;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
  }

  async put(record: RunRecord): Promise<void> {
    await mkdir(join(this.dir, 'runs', record.scheduleId), { recursive: true, mode: 0o700 });
    await writeFileDurably(this.fileOf(record.scheduleId, record.scheduledFor), JSON.stringify(RunRecord.parse(record), null, 1));
  }

  /** Every record of a schedule, oldest first. */
  async list(scheduleId: string): Promise<RunRecord[]> {
    const names = await readdir(join(this.dir, 'runs', scheduleId)).catch(() => [] as string[]);
    const out: RunRecord[] = [];
    for (const name of names.filter((n) => /^\d{4}-\d{2}-\d{2}\.json$/.test(n)).sort()) {
      const record = await this.get(scheduleId, name.slice(0, 10));
      if (record) out.push(record);
    }
    return out;
  }
}
