/** A clock tests move by hand: timers fire in time order as it is advanced. */
import type { SchedulerClock } from '../../collector/schedule/scheduler.js';

export class FakeClock implements SchedulerClock {
  private t: number;
  private timers: Array<{ at: number; fn: () => void; seq: number }> = [];
  private seq = 0;

  constructor(start: Date) {
    this.t = start.getTime();
  }

  now(): Date {
    return new Date(this.t);
  }

  setTimer(fn: () => void, ms: number) {
    const timer = { at: this.t + Math.max(0, ms), fn, seq: ++this.seq };
    this.timers.push(timer);
    return { cancel: () => void (this.timers = this.timers.filter((x) => x !== timer)) };
  }

  /** Jumps to `to` without firing anything: the collector was down. */
  set(to: Date): void {
    this.t = to.getTime();
    this.timers = [];
  }

  /** Moves to `to`, firing each timer due on the way at its own instant; `settle` runs after each. */
  async advanceTo(to: Date, settle: () => Promise<void>): Promise<number> {
    let fired = 0;
    for (;;) {
      const next = this.timers.filter((x) => x.at <= to.getTime()).sort((a, b) => a.at - b.at || a.seq - b.seq)[0];
      if (!next) break;
      this.timers = this.timers.filter((x) => x !== next);
      this.t = next.at;
      next.fn();
      fired++;
      await settle();
    }
    this.t = to.getTime();
    return fired;
  }
}

/** Real time moved to `start`: timers fire after real milliseconds, `now` reads as if it were `start` then. */
export function shiftedClock(start: Date): SchedulerClock {
  const offset = start.getTime() - Date.now();
  return {
    now: () => new Date(Date.now() + offset),
    setTimer: (fn, ms) => {
      const t = setTimeout(fn, ms);
      return { cancel: () => clearTimeout(t) };
    },
  };
}
