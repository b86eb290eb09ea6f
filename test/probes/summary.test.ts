/** The reachability lines `agent run` and `readiness up` print: LAN first, failures spelled out. */
import { describe, expect, it } from 'vitest';
import { summariseProbes } from '../../cli/probes-summary.js';
import { makeReport } from '../helpers/report-fixture.js';

const agentId = '6f1c2a1e-8d7b-4c1a-9a52-0c8f3f7f2b10';
const base = { startedAt: '2025-12-05T08:00:00.000Z', detail: {} };

describe('summariseProbes', () => {
  it('lists LAN before WAN, with the numbers when replies came back and the reason when none did', () => {
    const report = makeReport(agentId, {
      probes: {
        results: [
          { ...base, kind: 'tcp', scope: 'wan', role: 'wan_endpoint', target: '172.16.77.10', sent: 10, received: 0, lossPct: 100, rtt: null, jitterMs: null, error: 'no answer to any of 10 attempts: no answer from 172.16.77.10:443 within 2000 ms', detail: { port: 443 } },
          { ...base, kind: 'icmp', scope: 'lan', role: 'gateway', target: '10.77.1.1', sent: 10, received: 9, lossPct: 10, rtt: { minMs: 0.2, medianMs: 0.3, p95Ms: 0.5, maxMs: 0.6 }, jitterMs: 0.1, error: null },
        ],
      },
    });
    expect(summariseProbes(report)).toEqual([
      '  Probes    LAN gateway: icmp 10.77.1.1 9/10 back, loss 10%, median 0.3 ms',
      '            WAN wan_endpoint: tcp 172.16.77.10:443 FAIL — no answer to any of 10 attempts: no answer from 172.16.77.10:443 within 2000 ms',
    ]);
  });

  it('says "under" where the median is only an upper bound (Windows time<1ms)', () => {
    const rtt = { minMs: 1, medianMs: 1, p95Ms: 1, maxMs: 1, bounded: { underMs: 1, replies: 4, upperBounds: ['minMs' as const, 'medianMs' as const, 'jitterMs' as const] } };
    const report = makeReport(agentId, {
      probes: { results: [{ ...base, kind: 'icmp', scope: 'lan', role: 'gateway', target: '10.10.10.10', sent: 4, received: 4, lossPct: 0, rtt, jitterMs: 1, error: null }] },
    });
    expect(summariseProbes(report)).toEqual(['  Probes    LAN gateway: icmp 10.10.10.10 4/4 back, loss 0%, median under 1 ms']);
  });

  it('says why the section is unknown when the collector failed', () => {
    const report = makeReport(agentId, { probes: undefined, errors: [{ section: 'probes', code: 'timeout', message: 'the probes collector gave no answer within 120000 ms' }] });
    expect(summariseProbes(report)).toEqual(['  Probes    unknown (the probes collector gave no answer within 120000 ms)']);
  });

  it('says when there was nothing to probe', () => {
    expect(summariseProbes(makeReport(agentId, { probes: { results: [] } }))).toEqual([
      '  Probes    none (no targets from the collector; the default-gateway probe is off)',
    ]);
  });
});
