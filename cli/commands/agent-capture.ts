/**
 * `readiness agent capture --out DIR`: records this machine's raw posture outputs (the same
 * commands a run executes) into DIR, so that support can replay them anywhere with
 * `readiness agent run --replay DIR`. The layout is the contract in docs/replay.md.
 */
import { hostname } from 'node:os';
import type { Command } from 'commander';
import { writeCapture } from '../../agent/exec/capture-dir.js';
import { gatherLive } from '../../agent/posture/inputs.js';
import { AGENT_VERSION } from '../../agent/version.js';
import { printData } from '../fail.js';

export function registerAgentCapture(agent: Command): void {
  agent
    .command('capture')
    .description('record this machine\'s raw command outputs into DIR for replay elsewhere (docs/replay.md)')
    .requiredOption('--out <dir>', 'a new or empty directory to write the capture to')
    .option('--json', 'print the capture manifest as JSON')
    .action(async (o: { out: string; json?: boolean }) => {
      const capturedAt = new Date();
      const { platform, outputs } = await gatherLive();
      const manifest = await writeCapture(o.out, outputs, {
        platform,
        platformName: process.platform,
        capturedAt,
        agentVersion: AGENT_VERSION,
        hostname: hostname(),
      });
      const entries = Object.entries(manifest.outputs);
      const absent = entries.filter(([, e]) => e.absent).map(([k]) => k);
      const troubled = entries.filter(([, e]) => !e.absent && (e.timedOut || (e.exitCode ?? 0) !== 0)).map(([k, e]) => `${k} (${e.timedOut ? 'timed out' : `exit ${e.exitCode}`})`);
      printData(Boolean(o.json), manifest, () =>
        [
          `captured ${entries.length - absent.length} output(s) of this ${platform} machine into ${o.out}`,
          ...(platform === 'darwin' || platform === 'other' ? [`  this agent records no posture commands on ${process.platform}`] : []),
          ...(absent.length ? [`  not found here: ${absent.join(', ')}`] : []),
          ...(troubled.length ? [`  failed: ${troubled.join(', ')}`] : []),
          `  replay it with: readiness agent run --replay ${o.out} --output report.json`,
        ].join('\n'),
      );
    });
}
