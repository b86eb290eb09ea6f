/**
 * Runs the config's schedules: at each one's time it makes its documents through the same
 * jobs as the document route (in the collector, the evaluation worker: a 20,000-host
 * spreadsheet never holds the event loop), with the audit chain's head, archives each format, records the run, and
 * mails them if the schedule says so. At start-up every run due since the schedule was first
 * seen that has no run record is made for the day it was due (as of that day, from the
 * history), once; a collector killed in the middle of a run finds that run's archived formats
 * and makes only the rest. The clock is injected, so tests drive a fake one through a month.
 */
import type { ArchiveEntry, DeliveryRecord, ReportFormat } from '../../schema/index.js';
import { kindBuilder } from '../../reports/index.js';
import { addDays, dayIn } from '../../rules/deadline.js';
import type { ArchiveStore } from '../archive/store.js';
import { newArchiveId } from '../archive/store.js';
import { renderSubject } from '../mail/compose.js';
import { deliverRun } from '../mail/deliver.js';
import type { Mailer } from '../mail/transport.js';
import type { ReadinessJobs } from '../readiness-jobs.js';
import { nextOccurrence, occurrencesBetween } from './calendar.js';
import type { MailConfig, Schedule } from './config.js';
import type { RunRecord, RunStore } from './runs.js';

export interface SchedulerClock {
  now(): Date;
  /** Calls `fn` after `ms`; the handle cancels it. */
  setTimer(fn: () => void, ms: number): { cancel(): void };
}

export const systemClock: SchedulerClock = {
  now: () => new Date(),
  setTimer: (fn, ms) => {
    const t = setTimeout(fn, ms);
    t.unref();
    return { cancel: () => clearTimeout(t) };
  },
};

/** Runs missed by more than this many days are recorded as skipped, not made: a month's catch-up is bounded work. */
export const MAX_CATCH_UP_DAYS = 35;
/** The timer wakes at least this often, so a changed system clock is noticed within the hour. */
const MAX_SLEEP_MS = 3_600_000;

export interface SchedulerOptions {
  schedules: readonly Schedule[];
  holidays: readonly string[];
  timeZone: string;
  /** Where documents are made: the collector's evaluation worker, or in-process for the CLI and tests. */
  jobs: ReadinessJobs;
  /** The audit chain's head when a document is made, printed in its footer (docs/access.md); null without an audit log. */
  auditHead: () => Promise<string | null>;
  archive: ArchiveStore;
  runs: RunStore;
  mail: MailConfig | null;
  mailer: Mailer | null;
  clock: SchedulerClock;
  log: (line: string) => void;
}

export interface RunOutcome {
  record: RunRecord;
  entries: ArchiveEntry[];
  /** Resolves with the delivery's final record when the schedule mails; null otherwise. */
  delivery: Promise<DeliveryRecord> | null;
}

export class Scheduler {
  private readonly holidays: ReadonlySet<string>;
  /** Per schedule: every run due up to this instant has been handled. */
  private readonly checked = new Map<string, Date>();
  private queue: Promise<unknown> = Promise.resolve();
  private readonly deliveries = new Set<Promise<unknown>>();
  private readonly sleepers = new Set<{ cancel(): void; wake(): void }>();
  private timer: { cancel(): void } | null = null;
  private startedAt: Date | null = null;
  private closed = false;

  constructor(private readonly opts: SchedulerOptions) {
    this.holidays = new Set(opts.holidays);
  }

  schedule(id: string): Schedule | undefined {
    return this.opts.schedules.find((s) => s.id === id);
  }

  /** Notes new schedules, resumes unfinished deliveries, makes missed runs (in the background) and arms the timer. */
  async start(): Promise<void> {
    const now = this.opts.clock.now();
    this.startedAt = now;
    for (const s of this.opts.schedules) this.checked.set(s.id, await this.opts.runs.firstSeen(s.id, now));
    for (const record of await this.opts.archive.pendingDeliveries()) {
      const schedule = this.schedule(record.scheduleId);
      if (schedule?.email) this.track(this.deliver(record, schedule));
    }
    this.enqueue(() => this.runDue());
  }

  /** Resolves when no run is queued or in progress (deliveries may go on). */
  idle(): Promise<void> {
    return this.queue.then(() => undefined);
  }

  /** Resolves when every delivery started so far has finished. */
  async deliveriesSettled(): Promise<void> {
    while (this.deliveries.size) await Promise.allSettled([...this.deliveries]);
  }

