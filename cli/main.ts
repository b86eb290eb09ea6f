/**
 * The `readiness` command: parses arguments and calls the parts. Each verb lives in
 * cli/commands/ and is registered here.
 */
import { Command } from 'commander';
import { AGENT_VERSION } from '../agent/version.js';
import { reportFailure } from './fail.js';
import { registerCollector } from './commands/collector.js';
import { registerAgent } from './commands/agent.js';
import { registerImport } from './commands/import.js';
import { registerUp } from './commands/up.js';
import { registerReport } from './commands/report.js';
import { registerRules } from './commands/rules.js';
import { registerOrg } from './commands/org.js';
import { registerEvaluate } from './commands/evaluate.js';
import { registerHost } from './commands/host.js';

const program = new Command()
  .name('readiness')
  .description('network and device readiness auditor: agents, a collector, rules with deadlines, reports')
  .version(AGENT_VERSION)
  .showHelpAfterError('(add --help for usage)');

for (const register of [registerUp, registerCollector, registerAgent, registerImport, registerReport, registerRules, registerOrg, registerEvaluate, registerHost]) register(program);

program.parseAsync(process.argv).catch(reportFailure);
