/**
 * ICMP echo through the system's `ping` (the `ping` package; Debian package `iputils-ping`).
 * The burst is one ping process with a per-packet interval (`-i`), so it lasts about
 * count × interval rather than count seconds. No `-w` deadline: with `-c` it makes ping keep
 * sending until `count` replies arrive, which would hide loss.
 */
import { isIPv6 } from 'node:net';
import ping from 'ping';
import type { PingConfig } from 'ping';
import { parseIputilsOutput } from './ping-output.js';
import type { PingOutput } from './ping-output.js';
import { summariseBurst } from './stats.js';
import { burstDeadlineMs, defineProbe, resultHeader } from './types.js';
import type { ProbeRequest } from './types.js';
import type { ProbeResult } from '../../schema/index.js';

/** Seconds as ping takes them: `0.2`, not `0.20000000000000001`. */
const seconds = (ms: number) => String(Math.round(ms) / 1000);

/** Slack for spawning ping and for its final wait (it waits up to two RTTs after the last reply). */
const PROCESS_SLACK_MS = 3000;

function pingConfig(request: ProbeRequest): PingConfig {
  const windows = process.platform === 'win32';
  const v6 = isIPv6(request.target);
  return {
    numeric: true,
    min_reply: request.count,
    timeout: request.timeoutMs / 1000,
    // Debian has no separate ping6 for the package to find: iputils' ping takes -6.
    v6: windows ? v6 : false,
    // Windows ping has no interval option: it always waits a second between requests.
    extra: windows ? [] : ['-i', seconds(request.intervalMs), ...(v6 ? ['-6'] : [])],
  };
}

interface Measured {
  sent: number;
  rtts: number[];
  problem: string | null;
  icmpError: PingOutput['icmpError'];
  address: string | null;
}

async function measure(request: ProbeRequest): Promise<Measured> {
  const res = await ping.promise.probe(request.target, pingConfig(request));
  const address = res.numeric_host && res.numeric_host !== 'NA' ? res.numeric_host : null;
  if (process.platform === 'win32') {
    // Windows prints localised text; the package reads its reply lines, and -n sends exactly count.
    return { sent: request.count, rtts: res.times, problem: null, icmpError: null, address };
  }
  const out = parseIputilsOutput(res.output);
  return { sent: out.transmitted ?? 0, rtts: out.rtts, problem: out.problem, icmpError: out.icmpError, address };
}

function withDeadline<T>(work: Promise<T>, ms: number, late: () => T): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<T>((resolve) => {
    timer = setTimeout(() => resolve(late()), ms);
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}

export const icmpProbe = defineProbe({
  kind: 'icmp',
  async run(request): Promise<ProbeResult> {
    const startedAt = new Date().toISOString();
    const limitMs = burstDeadlineMs(request) + PROCESS_SLACK_MS;
    let measured: Measured;
    try {
      measured = await withDeadline(measure(request), limitMs, () => ({
        sent: 0,
        rtts: [],
        problem: `ping gave no result within ${limitMs} ms (a slow name lookup?); use an IP address as the target`,
        icmpError: null,
        address: null,
      }));
    } catch (err) {
      measured = {
        sent: 0,
        rtts: [],
        problem: `ping could not run (${(err as Error).message}); install it (Debian: apt-get install iputils-ping)`,
        icmpError: null,
        address: null,
      };
    }
    const stats = summariseBurst(measured.sent, measured.rtts);
    let error: string | null = null;
    if (measured.sent === 0) error = `no echo request could be sent to ${request.target}: ${measured.problem ?? 'ping printed no statistics'}`;
    else if (stats.received === 0) {
      error =
        `no reply to any of ${measured.sent} echo requests to ${request.target}` +
        (measured.icmpError ? ` (${measured.icmpError.from} answered: ${measured.icmpError.message})` : '');
    }
    return {
      ...resultHeader(request, startedAt),
      ...stats,
      error,
      detail: {
        ...(measured.address ? { address: measured.address } : {}),
        ...(measured.icmpError ? { icmpError: `${measured.icmpError.from}: ${measured.icmpError.message}` } : {}),
      },
    };
  },
});