  private enqueue<T>(job: () => Promise<T>): Promise<T> {
    const run = this.queue.then(job, job);
    this.queue = run.catch((err: Error) => this.opts.log(`scheduler: warning: ${err.message}`));
    return run;
  }

  private track(p: Promise<unknown>): void {
    const tracked = p.catch((err: Error) => this.opts.log(`scheduler: warning: delivery failed: ${err.message}`)).finally(() => this.deliveries.delete(tracked));
    this.deliveries.add(tracked);
  }

  /** Makes every run due up to now that has no record, oldest first, then sleeps until the next one. */
  async runDue(): Promise<void> {
    if (this.closed) return;
    const now = this.opts.clock.now();
    const due = this.opts.schedules
      .flatMap((s) => occurrencesBetween(s, this.checked.get(s.id) ?? now, now, this.opts.timeZone, this.holidays).map((o) => ({ s, ...o })))
      .sort((a, b) => a.at.getTime() - b.at.getTime() || a.s.id.localeCompare(b.s.id));
    const oldest = addDays(dayIn(now, this.opts.timeZone), -MAX_CATCH_UP_DAYS);
    for (const { s, day, at } of due) {
      if (this.closed) return;
      if (!(await this.opts.runs.get(s.id, day))) {
        const late = this.startedAt !== null && at < this.startedAt;
        if (day < oldest) await this.skip(s, day);
        else await this.runOccurrence(s, day, late);
      }
      this.checked.set(s.id, at);
    }
    for (const s of this.opts.schedules) this.checked.set(s.id, now);
    this.arm();
  }

  private arm(): void {
    this.timer?.cancel();
    if (this.closed || !this.opts.schedules.length) return;
    const now = this.opts.clock.now();
    const next = this.opts.schedules
      .map((s) => nextOccurrence(s, now, this.opts.timeZone, this.holidays))
      .filter((o) => o !== null)
      .sort((a, b) => a.at.getTime() - b.at.getTime())[0];
    const wait = next ? Math.min(Math.max(next.at.getTime() - now.getTime(), 0), MAX_SLEEP_MS) : MAX_SLEEP_MS;
    this.timer = this.opts.clock.setTimer(() => void this.enqueue(() => this.runDue()), wait);
  }

  private async skip(s: Schedule, day: string): Promise<void> {
    const message = `not made: it was due more than ${MAX_CATCH_UP_DAYS} days before the collector started; make it with readiness schedule run ${s.id} --as-of ${day}`;
    await this.opts.runs.put({ scheduleId: s.id, scheduledFor: day, asOf: null, status: 'skipped', at: this.opts.clock.now().toISOString(), late: true, runId: `${s.id}--${day}`, entryIds: [], message });
    this.opts.log(`schedule ${s.id}: warning: the run of ${day} was ${message}`);
  }

  /** Kinds made from live data only (the equipment review reads the latest reports) are made as of today. */
  private asOfFor(s: Schedule, day: string): string | undefined {
    return kindBuilder(s.kind).needs.live ? undefined : day;
  }

  private async produce(s: Schedule, format: ReportFormat, asOf: string | undefined) {
    const auditHead = await this.opts.auditHead();
    return this.opts.jobs.document(
      { kind: s.kind, format, unitId: s.unit ?? null, auditHead, ...(asOf ? { asOf } : {}), lang: s.lang, period: s.period, timeZone: this.opts.timeZone },
      this.opts.clock.now(),
      // One scheduled document at a time, never refused because downloads fill the bound.
      { background: true },
    );
  }

