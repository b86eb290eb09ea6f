/**
 * Rate limits as sized by default: a unit's 300 PCs behind one NAT address all enroll within a
 * minute; 3,000 wrong enroll secrets from one address are throttled after a few dozen; each
 * agent's reports are limited; liveness stays answerable. In-process requests share one
 * source address, as a NAT's would.
 */
import { describe, expect, it } from 'vitest';
import { makeReport } from '../helpers/report-fixture.js';
import { ENROLL_SECRET, makeTestApp } from '../helpers/test-app.js';

describe('rate limits', () => {
  it('lets 300 PCs of one unit enroll at once from one address', async () => {
    const t = makeTestApp();
    const answers = await Promise.all(
      Array.from({ length: 300 }, (_, i) => Promise.resolve(t.post('/enroll', { secret: ENROLL_SECRET, unit: 'hp-kv1', room: null, hostname: `KV1-PC${i}` })).then((r) => r.status)),
    );
    expect(answers.filter((s) => s === 201)).toHaveLength(300);
    expect(t.deps.store.size).toBe(300);
  });

  it('throttles 3,000 wrong enroll secrets from one address, with Retry-After, and then the right one too', async () => {
    const t = makeTestApp();
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let i = 0; i < 3000; i++) {
      const res = await t.post('/enroll', { secret: `wrong-secret-${i}-0123456789`, unit: 'hp-kv1', hostname: 'X' });
      statuses.push(res.status);
      if (res.status === 429) retryAfter ??= res.headers.get('retry-after');
    }
    const checked = statuses.filter((s) => s === 401).length;
    expect(checked).toBe(30);
    expect(statuses.filter((s) => s === 429)).toHaveLength(3000 - 30);
    expect(Number(retryAfter)).toBeGreaterThan(0);
    // While throttled the address cannot test a guess at all, right or wrong.
    expect((await t.post('/enroll', { secret: ENROLL_SECRET, unit: 'hp-kv1', hostname: 'X' })).status).toBe(429);
    expect((await t.get('/healthz')).status).toBe(200);
    expect(t.deps.store.size).toBe(0);
  });

  it('counts unknown agent keys and wrong admin tokens as failed credentials too', async () => {
    const t = makeTestApp();
    for (let i = 0; i < 30; i++) expect((await t.get('/hosts', `wrong-token-${i}-0123456789`)).status).toBe(401);
    expect((await t.sendReport(makeReport('11111111-1111-4111-8111-111111111111'), '11111111-1111-4111-8111-111111111111.nope')).status).toBe(429);
  });

  it("limits each agent's reports and says when to come back", async () => {
    const t = makeTestApp();
    const { agentId, agentKey } = await t.enroll();
    const other = await t.enroll();
    const statuses: number[] = [];
    for (let i = 0; i < 70; i++) statuses.push((await t.sendReport(makeReport(agentId), agentKey)).status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(60);
    const limited = await t.sendReport(makeReport(agentId), agentKey);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    // Another agent behind the same address is not affected.
    expect((await t.sendReport(makeReport(other.agentId), other.agentKey)).status).toBe(201);
    expect(t.deps.store.getHost(agentId)!.reportCount).toBe(60);
  });
});
