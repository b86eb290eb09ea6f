/**
 * A DNS answer for probe tests: Debian's dnsmasq (package `dnsmasq-base`) with no upstream, so
 * it answers only the names it is given and never forwards a query anywhere. Optionally run
 * inside a network namespace the test made.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';

export interface DnsmasqOptions {
  listen: string;
  port: number;
  /** name → IPv4 address */
  records: Record<string, string>;
  /** Names under this domain that are not in `records` get NXDOMAIN instead of REFUSED. */
  localDomain?: string;
  netns?: string;
}

export interface Dnsmasq {
  child: ChildProcess;
  stop(): Promise<void>;
}

export function startDnsmasq(opts: DnsmasqOptions): Promise<Dnsmasq> {
  const args = [
    '--keep-in-foreground',
    '--no-resolv',
    '--no-hosts',
    '--no-poll',
    '--conf-file=/dev/null',
    '--bind-interfaces',
    `--listen-address=${opts.listen}`,
    `--port=${opts.port}`,
    '--pid-file=',
    '--user=root',
    '--log-facility=-',
    ...(opts.localDomain ? [`--local=/${opts.localDomain}/`] : []),
    ...Object.entries(opts.records).map(([name, ip]) => `--address=/${name}/${ip}`),
  ];
  const [cmd, argv] = opts.netns ? ['ip', ['netns', 'exec', opts.netns, 'dnsmasq', ...args]] : ['dnsmasq', args];
  const child = spawn(cmd as string, argv as string[], { stdio: ['ignore', 'ignore', 'pipe'] });
  const stop = () =>
    new Promise<void>((ok) => {
      if (child.exitCode !== null || child.signalCode !== null) return ok();
      child.once('exit', () => ok());
      child.kill('SIGTERM');
    });
  return new Promise((resolve, reject) => {
    let err = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`dnsmasq did not start within 10 s: ${err}`));
    }, 10_000);
    child.stderr!.on('data', (d) => {
      err += d;
      // dnsmasq binds its sockets before it logs that it started.
      if (/started, version/.test(err)) {
        clearTimeout(timer);
        resolve({ child, stop });
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`dnsmasq exited with ${code} before answering: ${err}`));
    });
  });
}