  /** One scheduled day: each format produced and archived (reusing formats a killed run had archived), then the record, then the mail. */
  private async runOccurrence(s: Schedule, day: string, late: boolean): Promise<RunOutcome> {
    const runId = `${s.id}--${day}`;
    const asOf = this.asOfFor(s, day);
    const before = (await this.opts.archive.entries()).filter((e) => e.origin.type === 'schedule' && e.origin.scheduleId === s.id && e.origin.scheduledFor === day);
    const entries: ArchiveEntry[] = [];
    const record = (status: RunRecord['status'], message: string | null): RunRecord => ({
      scheduleId: s.id,
      scheduledFor: day,
      asOf: entries[0]?.asOf ?? asOf ?? null,
      status,
      at: this.opts.clock.now().toISOString(),
      late,
      runId,
      entryIds: entries.map((e) => e.id),
      message,
    });
    try {
      for (const format of s.formats) {
        const kept = before.find((e) => e.format === format);
        if (kept) {
          entries.push(kept);
          continue;
        }
        const doc = await this.produce(s, format, asOf);
        entries.push(await this.opts.archive.put(doc, { format, origin: { type: 'schedule', scheduleId: s.id, scheduledFor: day, late }, runId, period: s.period }, this.opts.clock.now()));
      }
    } catch (err) {
      const failed = record('failed', (err as Error).message);
      await this.opts.runs.put(failed);
      this.opts.log(`schedule ${s.id}: warning: the run of ${day} failed: ${(err as Error).message}`);
      return { record: failed, entries, delivery: null };
    }
    const made = record('made', null);
    await this.opts.runs.put(made);
    this.opts.log(`schedule ${s.id}: archived ${entries.map((e) => `${e.fileName} (${e.id})`).join(', ')}${late ? ` — late: due ${day}, made at start-up` : ''}`);
    return { record: made, entries, delivery: s.email ? this.startDelivery(s, runId, entries) : null };
  }

  /** `readiness schedule run ID [--as-of D]`: an extra run now, archived as manual; the calendar's own runs are unaffected. */
  async runNow(id: string, asOfDay?: string): Promise<RunOutcome> {
    const s = this.schedule(id);
    if (!s) throw new Error(`no schedule "${id}" in the collector config; the schedules are ${this.opts.schedules.map((x) => x.id).join(', ') || '(none)'}`);
    return this.enqueue(async () => {
      const now = this.opts.clock.now();
      const runId = `${s.id}--manual-${newArchiveId(now)}`;
      const entries: ArchiveEntry[] = [];
      for (const format of s.formats) {
        const doc = await this.produce(s, format, asOfDay);
        entries.push(await this.opts.archive.put(doc, { format, origin: { type: 'manual', scheduleId: s.id }, runId, period: s.period }, this.opts.clock.now()));
      }
      const record: RunRecord = { scheduleId: s.id, scheduledFor: entries[0]!.asOf, asOf: entries[0]!.asOf, status: 'made', at: now.toISOString(), late: false, runId, entryIds: entries.map((e) => e.id), message: null };
      return { record, entries, delivery: s.email ? this.startDelivery(s, runId, entries) : null };
    });
  }

  private startDelivery(s: Schedule, runId: string, entries: ArchiveEntry[]): Promise<DeliveryRecord> {
    const started = (async () => {
      const record: DeliveryRecord = (await this.opts.archive.delivery(runId)) ?? {
        runId,
        scheduleId: s.id,
        entryIds: entries.map((e) => e.id),
        to: s.email!.to,
        cc: s.email!.cc,
        subject: '',
        status: 'pending',
        attempts: [],
        nextAttemptAt: null,
      };
      return this.deliver(record, s);
    })();
    this.track(started);
    return started;
  }

  private async deliver(record: DeliveryRecord, s: Schedule): Promise<DeliveryRecord> {
    if (!this.opts.mail || !this.opts.mailer || !s.email) throw new Error(`schedule ${s.id} mails its documents but no mail server is configured`);
    if (record.status !== 'pending') return record;
    const first = await this.opts.archive.get(record.entryIds[0]!);
    const pending = { ...record, subject: first ? renderSubject(s.email.subject, first, s.id) : record.subject };
    await this.opts.archive.writeDelivery(pending);
    return deliverRun({
      record: pending,
      email: s.email,
      mail: this.opts.mail,
      mailer: this.opts.mailer,
      archive: this.opts.archive,
      clock: { now: () => this.opts.clock.now(), sleep: (ms) => this.sleep(ms) },
      log: this.opts.log,
      stopped: () => this.closed,
    });
  }

  /** A wait that `close` cuts short, so shutting down never waits out a mail backoff. */
  private sleep(ms: number): Promise<void> {
    return new Promise((wake) => {
      const sleeper = { cancel: () => {}, wake };
      const timer = this.opts.clock.setTimer(() => {
        this.sleepers.delete(sleeper);
        wake();
      }, ms);
      sleeper.cancel = () => timer.cancel();
      this.sleepers.add(sleeper);
    });
  }

  /** Stops the timer, lets the run in progress finish, and leaves pending deliveries for the next start. */
  async close(): Promise<void> {
    this.closed = true;
    this.timer?.cancel();
    for (const s of this.sleepers) {
      s.cancel();
      s.wake();
    }
    this.sleepers.clear();
    await this.idle();
    await this.deliveriesSettled();
    this.opts.mailer?.close();
  }
}
