/**
 * ICMP echo through the system's `ping` (Debian package `iputils-ping`; `ping.exe` on
 * Windows). The burst is one ping process with a per-packet interval (`-i`), so it lasts about
 * count × interval rather than count seconds. No `-w` deadline: with `-c` it makes ping keep
 * sending until `count` replies arrive, which would hide loss. The agent starts ping itself,
 * under `LC_ALL=C` and its own time limit, and reads the output with ping-output.ts.
 */
import { execute } from '../exec/run-command.js';
import { parseIputilsOutput, parseWindowsPingOutput } from './ping-output.js';
import type { PingOutput } from './ping-output.js';
import { pingCommand } from './ping-command.js';
import { summariseBurst } from './stats.js';
import { burstDeadlineMs, defineProbe, resultHeader } from './types.js';
import type { ProbeRequest } from './types.js';
import type { ProbeResult } from '../../schema/index.js';

/** Slack for spawning ping and for its final wait (it waits up to two RTTs after the last reply). */
const PROCESS_SLACK_MS = 3000;

const INSTALL = 'install it (Debian: apt-get install iputils-ping)';

/** What one ping run gave: its output read, or why there is none. */
type Measured = { ok: true; out: PingOutput } | { ok: false; problem: string };

async function measure(request: ProbeRequest, limitMs: number): Promise<Measured> {
  const command = pingCommand(request);
  // Started at once, as all probes of a run are: a router rate-limits the ICMP errors it sends
  // a host, and a ping that starts late loses them to the run's TCP and DNS attempts.
  const run = await execute(command.file, command.args, { timeoutMs: limitMs });
  if (run.spawnError) return { ok: false, problem: `ping could not run (${run.spawnError}); ${INSTALL}` };
  if (run.timedOut) return { ok: false, problem: `ping gave no result within ${limitMs} ms (a slow name lookup?); use an IP address as the target` };
  const text = `${run.stdout}\n${run.stderr}`;
  return { ok: true, out: command.windows ? parseWindowsPingOutput(text) : parseIputilsOutput(text) };
}

export const icmpProbe = defineProbe({
  kind: 'icmp',
  async run(request): Promise<ProbeResult> {
    const startedAt = new Date().toISOString();
    const limitMs = burstDeadlineMs(request) + PROCESS_SLACK_MS;
    const measured = await measure(request, limitMs);
    const out: PingOutput = measured.ok
      ? measured.out
      : { transmitted: null, rtts: [], under: [], problem: measured.problem, icmpError: null, unreadable: null, address: null };
    const sent = out.transmitted ?? 0;
    const stats = summariseBurst(sent, out.rtts, out.under);
    let error: string | null = null;
    if (!measured.ok) error = `no echo request could be sent to ${request.target}: ${measured.problem}`;
    else if (out.unreadable) error = `ping printed a reply the agent cannot read, so this result is not trusted: "${out.unreadable.slice(0, 300)}"`;
    else if (sent === 0) error = `no echo request could be sent to ${request.target}: ${out.problem ?? 'ping printed no statistics'}`;
    else if (stats.received === 0) {
      error = `no reply to any of ${sent} echo requests to ${request.target}` + (out.icmpError ? ` (${out.icmpError.from} answered: ${out.icmpError.message})` : '');
    }
    return {
      ...resultHeader(request, startedAt),
      ...stats,
      error,
      detail: {
        ...(out.address ? { address: out.address } : {}),
        ...(out.icmpError ? { icmpError: `${out.icmpError.from}: ${out.icmpError.message}` } : {}),
        ...(out.unreadable ? { unreadableReply: out.unreadable.slice(0, 300) } : {}),
      },
    };
  },
});
