import { describe, expect, it } from 'vitest';
import { CollectorConfig } from '../../collector/config.js';
import { makeReport } from '../helpers/report-fixture.js';
import { makeTestApp } from '../helpers/test-app.js';

type ErrorBody = { error: { code: string; message: string; issues?: { path: string; message: string }[] } };

describe('POST /api/v1/reports', () => {
  it('stores a valid report (201) and answers a resend as a duplicate (200)', async () => {
    const t = makeTestApp();
    const { agentId, agentKey } = await t.enroll();
    const report = makeReport(agentId);
    const first = await t.sendReport(report, agentKey);
    expect(first.status).toBe(201);
    expect(await first.json()).toEqual({ reportId: report.reportId, status: 'stored' });
    const again = await t.sendReport(report, agentKey);
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual({ reportId: report.reportId, status: 'duplicate' });
    expect(t.deps.store.getHost(agentId)!.reportCount).toBe(1);
  });

  it('rejects a malformed report with 400, every issue with its path, and stores nothing', async () => {
    const t = makeTestApp();
    const { agentId, agentKey } = await t.enroll();
    const bad = structuredClone(makeReport(agentId)) as unknown as Record<string, any>;
    bad.collectedAt = 'yesterday';
    bad.hardware.memory.totalBytes = -1;
    bad.peripherals.usb[0].vendorId = 'ZZZZ';
    const res = await t.sendReport(bad, agentKey);
    expect(res.status).toBe(400);
    const body = (await res.json()) as ErrorBody;
    expect(body.error.message).toContain('nothing was stored');
    expect(body.error.issues!.map((i) => i.path).sort()).toEqual(
      ['collectedAt', 'hardware.memory.totalBytes', 'peripherals.usb.0.vendorId'].sort(),
    );
    expect(t.deps.store.getHost(agentId)!.reportCount).toBe(0);
  });

  it('answers 400 to a body that is not JSON', async () => {
    const t = makeTestApp();
    const { agentKey } = await t.enroll();
    expect((await t.sendReport('{"schemaVersion": 1,', agentKey)).status).toBe(400);
  });

  it.each([
    ['no Authorization header', undefined],
    ['a key of an agent that does not exist', '99999999-9999-4999-8999-999999999999.secret'],
    ['a malformed key', 'garbage'],
  ])('answers 401 to %s', async (_name, key) => {
    const t = makeTestApp();
    const { agentId } = await t.enroll();
    const res = await t.post('/reports', makeReport(agentId), key);
    expect(res.status).toBe(401);
  });

  it('answers 401 to the right agent id with a wrong secret', async () => {
    const t = makeTestApp();
    const { agentId, agentKey } = await t.enroll();
    const res = await t.sendReport(makeReport(agentId), `${agentKey}x`);
    expect(res.status).toBe(401);
  });

  it('answers 403 when an agent sends a report as another agent', async () => {
    const t = makeTestApp();
    const a = await t.enroll();
    const b = await t.enroll();
    const res = await t.sendReport(makeReport(b.agentId), a.agentKey);
    expect(res.status).toBe(403);
    expect(t.deps.store.getHost(b.agentId)!.reportCount).toBe(0);
  });

  it('answers 413 to a body over the limit and stores nothing', async () => {
    const t = makeTestApp({ config: CollectorConfig.parse({ maxReportBytes: 4096 }) });
    const { agentId, agentKey } = await t.enroll();
    const programs = Array.from({ length: 200 }, (_, i) => ({ name: `Program ${i}`, version: '1.0', publisher: 'Vendor' }));
    const res = await t.sendReport(makeReport(agentId, { software: { source: 'registry', programs } }), agentKey);
    expect(res.status).toBe(413);
    expect(((await res.json()) as ErrorBody).error.code).toBe('payload_too_large');
    expect(t.deps.store.getHost(agentId)!.reportCount).toBe(0);
  });

  it('accepts reports up to the default 1 MiB', async () => {
    const t = makeTestApp();
    const { agentId, agentKey } = await t.enroll();
    const programs = Array.from({ length: 3000 }, (_, i) => ({ name: `Chương trình ${i}`, version: '1.0.0', publisher: 'Nhà phát hành' }));
    const report = makeReport(agentId, { software: { source: 'registry', programs } });
    expect(JSON.stringify(report).length).toBeGreaterThan(200_000);
    expect((await t.sendReport(report, agentKey)).status).toBe(201);
  });
});
