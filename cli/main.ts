/**
 * The `readiness` command: parses arguments and calls the parts. Each verb lives in
 * cli/commands/ and is listed here. Only the module of the verb being run is loaded: the
 * agent on a workstation should not pay for exceljs, the rule engine or the collector.
 */
import { Command } from 'commander';
import { AGENT_VERSION } from '../agent/version.js';
import { reportFailure } from './fail.js';

type Register = (program: Command) => void;

/** Every verb, with the module that registers it (in the order `--help` lists them). */
const VERBS: ReadonlyArray<readonly [string, () => Promise<Register>]> = [
  ['up', async () => (await import('./commands/up.js')).registerUp],
  ['collector', async () => (await import('./commands/collector.js')).registerCollector],
  ['agent', async () => (await import('./commands/agent.js')).registerAgent],
  ['import', async () => (await import('./commands/import.js')).registerImport],
  ['report', async () => (await import('./commands/report.js')).registerReport],
  ['rules', async () => (await import('./commands/rules.js')).registerRules],
  ['org', async () => (await import('./commands/org.js')).registerOrg],
  ['evaluate', async () => (await import('./commands/evaluate.js')).registerEvaluate],
  ['host', async () => (await import('./commands/host.js')).registerHost],
  ['user', async () => (await import('./commands/access.js')).registerUser],
  ['token', async () => (await import('./commands/access.js')).registerToken],
  ['enroll-secret', async () => (await import('./commands/access.js')).registerEnrollSecret],
  ['audit', async () => (await import('./commands/access.js')).registerAudit],
  ['devices', async () => (await import('./commands/devices.js')).registerDevices],
  ['task', async () => (await import('./commands/remediation.js')).registerTask],
  ['exception', async () => (await import('./commands/remediation.js')).registerException],
];

async function main(argv: string[]): Promise<void> {
  const program = new Command()
    .name('readiness')
    .description('network and device readiness auditor: agents, a collector, rules with deadlines, reports')
    .version(AGENT_VERSION)
    .showHelpAfterError('(add --help for usage)');
  const verb = VERBS.find(([name]) => name === argv[2]);
  // Top-level help, a typo or no verb: load them all so commander can list and suggest.
  for (const [, load] of verb ? [verb] : VERBS) (await load())(program);
  await program.parseAsync(argv);
}

main(process.argv).catch(reportFailure);
