/** The collector app in-process, on a memory or file store, with helpers to enroll and send. */
import { createApp } from '../../collector/app.js';
import { CollectorConfig } from '../../collector/config.js';
import type { AppDeps } from '../../collector/deps.js';
import { MemoryStore } from '../../collector/store/memory-store.js';
import { createMetrics } from '../../collector/metrics.js';
import { Readiness } from '../../collector/readiness.js';
import { inProcessJobs } from '../../collector/readiness-jobs.js';
import { createLimits } from '../../collector/limits.js';
import { EMPTY_RULE_SET } from '../../rules/compile.js';
import type { HostReport } from '../../schema/index.js';
import { AccessStore } from '../../collector/access/access-store.js';
import { createAccessControl } from '../../collector/access/access-control.js';
import { ScanStore } from '../../collector/scans/scan-store.js';
import { ScanService } from '../../collector/scans/service.js';
import { openRemediation } from '../../collector/remediation/index.js';
import { openAvailability } from '../../collector/availability/index.js';

export const ENROLL_SECRET = 'enroll-secret-for-tests-0123456789';
export const ADMIN_TOKEN = 'admin-token-for-tests-0123456789';

export function makeTestApp(overrides: Partial<AppDeps> = {}) {
  const store = overrides.store ?? new MemoryStore();
  const now = overrides.now ?? (() => new Date('2025-12-05T08:00:00Z'));
  // No org file and no rules: any unit and room enroll; readiness tests pass their own.
  const readiness = new Readiness({ store, org: null, rules: EMPTY_RULE_SET, history: null, now });
  const access = overrides.access ?? createAccessControl({ store: new AccessStore({ dataDir: null, now }), bootstrapToken: ADMIN_TOKEN });
  const deps = {
    store,
    metrics: createMetrics(store, now),
    enrollSecret: ENROLL_SECRET,
    access,
    // Scan tests pass their own, over the rule set their readiness uses.
    scans: new ScanService({ scans: new ScanStore({ dataDir: null }), hosts: store, rules: EMPTY_RULE_SET, org: readiness, audit: (f) => access.store.record(f), now }),
    config: CollectorConfig.parse({}),
    now,
    targetsForUnit: () => [],
    readiness: inProcessJobs(readiness),
    org: readiness,
    limits: createLimits(CollectorConfig.parse({})),
    ...overrides,
  } as AppDeps;
  // The remediation stores read the deps the test chose (store, org, access, jobs), so they come last.
  deps.availability ??= openAvailability({ dataDir: null, rules: EMPTY_RULE_SET, agent: deps.config.agent, now: deps.now });
  deps.remediation ??= openRemediation({ dataDir: null, rules: EMPTY_RULE_SET, store: deps.store, org: deps.org, access: deps.access.store, jobs: deps.readiness, now: deps.now, log: () => {} });
  const app = createApp(deps);

  const post = (path: string, body: unknown, token?: string) =>
    app.request(`/api/v1${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
  const get = (path: string, token?: string) =>
    app.request(`/api/v1${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });

  async function enroll(unit = 'hp-vanphong', room: string | null = 'phong-1'): Promise<{ agentId: string; agentKey: string }> {
    const res = await post('/enroll', { secret: ENROLL_SECRET, unit, room, hostname: 'VP-PC01' });
    if (res.status !== 201) throw new Error(`enroll failed in test setup: ${res.status} ${await res.text()}`);
    return (await res.json()) as { agentId: string; agentKey: string };
  }

  const sendReport = (report: HostReport | unknown, key: string) => post('/reports', report, key);

  return { app, deps, post, get, enroll, sendReport };
}
