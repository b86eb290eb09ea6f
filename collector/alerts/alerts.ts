/**
 * Alerts (docs/availability.md): when a unit's LAN or WAN goes down (after the pack's
 * hysteresis, collector/availability/tracker.ts) an alert; when it comes back, one recovery
 * notice. De-duplicated: while an alert is open for a unit's scope, another `down` adds
 * nothing. Every alert and every delivery attempt is a durable record (`data/alerts.json`,
 * record-file.ts), written before the next attempt; failed deliveries are retried 1 s, 5 s,
 * 30 s... apart up to the configured number of attempts.
 */
import { join } from 'node:path';
import { z } from 'zod';
import { Day, DeadlineStatus, Timestamp } from '../../schema/index.js';
import type { ExceptionRecord } from '../../schema/index.js';
import { RecordStore } from '../remediation/record-file.js';
import { newId } from '../remediation/context.js';
import type { StatusChange } from '../availability/tracker.js';
import type { Transition } from '../../rules/availability.js';
import type { Notifier } from './notifier.js';

export const ALERT_KINDS = ['link-down', 'link-recovered', 'deadline-at-risk', 'deadline-overdue', 'deadline-cleared', 'exception-expired'] as const;

export const AlertRecord = z
  .object({
    id: z.string().regex(/^al-[a-z0-9]{10}$/),
    kind: z.enum(ALERT_KINDS),
    unit: z.string(),
    unitName: z.string(),
    /** LAN or WAN for the link alerts; null for a deadline's or an exception's. */
    scope: z.enum(['lan', 'wan']).nullable(),
    /** Deadline and exception alerts: the rule, its title, its deadline, the status that raised it. */
    rule: z.string().optional(),
    ruleTitle: z.string().optional(),
    deadline: Day.nullable().optional(),
    status: DeadlineStatus.optional(),
    /** Exception alerts: the exception that expired. */
    exception: z.string().optional(),
    at: Timestamp,
    /** For a recovery: the alert it closes and how long the outage lasted. */
    recovers: z.string().nullable(),
    outageMinutes: z.number().nullable(),
    machines: z.number().int().nonnegative(),
    targets: z.array(z.string()),
    message: z.object({ vi: z.string(), en: z.string() }).strict(),
    deliveries: z.array(z.object({ at: Timestamp, notifier: z.string(), target: z.string(), ok: z.boolean(), error: z.string().nullable() }).strict()).max(100),
  })
  .strict();
export type AlertRecord = z.infer<typeof AlertRecord>;
/** What a notifier is given: the alert without its delivery record. */
export type Alert = Omit<AlertRecord, 'deliveries'>;

const BACKOFF_MS = [1000, 5000, 30_000, 120_000, 600_000];
const SCOPE = { lan: { vi: 'mạng LAN', en: 'LAN' }, wan: { vi: 'mạng WAN', en: 'WAN' } } as const;

export class AlertService extends RecordStore<AlertRecord> {
  private readonly timers = new Set<NodeJS.Timeout>();
  private closed = false;

  constructor(
    dataDir: string | null,
    private readonly notifiers: readonly Notifier[],
    private readonly opts: { attempts: number; unitName: (unit: string) => string; now: () => Date; log: (line: string) => void },
  ) {
    super(dataDir === null ? null : join(dataDir, 'alerts.json'), AlertRecord);
  }

  /** The open (not recovered) alert of a unit's scope. */
  private open(unit: string, scope: 'lan' | 'wan'): AlertRecord | undefined {
    const recovered = new Set(this.file.all().flatMap((a) => (a.recovers ? [a.recovers] : [])));
    return this.file.all().find((a) => a.kind === 'link-down' && a.unit === unit && a.scope === scope && !recovered.has(a.id));
  }

