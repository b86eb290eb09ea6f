/** `readiness agent enroll` and `readiness agent run`. */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Command } from 'commander';
import { Option } from 'commander';
import { enrollAgent } from '../../agent/enroll.js';
import { loadAgentState, saveAgentState } from '../../agent/state.js';
import { defaultStatePath } from '../../agent/paths.js';
import { copyOutputToFile } from '../../agent/log-file.js';
import { readFile } from 'node:fs/promises';
import { loadOrCreateLocalId } from '../../agent/local-id.js';
import { runLoop, runOnce } from '../../agent/run.js';
import { DEFAULT_SPOOL_MAX_AGE_DAYS, DEFAULT_SPOOL_MAX_BYTES, Spool } from '../../agent/spool/spool.js';
import type { RunOptions } from '../../agent/run.js';
import { HostKind } from '../../schema/index.js';
import { CliError, printData } from '../fail.js';
import { positiveInteger } from '../options.js';
import { summariseReport } from '../summary.js';
import { registerAgentCapture } from './agent-capture.js';
import { describeReplay, readManifest } from '../../agent/exec/capture-dir.js';

/** The PEM of `--ca FILE`, or a sentence saying what is wrong with the file. */
async function readCa(file: string): Promise<string> {
  const text = await readFile(file, 'utf8').catch((err: Error) => {
    throw new CliError(`cannot read the CA file ${file} (--ca): ${err.message}`);
  });
  if (!text.includes('-----BEGIN CERTIFICATE-----')) throw new CliError(`${file} (--ca) holds no PEM certificate; give the CA certificate that signed the collector's, starting -----BEGIN CERTIFICATE-----`);
  return text;
}

interface PlaceFlags {
  state?: string;
  service?: boolean;
  logFile?: string;
}

interface RunFlags extends PlaceFlags {
  ca?: string;
  insecureHttp?: boolean;
  once?: boolean;
  output?: string;
  replay?: string;
  interval: number;
  json?: boolean;
  spool?: string;
  spoolMaxAge: number;
  spoolMaxSize: number;
}

const MB = 1024 * 1024;

const STATE_HELP = 'agent state file (default: agent.json in the agent\'s folder, docs/deploy.md; or READINESS_AGENT_STATE)';
const SERVICE_HELP = 'run as the machine\'s service: keep state, spool and config in %ProgramData%\\readiness or /var/lib/readiness (what the scheduled task and the systemd unit pass)';
const LOG_HELP = 'also append everything printed to FILE, each line with its time (kept under 1 MiB, one older file FILE.1)';

/** The state file these flags name, and the log copy started when asked. */
function place(o: PlaceFlags): string {
  if (o.logFile) copyOutputToFile(o.logFile);
  return o.state ?? defaultStatePath({ service: o.service });
}

