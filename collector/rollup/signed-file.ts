/**
 * A roll-up snapshot as a signed file, for units whose figures travel upward through the
 * document system instead of the network (docs/rollup.md): the child signs the snapshot with
 * its Ed25519 private key (`readiness rollup export`), the parent verifies it against the public
 * key its admin registered for that child (`rollup child add --public-key`) and takes it in as
 * if it had been posted (`readiness rollup import`). The signature covers the snapshot's exact
 * JSON text, so nothing in it can change on the way.
 */
import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify } from 'node:crypto';
import { z } from 'zod';
import { RollupSnapshot } from '../../schema/index.js';
import type { ChildRecord } from './children.js';

export const SignedSnapshotFile = z
  .object({
    format: z.literal('readiness-rollup-snapshot/1'),
    /** The snapshot as the JSON text that was signed. */
    snapshot: z.string().max(4 * 1024 * 1024),
    /** Ed25519 signature of `snapshot`, base64. */
    signature: z.string().max(200),
  })
  .strict();
export type SignedSnapshotFile = z.infer<typeof SignedSnapshotFile>;

/** A new key pair, PEM: the private key stays with the child, the public key goes to the parent's admin. */
export function newSigningKey(): { privateKey: string; publicKey: string } {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return { privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), publicKey: publicKey.export({ type: 'spki', format: 'pem' }).toString() };
}

/** Checks that `pem` is an Ed25519 public key; the sentence names what it is instead. */
export function publicKeyProblem(pem: string): string | null {
  try {
    const key = createPublicKey(pem);
    return key.asymmetricKeyType === 'ed25519' ? null : `it is a ${key.asymmetricKeyType} key, not Ed25519`;
  } catch (err) {
    return `it is not a PEM public key (${(err as Error).message})`;
  }
}

export function signSnapshot(snapshot: RollupSnapshot, privateKeyPem: string): SignedSnapshotFile {
  const text = JSON.stringify(snapshot);
  const signature = sign(null, Buffer.from(text, 'utf8'), createPrivateKey(privateKeyPem)).toString('base64');
  return { format: 'readiness-rollup-snapshot/1', snapshot: text, signature };
}

/**
 * The snapshot and the child whose registered key signed it, or a sentence saying why the file
 * is refused (damaged, signed by no known child, or for a unit outside that child's subtree).
 */
export function verifySignedSnapshot(
  value: unknown,
  children: readonly ChildRecord[],
  unitChain: (unit: string) => string[],
): { ok: true; snapshot: RollupSnapshot; child: ChildRecord } | { ok: false; reason: string } {
  const file = SignedSnapshotFile.safeParse(value);
  if (!file.success) return { ok: false, reason: 'it is not a roll-up snapshot file (readiness rollup export writes them)' };
  const data = Buffer.from(file.data.snapshot, 'utf8');
  const signature = Buffer.from(file.data.signature, 'base64');
  const signer = children.find((c) => c.revokedAt === null && c.publicKey && verify(null, data, createPublicKey(c.publicKey), signature));
  if (!signer) return { ok: false, reason: 'its signature matches the key of no child collector registered here (readiness rollup child add --public-key); it may have been changed on the way' };
  let parsed: ReturnType<typeof RollupSnapshot.safeParse>;
  try {
    parsed = RollupSnapshot.safeParse(JSON.parse(file.data.snapshot));
  } catch {
    return { ok: false, reason: 'the signed snapshot is not JSON' };
  }
  if (!parsed.success) return { ok: false, reason: `the signed snapshot is not valid (${parsed.error.issues[0]?.message})` };
  if (!unitChain(parsed.data.unit).includes(signer.unit)) {
    return { ok: false, reason: `the child ${signer.name} is bound to unit ${signer.unit} and the units below it; its file is for unit ${parsed.data.unit}` };
  }
  return { ok: true, snapshot: parsed.data, child: signer };
}
