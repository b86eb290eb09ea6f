/**
 * Password hashing with scrypt (memory-hard: 32 MiB per hash), never a plain or fast hash.
 * The parameters are stored with each hash, so they can be raised later without a migration:
 * `scrypt$<N>$<r>$<p>$<salt>$<hash>` (salt and hash base64url).
 */
import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import type { ScryptOptions } from 'node:crypto';

/** N = 2^15, r = 8: 128·N·r = 32 MiB and about 50–100 ms a hash on the collector's cores. */
const PARAMS = { N: 2 ** 15, r: 8, p: 1 } as const;
const KEY_BYTES = 32;

const derive = (password: string, salt: Buffer, o: { N: number; r: number; p: number }) =>
  new Promise<Buffer>((ok, fail) => {
    const options: ScryptOptions = { N: o.N, r: o.r, p: o.p, maxmem: 256 * o.N * o.r };
    scrypt(password.normalize('NFC'), salt, KEY_BYTES, options, (err, key) => (err ? fail(err) : ok(key)));
  });

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, PARAMS);
  return ['scrypt', PARAMS.N, PARAMS.r, PARAMS.p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64url');
  const key = await derive(password, Buffer.from(salt, 'base64url'), { N: Number(n), r: Number(r), p: Number(p) });
  return key.length === expected.length && timingSafeEqual(key, expected);
}

/**
 * A hash of a random password, checked when the name tried does not exist, so a failed login
 * takes as long whether or not the user exists (no user enumeration by timing).
 */
let decoy: Promise<string> | null = null;
export const decoyHash = (): Promise<string> => (decoy ??= hashPassword(randomBytes(16).toString('base64url')));

/** A password to print once: 20 characters from 15 random bytes. */
export const generatePassword = (): string => randomBytes(15).toString('base64url');
