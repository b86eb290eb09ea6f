/**
 * The real agent on this Linux machine, traced by strace: the software list is dpkg's, no
 * antivirus is found (a finding, not an error), and not one packet is addressed off the
 * machine. Needs strace and dpkg (Debian); skips with a message elsewhere.
 */
import { execFileSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HostReport } from '../../schema/index.js';
import { CLI, ROOT, runCli } from '../helpers/cli.js';
import { systemRequirement } from '../helpers/system.js';
import { makeTempDir } from '../helpers/temp-dir.js';

const req = systemRequirement({ commands: ['strace', 'dpkg-query'], install: 'apt-get install strace (Debian or Ubuntu)' });

/**
 * Destination addresses of connect/sendto/sendmsg calls in an strace log: the addresses of
 * IPv4/IPv6 socket addresses only. Netlink messages to the kernel (route lookups such as
 * `RTA_DST inet_addr("1.0.0.0")`) carry addresses too but send nothing anywhere.
 */
function networkDestinations(log: string): string[] {
  const out: string[] = [];
  for (const line of log.split('\n')) {
    if (!/\b(connect|sendto|sendmsg|sendmmsg)\(/.test(line)) continue;
    for (const m of line.matchAll(/sin_addr=inet_addr\("([^"]+)"\)|inet_pton\(AF_INET6, "([^"]+)", &sin6_addr\)/g)) out.push(m[1] ?? m[2]!);
  }
  return out;
}

const loopback = (address: string) => /^127\./.test(address) || address === '::1' || address === '::ffff:127.0.0.1';

describe.skipIf(!req.ok)('the real agent on this Linux machine', () => {
  let tmp: Awaited<ReturnType<typeof makeTempDir>>;
  let report: HostReport;
  let trace: string;

  beforeAll(async () => {
    tmp = await makeTempDir('readiness-real-agent-');
    const out = join(tmp.path, 'report.json');
    const log = join(tmp.path, 'strace.log');
    execFileSync(
      'strace',
      ['-f', '-qq', '-e', 'trace=connect,sendto,sendmsg,sendmmsg', '-o', log, process.execPath, ...CLI, 'agent', 'run', '--output', out, '--state', join(tmp.path, 'agent.json')],
      // The gateway probe stays off here as in every test: this test is about the posture facts.
      { cwd: ROOT, env: { ...process.env, READINESS_PROBE_GATEWAY: 'off' }, stdio: 'ignore', timeout: 120_000 },
    );
    report = JSON.parse(await readFile(out, 'utf8')) as HostReport;
    trace = await readFile(log, 'utf8');
  }, 150_000);
  afterAll(async () => {
    await tmp?.remove();
  });

  it('lists exactly the packages dpkg-query says are installed', () => {
    const installed = execFileSync('dpkg-query', ['--show', '--showformat=${Package}\t${db:Status-Status}\n'], { encoding: 'utf8' })
      .split('\n')
      .filter((l) => l.endsWith('\tinstalled'))
      .map((l) => l.split('\t')[0]);
    expect(report.software?.source).toBe('dpkg');
    expect(report.software?.programs.length).toBeGreaterThan(0);
    expect(new Set(report.software?.programs.map((p) => p.name))).toEqual(new Set(installed));
  });

  it('reports no antivirus as an empty list, which is a finding and not an error', () => {
    expect(report.antivirus).toEqual({ products: [] });
    expect(report.errors.filter((e) => ['software', 'licensing', 'antivirus', 'security'].includes(e.section))).toEqual([]);
    expect(report.security?.osSupport.supported).not.toBeUndefined();
  });

  it('sends nothing off the machine', () => {
    // The trace saw the agent's socket calls (netlink at least), so an empty result means something.
    expect(trace).toMatch(/\b(sendto|sendmsg|connect)\(/);
    expect(networkDestinations(trace).filter((a) => !loopback(a))).toEqual([]);
  });

  it('captures this machine with `agent capture`, and replaying the capture gives the same facts', async () => {
    const dir = join(tmp.path, 'capture');
    const capture = await runCli(['agent', 'capture', '--out', dir]);
    expect(capture.code).toBe(0);
    expect(capture.stdout).toMatch(/^captured \d+ output\(s\) of this linux machine into .*\n  not found here: .*linux\/mdatp-health\.json/);
    const replayed = await runCli(['agent', 'run', '--replay', dir, '--output', join(tmp.path, 'replayed.json'), '--state', join(tmp.path, 'agent.json'), '--json']);
    expect(replayed.code).toBe(0);
    // The machine whole, not the posture alone: what systeminformation returned is replayed too.
    expect(replayed.stderr).toMatch(/^replaying .*: the linux machine .* \(capture format 2\); probes are not replayed\n$/);
    const again = JSON.parse(replayed.stdout) as HostReport;
    expect(again.os).toEqual(report.os);
    expect(again.network).toEqual(report.network);
    expect(again.peripherals).toEqual(report.peripherals);
    expect({ ...again.hardware, filesystems: [] }).toEqual({ ...report.hardware, filesystems: [] });
    expect(again.errors.map((e) => e.section)).toEqual(['probes']);
    expect(again.software?.programs.map((p) => p.name)).toEqual(report.software?.programs.map((p) => p.name));
    expect(again.antivirus).toEqual(report.antivirus);
    expect(again.security?.osSupport).toEqual(report.security?.osSupport);

    const twice = await runCli(['agent', 'capture', '--out', dir]);
    expect(twice.code).toBe(1);
    expect(twice.stderr.trim()).toMatch(/^readiness: .*capture is not empty; give `--out` a new directory/);
  });

  it('reads strace lines the way it claims to', () => {
    const sample = [
      '12 connect(19, {sa_family=AF_INET, sin_port=htons(53), sin_addr=inet_addr("10.255.255.53")}, 16) = 0',
      '12 sendto(3, "x", 1, 0, {sa_family=AF_INET6, sin6_port=htons(443), sin6_flowinfo=htonl(0), inet_pton(AF_INET6, "2001:db8::1", &sin6_addr), sin6_scope_id=0}, 28) = 1',
      '12 connect(19, {sa_family=AF_INET, sin_port=htons(9), sin_addr=inet_addr("127.0.0.1")}, 16) = -1 EINPROGRESS',
      '12 sendmsg(3, {msg_name={sa_family=AF_NETLINK, nl_pid=0}, msg_iov=[{iov_base=[{nlmsg_type=RTM_GETROUTE}, [{nla_type=RTA_DST}, inet_addr("1.0.0.0")]]}]}, 0) = 36',
    ].join('\n');
    expect(networkDestinations(sample)).toEqual(['10.255.255.53', '2001:db8::1', '127.0.0.1']);
  });
});
