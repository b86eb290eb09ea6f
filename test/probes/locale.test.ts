/**
 * Every process the agent starts runs in the C locale, and the ICMP probe survives output it
 * cannot read. Against the real `ping` on loopback, with the agent itself started under a
 * German locale (`.ci/run` generates de_DE.UTF-8). Debian's iputils is built without NLS, so it
 * would print English anyway: a wrapper placed first on PATH records the environment the real
 * ping was started with, and the translated outputs of NLS builds are read in ping-output.test.ts.
 */
import { chmod, readFile, writeFile } from 'node:fs/promises';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runCommand } from '../../agent/exec/run-command.js';
import { useCLocaleForChildren } from '../../agent/exec/locale.js';
import { icmpProbe } from '../../agent/probes/icmp.js';
import type { ProbeRequest } from '../../agent/probes/types.js';
import { ProbeResult } from '../../schema/index.js';
import { systemRequirement } from '../helpers/system.js';
import { makeTempDir } from '../helpers/temp-dir.js';

const GERMAN = { LC_ALL: 'de_DE.UTF-8', LC_MESSAGES: 'de_DE.UTF-8', LANG: 'de_DE.UTF-8', LANGUAGE: 'de' };
const req = systemRequirement({ commands: ['ping', 'locale'], locales: ['de_DE.UTF-8'], install: 'apt-get install iputils-ping locales, then enable de_DE.UTF-8 in /etc/locale.gen and run locale-gen' });

const saved = { ...process.env };
let tmp: Awaited<ReturnType<typeof makeTempDir>>;
beforeAll(async () => {
  tmp = await makeTempDir('readiness-locale-');
});
afterEach(() => {
  for (const k of [...Object.keys(GERMAN), 'PATH']) {
    if (saved[k] === undefined) delete process.env[k];
    else process.env[k] = saved[k];
  }
});
afterAll(async () => {
  await tmp?.remove();
});

const request: ProbeRequest & { kind: 'icmp' } = { kind: 'icmp', scope: 'lan', role: 'gateway', target: '127.0.0.1', count: 5, intervalMs: 20, timeoutMs: 500 };

/** A `ping` first on PATH: `body` runs with the real ping's path in $REAL. */
async function pingWrapper(name: string, body: string): Promise<string> {
  const dir = join(tmp.path, name);
  execFileSync('mkdir', ['-p', dir]);
  const real = execFileSync('sh', ['-c', 'command -v ping'], { encoding: 'utf8' }).trim();
  await writeFile(join(dir, 'ping'), `#!/bin/sh\nREAL=${real}\n${body}\n`);
  await chmod(join(dir, 'ping'), 0o755);
  return dir;
}

describe.skipIf(!req.ok)('an agent started under a German locale', () => {
  it('reads loss and RTT of the real ping against loopback', async () => {
    Object.assign(process.env, GERMAN);
    const r = await icmpProbe.run(request);
    expect(ProbeResult.parse(r)).toEqual(r);
    expect(r).toMatchObject({ sent: 5, received: 5, lossPct: 0, error: null, detail: { address: '127.0.0.1' } });
    expect(r.rtt!.medianMs).toBeGreaterThan(0);
    expect(r.rtt!.bounded).toBeUndefined();
  });

  it('starts ping in the C locale (LC_ALL, which overrides LANG and LC_MESSAGES)', async () => {
    const seen = join(tmp.path, 'ping-env.txt');
    const dir = await pingWrapper('env', `echo "$LC_ALL|$LANG|$LC_MESSAGES" > ${seen}\nexec "$REAL" "$@"`);
    Object.assign(process.env, GERMAN, { PATH: `${dir}:${saved.PATH ?? ''}` });
    const r = await icmpProbe.run(request);
    expect(r).toMatchObject({ sent: 5, received: 5, error: null });
    expect((await readFile(seen, 'utf8')).trim()).toBe('C|C|de_DE.UTF-8');
  });

  it('starts every posture command in the C locale, and puts the agent itself in it for the libraries\' children', async () => {
    Object.assign(process.env, GERMAN);
    const out = await runCommand({ key: 'linux/ufw-status.txt', file: 'sh', args: ['-c', 'echo "$LC_ALL|$LANG"; locale | grep LC_TIME'], timeoutMs: 5000 });
    expect(out.stdout).toBe('C|C\nLC_TIME="C"\n');
    const env: NodeJS.ProcessEnv = { ...GERMAN };
    useCLocaleForChildren(env);
    expect(env).toMatchObject({ LC_ALL: 'C', LANG: 'C' });
  });
});

const pingReq = systemRequirement({ commands: ['ping'], install: 'apt-get install iputils-ping' });
describe.skipIf(!pingReq.ok)('a ping reply line the agent cannot read', () => {
  it('fails the probe with the line as evidence, instead of ending the agent', async () => {
    // What older ping packages crashed on: a reply line with data fields but no readable time.
    const dir = await pingWrapper(
      'garbled',
      [
        'echo "PING 127.0.0.1 (127.0.0.1) 56(84) bytes of data."',
        'echo "64 bytes from 127.0.0.1: icmp_seq=1 ttl=64 time=0.041 ms"',
        'echo "64 bytes from 127.0.0.1: icmp_seq=2 ttl=64 Zeit=? мс"',
        'echo "--- 127.0.0.1 ping statistics ---"',
        'echo "2 packets transmitted, 2 received, 0% packet loss, time 21ms"',
      ].join('\n'),
    );
    process.env.PATH = `${dir}:${saved.PATH ?? ''}`;
    const r = await icmpProbe.run({ ...request, count: 2 });
    expect(ProbeResult.parse(r)).toEqual(r);
    expect(r.error).toBe('ping printed a reply the agent cannot read, so this result is not trusted: "64 bytes from 127.0.0.1: icmp_seq=2 ttl=64 Zeit=? мс"');
    expect(r.detail).toMatchObject({ unreadableReply: '64 bytes from 127.0.0.1: icmp_seq=2 ttl=64 Zeit=? мс' });
    expect(r).toMatchObject({ sent: 2, received: 1 });
  });
});
