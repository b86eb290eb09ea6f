/**
 * Security posture for the pre-use scan: firewall, disk encryption, latest update, local
 * administrators, remote-access tools, signing tokens, OS support.
 */
import { loadCatalogue } from '../catalogue/catalogue.js';
import { parseLinuxSecurity } from '../linux/security.js';
import { POSTURE_COLLECTOR_TIMEOUT_MS, postureInputs, unsupported } from '../posture/inputs.js';
import { parseWindowsSecurity } from '../windows/security.js';
import { defineCollector } from './types.js';

export const securityCollector = defineCollector({
  section: 'security',
  timeoutMs: POSTURE_COLLECTOR_TIMEOUT_MS,
  async collect(ctx) {
    const inputs = await postureInputs(ctx);
    if (inputs.platform === 'windows') return parseWindowsSecurity(inputs.document, loadCatalogue(), inputs.asOf);
    if (inputs.platform === 'linux') return parseLinuxSecurity(inputs.outputs, loadCatalogue(), inputs.asOf);
    throw unsupported('security posture', inputs.name);
  },
});