  /** A status change of the tracker: maybe an alert or a recovery. Resolves once it is recorded (deliveries go on after). */
  async onStatusChange(change: StatusChange): Promise<AlertRecord | null> {
    const open = this.open(change.unit, change.scope);
    const name = this.opts.unitName(change.unit);
    const where = { vi: `${SCOPE[change.scope].vi} của ${name}`, en: `the ${SCOPE[change.scope].en} of ${name}` };
    let alert: Alert | null = null;
    // From up, a new outage; after a spell without data, the same outage goes on while its alert is open.
    if (change.state === 'down' && !(open && change.previous !== 'up')) {
      alert = {
        id: newId('al'),
        kind: 'link-down',
        unit: change.unit,
        unitName: name,
        scope: change.scope,
        at: change.at,
        recovers: null,
        outageMinutes: null,
        machines: change.machines,
        targets: change.targets,
        message: {
          vi: `Mất kết nối ${where.vi} từ ${change.at}: ${change.machines} máy không tới được ${change.targets.join(', ') || 'các địa chỉ kiểm tra'}`,
          en: `${where.en} is down since ${change.at}: ${change.machines} machine(s) reach none of ${change.targets.join(', ') || 'the probe targets'}`,
        },
      };
    } else if (change.state === 'up' && open) {
      const minutes = Math.round(((Date.parse(change.at) - Date.parse(open.at)) / 60_000) * 100) / 100;
      alert = {
        id: newId('al'),
        kind: 'link-recovered',
        unit: change.unit,
        unitName: name,
        scope: change.scope,
        at: change.at,
        recovers: open.id,
        outageMinutes: minutes,
        machines: change.machines,
        targets: [],
        message: { vi: `${where.vi} đã kết nối lại lúc ${change.at} sau ${minutes} phút`, en: `${where.en} is back since ${change.at}, after ${minutes} minutes` },
      };
    }
    if (!alert) return null;
    return this.raise(alert);
  }

  /** Records an alert, then starts its deliveries. */
  private async raise(alert: Alert): Promise<AlertRecord> {
    const record: AlertRecord = { ...alert, deliveries: [] };
    await this.file.change((all) => ({ records: [...all, record].slice(-5000), value: null }));
    for (const n of this.notifiers) if (n.target(alert) !== null) this.attempt(record.id, n, 1);
    return record;
  }

  /** The latest deadline alert of a unit's rule: its open state (at risk, overdue) or cleared. */
  private lastDeadline(unit: string, rule: string): AlertRecord | undefined {
    const all = this.file.all();
    for (let i = all.length - 1; i >= 0; i--) if (all[i]!.unit === unit && all[i]!.rule === rule && all[i]!.kind.startsWith('deadline-')) return all[i];
    return undefined;
  }

  /**
   * A rule's deadline status in a unit, from the evaluation (deadline-watch.ts): an alert when
   * it turns at risk or overdue, once per change; a cleared notice when it is done or back on
   * track after one. Unknown and not applicable change nothing (no data is not news).
   */
  async onDeadlineStatus(d: { unit: string; rule: string; ruleTitle: { vi: string; en: string }; deadline: string | null; status: DeadlineStatus }): Promise<AlertRecord | null> {
    const last = this.lastDeadline(d.unit, d.rule);
    const open = last && last.kind !== 'deadline-cleared' ? last : undefined;
    const name = this.opts.unitName(d.unit);
    const base = { id: newId('al'), unit: d.unit, unitName: name, scope: null, at: this.opts.now().toISOString(), outageMinutes: null, machines: 0, targets: [], rule: d.rule, ruleTitle: d.ruleTitle.vi, deadline: d.deadline, status: d.status };
    const due = d.deadline ?? '—';
    if ((d.status === 'at_risk' || d.status === 'overdue') && open?.status !== d.status) {
      const overdue = d.status === 'overdue';
      return this.raise({
        ...base,
        kind: overdue ? 'deadline-overdue' : 'deadline-at-risk',
        recovers: null,
        message: overdue
          ? { vi: `${name}: tiêu chí "${d.ruleTitle.vi}" đã quá hạn ${due} mà chưa hoàn thành`, en: `${name}: "${d.ruleTitle.en}" is past its deadline ${due} and not complete` }
          : { vi: `${name}: tiêu chí "${d.ruleTitle.vi}" có nguy cơ không kịp hạn ${due}`, en: `${name}: "${d.ruleTitle.en}" is at risk of missing its deadline ${due}` },
      });
    }
    if ((d.status === 'done' || d.status === 'on_track') && open) {
      const done = d.status === 'done';
      return this.raise({
        ...base,
        kind: 'deadline-cleared',
        recovers: open.id,
        message: done
          ? { vi: `${name}: tiêu chí "${d.ruleTitle.vi}" đã hoàn thành`, en: `${name}: "${d.ruleTitle.en}" is complete` }
          : { vi: `${name}: tiêu chí "${d.ruleTitle.vi}" đã trở lại đúng tiến độ`, en: `${name}: "${d.ruleTitle.en}" is back on track` },
      });
    }
    return null;
  }

