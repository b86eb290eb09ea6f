/**
 * The sector's signing infrastructure, as the catalogue names it: its root CAs (by
 * fingerprint, else by subject name), the CAs that issue staff certificates, the providers
 * whose keys live on tokens, and the middleware and signing software.
 */
import type { PersonalCertificate, SigningSection } from '../../schema/index.js';
import type { Catalogue } from '../catalogue/catalogue.js';
import { aliasMatcher, matchesAlias, normaliseName } from '../catalogue/match.js';
import type { ProgramName } from '../posture/findings.js';
import type { CertificateFields } from './x509.js';

type TrustedRoot = NonNullable<SigningSection['sectorRoots']>[number];

/** The catalogue root CA this certificate is, if any. */
export function sectorRootOf(catalogue: Catalogue, cert: { subject: string; sha1?: string; sha256?: string }) {
  const sha1 = cert.sha1?.toLowerCase();
  const sha256 = cert.sha256?.toLowerCase();
  return catalogue.signing.rootCAs.find(
    (r) => (sha1 && r.sha1.includes(sha1)) || (sha256 && r.sha256.includes(sha256)) || matchesAlias(cert.subject, r.subjectAliases),
  );
}

export function sectorRoots(catalogue: Catalogue, certs: ReadonlyArray<{ subject: string; sha1?: string; sha256?: string; notAfter: string | null }>, store: string): TrustedRoot[] {
  const out: TrustedRoot[] = [];
  for (const c of certs) {
    const root = sectorRootOf(catalogue, c);
    if (root) out.push({ name: root.name, subject: c.subject, thumbprint: c.sha1 ?? '', notAfter: c.notAfter, store });
  }
  return out.slice(0, 16);
}

/** The issuer's common name (or whole DN) names one of the sector's CAs. */
export const isSectorIssuer = (catalogue: Catalogue, issuer: string): boolean =>
  catalogue.signing.issuingCAs.some((ca) => matchesAlias(issuer, ca.aliases)) || sectorRootOf(catalogue, { subject: issuer }) !== undefined;

export function personalCertificate(catalogue: Catalogue, c: CertificateFields, store: string, provider: string): PersonalCertificate {
  const known = normaliseName(provider);
  return {
    subject: c.subject,
    issuer: c.issuer,
    serial: c.serial,
    notBefore: c.notBefore,
    notAfter: c.notAfter,
    thumbprint: c.sha1,
    store,
    provider,
    onToken: provider ? catalogue.signing.tokenProviders.some((p) => normaliseName(p.name) === known) : null,
    sectorIssuer: isSectorIssuer(catalogue, c.issuer),
  };
}

/** Token middleware and signing software among the installed programs. */
export function findSigningSoftware(catalogue: Catalogue, programs: readonly ProgramName[]): SigningSection['software'] {
  const names = programs.map((p) => normaliseName(p.name));
  const out: SigningSection['software'] = [];
  for (const s of catalogue.signing.software) {
    const match = aliasMatcher(s.aliases);
    const i = names.findIndex(match);
    if (i >= 0) out.push({ name: s.name, kind: s.kind, program: programs[i]!.name.slice(0, 300) });
  }
  return out.slice(0, 32);
}
