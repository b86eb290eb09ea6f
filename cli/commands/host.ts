/**
 * `readiness host move|retire|merge|duplicates`: change or list hosts on a running collector,
 * with a personal token of an admin or the unit's manager (`--token` or READINESS_TOKEN).
 */
import type { Command } from 'commander';
import { printData } from '../fail.js';
import { callCollector, remoteOptions } from '../remote.js';
import type { Remote } from '../remote.js';

type HostRemote = Remote & { json?: boolean };

interface ListedHost {
  agentId: string;
  hostname: string;
  unit: string;
  room: string | null;
  retired: { at: string; reason: string; by?: string; selfCertified?: boolean } | null;
}

const remote = (cmd: Command) => remoteOptions(cmd).option('--json', 'print the result as JSON');

const place = (h: { unit: string; room: string | null }) => `unit ${h.unit}${h.room ? `, room ${h.room}` : ''}`;

export function registerHost(program: Command): void {
  const host = program.command('host').description('hosts known to a running collector');
  remote(
    host
      .command('move')
      .description('move a host to another unit and room (checked against the org file)')
      .argument('<agentId>', "the host's agent id (see GET /api/v1/hosts)")
      .requiredOption('--unit <id>', 'the unit to move it to')
      .option('--room <id>', 'the room within that unit (default: no room)'),
  ).action(async (agentId: string, o: HostRemote & { unit: string; room?: string }) => {
    const { host: moved } = await callCollector<{ host: ListedHost }>(o, 'PATCH', `/hosts/${encodeURIComponent(agentId)}`, { unit: o.unit, room: o.room ?? null }, 'move');
    printData(Boolean(o.json), moved, () => `${moved.hostname} moved to ${place(moved)}`);
  });

  remote(
    host
      .command('retire')
      .description('retire a host: it no longer counts as expected or reporting, stays in the history, and the documents list it with the reason')
      .argument('<agentId>', "the host's agent id")
      .requiredOption('--reason <text>', 'why, as readers of the documents should see it (e.g. "máy hỏng, đã thanh lý")'),
  ).action(async (agentId: string, o: HostRemote & { reason: string }) => {
    const { host: retired } = await callCollector<{ host: ListedHost }>(o, 'DELETE', `/hosts/${encodeURIComponent(agentId)}`, { reason: o.reason }, 'retirement');
    printData(Boolean(o.json), retired, () => `${retired.hostname} (${retired.agentId}, ${place(retired)}) retired: ${retired.retired?.reason}`);
  });

  remote(
    host
      .command('merge')
      .description('fold a host into another of the same unit (the one whose agent still reports); the folded one is retired as merged')
      .argument('<agentId>', 'the host to fold in (usually the older, silent one)')
      .requiredOption('--into <agentId>', 'the host that stays'),
  ).action(async (agentId: string, o: HostRemote & { into: string }) => {
    const out = await callCollector<{ host: ListedHost; retired: ListedHost }>(o, 'POST', `/hosts/${encodeURIComponent(agentId)}/merge`, { into: o.into }, 'merge');
    printData(Boolean(o.json), out, () => `${out.retired.hostname} (${out.retired.agentId}) merged into ${out.host.hostname} (${out.host.agentId})`);
  });

  remote(
    host
      .command('duplicates')
      .description('list hosts that look like an earlier host (same hardware UUID, serial, or network card and name)')
      .option('--unit <id>', "only this unit's hosts"),
  ).action(async (o: HostRemote & { unit?: string }) => {
    type Dup = ListedHost & { possibleDuplicateOf: Array<ListedHost & { matchedOn: string[] }> };
    const { duplicates } = await callCollector<{ duplicates: Dup[] }>(o, 'GET', `/hosts/duplicates${o.unit ? `?unit=${encodeURIComponent(o.unit)}` : ''}`, undefined, 'list');
    printData(Boolean(o.json), duplicates, () =>
      duplicates.length
        ? duplicates
            .map((d) => `${d.hostname} (${d.agentId}, ${place(d)}) may be ${d.possibleDuplicateOf.map((e) => `${e.hostname} (${e.agentId}, same ${e.matchedOn.join(', ')})`).join(' or ')}`)
            .join('\n')
        : 'no possible duplicates',
    );
  });
}
