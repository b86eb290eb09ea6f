import { describe, expect, it } from 'vitest';
import { buildReport } from '../../agent/build-report.js';
import { SectionUnknown, defineCollector } from '../../agent/collectors/types.js';
import type { Collector } from '../../agent/collectors/types.js';

describe('a collector that knows why its section is unknown', () => {
  it.each([
    ['unsupported', 'antivirus facts are not collected on darwin by this agent version'],
    ['timeout', 'the posture PowerShell gave no answer within 120 s'],
    ['not_found', 'powershell.exe was not found'],
  ] as const)('records code %s and its own sentence', async (code, message) => {
    const collector = defineCollector({
      section: 'antivirus',
      async collect() {
        throw new SectionUnknown(message, code);
      },
    });
    const report = await buildReport({
      agentId: '3c1e2f4a-5b6c-4d7e-8f90-a1b2c3d4e5f6',
      context: { now: new Date('2026-11-20T08:00:00Z'), config: null, replayDir: null },
      collectors: [collector] as Collector[],
    });
    expect(report.antivirus).toBeUndefined();
    expect(report.errors).toEqual([{ section: 'antivirus', code, message: `antivirus: ${message}` }]);
  });
});
