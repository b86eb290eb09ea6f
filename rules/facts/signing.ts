/**
 * Whether the host is ready to sign: the sector's root CA trusted, the token middleware and
 * signing software installed, and how long the certificate on the signing token stays valid.
 */
import type { PersonalCertificate, SigningSection } from '../../schema/index.js';
import { defineFacts } from './types.js';
import type { FactContext } from './types.js';

const DAY_MS = 86_400_000;
const signing = (ctx: FactContext): SigningSection | undefined => ctx.report?.signing;

/** Certificates whose key is on a token, or that a sector CA issued (those live on tokens). */
const tokenCertificates = (ctx: FactContext): PersonalCertificate[] | undefined =>
  signing(ctx)?.certificates?.filter((c) => (c.onToken === true || c.sectorIssuer) && c.notAfter && !Number.isNaN(Date.parse(c.notAfter)));

/** The token certificate that stays valid longest: the one the user can still sign with. */
function bestCertificate(ctx: FactContext): { cert: PersonalCertificate; days: number } | undefined {
  let best: { cert: PersonalCertificate; days: number } | undefined;
  for (const cert of tokenCertificates(ctx) ?? []) {
    const days = Math.floor((Date.parse(cert.notAfter!) - ctx.now.getTime()) / DAY_MS);
    if (!best || days > best.days) best = { cert, days };
  }
  return best;
}

const cn = (dn: string) => /CN=([^,\n]+)/.exec(dn)?.[1]?.trim() ?? dn;

const software = (ctx: FactContext, kind: 'middleware' | 'signing') =>
  signing(ctx)?.software.filter((s) => s.kind === kind).map((s) => s.name);

export const signingFacts = defineFacts([
  {
    name: 'signing.root_ca_present',
    type: 'boolean',
    label: { vi: 'máy tin cậy chứng thư gốc của ngành', en: 'sector root CA trusted' },
    section: 'signing',
    description: 'Whether the sector\'s root CA (Ban Cơ yếu Chính phủ: RootCA chuyên dùng Chính phủ G2, or the first-generation root) is in the machine\'s trusted roots.',
    resolve: (ctx) => {
      const roots = signing(ctx)?.sectorRoots;
      return roots ? roots.length > 0 : undefined;
    },
    note: (ctx) => {
      const roots = signing(ctx)?.sectorRoots;
      return roots ? [{ code: 'root_ca', roots: roots.map((r) => ({ name: r.name, store: r.store })) }] : undefined;
    },
  },
  {
    name: 'signing.token_middleware',
    type: 'list',
    label: { vi: 'phần mềm quản lý USB ký số đã cài', en: 'token middleware installed' },
    section: 'signing',
    description: 'Installed token middleware from the catalogue (VGCA Token Manager, SafeNet Authentication Client, Bit4id).',
    resolve: (ctx) => software(ctx, 'middleware'),
  },
  {
    name: 'signing.signing_software',
    type: 'list',
    label: { vi: 'phần mềm ký số đã cài', en: 'signing software installed' },
    section: 'signing',
    description: 'Installed signing software from the catalogue (vSignPDF, VGCA Sign Service).',
    resolve: (ctx) => software(ctx, 'signing'),
  },
  {
    name: 'signing.token_certificate_days_left',
    type: 'number',
    label: { vi: 'thời hạn còn lại của chứng thư số trên USB', en: 'token certificate validity left' },
    unit: 'days',
    section: 'signing',
    description: 'Days until the token certificate that stays valid longest expires (negative once expired); missing when no token certificate was read.',
    resolve: (ctx) => bestCertificate(ctx)?.days,
    note: (ctx) => {
      const best = bestCertificate(ctx);
      if (!best) return undefined;
      const c = best.cert;
      return [{ code: 'certificate', subject: cn(c.subject), serial: c.serial, issuer: cn(c.issuer), notAfter: c.notAfter!.slice(0, 10) }];
    },
    // The section is there but no token certificate in it: the token or its middleware is missing.
    missing: (ctx) => (signing(ctx)?.certificates ? 'no_certificate' : undefined),
  },
]);
