/**
 * Builds the command line from a list of verbs and runs it. Only the module of the verb being
 * run is loaded: the agent on a workstation should not pay for exceljs, the rule engine or the
 * collector. `cli/main.ts` (the whole `readiness` command) and `cli/agent-main.ts` (the one-file
 * agent executable) are two lists of verbs over this one builder.
 */
import { Command } from 'commander';
import { AGENT_VERSION } from '../agent/version.js';

export type Register = (program: Command) => void;

/** A verb and the module that registers it. */
export type Verb = readonly [name: string, load: () => Promise<Register>];

export async function runProgram(argv: string[], meta: { name: string; description: string }, verbs: readonly Verb[]): Promise<void> {
  const program = new Command()
    .name(meta.name)
    .description(meta.description)
    .version(AGENT_VERSION)
    .showHelpAfterError('(add --help for usage)');
  const verb = verbs.find(([name]) => name === argv[2]);
  // Top-level help, a typo or no verb: load them all so commander can list and suggest.
  for (const [, load] of verb ? [verb] : verbs) (await load())(program);
  await program.parseAsync(argv);
}
