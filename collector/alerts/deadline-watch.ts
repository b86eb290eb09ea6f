/**
 * Deadline and exception alerts (docs/availability.md, "Alerts"): every `alerts.watchMinutes`
 * the whole-fleet evaluation is made on the evaluation worker (its roll-up figures: per unit,
 * per rule, the deadline status), never on a request; each unit's rule that turned at risk or
 * overdue raises an alert, one that is done or back on track after one a cleared notice
 * (AlertService.onDeadlineStatus keeps them to one per change). In the same run, each exception
 * past its last day in the org's calendar raises one alert; one that ended more than
 * `EXPIRED_LOOKBACK_DAYS` ago does not, so a collector upgraded with old exceptions does not
 * flood anyone.
 */
import type { ExceptionRecord } from '../../schema/index.js';
import { addDays, dayIn } from '../../rules/deadline.js';
import { exceptionState } from '../../rules/exemptions.js';
import type { RollupFigures } from '../rollup/snapshot.js';
import type { AlertService } from './alerts.js';

export const EXPIRED_LOOKBACK_DAYS = 7;

export class DeadlineWatch {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<number> | null = null;

  constructor(
    private readonly opts: {
      alerts: AlertService;
      /** The evaluation's figures, made on the worker. */
      figures: () => Promise<RollupFigures>;
      exceptions: () => readonly ExceptionRecord[];
      timeZone: string;
      now: () => Date;
      log: (line: string) => void;
    },
  ) {}

  /** One check now; resolves with the alerts raised. One run at a time. */
  run(): Promise<number> {
    this.running ??= this.check().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async check(): Promise<number> {
    const figures = await this.opts.figures();
    const titles = new Map(figures.rules.map((r) => [r.id, { title: r.title, deadline: r.deadline }]));
    let raised = 0;
    for (const unit of figures.units) {
      for (const r of unit.rules) {
        const info = titles.get(r.ruleId);
        if (!info) continue;
        if (await this.opts.alerts.onDeadlineStatus({ unit: unit.unitId, rule: r.ruleId, ruleTitle: info.title, deadline: info.deadline, status: r.status })) raised++;
      }
    }
    const today = dayIn(this.opts.now(), this.opts.timeZone);
    const since = addDays(today, -EXPIRED_LOOKBACK_DAYS);
    for (const e of this.opts.exceptions()) {
      if (exceptionState(e, today) !== 'expired' || e.expiresOn < since) continue;
      const title = titles.get(e.rule)?.title ?? { vi: e.rule, en: e.rule };
      if (await this.opts.alerts.onExceptionExpired(e, title)) raised++;
    }
    return raised;
  }

  /** Checks every `minutes` (the first after one period: start-up has enough to do). */
  start(minutes: number): void {
    this.timer = setInterval(() => {
      void this.run().catch((err: Error) => this.opts.log(`collector: warning: could not check deadlines and exceptions for alerts: ${err.message}`));
    }, minutes * 60_000);
    this.timer.unref();
  }

  close(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}
