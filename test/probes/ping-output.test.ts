/** Reading iputils' ping output, from outputs recorded on this machine (fixtures/ping/SOURCES.md). */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseIputilsOutput } from '../../agent/probes/ping-output.js';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/ping/${name}`, import.meta.url), 'utf8');

describe('parseIputilsOutput', () => {
  it.each([
    { file: 'linux-ok.txt', transmitted: 5, rtts: [0.138, 0.074, 0.066, 0.073, 0.052], problem: null },
    {
      file: 'linux-loss-30pct.txt',
      transmitted: 20,
      rtts: [0.046, 0.07, 0.056, 0.072, 0.061, 0.063, 0.06, 0.058, 0.062, 0.063, 0.064, 0.062, 0.06, 0.073],
      problem: null,
    },
    { file: 'linux-all-lost.txt', transmitted: 5, rtts: [], problem: null },
    // Seven replies to three requests: one per icmp_seq, the first to arrive.
    { file: 'linux-broadcast-duplicates.txt', transmitted: 3, rtts: [0.043, 0.044, 0.058], problem: null },
    { file: 'linux-network-unreachable.txt', transmitted: null, rtts: [], problem: 'connect: Network is unreachable' },
    { file: 'linux-ipv6-loopback.txt', transmitted: 3, rtts: [0.047, 0.055, 0.076], problem: null },
    {
      file: 'linux-net-unreachable-from-router.txt',
      transmitted: 5,
      rtts: [],
      problem: null,
      icmpError: { from: '10.77.1.1', message: 'Destination Net Unreachable' },
    },
  ])('$file', ({ file, transmitted, rtts, problem, icmpError }) => {
    expect(parseIputilsOutput(fixture(file))).toEqual({ transmitted, rtts, problem, icmpError: icmpError ?? null });
  });

  it('reads "time<1 ms" replies (macOS and some builds print them) as their bound', () => {
    const out = '64 bytes from 10.0.0.1: icmp_seq=0 ttl=64 time<1 ms\n1 packets transmitted, 1 packets received, 0.0% packet loss';
    expect(parseIputilsOutput(out)).toEqual({ transmitted: 1, rtts: [1], problem: null, icmpError: null });
  });

  it('keeps the first ICMP error a router sent, not as a reply', () => {
    const out = [
      'PING 10.0.0.9 (10.0.0.9) 56(84) bytes of data.',
      'From 10.0.0.1 icmp_seq=1 Destination Host Unreachable',
      '',
      '--- 10.0.0.9 ping statistics ---',
      '3 packets transmitted, 0 received, +1 errors, 100% packet loss, time 2030ms',
    ].join('\n');
    expect(parseIputilsOutput(out)).toEqual({ transmitted: 3, rtts: [], problem: null, icmpError: { from: '10.0.0.1', message: 'Destination Host Unreachable' } });
  });
});
