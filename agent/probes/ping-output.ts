/**
 * Reads what iputils' (and macOS's) `ping` printed: the packets it sent and the RTT of each
 * reply. The `ping` package gives min/avg/max and a list of times that also holds duplicate
 * replies (a broadcast answered by several hosts, a looping network); percentiles and jitter
 * need one RTT per request, so the first reply of each `icmp_seq` is kept.
 */

export interface PingOutput {
  /** From the statistics line; null when ping could not send at all. */
  transmitted: number | null;
  /** One RTT per answered request, in sequence order. */
  rtts: number[];
  /** ping's own complaint (`connect: Network is unreachable`), when it printed one. */
  problem: string | null;
  /** The first ICMP error a router sent back: where the path ends. */
  icmpError: { from: string; message: string } | null;
}

const REPLY = /icmp_seq=(\d+)\b.*?\btime[=<]\s*([\d.]+)\s*ms/;
const TRANSMITTED = /(\d+) packets transmitted/;
const ICMP_ERROR = /^From (\S+?):? icmp_seq=\d+ (.+)$/;

/**
 * @example parseIputilsOutput('64 bytes from 10.0.0.1: icmp_seq=1 ttl=64 time=0.5 ms\n1 packets transmitted, 1 received')
 *          // { transmitted: 1, rtts: [0.5], problem: null, icmpError: null }
 */
export function parseIputilsOutput(output: string): PingOutput {
  const bySeq = new Map<number, number>();
  let transmitted: number | null = null;
  let problem: string | null = null;
  let icmpError: PingOutput['icmpError'] = null;
  for (const raw of output.split('\n')) {
    const line = raw.trim();
    const reply = REPLY.exec(line);
    if (reply) {
      const seq = Number(reply[1]);
      if (!bySeq.has(seq)) bySeq.set(seq, Number(reply[2]));
      continue;
    }
    const bounced = ICMP_ERROR.exec(line);
    if (bounced) {
      icmpError ??= { from: bounced[1]!, message: bounced[2]! };
      continue;
    }
    const sent = TRANSMITTED.exec(line);
    if (sent) transmitted = Number(sent[1]);
    else if (problem === null && line.startsWith('ping:')) problem = line.slice('ping:'.length).trim();
  }
  const rtts = [...bySeq.entries()].sort((a, b) => a[0] - b[0]).map(([, rtt]) => rtt);
  return { transmitted, rtts, problem, icmpError };
}
