/**
 * Each rule's result for one machine over the last recorded days, for the machine page. The
 * daily history keeps, per day, one status letter per host and rule in a gzipped file of the
 * whole fleet (collector/history-store.ts); reading one such file costs tens of milliseconds
 * at 20,000 hosts, so the last `days` days are read once (a past day never changes), kept as
 * one small string per host and day, and a new day is added when the history gains one.
 */
import { LETTER_STATUS } from '../schema/index.js';
import type { HistoryHosts, HostRuleStatus } from '../schema/index.js';

/** What the machine page reads of the history (collector/history-store.ts implements it). */
export interface HistoryReader {
  days(): Promise<string[]>;
  /** Null: the day's host rows are missing or damaged (the day is skipped). */
  readHosts(day: string): Promise<HistoryHosts | null>;
}

interface Day {
  ruleIds: string[];
  /** agentId → one letter per rule, in `ruleIds` order. */
  letters: Map<string, string>;
}

export interface HostTimeline {
  /** Recorded days, oldest first (today is not among them: it comes from the live evaluation). */
  days: string[];
  /** Per rule id, the result on each day (null: the host or the rule was not in that day's record). */
  statusOf(ruleId: string): Array<HostRuleStatus | null>;
}

export class HostHistory {
  private readonly loaded = new Map<string, Day>();
  private loading: Promise<void> | null = null;
  private window: string[] = [];
  /** The day the kept days were chosen for: days before it are final, so one look a day suffices. */
  private chosenFor: string | null = null;
  /** One copy of each agent id across the days kept. */
  private readonly ids = new Map<string, string>();

  constructor(
    private readonly reader: HistoryReader | null,
    readonly keepDays = 14,
    private readonly log: (line: string) => void = (l) => console.error(l),
  ) {}

  /** Brings the kept days up to the last `keepDays` recorded before `today`. */
  private async refresh(today: string): Promise<void> {
    if (!this.reader) return;
    const wanted = (await this.reader.days()).filter((d) => d < today).slice(-this.keepDays);
    for (const day of [...this.loaded.keys()]) if (!wanted.includes(day)) this.loaded.delete(day);
    for (const day of wanted) {
      if (this.loaded.has(day)) continue;
      try {
        const rows = await this.reader.readHosts(day);
        // Missing or damaged (the history store said so): left out, and not read again.
        if (!rows) {
          this.loaded.set(day, { ruleIds: [], letters: new Map() });
          continue;
        }
        const letters = new Map<string, string>();
        for (const row of rows.hosts) {
          const id = this.ids.get(row[0]) ?? (this.ids.set(row[0], row[0]), row[0]);
          letters.set(id, row[7]);
        }
        this.loaded.set(day, { ruleIds: rows.ruleIds, letters });
      } catch (err) {
        // A damaged day is left out of the timeline (the history store names the file).
        this.log(`dashboard: the history of ${day} was left out of machine timelines: ${(err as Error).message}`);
        this.loaded.set(day, { ruleIds: [], letters: new Map() });
      }
    }
    this.window = wanted.filter((d) => this.loaded.has(d));
    this.chosenFor = today;
    // Hosts come and go: past twice the fleet, start the shared ids afresh (kept days keep theirs).
    if (this.ids.size > 2 * Math.max(0, ...[...this.loaded.values()].map((d) => d.letters.size))) this.ids.clear();
  }

  /** The machine's results over the kept days; concurrent callers share one read of the files. */
  async timeline(agentId: string, today: string): Promise<HostTimeline> {
    if (!this.loading && this.chosenFor !== today) {
      this.loading = this.refresh(today)
        .catch((err: Error) => this.log(`dashboard: could not read the history for machine timelines: ${err.message}`))
        .finally(() => (this.loading = null));
    }
    if (this.loading) await this.loading;
    const days = [...this.window];
    const records = days.map((d) => this.loaded.get(d)!);
    return {
      days,
      statusOf: (ruleId) =>
        records.map((r) => {
          const column = r.ruleIds.indexOf(ruleId);
          const letter = column < 0 ? undefined : r.letters.get(agentId)?.[column];
          return letter ? (LETTER_STATUS[letter] ?? null) : null;
        }),
    };
  }
}
