/**
 * Time as time: reports are ordered by the instant they describe on the collector's clock,
 * `+07:00` and `Z` are one instant, and the machine's clock skew is read when the report is
 * sent, never from how long it waited.
 */
import { describe, expect, it } from 'vitest';
import { MemoryStore } from '../../collector/store/memory-store.js';
import { Readiness } from '../../collector/readiness.js';
import { DEFAULT_PACK_FILE, loadRuleSet } from '../../rules/load-pack.js';
import { makeReport } from '../helpers/report-fixture.js';
import { readyReport } from '../helpers/ready-report.js';
import { ADMIN_TOKEN, makeTestApp } from '../helpers/test-app.js';
import type { Evaluation } from '../../schema/index.js';
import { englishEvidence } from '../helpers/evidence-text.js';

const send = (t: ReturnType<typeof makeTestApp>, report: unknown, key: string, sentAt?: string) =>
  t.app.request('/api/v1/reports', {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}`, ...(sentAt ? { 'x-readiness-sent-at': sentAt } : {}) },
    body: JSON.stringify(report),
  });

describe('time as time', () => {
  it('never lets a report dated 2099 stay the latest', async () => {
    let now = new Date('2025-12-05T08:00:00Z');
    const t = makeTestApp({ now: () => now });
    const { agentId, agentKey } = await t.enroll();
    const future = makeReport(agentId, { collectedAt: '2099-01-01T00:00:00.000Z' });
    expect((await send(t, future, agentKey)).status).toBe(201);
    now = new Date('2025-12-05T09:00:00Z');
    const current = makeReport(agentId, { collectedAt: '2025-12-05T08:59:00.000Z' });
    expect((await send(t, current, agentKey)).status).toBe(201);
    const host = t.deps.store.getHost(agentId)!;
    expect(host.latest?.reportId).toBe(current.reportId);
    expect(host.reportAt).toBe('2025-12-05T08:59:00.000Z');
  });

  it('compares +07:00 and Z as instants, not as strings', async () => {
    const t = makeTestApp({ now: () => new Date('2025-12-05T10:00:00Z') });
    const { agentId, agentKey } = await t.enroll();
    // 08:40Z is later than 15:30+07:00 (08:30Z), though as text "…T15:30" sorts after "…T08:40".
    const later = makeReport(agentId, { collectedAt: '2025-12-05T08:40:00.000Z' });
    const earlier = makeReport(agentId, { collectedAt: '2025-12-05T15:30:00+07:00' });
    await send(t, later, agentKey);
    await send(t, earlier, agentKey);
    expect(t.deps.store.getHost(agentId)!.latest?.reportId).toBe(later.reportId);
  });

  it('reads the skew when the report is sent, and orders by the corrected instant', async () => {
    const now = new Date('2025-12-05T08:00:00Z');
    const t = makeTestApp({ now: () => now });
    const { agentId, agentKey } = await t.enroll();
    // The machine's clock is one hour ahead; its report says 09:00 of its own clock.
    const report = makeReport(agentId, { collectedAt: '2025-12-05T08:59:00.000Z' });
    expect((await send(t, report, agentKey, '2025-12-05T09:00:00.000Z')).status).toBe(201);
    const host = t.deps.store.getHost(agentId)!;
    expect(host.clock?.skewSeconds).toBe(3600);
    expect(host.reportAt).toBe('2025-12-05T07:59:00.000Z');
  });

  it('does not take a report that waited a week in the spool for a wrong clock', async () => {
    const t = makeTestApp({ now: () => new Date('2025-12-12T08:00:00Z') });
    const { agentId, agentKey } = await t.enroll();
    const spooled = makeReport(agentId, { collectedAt: '2025-12-05T08:00:00.000Z' });
    expect((await send(t, spooled, agentKey, '2025-12-12T08:00:01.000Z')).status).toBe(201);
    expect(t.deps.store.getHost(agentId)!.clock?.skewSeconds).toBe(1);
  });

  it('refuses a malformed sent-at header with a sentence and stores nothing', async () => {
    const t = makeTestApp();
    const { agentId, agentKey } = await t.enroll();
    const res = await send(t, makeReport(agentId), agentKey, 'yesterday');
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { message: string } }).error.message).toContain('x-readiness-sent-at');
    expect(t.deps.store.getHost(agentId)!.reportCount).toBe(0);
  });

  it('judges the clock-skew rule from the reading, with evidence', async () => {
    const store = new MemoryStore();
    const now = () => new Date('2025-12-05T08:00:00Z');
    const readiness = new Readiness({ store, org: null, rules: await loadRuleSet([DEFAULT_PACK_FILE]), history: null, now });
    const t = makeTestApp({ store, now, org: readiness, readiness: (await import('../../collector/readiness-jobs.js')).inProcessJobs(readiness) });
    const { agentId, agentKey } = await t.enroll();
    await send(t, readyReport(agentId, '2025-12-05T08:50:00.000Z'), agentKey, '2025-12-05T08:51:00.000Z');
    const evaluation = (await (await t.get('/readiness', ADMIN_TOKEN)).json()) as Evaluation;
    const result = evaluation.hosts[0]!.results.find((r) => r.ruleId === 'clock-skew')!;
    expect(result.status).toBe('fail');
    // Evidence is structured: said in English, and in Vietnamese for a Vietnamese document.
    expect(englishEvidence(result.evidence).join(' ')).toContain("3,060 seconds > 300 seconds — the machine's clock is ahead of the collector's");
    expect(result.evidence).toContainEqual(expect.objectContaining({ kind: 'check', fact: 'clock.skew_seconds', actual: 3060, notes: [{ code: 'clock', ahead: true }] }));
    // The report is not stale although it says 08:50: on the collector's clock it is from 07:59.
    expect(evaluation.hosts[0]!.stale).toBe(false);
  });
});
