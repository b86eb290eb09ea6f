/**
 * Paths out of this machine: adapters by kind, default routes, Wi-Fi, USB modems. Gathered with
 * the posture outputs (the one PowerShell process on Windows; per-tool commands on Linux), so a
 * capture replays it too.
 */
import { loadCatalogue } from '../catalogue/catalogue.js';
import { parseLinuxConnectivity } from '../linux/connectivity.js';
import { POSTURE_COLLECTOR_TIMEOUT_MS, postureInputs, unsupported } from '../posture/inputs.js';
import { parseWindowsConnectivity } from '../windows/connectivity.js';
import { defineCollector } from './types.js';

export const connectivityCollector = defineCollector({
  section: 'connectivity',
  timeoutMs: POSTURE_COLLECTOR_TIMEOUT_MS,
  async collect(ctx) {
    const inputs = await postureInputs(ctx);
    if (inputs.platform === 'windows') return parseWindowsConnectivity(inputs.document, loadCatalogue());
    if (inputs.platform === 'linux') return parseLinuxConnectivity(inputs.outputs, loadCatalogue());
    throw unsupported('network path', inputs.name);
  },
});
