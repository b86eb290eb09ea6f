/**
 * Facts about the agent that sent the report: its version, and whether it is the version the
 * collector expects (config `agent.expectedVersion`, by default the collector's own version;
 * docs/deploy.md says how to roll a new one out).
 */
import { compare, valid } from 'semver';
import { defineFacts } from './types.js';
import type { FactContext } from './types.js';

/** Build metadata (`0.1.0+ps2`, the PowerShell report script) does not count in the comparison. */
function behind(ctx: FactContext): { reported: string; expected: string; behind: boolean } | undefined {
  const reported = ctx.report?.agentVersion;
  const expected = ctx.expectedAgentVersion;
  if (!reported || !expected || !valid(expected)) return undefined;
  const version = valid(reported);
  if (!version) return undefined;
  return { reported, expected, behind: compare(version, expected) < 0 };
}

export const agentFacts = defineFacts([
  {
    name: 'agent.version',
    type: 'string',
    label: { vi: 'phiên bản chương trình kiểm tra trên máy', en: 'agent version' },
    section: 'host',
    description: 'The version of the agent that sent the latest report (`agentVersion`), e.g. `0.1.0`.',
    resolve: (ctx) => ctx.report?.agentVersion,
  },
  {
    name: 'agent.up_to_date',
    type: 'boolean',
    label: { vi: 'chương trình kiểm tra trên máy đúng phiên bản yêu cầu', en: 'agent up to date' },
    section: 'host',
    description:
      'Whether that agent is at least the version the collector expects (`agent.expectedVersion` in its config, by default the collector\'s own version); missing when either is not a version number (semver).',
    resolve: (ctx) => {
      const b = behind(ctx);
      return b ? !b.behind : undefined;
    },
    note: (ctx) => {
      const b = behind(ctx);
      return b?.behind ? [{ code: 'agent_version', reported: b.reported, expected: b.expected }] : undefined;
    },
    missing: () => 'not_a_version',
  },
]);
