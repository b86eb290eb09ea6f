/**
 * Windows and Office licences with the licensed-software verdict. A KMS activation is checked
 * against the collector's KMS allow-list (`ctx.config`); without a config (offline, --output)
 * its verdict is null with the reason. Linux has no Windows or Office licence to report.
 */
import { POSTURE_COLLECTOR_TIMEOUT_MS, postureInputs, unsupported } from '../posture/inputs.js';
import { parseWindowsLicensing } from '../windows/licensing.js';
import { defineCollector } from './types.js';

export const licensingCollector = defineCollector({
  section: 'licensing',
  timeoutMs: POSTURE_COLLECTOR_TIMEOUT_MS,
  async collect(ctx) {
    const inputs = await postureInputs(ctx);
    if (inputs.platform === 'windows') return parseWindowsLicensing(inputs.document, ctx.config?.kmsAllowList ?? null);
    if (inputs.platform === 'linux') return { windows: null, office: [] };
    throw unsupported('licence', inputs.name);
  },
});
