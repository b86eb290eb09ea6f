/**
 * Rate limits as sized by default: a unit's 300 PCs behind one NAT address all enroll within a
 * minute; 3,000 wrong enroll secrets from one address are throttled after a few dozen; each
 * agent's reports are limited; liveness stays answerable. In-process requests share one
 * source address, as a NAT's would.
 */
import { describe, expect, it } from 'vitest';
import { CollectorConfig } from '../../collector/config.js';
import { createLimits } from '../../collector/limits.js';
import { addUsers } from '../helpers/access-fixture.js';
import { makeReport } from '../helpers/report-fixture.js';
import { ADMIN_TOKEN, ENROLL_SECRET, makeTestApp } from '../helpers/test-app.js';

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
    // The clock stands still: on a busy machine 3,000 requests take long enough for the budget
    // to refill a token (10 a minute), and the count this test checks is the burst's.
    const nowMs = Date.parse('2025-12-05T08:00:00Z');
    const t = makeTestApp({ limits: createLimits(CollectorConfig.parse({}), () => nowMs) });
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

  it('counts every kind of refused credential against one budget per address, and gives it back with time', async () => {
    let nowMs = Date.parse('2025-12-05T08:00:00Z');
    const t = makeTestApp({ limits: createLimits(CollectorConfig.parse({}), () => nowMs) });
    const { clerk } = await addUsers(t.deps.access.store, [{ name: 'clerk', role: 'viewer', unit: 'hp-kv1' }]);
    const login = (name: string, password: string) =>
      t.app.request('/api/v1/session', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name, password }) });
    const refused: number[] = [];
    for (let i = 0; i < 10; i++) refused.push((await t.post('/enroll', { secret: `wrong-secret-${i}-0123456789`, unit: 'hp-kv1', hostname: 'X' })).status);
    for (let i = 0; i < 10; i++) refused.push((await t.get('/hosts', `rdy_nosuchtoken${i}_0123456789abcdef0123456789abcdef`)).status);
    for (let i = 0; i < 5; i++) refused.push((await t.sendReport(makeReport('11111111-1111-4111-8111-111111111111'), `11111111-1111-4111-8111-111111111111.wrong${i}`)).status);
    // Wrong passwords of different accounts: the per-account limit is not what stops them.
    for (let i = 0; i < 5; i++) refused.push((await login(`nobody-${i}`, 'a wrong password')).status);
    expect(refused).toEqual(Array(30).fill(401));
    // Spent: nothing this address presents is checked now, right or wrong.
    for (const res of [await login('clerk', 'correct horse battery staple'), await t.get('/hosts', clerk!.token), await t.get('/hosts', ADMIN_TOKEN), await t.post('/enroll', { secret: ENROLL_SECRET, unit: 'hp-kv1', hostname: 'X' })]) {
      expect(res.status).toBe(429);
      expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    }
    const lines = await t.deps.access.store.audit.read({ afterSeq: null, limit: 1000 });
    expect([lines.filter((l) => l.action === 'session.login-failed').length, lines.filter((l) => l.action === 'token.refused').length]).toEqual([5, 10]);
    // 10 a minute come back.
    nowMs += 60_000;
    expect((await t.get('/hosts', clerk!.token)).status).toBe(200);
  });

  it("limits each agent's reports and says when to come back", async () => {
    const nowMs = Date.parse('2025-12-05T08:00:00Z');
    const t = makeTestApp({ limits: createLimits(CollectorConfig.parse({}), () => nowMs) });
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