  /** An exception past its last day: one alert per exception, ever. */
  async onExceptionExpired(e: ExceptionRecord, ruleTitle: { vi: string; en: string }): Promise<AlertRecord | null> {
    if (this.file.all().some((a) => a.kind === 'exception-expired' && a.exception === e.id)) return null;
    const name = this.opts.unitName(e.target.unit);
    const what = e.target.host ? { vi: `máy ${e.target.host}`, en: `machine ${e.target.host}` } : e.target.room ? { vi: `phòng ${e.target.room}`, en: `room ${e.target.room}` } : { vi: 'cả đơn vị', en: 'the whole unit' };
    return this.raise({
      id: newId('al'),
      kind: 'exception-expired',
      unit: e.target.unit,
      unitName: name,
      scope: null,
      at: this.opts.now().toISOString(),
      recovers: null,
      outageMinutes: null,
      machines: 0,
      targets: [],
      rule: e.rule,
      ruleTitle: ruleTitle.vi,
      deadline: null,
      exception: e.id,
      message: {
        vi: `${name}: miễn trừ ${e.id} cho tiêu chí "${ruleTitle.vi}" (${what.vi}) đã hết hạn sau ngày ${e.expiresOn}; kết quả được tính lại như bình thường`,
        en: `${name}: exception ${e.id} for "${ruleTitle.en}" (${what.en}) expired after ${e.expiresOn}; results count as usual again`,
      },
    });
  }

  /**
   * After a restart: a change the series holds whose alert a crash kept from being recorded (the
   * report that caused it was then never acknowledged, and its resend changes nothing) is alerted now.
   */
  async reconcile(series: { units(): string[]; recorded(unit: string, scope: 'lan' | 'wan'): readonly Transition[] }): Promise<void> {
    for (const unit of series.units()) {
      for (const scope of ['lan', 'wan'] as const) {
        // The live changes only: a span filled in from late reports is history, not news.
        const list = series.recorded(unit, scope);
        const last = list.at(-1);
        if (!last) continue;
        const open = this.open(unit, scope);
        const previous = list.at(-2)?.state ?? 'unknown';
        if (last.state === 'down' && !this.file.all().some((a) => a.unit === unit && a.scope === scope && a.kind === 'link-down' && a.at === last.at)) {
          if (!open || previous === 'up') await this.onStatusChange({ ...last, unit, scope, previous });
        } else if (last.state === 'up' && open) {
          await this.onStatusChange({ ...last, unit, scope, previous: 'down' });
        }
      }
    }
  }

  private attempt(id: string, notifier: Notifier, n: number): void {
    if (this.closed) return;
    const alert = this.file.all().find((a) => a.id === id);
    if (!alert) return;
    const { deliveries: _d, ...payload } = alert;
    void notifier
      .deliver(payload)
      .then(
        () => null,
        (err: Error) => err.message,
      )
      .then(async (error) => {
        const entry = { at: this.opts.now().toISOString(), notifier: notifier.kind, target: notifier.target(payload) ?? '', ok: error === null, error };
        await this.file.change((all) => ({ records: all.map((a) => (a.id === id ? { ...a, deliveries: [...a.deliveries, entry].slice(-100) } : a)), value: null }));
        if (error === null) return;
        if (n >= this.opts.attempts) return this.opts.log(`collector: warning: alert ${id} not delivered by ${notifier.kind} after ${n} attempts: ${error}`);
        const timer = setTimeout(() => {
          this.timers.delete(timer);
          this.attempt(id, notifier, n + 1);
        }, BACKOFF_MS[Math.min(n - 1, BACKOFF_MS.length - 1)]);
        timer.unref();
        this.timers.add(timer);
      })
      .catch((err: Error) => this.opts.log(`collector: warning: could not record a delivery of alert ${id}: ${err.message}`));
  }

  close(): void {
    this.closed = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }
}
