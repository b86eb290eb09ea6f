/**
 * A throwaway OpenSSH server on loopback for the SSH audit tests: its own config, host keys,
 * authorized keys and pid file in the caller's temporary directory, a free port, and a
 * throwaway account with a random name, removed by `cleanup()`. Root may log in with the same
 * key through the server's own AuthorizedKeysFile (nothing is written under /root).
 */
import { execFileSync, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { createServer, connect } from 'node:net';
import { dirname, join } from 'node:path';

export function freeTcpPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export interface KeyPair {
  privateKey: string;
  publicKey: string;
  /** `SHA256:...` as ssh-keygen -l prints it. */
  fingerprint: string;
}

export async function makeKey(path: string): Promise<KeyPair> {
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'readiness-test', '-f', path]);
  const fingerprint = execFileSync('ssh-keygen', ['-l', '-f', `${path}.pub`]).toString().split(' ')[1]!;
  return { privateKey: await readFile(path, 'utf8'), publicKey: await readFile(`${path}.pub`, 'utf8'), fingerprint };
}

export interface Sshd {
  port: number;
  hostKey: KeyPair;
  stop(): Promise<void>;
  output(): string;
}

/** A throwaway account: `useradd` with a random name, a shell, no password, no home directory written. */
export function createUser(): { name: string; remove(): void } {
  const name = `rdt${Math.random().toString(36).slice(2, 9)}`;
  execFileSync('useradd', ['-M', '-d', '/nonexistent', '-s', '/bin/sh', name]);
  // "*" is no password but not a locked account ("!"), which sshd would refuse without PAM.
  execFileSync('usermod', ['-p', '*', name]);
  return { name, remove: () => execFileSync('userdel', [name], { stdio: 'ignore' }) };
}

function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect(port, '127.0.0.1');
    s.once('data', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
    s.setTimeout(500, () => {
      s.destroy();
      resolve(false);
    });
  });
}

/** `authorized`: user name → public keys. */
export async function startSshd(dir: string, authorized: Record<string, string[]>): Promise<Sshd> {
  await mkdir(join(dir, 'auth'), { recursive: true });
  const hostKey = await makeKey(join(dir, 'host_ed25519'));
  // sshd reads a user's authorized keys as that user: the files and the directories above them must be readable.
  for (const [user, keys] of Object.entries(authorized)) await writeFile(join(dir, 'auth', user), keys.join(''), { mode: 0o644 });
  for (let d = join(dir, 'auth'); d.startsWith(tmpdir()) && d !== tmpdir(); d = dirname(d)) await chmod(d, 0o755);
  // sshd's privilege-separation directory; Debian's package creates it at boot.
  if (!existsSync('/run/sshd')) await mkdir('/run/sshd', { mode: 0o755 });
  const port = await freeTcpPort();
  const conf = join(dir, 'sshd_config');
  await writeFile(
    conf,
    [
      `Port ${port}`,
      'ListenAddress 127.0.0.1',
      `HostKey ${join(dir, 'host_ed25519')}`,
      `PidFile ${join(dir, 'sshd.pid')}`,
      `AuthorizedKeysFile ${join(dir, 'auth')}/%u`,
      'StrictModes no',
      'UsePAM no',
      'PasswordAuthentication no',
      'KbdInteractiveAuthentication no',
      'PermitRootLogin prohibit-password',
      `AllowUsers ${Object.keys(authorized).join(' ')}`,
      'LogLevel VERBOSE',
      '',
    ].join('\n'),
  );
  const child: ChildProcess = spawn('/usr/sbin/sshd', ['-D', '-e', '-f', conf], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const deadline = Date.now() + 15_000;
  while (!(await listening(port))) {
    if (child.exitCode !== null) throw new Error(`sshd exited with ${child.exitCode}:\n${out}`);
    if (Date.now() > deadline) throw new Error(`sshd did not listen within 15 s:\n${out}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    port,
    hostKey,
    output: () => out,
    stop: () =>
      new Promise((ok) => {
        if (child.exitCode !== null || child.signalCode !== null) return ok();
        child.once('exit', () => ok());
        child.kill('SIGTERM');
      }),
  };
}
