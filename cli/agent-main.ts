/**
 * The one-file agent executable's command line (`npm run build:agent`, docs/deploy.md): the
 * agent verbs only (`agent enroll`, `agent run`, `agent capture`) and `--version`. The
 * collector, the rule engine and the document formats are not in it; a test reads the
 * bundle's metafile to keep it so.
 */
import { reportFailure } from './fail.js';
import { runProgram } from './program.js';

runProgram(
  process.argv,
  { name: 'readiness-agent', description: 'readiness agent: collect this machine\'s facts and report them to a readiness collector' },
  [['agent', async () => (await import('./commands/agent.js')).registerAgent]],
).catch(reportFailure);
