/** Antivirus products and their protection state; `products: []` means none was found. */
import { loadCatalogue } from '../catalogue/catalogue.js';
import { parseLinuxAntivirus } from '../linux/antivirus/index.js';
import { POSTURE_COLLECTOR_TIMEOUT_MS, postureInputs, unsupported } from '../posture/inputs.js';
import { parseWindowsAntivirus } from '../windows/antivirus.js';
import { defineCollector } from './types.js';

export const antivirusCollector = defineCollector({
  section: 'antivirus',
  timeoutMs: POSTURE_COLLECTOR_TIMEOUT_MS,
  async collect(ctx) {
    const inputs = await postureInputs(ctx);
    if (inputs.platform === 'windows') return parseWindowsAntivirus(inputs.document, loadCatalogue(), inputs.asOf);
    if (inputs.platform === 'linux') return parseLinuxAntivirus(inputs.outputs, loadCatalogue(), inputs.asOf);
    throw unsupported('antivirus', inputs.name);
  },
});
