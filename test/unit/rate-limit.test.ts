import { describe, expect, it } from 'vitest';
import { createRateLimiter } from '../../collector/rate-limit.js';

describe('rate limiter', () => {
  it('lets a burst through, then refuses with the seconds until a token is back', () => {
    let t = 0;
    const limit = createRateLimiter({ burst: 3, perMinute: 6, now: () => t });
    expect([limit.take('a'), limit.take('a'), limit.take('a')].every((v) => v.ok)).toBe(true);
    expect(limit.take('a')).toEqual({ ok: false, retryAfterSeconds: 10 });
    expect(limit.take('b').ok).toBe(true);
    t = 10_000;
    expect(limit.take('a').ok).toBe(true);
    expect(limit.take('a').ok).toBe(false);
  });

  it('peek does not spend and reset forgets a key', () => {
    let t = 0;
    const limit = createRateLimiter({ burst: 1, perMinute: 1, now: () => t });
    expect(limit.peek('k').ok).toBe(true);
    expect(limit.take('k').ok).toBe(true);
    expect(limit.peek('k')).toEqual({ ok: false, retryAfterSeconds: 60 });
    limit.reset('k');
    expect(limit.take('k').ok).toBe(true);
  });

  it('stays bounded under a flood of keys', () => {
    let t = 0;
    const limit = createRateLimiter({ burst: 2, perMinute: 60, maxKeys: 100, now: () => t });
    for (let i = 0; i < 10_000; i++) {
      t += 1;
      limit.take(`addr-${i}`);
    }
    expect(limit.size).toBeLessThanOrEqual(101);
  });
});
