/**
 * The signing section on Linux: the sector's root CA in the system's trusted bundle and the
 * signing software among the packages. Certificates on tokens are reached through PKCS#11
 * modules on Linux, which this agent does not load: `certificates` is null, with the reason.
 */
import type { SigningSection } from '../../schema/index.js';
import type { Catalogue } from '../catalogue/catalogue.js';
import type { RawOutputs } from '../exec/recorded.js';
import { outputText } from '../exec/recorded.js';
import { findSigningSoftware, sectorRoots } from '../signing/sector.js';
import { pemCertificates } from '../signing/x509.js';
import { CA_BUNDLES, SIGNING_KEYS } from './signing-steps.js';
import { packagesIfReadable } from './software.js';

export function parseLinuxSigning(outputs: RawOutputs, catalogue: Catalogue): SigningSection {
  const bundle = outputText(outputs, SIGNING_KEYS.caBundle);
  return {
    sectorRoots: bundle === null ? null : sectorRoots(catalogue, pemCertificates(bundle), outputs.get(SIGNING_KEYS.caBundle)!.command.replace(/^read /, '')),
    certificates: null,
    reason: [
      bundle === null ? `no trusted CA bundle was found (${CA_BUNDLES.join(' or ')})` : '',
      'personal certificates on signing tokens are not read on Linux by this agent version',
    ]
      .filter(Boolean)
      .join('; '),
    software: findSigningSoftware(catalogue, packagesIfReadable(outputs)),
  };
}
