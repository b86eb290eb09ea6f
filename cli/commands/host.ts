/** `readiness host move ID --unit U [--room R]`: move a host to another unit and room on a running collector. */
import type { Command } from 'commander';
import { CliError, printData } from '../fail.js';

export function registerHost(program: Command): void {
  const host = program.command('host').description('hosts known to a running collector');
  host
    .command('move')
    .description('move a host to another unit and room (checked against the org file)')
    .argument('<agentId>', 'the host\'s agent id (see GET /api/v1/hosts)')
    .requiredOption('--unit <id>', 'the unit to move it to')
    .option('--room <id>', 'the room within that unit (default: no room)')
    .option('--collector <url>', 'collector base URL', 'http://127.0.0.1:8080')
    .option('--token <token>', 'a personal token of an admin or the unit\'s manager (default: READINESS_TOKEN, else READINESS_ADMIN_TOKEN)')
    .option('--json', 'print the moved host as JSON')
    .action(async (agentId: string, o: { unit: string; room?: string; collector: string; token?: string; json?: boolean }) => {
      const token = o.token ?? process.env.READINESS_TOKEN ?? process.env.READINESS_ADMIN_TOKEN;
      if (!token) throw new CliError('give a personal token with --token or READINESS_TOKEN (readiness token create --user NAME)');
      const res = await fetch(new URL(`/api/v1/hosts/${encodeURIComponent(agentId)}`, o.collector), {
        method: 'PATCH',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ unit: o.unit, room: o.room ?? null }),
      }).catch((err: Error & { cause?: { code?: string } }) => {
        throw new CliError(`cannot reach the collector at ${o.collector} (${err.cause?.code ?? err.message})`);
      });
      const body = (await res.json().catch(() => null)) as { host?: { hostname: string; unit: string; room: string | null }; error?: { message: string } } | null;
      if (!res.ok || !body?.host) throw new CliError(`the collector refused the move: ${body?.error?.message ?? `HTTP ${res.status}`}`);
      const moved = body.host;
      printData(Boolean(o.json), moved, () => `${moved.hostname} moved to unit ${moved.unit}${moved.room ? `, room ${moved.room}` : ''}`);
    });
}
