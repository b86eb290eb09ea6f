import { describe, expect, it } from 'vitest';
import { CollectorConfig } from '../../collector/config.js';
import { makeReport } from '../helpers/report-fixture.js';
import { ADMIN_TOKEN, makeTestApp } from '../helpers/test-app.js';

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

describe('rejecting is cheap', () => {
  it('answers a 1 MiB report of 20,000 bad programs with at most 50 issues, "and N more", in a few KiB', async () => {
    const t = makeTestApp();
    const { agentId, agentKey } = await t.enroll();
    const bad = { ...makeReport(agentId), software: { source: 'registry', programs: Array.from({ length: 20_000 }, () => ({ name: 1, version: 2, publisher: 3, arch: 4 })) } };
    const body = JSON.stringify(bad);
    expect(body.length).toBeGreaterThan(800_000);
    const res = await t.sendReport(body, agentKey);
    expect(res.status).toBe(400);
    const text = await res.text();
    expect(text.length).toBeLessThan(8 * 1024);
    const issues = (JSON.parse(text) as ErrorBody).error.issues!;
    expect(issues.length).toBeLessThanOrEqual(51);
    expect(issues[0]!.path).toBe('software.programs.0.name');
    expect(issues.some((i) => i.message.includes('were not checked'))).toBe(true);
    expect(t.deps.store.getHost(agentId)!.reportCount).toBe(0);
  });

  it('refuses a probe detail record with thousands of keys as one problem', async () => {
    const t = makeTestApp();
    const { agentId, agentKey } = await t.enroll();
    const report = makeReport(agentId);
    const detail = Object.fromEntries(Array.from({ length: 60_000 }, (_, i) => [`k${i}`, {}]));
    const probe = { kind: 'icmp', scope: 'lan', role: 'gateway', target: '192.0.2.1', startedAt: report.collectedAt, sent: 1, received: 1, lossPct: 0, rtt: null, jitterMs: null, error: null, detail };
    const res = await t.sendReport({ ...report, probes: { results: [probe] } }, agentKey);
    expect(res.status).toBe(400);
    const issues = ((await res.json()) as ErrorBody).error.issues!;
    expect(issues).toEqual([{ path: 'probes.results.0.detail', message: 'may have at most 32 keys' }]);
  });

  it('keeps unrecognised-key messages to a line', async () => {
    const t = makeTestApp();
    const { agentId, agentKey } = await t.enroll();
    const extra = Object.fromEntries(Array.from({ length: 5_000 }, (_, i) => [`unknown-field-${i}`, 1]));
    const res = await t.sendReport({ ...makeReport(agentId), ...extra }, agentKey);
    const issues = ((await res.json()) as ErrorBody).error.issues!;
    expect(issues).toHaveLength(1);
    expect(issues[0]!.message.length).toBeLessThanOrEqual(300);
  });
});

describe('canonical ids', () => {
  it('treats a reportId resent in upper case as the same report', async () => {
    const t = makeTestApp();
    const { agentId, agentKey } = await t.enroll();
    const report = makeReport(agentId);
    expect((await t.sendReport(report, agentKey)).status).toBe(201);
    expect((await t.sendReport({ ...report, reportId: report.reportId.toUpperCase() }, agentKey)).status).toBe(200);
    expect(t.deps.store.getHost(agentId)!.reportCount).toBe(1);
  });

  it('imports a report with an upper-case agentId into the host of that UUID', async () => {
    const t = makeTestApp();
    const { agentId } = await t.enroll();
    const res = await t.post('/import', { report: { ...makeReport(agentId), agentId: agentId.toUpperCase() } }, ADMIN_TOKEN);
    expect(res.status).toBe(201);
    expect(t.deps.store.size).toBe(1);
    expect(t.deps.store.getHost(agentId)!.reportCount).toBe(1);
  });
});