export function registerAgent(program: Command): void {
  const agent = program.command('agent').description('collect this machine\'s facts and report them to a collector');
  registerAgentCapture(agent);

  agent
    .command('enroll')
    .description('enroll this machine with a collector and keep its key in a state file only you can read')
    .requiredOption('--collector <url>', 'collector base URL, e.g. https://collector.example.internal:8443')
    .requiredOption('--secret <secret>', 'a per-unit enrollment secret (readiness enroll-secret create), or the organisation\'s global one')
    .option('--unit <id>', 'unit id from the org file, e.g. hp-vanphong (needed with the global secret; a per-unit secret decides it)')
    .option('--room <id>', 'room id within the unit')
    .option('--ca <file>', 'the CA certificate (PEM) that signed the collector\'s, for an internal CA; kept in the state')
    .option('--insecure-http', 'allow sending the key over plain HTTP to another machine (kept in the state)')
    .addOption(new Option('--kind <kind>', 'device kind').choices(HostKind.options).default('workstation'))
    .option('--state <file>', STATE_HELP)
    .option('--service', SERVICE_HELP)
    .option('--log-file <file>', LOG_HELP)
    .option('--json', 'print the result as JSON')
    .action(async (o: PlaceFlags & { collector: string; secret: string; unit?: string; room?: string; ca?: string; insecureHttp?: boolean; kind: 'workstation'; json?: boolean }) => {
      const statePath = place(o);
      const state = await enrollAgent({
        collectorUrl: o.collector,
        secret: o.secret,
        unit: o.unit,
        room: o.room ?? null,
        ca: o.ca ? await readCa(o.ca) : undefined,
        insecureHttp: o.insecureHttp,
        deviceKind: o.kind,
        statePath,
      });
      printData(Boolean(o.json), { agentId: state.agentId, unit: state.unit, room: state.room, state: statePath, status: state.status }, () =>
        state.status === 're-enrolled'
          ? `re-enrolled as the same host ${state.agentId} in unit ${state.unit}${state.room ? `, room ${state.room}` : ''}; the old key no longer works, the new one is saved in ${statePath}`
          : `enrolled as agent ${state.agentId} in unit ${state.unit}${state.room ? `, room ${state.room}` : ''}; key saved in ${statePath}`,
      );
    });

  agent
    .command('run')
    .description('collect and send a report now (--once) or at the collector\'s interval')
    .option('--once', 'run once and exit')
    .option('--output <file>', 'write the report to FILE instead of sending it (no enrollment needed)')
    .option('--replay <dir>', 'parse recorded command outputs from DIR instead of running commands (docs/replay.md)')
    .option('--interval <seconds>', 'seconds between runs (at least 1) until the collector says otherwise', positiveInteger('--interval'), 3600)
    .option('--state <file>', STATE_HELP)
    .option('--service', SERVICE_HELP)
    .option('--log-file <file>', LOG_HELP)
    .option('--ca <file>', 'trust this CA certificate (PEM) for the collector from now on (replaces the one in the state)')
    .option('--insecure-http', 'allow plain HTTP to another machine from now on (kept in the state)')
    .option('--spool <dir>', 'keep reports here until the collector acknowledges them (default: "spool" beside the state file)')
    .option('--spool-max-age <days>', 'drop spooled reports older than this', positiveInteger('--spool-max-age'), DEFAULT_SPOOL_MAX_AGE_DAYS)
    .option('--spool-max-size <MB>', 'drop the oldest spooled reports beyond this total size', positiveInteger('--spool-max-size'), DEFAULT_SPOOL_MAX_BYTES / MB)
    .option('--json', 'print the report as JSON')
    .action(async (o: RunFlags) => {
      const statePath = place(o);
      // A bad replay directory is the user's mistake: say so before collecting anything.
      if (o.replay) for (const line of describeReplay(o.replay, await readManifest(o.replay))) console.error(line);
      let enrolled = existsSync(statePath) ? await loadAgentState(statePath) : null;
      if (!enrolled && !o.output) await loadAgentState(statePath); // throws the "not enrolled" sentence
      if (enrolled && (o.ca || o.insecureHttp)) {
        enrolled = { ...enrolled, ...(o.ca ? { ca: await readCa(o.ca) } : {}), ...(o.insecureHttp ? { insecureHttp: true } : {}) };
        await saveAgentState(statePath, enrolled);
      }
      const state: RunOptions['state'] = enrolled ?? { agentId: await loadOrCreateLocalId(`${statePath}.local-id`) };
      const spoolDir = o.spool ?? join(dirname(statePath), 'spool');
      const spool = enrolled && !o.output
        ? await new Spool(spoolDir, { maxAgeMs: o.spoolMaxAge * 86_400_000, maxBytes: o.spoolMaxSize * MB }).open()
        : null;
      const base: RunOptions = {
        state,
        output: o.output ?? null,
        replayDir: o.replay ?? null,
        spool,
        configCachePath: enrolled ? join(dirname(statePath), 'agent-config.json') : null,
      };

      if (o.once || o.output) {
        const result = await runOnce(base);
        if (result.deliveryError) {
          const refused = result.delivery?.rejected.some((r) => r.reportId === result.report.reportId);
          const where = !result.delivery
            ? ''
            : refused
              ? `; it was set aside in ${join(spoolDir, 'rejected')}`
              : `; it waits in ${spoolDir} (${result.delivery.pending} report(s) in all) and goes with the next run`;
          throw new CliError(`report ${result.report.reportId} not delivered: ${result.deliveryError.message}${where}`);
        }
        const earlier = (result.delivery?.delivered.length ?? 1) - 1;
        printData(Boolean(o.json), result.report, () =>
          [
            o.output
              ? `report ${result.report.reportId} written to ${o.output}`
              : `report ${result.report.reportId} ${result.ack?.status}${earlier > 0 ? ` (and ${earlier} earlier spooled report(s) delivered)` : ''}`,
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
        onRun: (r) => r.ack && console.log(`${new Date().toISOString()} ${r.report.probeOnly ? 'probe-only report' : 'report'} ${r.report.reportId} ${r.ack.status}`),
      });
    });
}
