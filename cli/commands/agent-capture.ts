/**
 * `readiness agent capture --out DIR`: one live run of every collector but the probes, keeping
 * what they read: the raw posture outputs (the same commands a run executes) and what
 * systeminformation returned (os, hardware, network, peripherals), written into DIR so that
 * support can replay the whole machine anywhere with `readiness agent run --replay DIR`. The
 * layout is the contract in docs/replay.md.
 */
import { hostname } from 'node:os';
import type { Command } from 'commander';
import { buildReport } from '../../agent/build-report.js';
import { COLLECTORS } from '../../agent/collectors/index.js';
import type { CollectContext } from '../../agent/collectors/types.js';
import { writeCapture } from '../../agent/exec/capture-dir.js';
import { systemRecordOutput } from '../../agent/exec/system-info.js';
import { gatherLive, gatheredOutputs } from '../../agent/posture/inputs.js';
import { AGENT_VERSION } from '../../agent/version.js';
import { printData } from '../fail.js';

/**
 * Runs the collectors live, as a run does, and returns what they read: the posture outputs
 * (gathered once, shared by the posture collectors) and the systeminformation record. Probes are
 * measured, not recorded: a replay does not probe.
 */
async function recordMachine(capturedAt: Date) {
  const ctx: CollectContext = { now: capturedAt, config: null, replayDir: null };
  const started = performance.now();
  await buildReport({ agentId: '00000000-0000-4000-8000-000000000000', context: ctx, collectors: COLLECTORS.filter((c) => c.section !== 'probes') });
  const system = systemRecordOutput(ctx, Math.round(performance.now() - started));
  return { ...(await (gatheredOutputs(ctx) ?? gatherLive())), system };
}

export function registerAgentCapture(agent: Command): void {
  agent
    .command('capture')
    .description('record this machine\'s raw command outputs and system facts into DIR for replay elsewhere (docs/replay.md)')
    .requiredOption('--out <dir>', 'a new or empty directory to write the capture to')
    .option('--json', 'print the capture manifest as JSON')
    .action(async (o: { out: string; json?: boolean }) => {
      const capturedAt = new Date();
      const { platform, outputs, system } = await recordMachine(capturedAt);
      const manifest = await writeCapture(o.out, system ? [...outputs, system] : outputs, {
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
          ...(system ? [] : ['  systeminformation returned nothing to record: a replay will leave os, hardware, network and peripherals unknown']),
          ...(absent.length ? [`  not found here: ${absent.join(', ')}`] : []),
          ...(troubled.length ? [`  failed: ${troubled.join(', ')}`] : []),
          `  replay it with: readiness agent run --replay ${o.out} --output report.json`,
        ].join('\n'),
      );
    });
}
