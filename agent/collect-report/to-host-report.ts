/**
 * A collect-report.ps1 document as a host report: the WMI parts through host-sections.ts, the
 * posture document through the agent's own parsers, exactly as `agent run --replay` reads a
 * capture (a capture directory is written for the moment and removed). Ages and support dates
 * are computed as of the moment the script ran.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HostReport, describeIssues } from '../../schema/index.js';
import type { HostReportInput } from '../../schema/index.js';
import { buildReport } from '../build-report.js';
import { antivirusCollector } from '../collectors/antivirus.js';
import { connectivityCollector } from '../collectors/connectivity.js';
import { licensingCollector } from '../collectors/licensing.js';
import { securityCollector } from '../collectors/security.js';
import { signingCollector } from '../collectors/signing.js';
import { softwareCollector } from '../collectors/software.js';
import { SectionUnknown, defineCollector } from '../collectors/types.js';
import type { Collector } from '../collectors/types.js';
import { writeCapture } from '../exec/capture-dir.js';
import { WindowsDocument } from '../windows/document.js';
import { WINDOWS_POSTURE_KEY } from '../windows/run-posture.js';
import { CollectReportDocument } from './document.js';
import { windowsHardware, windowsNetwork, windowsOs, windowsPeripherals } from './host-sections.js';

/** Build metadata: the rules compare versions without it, people see where the report came from. */
export const collectReportVersion = (scriptVersion: string): string => `${scriptVersion}+ps`;

/** The sections the agent builds from the posture document, here as in a replay. */
const POSTURE_COLLECTORS: readonly Collector[] = [
  softwareCollector,
  licensingCollector,
  antivirusCollector,
  securityCollector,
  connectivityCollector,
  signingCollector,
] as Collector[];

export async function collectReportToHostReport(raw: unknown, file: string): Promise<HostReport> {
  const parsed = CollectReportDocument.safeParse(raw);
  if (!parsed.success) throw new Error(`${file} is not a valid collect-report.ps1 report, nothing was stored: ${describeIssues(parsed.error)}`);
  const doc = parsed.data;
  const collectedAt = new Date(doc.collectedAt);
  const host: WindowsDocument = { formatVersion: 1, parts: doc.host };
  const postureDoc = WindowsDocument.safeParse(doc.posture);
  const postureFailed = typeof doc.posture.error === 'string' ? doc.posture.error : postureDoc.success ? null : describeIssues(postureDoc.error);

  const fromHost = <S extends 'os' | 'hardware' | 'network' | 'peripherals'>(section: S, read: () => NonNullable<HostReportInput[S]>) =>
    defineCollector({ section, collect: async () => read() }) as Collector;
  const posture = postureFailed === null
    ? POSTURE_COLLECTORS
    : POSTURE_COLLECTORS.map((c) =>
        defineCollector({
          section: c.section,
          collect: async () => {
            throw new SectionUnknown(`the posture script did not run on the machine (${postureFailed})`, 'failed');
          },
        }) as Collector,
      );
  const collectors: Collector[] = [
    fromHost('os', () => windowsOs(host)),
    fromHost('hardware', () => windowsHardware(host)),
    fromHost('network', () => windowsNetwork(host)),
    fromHost('peripherals', () => windowsPeripherals(host, postureDoc.success ? postureDoc.data : null)),
    ...posture,
    defineCollector({
      section: 'probes',
      collect: async () => {
        throw new SectionUnknown('collect-report.ps1 does not probe the LAN or WAN; the LAN and WAN rules need the agent on a supported Windows', 'unsupported');
      },
    }) as Collector,
  ];

  const dir = await mkdtemp(join(tmpdir(), 'readiness-collect-report-'));
  try {
    const capture = join(dir, 'capture');
    if (postureFailed === null) {
      await writeCapture(
        capture,
        [{ key: WINDOWS_POSTURE_KEY, command: 'agent/windows/posture.ps1 (run by collect-report.ps1)', kind: 'command', absent: false, exitCode: 0, timedOut: false, durationMs: 0, stderr: '', stdout: JSON.stringify(doc.posture) }],
        { platform: 'windows', platformName: 'win32', capturedAt: collectedAt, agentVersion: collectReportVersion(doc.scriptVersion), hostname: '' },
      );
    }
    const report = await buildReport({
      agentId: doc.agentId,
      context: { now: collectedAt, config: null, replayDir: postureFailed === null ? capture : null },
      collectors,
    });
    return HostReport.parse({ ...report, reportId: doc.reportId, agentVersion: collectReportVersion(doc.scriptVersion) });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
