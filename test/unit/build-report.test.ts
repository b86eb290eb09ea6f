import { describe, expect, it } from 'vitest';
import { buildReport } from '../../agent/build-report.js';
import { COLLECTORS } from '../../agent/collectors/index.js';
import { defineCollector } from '../../agent/collectors/types.js';
import type { Collector } from '../../agent/collectors/types.js';
import { HostReport } from '../../schema/index.js';
import { makeReport } from '../helpers/report-fixture.js';

const agentId = '6f1c2a1e-8d7b-4c1a-9a52-0c8f3f7f2b10';
const context = { now: new Date('2025-12-01T08:00:00Z'), config: null, replayDir: null };
const sample = makeReport(agentId);

const good = defineCollector({ section: 'os', collect: async () => sample.os! });
const throwing = defineCollector({
  section: 'hardware',
  collect: async () => {
    throw new Error('dmidecode is not installed');
  },
});
const hanging = defineCollector({ section: 'network', timeoutMs: 50, collect: () => new Promise(() => {}) });
const malformed = defineCollector({
  section: 'peripherals',
  collect: async () => ({ printers: 'none' }) as never,
});

describe('buildReport', () => {
  it('keeps the sections that worked and explains each one that did not', async () => {
    const report = await buildReport({ agentId, context, collectors: [good, throwing, hanging, malformed] as Collector[] });
    expect(report.os).toEqual(sample.os);
    expect(report.hardware).toBeUndefined();
    expect(report.network).toBeUndefined();
    expect(report.peripherals).toBeUndefined();
    expect(report.errors.map((e) => [e.section, e.code])).toEqual([
      ['hardware', 'failed'],
      ['network', 'timeout'],
      ['peripherals', 'failed'],
    ]);
    expect(report.errors[0]?.message).toContain('dmidecode is not installed');
    expect(report.errors[2]?.message).toContain('printers');
    expect(report.collectedAt).toBe('2025-12-01T08:00:00.000Z');
    expect(HostReport.safeParse(report).success).toBe(true);
  });

  it('gives every run a new reportId', async () => {
    const a = await buildReport({ agentId, context, collectors: [good] as Collector[] });
    const b = await buildReport({ agentId, context, collectors: [good] as Collector[] });
    expect(a.reportId).not.toBe(b.reportId);
  });

  it('registers each section at most once', () => {
    const sections = COLLECTORS.map((c) => c.section);
    expect(new Set(sections).size).toBe(sections.length);
  });
});
