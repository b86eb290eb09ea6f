/**
 * Authenticode for the Windows executable, with Debian's `osslsigncode` (2.5 in bookworm, 2.9
 * in bookworm-backports: only options both know are used). Antivirus products used in the
 * sector flag unsigned programs that start PowerShell as SYSTEM, so a real rollout signs.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export const osslsigncode = (): string => process.env.OSSLSIGNCODE || 'osslsigncode';

/** A certificate and key, as a PKCS#12 file or as PEM files (certificate chain and key). */
export type SigningKey =
  | { kind: 'pkcs12'; file: string; password?: string }
  | { kind: 'pem'; cert: string; key: string; password?: string };

export interface SignOptions {
  key: SigningKey;
  /** Shown by Windows as the program's description. */
  description: string;
  url?: string;
  /** An RFC 3161 time-stamping server: the signature then outlives the certificate. Contacted only when given. */
  timestampUrl?: string;
  /** Where a password file may be written for a moment (mode 0600, removed at once). */
  workDir: string;
}

async function tool(args: string[], what: string): Promise<string> {
  try {
    const { stdout, stderr } = await run(osslsigncode(), args, { maxBuffer: 16 * 1024 * 1024 });
    return stdout + stderr;
  } catch (err) {
    const e = err as NodeJS.ErrnoException & { stdout?: string; stderr?: string };
    if (e.code === 'ENOENT') throw new Error(`${what} needs osslsigncode (apt-get install osslsigncode, or set OSSLSIGNCODE to its path)`);
    const said = `${e.stdout ?? ''}${e.stderr ?? ''}`.trim().split('\n').filter(Boolean).slice(-3).join(' / ');
    throw new Error(`osslsigncode could not ${what}: ${said || e.message}`);
  }
}

/** Node's node.exe comes signed by the OpenJS Foundation; injecting the blob would break that signature, so it goes first. */
export async function removeSignature(input: string, output: string): Promise<void> {
  await tool(['remove-signature', '-in', input, '-out', output], 'remove the signature of node.exe');
}

export async function signExecutable(input: string, output: string, opts: SignOptions): Promise<void> {
  const args = ['sign'];
  const passFile = join(opts.workDir, `.pass-${randomBytes(6).toString('hex')}`);
  const { key } = opts;
  if (key.kind === 'pkcs12') args.push('-pkcs12', key.file);
  else args.push('-certs', key.cert, '-key', key.key);
  try {
    // -readpass keeps the password off the command line, where other users could read it.
    if (key.password !== undefined) {
      await writeFile(passFile, key.password, { mode: 0o600 });
      args.push('-readpass', passFile);
    }
    args.push('-h', 'sha256', '-n', opts.description);
    if (opts.url) args.push('-i', opts.url);
    if (opts.timestampUrl) args.push('-ts', opts.timestampUrl);
    args.push('-in', input, '-out', output);
    await tool(args, 'sign the Windows executable');
  } finally {
    await rm(passFile, { force: true });
  }
}
