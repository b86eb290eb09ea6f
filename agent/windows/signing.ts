/**
 * The signing section on Windows, from the posture document: the sector's root CA among the
 * machine's trusted roots (`Cert:\LocalMachine\Root`), the personal certificates of the
 * machine and of every logged-on user as the registry keeps them (certificate and key
 * provider, agent/signing/serialized-cert.ts), and the token middleware and signing software
 * among the installed programs.
 */
import { z } from 'zod';
import type { PersonalCertificate, SigningSection } from '../../schema/index.js';
import type { Catalogue } from '../catalogue/catalogue.js';
import { parseDate } from '../posture/dates.js';
import { findSigningSoftware, personalCertificate, sectorRoots } from '../signing/sector.js';
import { parseSerializedCertificate } from '../signing/serialized-cert.js';
import { certificateFields } from '../signing/x509.js';
import { list, readPart, text } from './document.js';
import type { WindowsDocument } from './document.js';
import { UninstallEntry, toPrograms } from './software.js';

const Root = z.object({ Subject: text, Thumbprint: text, NotAfter: text });
const Personal = z.object({ Store: text, Blob: text });

export function parseWindowsSigning(doc: WindowsDocument, catalogue: Catalogue): SigningSection {
  const roots = readPart(doc, 'certRoots', list(Root));
  const personal = readPart(doc, 'certPersonal', list(Personal));
  const software = readPart(doc, 'software', list(UninstallEntry));

  const certificates: PersonalCertificate[] = [];
  for (const p of personal.ok ? personal.data : []) {
    const { der, provider } = parseSerializedCertificate(Buffer.from(p.Blob, 'base64'));
    const fields = der ? certificateFields(der) : null;
    if (fields) certificates.push(personalCertificate(catalogue, fields, p.Store, provider));
  }
  const reasons = [
    roots.ok ? '' : `the trusted root certificates could not be read (${roots.error})`,
    personal.ok ? '' : `the personal certificate stores could not be read (${personal.error})`,
  ];
  return {
    sectorRoots: roots.ok
      ? sectorRoots(
          catalogue,
          roots.data.map((r) => ({ subject: r.Subject, sha1: r.Thumbprint.toLowerCase(), notAfter: parseDate(r.NotAfter)?.toISOString() ?? null })),
          'LocalMachine\\Root',
        )
      : null,
    certificates: personal.ok ? certificates.slice(0, 64) : null,
    reason: reasons.filter(Boolean).join('; '),
    software: findSigningSoftware(catalogue, software.ok ? toPrograms(software.data) : []),
  };
}
