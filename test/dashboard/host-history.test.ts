/**
 * A machine's results over the recorded days, read once per day from the daily history and
 * kept; a day added to the history is read when today changes; a damaged day is left out.
 */
import { describe, expect, it } from 'vitest';
import { HostHistory } from '../../dashboard/host-history.js';
import type { HistoryReader } from '../../dashboard/host-history.js';
import type { HistoryHosts } from '../../schema/index.js';

const day = (d: string, rows: Array<[string, string]>, ruleIds = ['lan', 'wan']): HistoryHosts => ({
  format: 1,
  day: d,
  ruleIds,
  hosts: rows.map(([id, letters]) => [id, id, 'hp', null, 'workstation', `${d}T01:00:00.000Z`, 0, letters]),
});

function reader(days: Record<string, HistoryHosts | Error>) {
  const reads: string[] = [];
  const r: HistoryReader = {
    days: async () => Object.keys(days).sort(),
    readHosts: async (d) => {
      reads.push(d);
      const v = days[d]!;
      if (v instanceof Error) throw v;
      return v;
    },
  };
  return { r, reads };
}

describe('a machine\'s results over time', () => {
  it('gives each rule\'s result per recorded day before today, reading each day once', async () => {
    const days: Record<string, HistoryHosts | Error> = {
      '2025-12-08': day('2025-12-08', [['a', 'ff']]),
      '2025-12-09': day('2025-12-09', [['a', 'pf'], ['b', 'pp']]),
      '2025-12-10': day('2025-12-10', [['a', 'pu']], ['wan', 'lan']),
      '2025-12-11': day('2025-12-11', [['a', 'pp']]),
    };
    const { r, reads } = reader(days);
    const history = new HostHistory(r, 2, () => {});
    const t = await history.timeline('a', '2025-12-11');
    expect(t.days).toEqual(['2025-12-09', '2025-12-10']);
    expect(t.statusOf('lan')).toEqual(['pass', 'unknown']);
    expect(t.statusOf('wan')).toEqual(['fail', 'pass']);
    expect(t.statusOf('signing')).toEqual([null, null]);
    expect((await history.timeline('c', '2025-12-11')).statusOf('lan')).toEqual([null, null]);
    expect(reads).toEqual(['2025-12-09', '2025-12-10']);
    // The next day: yesterday is read, the oldest dropped.
    const next = await history.timeline('a', '2025-12-12');
    expect(next.days).toEqual(['2025-12-10', '2025-12-11']);
    expect(reads).toEqual(['2025-12-09', '2025-12-10', '2025-12-11']);
  });

  it('leaves a damaged day out and says so', async () => {
    const said: string[] = [];
    const { r } = reader({ '2025-12-09': new Error('the history file x is damaged'), '2025-12-10': day('2025-12-10', [['a', 'pp']]) });
    const t = await new HostHistory(r, 14, (l) => said.push(l)).timeline('a', '2025-12-11');
    expect(t.days).toEqual(['2025-12-09', '2025-12-10']);
    expect(t.statusOf('lan')).toEqual([null, 'pass']);
    expect(said[0]).toContain('the history of 2025-12-09 was left out');
  });

  it('has no days without a history', async () => {
    expect((await new HostHistory(null).timeline('a', '2025-12-11')).days).toEqual([]);
  });
});
