/**
 * Reads what the system `ping` printed: the requests it sent and the RTT of each reply. Two
 * readers, one per family of output: iputils/BusyBox/macOS, and Windows `ping.exe`. Both go by
 * the structure of the output (`icmp_seq=`, `ttl=`, `key=value` fields, numbers) rather than by
 * its words, because the words are translated: iputils built with NLS prints "Pakete übertragen"
 * under a German locale, and `ping.exe` always speaks the language of Windows ("Antwort von ...
 * Zeit<1ms", "Réponse de ... temps=1 ms"). The agent runs ping under `LC_ALL=C` as well.
 *
 * Neither reader throws. A line that looks like a reply but has no time either can read is
 * kept in `unreadable`: the probe then fails with that line as evidence (the `ping` package's
 * own parser threw inside the child's close handler on such lines, ending the agent).
 */
import { isIP } from 'node:net';

export interface PingOutput {
  /** From the statistics line; null when ping could not send at all. */
  transmitted: number | null;
  /** One RTT per answered request, in sequence order. */
  rtts: number[];
  /** Per RTT: true when ping gave only an upper bound ("time<1ms"), so the RTT is that bound. */
  under: boolean[];
  /** ping's own complaint (`connect: Network is unreachable`), when it printed one. */
  problem: string | null;
  /** The first ICMP error a router sent back: where the path ends. */
  icmpError: { from: string; message: string } | null;
  /** The first reply line whose time could not be read, as printed. */
  unreadable: string | null;
  /** The address ping resolved the target to, from its first line. */
  address: string | null;
}

/** `0.038`, `24.8`, `0,038` (a decimal comma from a translated printf). */
const NUMBER = String.raw`(\d+(?:[.,]\d+)?)`;
const toNumber = (s: string) => Number(s.replace(',', '.'));

const SEQ = /\bicmp_seq=(\d+)|\bseq=(\d+)/;
const TTL = /\b(?:ttl|hlim)=\d+/i;
/** The field after ttl: `time=0.038 ms`, `Zeit=24.8 ms`, `время=0.04 мс`, `time<1 ms`. */
const TIME_AFTER_TTL = new RegExp(String.raw`\b(?:ttl|hlim)=\d+\s+\S*?([=<])\s*${NUMBER}`, 'i');
/** "5 packets transmitted, 4 received, 20% packet loss", "1 Pakete übertragen, 0 empfangen, 100% ...". */
const TRANSMITTED = /^(\d+)\s+[^,\d]+,\s*(\d+)\s+[^,]*,.*%/;
/** "From 10.77.1.1 icmp_seq=1 Destination Net Unreachable", "Von 10.0.0.1 icmp_seq=2 Ziel ...". */
const ICMP_ERROR = /^\S+\s+(\S+?)(?:\s+\(([^)]+)\))?:?\s+icmp_seq=\d+\s+(.+)$/;

/**
 * iputils (Linux), BusyBox and macOS ping, in any language their translations use.
 * @example parseIputilsOutput('64 bytes from 10.0.0.1: icmp_seq=1 ttl=64 time=0.5 ms\n1 packets transmitted, 1 received, 0% packet loss')
 *          // { transmitted: 1, rtts: [0.5], under: [false], problem: null, icmpError: null, unreadable: null, address: null }
 */
