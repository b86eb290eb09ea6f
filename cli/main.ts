/** The `readiness` command: every verb, each in cli/commands/ (one file per verb). */
import { reportFailure } from './fail.js';
import { runProgram } from './program.js';
import type { Verb } from './program.js';

/** Every verb, with the module that registers it (in the order `--help` lists them). */
const VERBS: readonly Verb[] = [
  ['up', async () => (await import('./commands/up.js')).registerUp],
  ['collector', async () => (await import('./commands/collector.js')).registerCollector],
  ['agent', async () => (await import('./commands/agent.js')).registerAgent],
  ['import', async () => (await import('./commands/import.js')).registerImport],
  ['report', async () => (await import('./commands/report.js')).registerReport],
  ['rules', async () => (await import('./commands/rules.js')).registerRules],
  ['org', async () => (await import('./commands/org.js')).registerOrg],
  ['evaluate', async () => (await import('./commands/evaluate.js')).registerEvaluate],
  ['host', async () => (await import('./commands/host.js')).registerHost],
  ['archive', async () => (await import('./commands/archive.js')).registerArchive],
  ['schedule', async () => (await import('./commands/schedule.js')).registerSchedule],
  ['assets', async () => (await import('./commands/assets.js')).registerAssets],
  ['user', async () => (await import('./commands/access.js')).registerUser],
  ['token', async () => (await import('./commands/access.js')).registerToken],
  ['enroll-secret', async () => (await import('./commands/access.js')).registerEnrollSecret],
  ['audit', async () => (await import('./commands/access.js')).registerAudit],
  ['scan', async () => (await import('./commands/scan.js')).registerScan],
  ['devices', async () => (await import('./commands/devices.js')).registerDevices],
  ['store', async () => (await import('./commands/store.js')).registerStore],
  ['rollup', async () => (await import('./commands/rollup.js')).registerRollup],
  ['task', async () => (await import('./commands/remediation.js')).registerTask],
  ['exception', async () => (await import('./commands/remediation.js')).registerException],
];

runProgram(
  process.argv,
  { name: 'readiness', description: 'network and device readiness auditor: agents, a collector, rules with deadlines, reports' },
  VERBS,
).catch(reportFailure);
