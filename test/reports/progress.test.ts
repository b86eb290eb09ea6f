/** The previous period's end, and what changed between two evaluations. */
import { describe, expect, it } from 'vitest';
import { diffEvaluations, previousPeriodDay } from '../../reports/index.js';
import type { ReportPeriod } from '../../schema/index.js';
import { evaluationFixture, previousEvaluationFixture, REMOTE_TOOLS } from '../helpers/evaluation-fixture.js';

describe('previousPeriodDay', () => {
  it.each<[string, ReportPeriod, string]>([
    ['2025-12-10', 'day', '2025-12-09'],
    ['2026-01-01', 'day', '2025-12-31'],
    ['2024-03-01', 'day', '2024-02-29'],
    ['2025-12-10', 'week', '2025-12-03'],
    ['2026-01-03', 'week', '2025-12-27'],
    ['2025-12-10', 'month', '2025-11-10'],
    ['2026-01-15', 'month', '2025-12-15'],
    ['2026-03-31', 'month', '2026-02-28'],
    ['2024-03-31', 'month', '2024-02-29'],
    ['2025-05-31', 'month', '2025-04-30'],
  ])('%s, %s → %s', (asOf, period, expected) => {
    expect(previousPeriodDay(asOf, period)).toBe(expected);
  });
});

describe('diffEvaluations', () => {
  const diff = diffEvaluations(previousEvaluationFixture(), evaluationFixture());

  it('finds machines and rules that newly pass, including a machine new to the fleet', () => {
    expect(diff.newlyPassing.map((c) => `${c.agentId} ${c.ruleId} ${c.previous}`)).toEqual([
      'a-p1-01 lan-gateway fail',
      'a-kv1-01 lan-gateway null',
      'a-kv1-01 antivirus-active null',
      'a-kv1-01 firewall-on null',
      'a-kv1-01 no-remote-access null',
    ]);
  });

  it('finds regressions: passed before, fails now', () => {
    expect(diff.regressions).toEqual([
      {
        agentId: 'a-vp-02',
        ruleId: 'no-remote-access',
        previous: 'pass',
        current: 'fail',
        evidence: [REMOTE_TOOLS],
      },
    ]);
  });

  it('finds machines reporting for the first time', () => {
    expect(diff.newlyReporting.map((h) => h.hostname)).toEqual(['PC-KV1-01']);
  });

  it('finds units and rooms whose rule went overdue, and none that were already overdue', () => {
    expect(diff.becameOverdue.map((c) => `${c.unitId}/${c.roomId ?? '*'} ${c.ruleId} ${c.previous}`)).toEqual([
      'hp/* lan-gateway at_risk',
      'hp/vp lan-gateway at_risk',
      'hp/p1 lan-gateway at_risk',
      'hp/p2 lan-gateway unknown',
      'hp-kv1/* lan-gateway unknown', // nobody reported there yet on the 10th
      'hp-kv1/kv1-lv lan-gateway unknown',
    ]);
    expect(diffEvaluations(evaluationFixture(), evaluationFixture({ asOf: '2025-12-12' })).becameOverdue).toEqual([]);
  });

  it('counts a machine that comes back into contact as reporting again', () => {
    const back = evaluationFixture({ asOf: '2025-12-12' });
    const host = back.hosts.find((h) => h.agentId === 'a-p2-01')!;
    host.stale = false;
    host.lastSeen = '2025-12-12T01:00:00.000Z';
    expect(diffEvaluations(evaluationFixture(), back).newlyReporting.map((h) => h.agentId)).toEqual(['a-p2-01']);
  });
});
