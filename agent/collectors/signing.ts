/** Readiness to sign: the sector's root CA, personal (token) certificates, signing software. */
import { loadCatalogue } from '../catalogue/catalogue.js';
import { parseLinuxSigning } from '../linux/signing.js';
import { POSTURE_COLLECTOR_TIMEOUT_MS, postureInputs, unsupported } from '../posture/inputs.js';
import { parseWindowsSigning } from '../windows/signing.js';
import { defineCollector } from './types.js';

export const signingCollector = defineCollector({
  section: 'signing',
  timeoutMs: POSTURE_COLLECTOR_TIMEOUT_MS,
  async collect(ctx) {
    const inputs = await postureInputs(ctx);
    if (inputs.platform === 'windows') return parseWindowsSigning(inputs.document, loadCatalogue());
    if (inputs.platform === 'linux') return parseLinuxSigning(inputs.outputs, loadCatalogue());
    throw unsupported('digital signature', inputs.name);
  },
});
