/**
 * `npm run bench:access`: what a session check and a personal-token check cost per request, on
 * a file-backed access store (each check re-reads nothing but stats the records' files), beside
 * the same app answering a public route in the same run; and what a sign-in costs (scrypt).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AccessStore } from '../collector/access/access-store.js';
import { createAccessControl } from '../collector/access/access-control.js';
import { addUsers, PASSWORD } from '../test/helpers/access-fixture.js';
import { makeTestApp } from '../test/helpers/test-app.js';
import { median } from './lib.js';

const N = Number(process.env.BENCH_REQUESTS ?? 20_000);
const ROUNDS = 5;

/**
 * Microseconds per call of each of `cases`, the median of ROUNDS rounds of N calls; the cases
 * take turns within every round, so a busy moment of the machine falls on all of them alike.
 */
async function perCall(cases: Array<() => Promise<unknown> | unknown>): Promise<number[]> {
  for (const fn of cases) for (let i = 0; i < 2000; i++) await fn();
  const rounds: number[][] = cases.map(() => []);
  for (let r = 0; r < ROUNDS; r++) {
    for (const [k, fn] of cases.entries()) {
      const t0 = performance.now();
      for (let i = 0; i < N; i++) await fn();
      rounds[k]!.push(((performance.now() - t0) * 1000) / N);
    }
  }
  return rounds.map(median);
}

async function main() {
  const dir = await mkdtemp(join(tmpdir(), 'readiness-bench-access-'));
  try {
    const store = await new AccessStore({ dataDir: dir }).load();
    const t = makeTestApp({ access: createAccessControl({ store, bootstrapToken: 'bench-bootstrap-token-0123456789' }) });
    // A realistic population: 200 users, one token each.
    const specs = Array.from({ length: 200 }, (_, i) => ({ name: `user-${i}`, role: 'viewer' as const, unit: `unit-${i % 20}` }));
    const users = await addUsers(store, [{ name: 'root', role: 'admin', unit: null }, ...specs]);
    const token = users['user-7']!.token;
    const login = await t.app.request('/api/v1/session', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'user-7', password: PASSWORD }) });
    const cookie = /readiness_session=[^;]+/.exec(login.headers.get('set-cookie') ?? '')![0];

    const now = new Date();
    const [direct, publicRoute, byToken, bySession] = (await perCall([
      () => store.checkToken(token, now),
      () => t.app.request('/api/v1/healthz'),
      () => t.app.request('/api/v1/session', { headers: { authorization: `Bearer ${token}` } }),
      () => t.app.request('/api/v1/session', { headers: { cookie } }),
    ])) as [number, number, number, number];

    const signIns: number[] = [];
    for (let i = 0; i < 5; i++) {
      const t0 = performance.now();
      await t.app.request('/api/v1/session', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'user-7', password: PASSWORD }) });
      signIns.push(performance.now() - t0);
    }

    console.log(`bench:access — ${specs.length + 1} users with a token each, file-backed store, ${N} requests × ${ROUNDS} rounds (median)`);
    console.log(`token check alone (AccessStore.checkToken)      ${direct.toFixed(1).padStart(7)} µs`);
    console.log(`GET /healthz, no credentials (baseline)          ${publicRoute.toFixed(1).padStart(7)} µs per request`);
    console.log(`GET /session with a personal token               ${byToken.toFixed(1).padStart(7)} µs per request (+${(byToken - publicRoute).toFixed(1)} µs, ratio ${(byToken / publicRoute).toFixed(2)})`);
    console.log(`GET /session with a session cookie               ${bySession.toFixed(1).padStart(7)} µs per request (+${(bySession - publicRoute).toFixed(1)} µs, ratio ${(bySession / publicRoute).toFixed(2)})`);
    console.log(`POST /session (sign-in, scrypt N=2^15 r=8)       ${median(signIns).toFixed(0).padStart(7)} ms (median of 5)`);
    console.log('target: a session or token check well under 1 ms (1000 µs)');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(`bench:access failed: ${(err as Error).message}`);
  process.exit(1);
});