export function parseIputilsOutput(output: string): PingOutput {
  const bySeq = new Map<number, { ms: number; under: boolean }>();
  let transmitted: number | null = null;
  let problem: string | null = null;
  let icmpError: PingOutput['icmpError'] = null;
  let unreadable: string | null = null;
  let address: string | null = null;
  for (const raw of output.split('\n')) {
    const line = raw.trim();
    // "PING 10.0.0.1 (10.0.0.1) 56(84) bytes of data.", "PING ::1(::1) 56 data bytes".
    if (address === null && /^PING\s/.test(line)) address = /\(([^)]+)\)/.exec(line)?.[1] ?? null;
    const seq = SEQ.exec(line);
    if (seq && TTL.test(line)) {
      const time = TIME_AFTER_TTL.exec(line);
      const n = Number(seq[1] ?? seq[2]);
      if (!time) unreadable ??= line;
      else if (!bySeq.has(n)) bySeq.set(n, { ms: toNumber(time[2]!), under: time[1] === '<' });
      continue;
    }
    const bounced = seq ? ICMP_ERROR.exec(line) : null;
    if (bounced) {
      icmpError ??= { from: bounced[2] ?? bounced[1]!, message: bounced[3]! };
      continue;
    }
    const sent = TRANSMITTED.exec(line);
    if (sent) transmitted = Number(sent[1]);
    else if (problem === null && /^ping6?:/.test(line)) problem = line.replace(/^ping6?:/, '').trim();
  }
  const replies = [...bySeq.entries()].sort((a, b) => a[0] - b[0]).map(([, r]) => r);
  return { transmitted, rtts: replies.map((r) => r.ms), under: replies.map((r) => r.under), problem, icmpError, unreadable, address };
}

/** `bytes=32`, `time<1ms`, `Zeit=1ms`, `temps=14 ms`, `=32` (Japanese puts a space before `=`). */
const WIN_FIELD = new RegExp(String.raw`([=<])\s*${NUMBER}`, 'g');
/** "Reply from 10.1.1.1: Destination host unreachable." in any language: an address, a colon, words. */
const WIN_ADDRESSED = /(\S+?)\s*:\s+(\D.*)$/;

const isAddress = (s: string) => isIP(s.replace(/^\[|\]$/g, '').replace(/%.*$/, '')) !== 0;

/**
 * Windows `ping.exe`, in any display language: a header line ending in ":" ("Pinging 10.0.0.1
 * with 32 bytes of data:", "Ping wird ausgeführt für ..."), one line per request, then the
 * statistics after the next line ending in ":" ("Packets: Sent = 4, Received = 4, Lost = 0").
 * A reply carries `bytes`, `time` and `TTL` fields (IPv6: `time` alone); the time is the second
 * of three fields or the only one. `time<1ms` is an upper bound.
 * @example parseWindowsPingOutput('Pinging 10.0.0.1 with 32 bytes of data:\nReply from 10.0.0.1: bytes=32 time<1ms TTL=64\n')
 *          // { transmitted: 1, rtts: [1], under: [true], ... }
 */
export function parseWindowsPingOutput(output: string): PingOutput {
  const lines = output.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
  const result: PingOutput = { transmitted: null, rtts: [], under: [], problem: null, icmpError: null, unreadable: null, address: null };
  const header = lines.findIndex((l) => l.endsWith(':'));
  if (header < 0) {
    result.problem = lines[0] ?? null;
    return result;
  }
  // "Pinging host [10.0.0.1] with 32 bytes of data:", "Ping wird ausgeführt für 10.0.0.1 mit ...".
  result.address = /\[([^\]]+)\]/.exec(lines[header]!)?.[1] ?? lines[header]!.split(/\s+/).find(isAddress) ?? null;
  let footer = lines.length;
  let requests = 0;
  for (let i = header + 1; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.endsWith(':')) {
      footer = i;
      break;
    }
    requests += 1;
    const fields = [...line.matchAll(WIN_FIELD)];
    if (!fields.length) {
      const addressed = WIN_ADDRESSED.exec(line);
      if (addressed && isAddress(addressed[1]!)) result.icmpError ??= { from: addressed[1]!, message: addressed[2]!.replace(/\.$/, '') };
      continue;
    }
    const time = fields.length >= 3 ? fields[1] : fields.length === 1 ? fields[0] : undefined;
    if (!time) {
      result.unreadable ??= line;
      continue;
    }
    result.rtts.push(toNumber(time[2]!));
    result.under.push(time[1] === '<');
  }
  for (const line of lines.slice(footer + 1)) {
    const counts = [...line.matchAll(/=\s*(\d+)/g)];
    if (counts.length >= 3) {
      result.transmitted = Number(counts[0]![1]);
      break;
    }
  }
  // Killed or cut short before its statistics: each request printed one line.
  result.transmitted ??= requests;
  return result;
}
