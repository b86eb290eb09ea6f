/**
 * The dashboard's cache of page models: per exact scope, reused for its lifetime, refreshed in
 * the background while the old answer is shown, waited for once too old, cleared after a
 * change, and one computation shared by concurrent pages.
 */
import { describe, expect, it } from 'vitest';
import { DashboardReadiness } from '../../dashboard/evaluation-cache.js';
import type { ReadinessSource } from '../../collector/readiness-source.js';
import { inProcessJobs } from '../../collector/readiness-jobs.js';
import type { CompletionPoint, Evaluation, UnitsResponse } from '../../schema/index.js';
import { evaluationFixture } from '../helpers/evaluation-fixture.js';

function source() {
  const asked: string[] = [];
  let generation = 0;
  const s: ReadinessSource = {
    evaluate: async (o) => {
      asked.push(`${o.unitId ?? '*'}|${o.recursive}|${o.asOf ?? 'today'}`);
      await new Promise((r) => setTimeout(r, 5));
      return { ...evaluationFixture({ scopeUnitId: o.unitId ?? null }), generatedAt: `2025-12-11T03:00:0${generation++}.000Z` } as Evaluation;
    },
    completionSeries: async (o) => {
      asked.push(`series ${o.unitId ?? '*'} ${o.from}..${o.to}`);
      return [{ day: '2025-12-10', unitId: 'hp', ruleId: 'lan-gateway', completionPct: 50 }] as CompletionPoint[];
    },
  };
  // The jobs the collector's worker runs, here on this thread: the cache reads their JSON.
  return { s: inProcessJobs(s), asked };
}

const org = { listUnits: () => ({ org: { name: 'x', example: false, declared: true, timeZone: 'UTC' }, units: [] }) as UnitsResponse };
const ALL = { unitId: null, recursive: true };
const KV1 = { unitId: 'hp-kv1', recursive: true };

describe('the dashboard\'s evaluation cache', () => {
  it('reuses an answer for its lifetime, and keys it by the exact scope', async () => {
    let now = 0;
    const { s, asked } = source();
    const cache = new DashboardReadiness(s, org, { ttlMs: 1000, maxStaleMs: 5000, maxEntries: 8, nowMs: () => now });
    const a = await cache.summary(ALL);
    expect(await cache.summary(ALL)).toBe(a);
    await cache.summary(KV1);
    await cache.summary({ unitId: 'hp-kv1', recursive: false });
    expect(asked).toEqual(['*|true|today', 'hp-kv1|true|today', 'hp-kv1|false|today']);
    now = 999;
    expect(await cache.summary(ALL)).toBe(a);
    expect(asked).toHaveLength(3);
  });

  it('shows the old answer while computing a fresh one, and waits once it is too old', async () => {
    let now = 0;
    const { s, asked } = source();
    const cache = new DashboardReadiness(s, org, { ttlMs: 1000, maxStaleMs: 5000, maxEntries: 8, nowMs: () => now });
    const first = await cache.summary(ALL);
    now = 2000;
    expect(await cache.summary(ALL)).toBe(first);
    await new Promise((r) => setTimeout(r, 20));
    const second = await cache.summary(ALL);
    expect(second).not.toBe(first);
    expect(asked).toHaveLength(2);
    now = 10_000;
    const third = await cache.summary(ALL);
    expect(third).not.toBe(second);
    expect(asked).toHaveLength(3);
  });

  it('shares one computation between pages asking at once, and forgets everything on clear', async () => {
    const { s, asked } = source();
    const cache = new DashboardReadiness(s, org, { ttlMs: 60_000, maxStaleMs: 300_000, maxEntries: 8 });
    const [a, b] = await Promise.all([cache.summary(ALL), cache.summary(ALL)]);
    expect(a).toBe(b);
    await cache.clear();
    expect(await cache.summary(ALL)).not.toBe(a);
    expect(asked).toHaveLength(2);
  });

  it('keeps at most maxEntries answers', async () => {
    const { s, asked } = source();
    const cache = new DashboardReadiness(s, org, { ttlMs: 60_000, maxStaleMs: 300_000, maxEntries: 2 });
    await cache.summary(ALL);
    await cache.summary(KV1);
    await cache.summary({ unitId: 'hp', recursive: true });
    await cache.summary(KV1);
    await cache.summary(ALL);
    expect(asked.filter((a) => a.startsWith('*|'))).toHaveLength(2);
  });

  it('makes a series of past days from the history and today from the cached evaluation', async () => {
    const { s, asked } = source();
    const cache = new DashboardReadiness(s, org, { ttlMs: 60_000, maxStaleMs: 300_000, maxEntries: 8 });
    const series = await cache.completionSeries(ALL, 30, 'hp', await cache.summary(ALL));
    expect(asked).toEqual(['*|true|today', 'series hp 2025-11-11..2025-12-10']);
    expect(series.from).toBe('2025-11-11');
    expect(series.to).toBe('2025-12-11');
    expect(series.points.filter((p) => p.day === '2025-12-11').every((p) => p.unitId === 'hp')).toBe(true);
    expect(series.points.filter((p) => p.day === '2025-12-11')).toHaveLength(6);
  });
});
