/**
 * Exceptions applied to results, as pure functions: what each kind of target covers, what an
 * exception never changes (a pass, a rule that does not apply), the last day in the org's
 * calendar, and the roll-up counting exempted machines apart from passing and out of the
 * completion's denominator.
 */
import { describe, expect, it } from 'vitest';
import { exceptionState, exemptHost, exemptionIndex, exemptMissing } from '../../rules/exemptions.js';
import { Tally } from '../../rules/rollup.js';
import type { ExceptionRecord, HostEvaluation, HostRuleStatus, RuleInfo } from '../../schema/index.js';

const exception = (over: Partial<ExceptionRecord> & Pick<ExceptionRecord, 'rule' | 'target'>): ExceptionRecord => ({
  id: 'ex-0000000001',
  reason: 'thiết bị chuyên dụng',
  reference: null,
  approvedBy: { name: 'root', role: 'admin' },
  createdAt: '2025-12-01T00:00:00Z',
  expiresOn: '2025-12-31',
  revoked: null,
  ...over,
});

const host = (agentId: string, unitId: string, roomId: string | null, statuses: HostRuleStatus[]): HostEvaluation => ({
  agentId,
  hostname: agentId,
  unitId,
  roomId,
  deviceKind: 'workstation',
  lastSeen: '2025-12-05T00:00:00Z',
  stale: false,
  identity: null,
  results: statuses.map((status, i) => ({ ruleId: ['a', 'b'][i]!, status, evidence: [{ kind: 'never_reported' as const }] })),
});

const RULES = [{ id: 'a' }, { id: 'b' }] as RuleInfo[];

describe('exceptions applied to results', () => {
  const index = exemptionIndex(
    [
      exception({ id: 'ex-host000001', rule: 'a', target: { unit: 'u1', room: 'p1', host: 'h1' } }),
      exception({ id: 'ex-room000001', rule: 'b', target: { unit: 'u1', room: 'p2', host: null } }),
      exception({ id: 'ex-unit000001', rule: 'a', target: { unit: 'u2', room: null, host: null } }),
      exception({ id: 'ex-gone000001', rule: 'b', target: { unit: 'u2', room: null, host: null }, revoked: { at: '2025-12-02T00:00:00Z', by: { name: 'root', role: 'admin' } } }),
    ],
    '2025-12-05',
  );
  const statuses = (h: HostEvaluation) => exemptHost(h, index).results.map((r) => r.status);

  it('exempts a failing or unknown result of the covered rule only, never a pass or a rule that does not apply', () => {
    expect(statuses(host('h1', 'u1', 'p1', ['fail', 'fail']))).toEqual(['exempted', 'fail']);
    expect(statuses(host('h1', 'u1', 'p1', ['unknown', 'pass']))).toEqual(['exempted', 'pass']);
    expect(statuses(host('h1', 'u1', 'p1', ['pass', 'pass']))).toEqual(['pass', 'pass']);
    expect(statuses(host('h1', 'u1', 'p1', ['not_applicable', 'fail']))).toEqual(['not_applicable', 'fail']);
    const exempted = exemptHost(host('h1', 'u1', 'p1', ['fail', 'fail']), index).results[0]!;
    expect(exempted.evidence).toEqual([
      { kind: 'exempted', exception: 'ex-host000001', until: '2025-12-31', approvedBy: 'root', approverRole: 'admin', reason: 'thiết bị chuyên dụng', reference: null, says: 'fail' },
      { kind: 'never_reported' },
    ]);
  });

  it('covers a room\'s machines, a unit\'s own machines in any of its rooms, and nothing after revocation', () => {
    expect(statuses(host('h2', 'u1', 'p2', ['fail', 'fail']))).toEqual(['fail', 'exempted']);
    expect(statuses(host('h3', 'u1', 'p3', ['fail', 'fail']))).toEqual(['fail', 'fail']);
    expect(statuses(host('h4', 'u2', 'p9', ['fail', 'fail']))).toEqual(['exempted', 'fail']);
    expect(statuses(host('h5', 'u2', null, ['unknown', 'unknown']))).toEqual(['exempted', 'unknown']);
    // A unit's exception is for that unit: not a unit below it.
    expect(statuses(host('h6', 'u2-child', null, ['fail', 'fail']))).toEqual(['fail', 'fail']);
  });

  it('covers the expected machines that never reported, by room and unit', () => {
    expect(exemptMissing(['unknown', 'unknown'], RULES, index, 'u1', 'p2')).toEqual(['unknown', 'exempted']);
    expect(exemptMissing(['unknown', 'not_applicable'], RULES, index, 'u2', 'p1')).toEqual(['exempted', 'not_applicable']);
    expect(exemptMissing(['unknown', 'unknown'], RULES, index, 'u1', null)).toEqual(['unknown', 'unknown']);
  });

  it('holds through its last day and not one day more', () => {
    const e = exception({ rule: 'a', target: { unit: 'u1', room: null, host: null }, expiresOn: '2025-12-05' });
    expect([exceptionState(e, '2025-12-05'), exceptionState(e, '2025-12-06')]).toEqual(['active', 'expired']);
    expect(exemptionIndex([e], '2025-12-06').size).toBe(0);
  });

  it('leaves an exempted device out of a per-device rule\'s due day (the pre-use scan)', () => {
    const rule = { id: 'scan', deadline: null, graceDays: 14, atRiskDays: 7 } as unknown as RuleInfo;
    const daysLeft = (status: HostRuleStatus) => {
      const tally = new Tally(1, [rule]);
      tally.addHost({ ...host('d1', 'u1', null, [status]), inUseSince: '2025-11-01', results: [{ ruleId: 'scan', status, evidence: [] }] });
      return tally.progress([rule], 'u:u1', { asOf: '2025-12-05', completeSince: () => null } as never)[0]!.daysLeft;
    };
    // Failing, the device's own due day (2025-11-15) has passed; exempted, it sets no day and the rule's grace counts from today.
    expect([daysLeft('fail'), daysLeft('exempted')]).toEqual([-20, 14]);
  });

  it('counts exempted machines apart: not passing, not blocking, out of the denominator', () => {
    const tally = new Tally(1, [{ id: 'a', deadline: '2025-12-26', atRiskDays: 7 } as RuleInfo]);
    const one = (status: HostRuleStatus, id: string) => tally.addHost({ ...host(id, 'u1', null, [status]), results: [{ ruleId: 'a', status, evidence: [] }] });
    one('pass', 'p1');
    one('pass', 'p2');
    one('exempted', 'e1');
    one('fail', 'f1');
    const [p] = tally.progress([{ id: 'a', deadline: '2025-12-26', atRiskDays: 7 } as RuleInfo], 'u:u1', { asOf: '2025-12-05', completeSince: () => null } as never);
    expect([p!.passing, p!.exempted, p!.failing, p!.completionPct, p!.blockingHosts]).toEqual([2, 1, 1, 66.7, ['f1']]);
  });
});
