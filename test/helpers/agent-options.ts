/** The install scripts pass the agent command-line options; these must be options the agent has. */
import { Command } from 'commander';
import { expect } from 'vitest';
import { registerAgent } from '../../cli/commands/agent.js';

export function agentOptionsCheck(options: readonly string[]): void {
  const program = new Command();
  registerAgent(program);
  const agent = program.commands.find((c) => c.name() === 'agent')!;
  const known = new Set(agent.commands.flatMap((c) => c.options.map((o) => o.long)));
  expect([...new Set(options)].filter((o) => !known.has(o))).toEqual([]);
}
