import { describe, expect, it } from 'vitest';
import { makeReport } from '../helpers/report-fixture.js';
import { ADMIN_TOKEN, makeTestApp } from '../helpers/test-app.js';

describe('GET /api/v1/metrics', () => {
  it('counts reports by outcome in Prometheus text', async () => {
    const t = makeTestApp();
    const { agentId, agentKey } = await t.enroll();
    const report = makeReport(agentId);
    await t.sendReport(report, agentKey);
    await t.sendReport(report, agentKey);
    await t.sendReport({ ...report, reportId: 'nope' }, agentKey);
    await t.sendReport(makeReport(agentId), 'bad-key');

    const res = await t.get('/metrics', ADMIN_TOKEN);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain');
    const text = await res.text();
    for (const outcome of ['stored', 'duplicate', 'invalid', 'unauthorized']) {
      expect(text).toContain(`readiness_reports_total{outcome="${outcome}"} 1`);
    }
    expect(text).toContain('readiness_hosts 1');
    expect(text).toContain('readiness_hosts_reported_last_24h 1');
    expect(text).toMatch(/readiness_report_ingest_seconds_count 4/);
  });

  it('needs the admin token', async () => {
    expect((await makeTestApp().get('/metrics')).status).toBe(401);
  });
});
