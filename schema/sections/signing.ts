/**
 * Whether the host is ready to sign with the sector's specialised digital signature: the
 * government root CA in the trusted roots, the personal certificates (on an inserted token)
 * with subject, issuer, serial and expiry, and the token middleware and signing software
 * installed. Public certificate fields only: private keys are never read.
 */
import { z } from 'zod';
import { Text, boundedArray } from '../common.js';

export const TrustedRoot = z.object({
  /** The catalogue's name for this root CA. */
  name: Text,
  subject: Text,
  /** SHA-1 thumbprint, lower-case hex. */
  thumbprint: Text,
  notAfter: Text.nullable(),
  store: Text,
});

export const PersonalCertificate = z.object({
  subject: Text,
  issuer: Text,
  serial: Text,
  notBefore: Text.nullable(),
  notAfter: Text.nullable(),
  thumbprint: Text,
  /** `LocalMachine\My`, or `User\<SID>\My`. */
  store: Text,
  /** The key's provider (CSP/KSP), e.g. `eToken Base Cryptographic Provider`; '' where none is recorded. */
  provider: Text.default(''),
  /** The key lives on a hardware token (a catalogue token provider); null where unknown. */
  onToken: z.boolean().nullable(),
  /** Issued by one of the sector's certification authorities (catalogue). */
  sectorIssuer: z.boolean(),
});
export type PersonalCertificate = z.infer<typeof PersonalCertificate>;

export const SigningSoftware = z.object({
  name: Text,
  kind: z.enum(['middleware', 'signing']),
  /** The installed program it was found as. */
  program: Text,
});

export const SigningSection = z.object({
  /** Sector roots found in the trusted roots; null when the store could not be read. */
  sectorRoots: boundedArray(TrustedRoot, 16).nullable(),
  /** Null when personal certificates are not read on this platform or could not be read. */
  certificates: boundedArray(PersonalCertificate, 64).nullable(),
  /** Why `certificates` (or `sectorRoots`) is null, as a sentence. */
  reason: Text.default(''),
  software: boundedArray(SigningSoftware, 32),
});
export type SigningSection = z.infer<typeof SigningSection>;
