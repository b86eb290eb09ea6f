/**
 * The install scripts pass the agent command-line options; these must be options the agent
 * has. `--ca` comes with the accounts work (issue 10): until the agent has it, it must refuse it
 * loudly (commander's "unknown option"), never ignore it.
 */
import { Command } from 'commander';
import { expect } from 'vitest';
import { registerAgent } from '../../cli/commands/agent.js';

const PENDING: Record<string, string> = { '--ca': 'agent enroll --ca FILE (issue 10, accounts)' };

export async function agentOptionsCheck(options: readonly string[]): Promise<void> {
  const program = new Command();
  registerAgent(program);
  const agent = program.commands.find((c) => c.name() === 'agent')!;
  const known = new Set(agent.commands.flatMap((c) => c.options.map((o) => o.long)));
  const unknown = [...new Set(options)].filter((o) => !known.has(o));
  expect(unknown.filter((o) => !PENDING[o])).toEqual([]);
  for (const option of unknown) {
    const strict = new Command().exitOverride().configureOutput({ writeErr: () => {}, writeOut: () => {} });
    registerAgent(strict);
    await expect(
      strict.parseAsync(['node', 'readiness', 'agent', 'enroll', '--collector', 'http://127.0.0.1:1', '--secret', 's', '--unit', 'u', option, 'x']),
    ).rejects.toMatchObject({ code: 'commander.unknownOption' });
  }
}
