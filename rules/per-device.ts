/**
 * Rules due per device (`due: per_device`): the pre-use scan is due for each device before it
 * is put into use, whenever it arrives, not on one calendar day. A device is in use from its
 * first report; the rule falls due for it `graceDays` later. A unit's deadline for such a rule
 * is the earliest due day of its devices in use that do not pass, so a past rollout date never
 * makes a PC that arrived yesterday overdue, and a device nobody scanned never reads done.
 * The roll-up keeps one `DeviceDue` beside its counts and asks it for the deadline to judge by.
 */
import type { HostEvaluation, HostRuleStatus, RuleInfo, RuleProgress } from '../schema/index.js';
import { addDays } from './deadline.js';

/** The calendar day of an instant in a time zone, with one formatter per zone (a fleet asks 20,000 times). */
const formatters = new Map<string, Intl.DateTimeFormat>();
export function dayInZone(at: string, timeZone: string): string {
  let f = formatters.get(timeZone);
  if (!f) formatters.set(timeZone, (f = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' })));
  return f.format(new Date(at));
}

export const isPerDevice = (rule: RuleInfo): boolean => rule.graceDays !== undefined;

/** Per rule: the earliest due day among devices in use that do not pass, and those due days. */
export class DeviceDue {
  private readonly earliest: Array<string | null>;
  private readonly dues: string[][];

  constructor(private readonly rules: readonly RuleInfo[]) {
    this.earliest = rules.map(() => null);
    this.dues = rules.map(() => []);
  }

  add(i: number, host: HostEvaluation, status: HostRuleStatus): void {
    const grace = this.rules[i]!.graceDays;
    // An exempted device is out of the count the rule is judged on, so its due day is too.
    if (grace === undefined || !host.inUseSince || status === 'pass' || status === 'not_applicable' || status === 'exempted') return;
    const due = addDays(host.inUseSince, grace);
    this.dues[i]!.push(due);
    if (this.earliest[i] === null || due < this.earliest[i]!) this.earliest[i] = due;
  }

  merge(other: DeviceDue): void {
    for (let i = 0; i < this.rules.length; i++) {
      for (const due of other.dues[i]!) this.dues[i]!.push(due);
      const e = other.earliest[i]!;
      if (e !== null && (this.earliest[i] === null || e < this.earliest[i]!)) this.earliest[i] = e;
    }
  }

  /**
   * The day to judge the rule's deadline status by: the calendar deadline, or the earliest due
   * day of a device holding a per-device rule back; with none due, `graceDays` from `asOf`
   * (what a device that starts reporting today would get).
   */
  deadlineOf(i: number, rule: RuleInfo, asOf: string): string {
    return rule.deadline ?? this.earliest[i] ?? addDays(asOf, rule.graceDays ?? 0);
  }

  /** What RuleProgress says of a per-device rule (nothing for a calendar rule). */
  progressOf(i: number, rule: RuleInfo, asOf: string): Pick<RuleProgress, 'perDevice'> {
    if (!isPerDevice(rule)) return {};
    return { perDevice: { dueOn: this.earliest[i] ?? null, overdueMachines: this.dues[i]!.filter((d) => d < asOf).length } };
  }
}

