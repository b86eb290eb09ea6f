/**
 * Public fields of an X.509 certificate, the way Windows shows them: the subject and issuer
 * with the most specific part first (`CN=..., O=..., C=VN`), the serial in upper-case hex,
 * fingerprints in lower-case hex. Node's own parser; never a private key.
 */
import { X509Certificate } from 'node:crypto';

export interface CertificateFields {
  subject: string;
  issuer: string;
  serial: string;
  notBefore: string | null;
  notAfter: string | null;
  sha1: string;
  sha256: string;
}

/** Node prints a DN one attribute a line in certificate order; Windows reverses and joins. */
const windowsDn = (dn: string) => dn.split('\n').filter(Boolean).reverse().join(', ');

const iso = (text: string) => {
  const t = Date.parse(text);
  return Number.isNaN(t) ? null : new Date(t).toISOString();
};

const hex = (fingerprint: string) => fingerprint.replace(/:/g, '').toLowerCase();

/** Null when the bytes are not a certificate. */
export function certificateFields(der: Buffer | string): CertificateFields | null {
  try {
    const c = new X509Certificate(der);
    return {
      subject: windowsDn(c.subject),
      issuer: windowsDn(c.issuer),
      serial: c.serialNumber.toUpperCase(),
      notBefore: iso(c.validFrom),
      notAfter: iso(c.validTo),
      sha1: hex(c.fingerprint),
      sha256: hex(c.fingerprint256),
    };
  } catch {
    return null;
  }
}

/** Every certificate of a PEM bundle (e.g. /etc/ssl/certs/ca-certificates.crt). */
export const pemCertificates = (text: string): CertificateFields[] =>
  (text.match(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g) ?? []).map((pem) => certificateFields(pem)).filter((c): c is CertificateFields => c !== null);
