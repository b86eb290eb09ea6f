/**
 * What deploy/windows/collect-report.ps1 writes on a Windows PC the agent cannot run on
 * (Windows 7, 8.1; PowerShell 2.0 or later): the machine's WMI facts and the agent's posture
 * document, as printed. `readiness import` turns it into a host report (to-host-report.ts)
 * with the agent's own parsers, so the collector only ever sees host reports.
 *
 * Each `host` part is its data or `{"error": "..."}`, as in the posture document.
 */
import { z } from 'zod';
import { AgentId } from '../../schema/index.js';

export const COLLECT_REPORT_KIND = 'readiness-windows-report';

export const CollectReportDocument = z.object({
  formatVersion: z.literal(1),
  kind: z.literal(COLLECT_REPORT_KIND),
  /** The release of the script; reported as the host's agent version, with `+ps` build metadata. */
  scriptVersion: z.string().min(1).max(32),
  psVersion: z.string().max(64).optional(),
  elevated: z.boolean().optional(),
  reportId: z.uuid(),
  agentId: AgentId,
  collectedAt: z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'must be a date and time'),
  host: z.record(z.string(), z.unknown()),
  /** The posture document (docs/replay.md, windows/posture.json), or why there is none. */
  posture: z.record(z.string(), z.unknown()),
});
export type CollectReportDocument = z.infer<typeof CollectReportDocument>;

/** Whether a JSON value claims to be this document (as opposed to a host report). */
export const isCollectReport = (raw: unknown): boolean =>
  typeof raw === 'object' && raw !== null && (raw as { kind?: unknown }).kind === COLLECT_REPORT_KIND;
