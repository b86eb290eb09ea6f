/**
 * The machine's clock against the collector's, measured when the agent sent its latest report
 * (the `X-Readiness-Sent-At` header, docs/api.md), never from `collectedAt`: a report that
 * waited in the spool is late, not wrong.
 */
import { defineFacts } from './types.js';

export const clockFacts = defineFacts([
  {
    name: 'clock.skew_seconds',
    type: 'number',
    label: { vi: 'độ lệch đồng hồ so với máy chủ thu thập', en: 'clock difference from the collector' },
    unit: 'seconds',
    section: 'host',
    description:
      "How far the machine's clock is from the collector's, in seconds (either way), measured when the agent last sent a report. Missing when the agent did not say when it sent (older agents, imported reports).",
    resolve: (ctx) => {
      const skew = ctx.report ? ctx.receipt?.clockSkewSeconds : null;
      return skew === null || skew === undefined ? undefined : Math.round(Math.abs(skew));
    },
    note: (ctx) => {
      const skew = ctx.receipt?.clockSkewSeconds;
      if (!ctx.report || skew === null || skew === undefined || Math.round(skew) === 0) return undefined;
      return [{ code: 'clock', ahead: skew > 0 }];
    },
    missing: () => 'no_sent_time',
  },
]);
