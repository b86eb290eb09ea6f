/** `readiness agent enroll` and `readiness agent run`. */
import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { Option } from 'commander';
import { enrollAgent } from '../../agent/enroll.js';
import { loadAgentState, defaultStatePath } from '../../agent/state.js';
import { loadOrCreateLocalId } from '../../agent/local-id.js';
import { runLoop, runOnce } from '../../agent/run.js';
import type { RunOptions } from '../../agent/run.js';
import { printData } from '../fail.js';
import { integer } from '../options.js';
import { summariseReport } from '../summary.js';

interface RunFlags {
  state: string;
  once?: boolean;
  output?: string;
  replay?: string;
  interval: number;
  json?: boolean;
}

export function registerAgent(program: Command): void {
  const agent = program.command('agent').description('collect this machine\'s facts and report them to a collector');

  agent
    .command('enroll')
    .description('enroll this machine with a collector and keep its key in a state file only you can read')
    .requiredOption('--collector <url>', 'collector base URL, e.g. http://10.0.0.5:8080')
    .requiredOption('--secret <secret>', 'the organisation\'s enroll secret')
    .requiredOption('--unit <id>', 'unit id from the org file, e.g. hp-vanphong')
    .option('--room <id>', 'room id within the unit')
    .addOption(new Option('--kind <kind>', 'device kind').choices(['workstation', 'laptop', 'server']).default('workstation'))
    .option('--state <file>', 'agent state file', defaultStatePath())
    .option('--json', 'print the result as JSON')
    .action(async (o: { collector: string; secret: string; unit: string; room?: string; kind: 'workstation'; state: string; json?: boolean }) => {
      const state = await enrollAgent({
        collectorUrl: o.collector,
        secret: o.secret,
        unit: o.unit,
        room: o.room ?? null,
        deviceKind: o.kind,
        statePath: o.state,
      });
      printData(Boolean(o.json), { agentId: state.agentId, unit: state.unit, room: state.room, state: o.state }, () =>
        `enrolled as agent ${state.agentId} in unit ${state.unit}${state.room ? `, room ${state.room}` : ''}; key saved in ${o.state}`,
      );
    });

  agent
    .command('run')
    .description('collect and send a report now (--once) or at the collector\'s interval')
    .option('--once', 'run once and exit')
    .option('--output <file>', 'write the report to FILE instead of sending it (no enrollment needed)')
    .option('--replay <dir>', 'parse recorded command outputs from DIR instead of running commands (docs/replay.md)')
    .option('--interval <seconds>', 'seconds between runs until the collector says otherwise', integer('--interval'), 3600)
    .option('--state <file>', 'agent state file', defaultStatePath())
    .option('--json', 'print the report as JSON')
    .action(async (o: RunFlags) => {
      const enrolled = existsSync(o.state) ? await loadAgentState(o.state) : null;
      if (!enrolled && !o.output) await loadAgentState(o.state); // throws the "not enrolled" sentence
      const state: RunOptions['state'] = enrolled ?? { agentId: await loadOrCreateLocalId(`${o.state}.local-id`) };
      const base: RunOptions = { state, output: o.output ?? null, replayDir: o.replay ?? null };

      if (o.once || o.output) {
        const result = await runOnce(base);
        if (result.deliveryError) throw result.deliveryError;
        printData(Boolean(o.json), result.report, () =>
          [
            o.output ? `report ${result.report.reportId} written to ${o.output}` : `report ${result.report.reportId} ${result.ack?.status}`,
            summariseReport(result.report),
          ].join('\n'),
        );
        return;
      }
      const controller = new AbortController();
      process.once('SIGINT', () => controller.abort());
      process.once('SIGTERM', () => controller.abort());
      await runLoop({
        ...base,
        intervalSeconds: o.interval,
        signal: controller.signal,
        onRun: (r) => r.ack && console.log(`${new Date().toISOString()} report ${r.report.reportId} ${r.ack.status}`),
      });
    });
}
