/**
 * Reading ping's output: iputils recorded on this machine, and published outputs of other
 * machines in other languages, Windows among them (fixtures/ping/SOURCES.md).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseIputilsOutput, parseWindowsPingOutput } from '../../agent/probes/ping-output.js';
import type { PingOutput } from '../../agent/probes/ping-output.js';
import { summariseBurst } from '../../agent/probes/stats.js';
import { pingCommand } from '../../agent/probes/ping-command.js';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/ping/${name}`, import.meta.url), 'utf8');
const none = { problem: null, icmpError: null, unreadable: null };
const measured = (rtts: number[]) => ({ rtts, under: rtts.map(() => false) });

describe('parseIputilsOutput', () => {
  it.each<{ file: string; expected: PingOutput }>([
    { file: 'linux-ok.txt', expected: { transmitted: 5, ...measured([0.138, 0.074, 0.066, 0.073, 0.052]), ...none, address: '10.66.0.2' } },
    {
      file: 'linux-loss-30pct.txt',
      expected: { transmitted: 20, ...measured([0.046, 0.07, 0.056, 0.072, 0.061, 0.063, 0.06, 0.058, 0.062, 0.063, 0.064, 0.062, 0.06, 0.073]), ...none, address: '10.66.0.2' },
    },
    { file: 'linux-all-lost.txt', expected: { transmitted: 5, ...measured([]), ...none, address: '10.66.0.2' } },
    // Seven replies to three requests: one per icmp_seq, the first to arrive.
    { file: 'linux-broadcast-duplicates.txt', expected: { transmitted: 3, ...measured([0.043, 0.044, 0.058]), ...none, address: '10.66.0.255' } },
    { file: 'linux-network-unreachable.txt', expected: { transmitted: null, ...measured([]), ...none, problem: 'connect: Network is unreachable', address: null } },
    { file: 'linux-ipv6-loopback.txt', expected: { transmitted: 3, ...measured([0.047, 0.055, 0.076]), ...none, address: '::1' } },
    {
      file: 'linux-net-unreachable-from-router.txt',
      expected: { transmitted: 5, ...measured([]), ...none, icmpError: { from: '10.77.1.1', message: 'Destination Net Unreachable' }, address: '172.16.77.10' },
    },
    // Translated iputils: the structure, not the words, says what was sent and received.
    { file: 'linux-de-all-lost.txt', expected: { transmitted: 1, ...measured([]), ...none, address: '192.168.200.12' } },
    { file: 'linux-de-replies.txt', expected: { transmitted: 2, ...measured([24.8, 26.9]), ...none, address: '142.250.186.142' } },
  ])('$file', ({ file, expected }) => {
    expect(parseIputilsOutput(fixture(file))).toEqual(expected);
  });

  it.each([
    ['a translation with a decimal comma and another word for "time"', '64 байт от 10.0.0.1: icmp_seq=1 ttl=64 время=0,412 мс\n1 пакетов передано, 1 получено, 0% потерянных пакетов', [0.412]],
    ['BusyBox (seq=, "packets received")', '64 bytes from 10.0.0.1: seq=0 ttl=64 time=0.094 ms\n1 packets transmitted, 1 packets received, 0% packet loss', [0.094]],
  ])('reads %s', (_, out, rtts) => {
    expect(parseIputilsOutput(out)).toMatchObject({ transmitted: 1, rtts, unreadable: null });
  });

  it('reads "time<1 ms" (macOS and some builds print it) as an upper bound', () => {
    const out = '64 bytes from 10.0.0.1: icmp_seq=0 ttl=64 time<1 ms\n1 packets transmitted, 1 packets received, 0.0% packet loss';
    expect(parseIputilsOutput(out)).toMatchObject({ transmitted: 1, rtts: [1], under: [true] });
  });

  it('keeps a reply line whose time it cannot read, instead of throwing', () => {
    const out = '64 bytes from 10.0.0.1: icmp_seq=1 ttl=64 time=? ms\n1 packets transmitted, 1 received, 0% packet loss';
    expect(parseIputilsOutput(out)).toMatchObject({ transmitted: 1, rtts: [], unreadable: '64 bytes from 10.0.0.1: icmp_seq=1 ttl=64 time=? ms' });
  });

  it('keeps the first ICMP error a router sent, not as a reply', () => {
    const out = [
      'PING 10.0.0.9 (10.0.0.9) 56(84) bytes of data.',
      'From 10.0.0.1 icmp_seq=1 Destination Host Unreachable',
      '',
      '--- 10.0.0.9 ping statistics ---',
      '3 packets transmitted, 0 received, +1 errors, 100% packet loss, time 2030ms',
    ].join('\n');
    expect(parseIputilsOutput(out)).toEqual({ transmitted: 3, ...measured([]), ...none, icmpError: { from: '10.0.0.1', message: 'Destination Host Unreachable' }, address: '10.0.0.9' });
  });
});

describe('parseWindowsPingOutput', () => {
  it.each<{ file: string; expected: Partial<PingOutput> }>([
    { file: 'windows-de-zeit-under-1ms.txt', expected: { transmitted: 5, rtts: [1, 1, 1, 1, 1], under: [true, true, true, false, true], address: '127.0.0.1' } },
    { file: 'windows-de-timeout.txt', expected: { transmitted: 1, rtts: [], under: [], icmpError: null, address: '8.8.8.8' } },
    { file: 'windows-en-lan-under-1ms.txt', expected: { transmitted: 4, rtts: [1, 1, 1, 1], under: [true, true, true, true], address: '10.10.10.10' } },
    { file: 'windows-fr-temps.txt', expected: { transmitted: 4, rtts: [1, 1, 1, 1], under: [true, true, true, false], address: '10.10.10.54' } },
    // Stopped before its statistics: one line per request went out.
    { file: 'windows-en-container-mixed.txt', expected: { transmitted: 7, rtts: [1, 2, 3, 1, 1, 1, 1], under: [true, false, false, true, false, true, false], address: '172.20.187.254' } },
    { file: 'windows-en-unknown-host.txt', expected: { transmitted: null, rtts: [], problem: 'Ping request could not find host frontend. Please check the name and try again.' } },
  ])('$file', ({ file, expected }) => {
    const text = fixture(file);
    expect(parseWindowsPingOutput(text)).toMatchObject({ unreadable: null, ...expected });
    // ping.exe ends its lines with CRLF; the published copies lost it.
    expect(parseWindowsPingOutput(text.replace(/\n/g, '\r\n'))).toEqual(parseWindowsPingOutput(text));
  });

  it.each([
    ['IPv6: the time is the only field', 'Pinging ::1 with 32 bytes of data:\nReply from ::1: time<1ms\nReply from ::1: time=2ms\n', [1, 2], [true, false]],
    ['Japanese puts a space before "="', '127.0.0.1 に ping を送信しています 32 バイトのデータ:\n127.0.0.1 からの応答: バイト数 =32 時間 <1ms TTL=128\n', [1], [true]],
    // Illustrative: no published Vietnamese recording was found (fixtures/ping/SOURCES.md).
    ['Vietnamese, with a space inside "thời gian"', 'Đang ping 10.0.0.1 với 32 byte dữ liệu:\nTrả lời từ 10.0.0.1: byte=32 thời gian<1ms TTL=64\n', [1], [true]],
  ])('%s', (_, out, rtts, under) => {
    expect(parseWindowsPingOutput(out)).toMatchObject({ rtts, under, unreadable: null });
  });

  it('takes "Destination host unreachable" from a router as an ICMP error, not a reply', () => {
    const out = 'Ping wird ausgeführt für 192.168.178.99 mit 32 Bytes Daten:\nAntwort von 192.168.178.20: Zielhost nicht erreichbar.\n\nPing-Statistik für 192.168.178.99:\n    Pakete: Gesendet = 1, Empfangen = 1, Verloren = 0\n';
    expect(parseWindowsPingOutput(out)).toMatchObject({ transmitted: 1, rtts: [], icmpError: { from: '192.168.178.20', message: 'Zielhost nicht erreichbar' } });
  });

  it('keeps a reply line with data fields but no time it can read, instead of throwing (the ping package threw here)', () => {
    const out = 'Pinging 10.0.0.1 with 32 bytes of data:\nReply from 10.0.0.1: bytes=32 TTL=64\n';
    expect(parseWindowsPingOutput(out)).toMatchObject({ rtts: [], unreadable: 'Reply from 10.0.0.1: bytes=32 TTL=64' });
  });
});

describe('"under 1 ms" in the statistics', () => {
  it('a LAN gateway that always answers within 1 ms: median and jitter are upper bounds, not 1 ms and 0', () => {
    const out = parseWindowsPingOutput(fixture('windows-en-lan-under-1ms.txt'));
    const stats = summariseBurst(out.transmitted!, out.rtts, out.under);
    expect(stats).toMatchObject({ received: 4, lossPct: 0, jitterMs: 1 });
    expect(stats.rtt).toEqual({ minMs: 1, medianMs: 1, p95Ms: 1, maxMs: 1, bounded: { underMs: 1, replies: 4, upperBounds: ['minMs', 'medianMs', 'p95Ms', 'maxMs', 'jitterMs'] } });
  });

  it('measured replies above the bound stay measurements', () => {
    const out = parseWindowsPingOutput(fixture('windows-en-container-mixed.txt'));
    const stats = summariseBurst(out.transmitted!, out.rtts, out.under);
    // Sorted: <1, <1, <1, 1, 1, 2, 3: the median (4th) and p95 and max read measured replies.
    expect(stats.rtt).toMatchObject({ minMs: 1, medianMs: 1, maxMs: 3, bounded: { underMs: 1, replies: 3, upperBounds: ['minMs', 'jitterMs'] } });
  });
});

describe('the ping command line (the ping package\'s builders)', () => {
  const request = { kind: 'icmp' as const, scope: 'lan' as const, role: 'gateway' as const, target: '10.0.0.1', count: 10, intervalMs: 200, timeoutMs: 2000 };
  it('iputils: count, per-reply wait, interval, numeric; -6 for an IPv6 target', () => {
    expect(pingCommand(request, 'linux')).toEqual({ file: 'ping', args: ['-n', '-W', '2', '-c', '10', '-s', '56', '-i', '0.2', '10.0.0.1'], windows: false });
    expect(pingCommand({ ...request, target: 'fd00::1' }, 'linux').args.slice(-2)).toEqual(['-6', 'fd00::1']);
  });
  it('Windows: -n count and -w in milliseconds, no interval option', () => {
    expect(pingCommand(request, 'win32')).toMatchObject({ file: expect.stringMatching(/system32\/ping\.exe$/), args: ['-4', '-w', '2000', '-n', '10', '-l', '32', '10.0.0.1'], windows: true });
  });
});
