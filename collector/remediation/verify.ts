/**
 * Closes remediation tasks from the data: after reports arrive (at most once per `delayMs`)
 * and when asked, the open tasks go to the evaluation (the worker thread in the collector)
 * and those whose rule now passes are marked verified (tasks.ts). Then, when a pack sets
 * `autoTasks`, the same run makes the tasks the data asks for (auto-tasks.ts). One run at a
 * time; a change during a run schedules one more.
 */
import type { ReadinessJobs } from '../readiness-jobs.js';
import type { TaskStore } from './tasks.js';

export class TaskVerifier {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<string[]> | null = null;
  private again = false;
  private closed = false;

  constructor(
    private readonly tasks: TaskStore,
    private readonly jobs: Pick<ReadinessJobs, 'taskChecks' | 'autoTaskCandidates'>,
    private readonly delayMs: number,
    private readonly log: (line: string) => void,
    /** Some rule has `autoTasks`: every run also asks for the automatic tasks. */
    private readonly auto = false,
  ) {}

  /** Something the verification reads changed (a report, a move): check the open tasks soon. */
  poke(): void {
    if (this.closed || this.timer || (!this.auto && !this.tasks.open().length)) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.run().catch((err: Error) => this.log(`collector: warning: could not verify the remediation tasks: ${err.message}`));
    }, this.delayMs);
    this.timer.unref();
  }

  /** Checks the open tasks now, then makes the automatic ones; resolves with the ids verified. */
  async run(): Promise<string[]> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      const open = this.tasks.open().map(({ id, rule, target, createdAt }) => ({ id, rule, target, createdAt }));
      const verified = await this.tasks.verify(await this.jobs.taskChecks(open));
      if (this.auto && this.jobs.autoTaskCandidates) await this.tasks.addAuto(await this.jobs.autoTaskCandidates(), this.log);
      return verified;
    })();
    try {
      return await this.running;
    } finally {
      this.running = null;
      if (this.again) {
        this.again = false;
        this.poke();
      }
    }
  }

  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
