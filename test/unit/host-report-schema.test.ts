import { describe, expect, it } from 'vitest';
import { HostReport, formatIssues } from '../../schema/index.js';
import { makeReport } from '../helpers/report-fixture.js';

const agentId = '6f1c2a1e-8d7b-4c1a-9a52-0c8f3f7f2b10';

describe('host report schema', () => {
  it('accepts a full report and fills defaults', () => {
    const report = makeReport(agentId);
    expect(report.errors).toEqual([]);
    expect(report.spoolDropped).toBe(0);
    expect(report.os?.codename).toBe('');
  });

  it('accepts a report whose failed sections are left out, with the reason in errors', () => {
    const { hardware: _h, ...rest } = makeReport(agentId);
    const parsed = HostReport.parse({ ...rest, errors: [{ section: 'hardware', message: 'the hardware collector gave no answer within 15000 ms', code: 'timeout' }] });
    expect(parsed.hardware).toBeUndefined();
    expect(parsed.errors[0]?.code).toBe('timeout');
  });

  it('lists every problem with its path', () => {
    const bad = structuredClone(makeReport(agentId)) as unknown as Record<string, any>;
    bad.reportId = 'not-a-uuid';
    bad.hardware.cpu.cores = 'many';
    bad.network.interfaces[0].ipv4 = 'x';
    bad.unexpected = true;
    const result = HostReport.safeParse(bad);
    expect(result.success).toBe(false);
    const paths = formatIssues(result.error!).map((i) => i.path).sort();
    expect(paths).toEqual(['(root)', 'hardware.cpu.cores', 'network.interfaces.0.ipv4', 'reportId'].sort());
  });

  it.each([
    ['an unknown schema version', { schemaVersion: 2 }],
    ['a collectedAt without a time', { collectedAt: '2025-12-10' }],
    ['a USB id that is not four hex digits', { peripherals: { printers: [], usb: [{ name: 'x', manufacturer: '', vendorId: '0x529', productId: null, type: '' }] } }],
  ])('rejects %s', (_name, patch) => {
    expect(HostReport.safeParse({ ...makeReport(agentId), ...patch }).success).toBe(false);
  });

  it('keeps a probe with 100% loss without RTT figures', () => {
    const report = makeReport(agentId, {
      probes: {
        results: [
          {
            kind: 'icmp',
            scope: 'wan',
            role: 'wan_endpoint',
            target: '192.0.2.50',
            startedAt: new Date().toISOString(),
            sent: 10,
            received: 0,
            lossPct: 100,
            rtt: null,
            jitterMs: null,
            error: 'no reply from 192.0.2.50 to 10 echo requests',
          },
        ],
      },
    });
    expect(report.probes?.results[0]?.rtt).toBeNull();
  });
});
