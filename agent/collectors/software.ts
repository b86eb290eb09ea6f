/** Installed programs: the Windows Uninstall registry keys, or dpkg/rpm on Linux. */
import { parseLinuxSoftware } from '../linux/software.js';
import { POSTURE_COLLECTOR_TIMEOUT_MS, postureInputs, unsupported } from '../posture/inputs.js';
import { parseWindowsSoftware } from '../windows/software.js';
import { defineCollector } from './types.js';

export const softwareCollector = defineCollector({
  section: 'software',
  timeoutMs: POSTURE_COLLECTOR_TIMEOUT_MS,
  async collect(ctx) {
    const inputs = await postureInputs(ctx);
    if (inputs.platform === 'windows') return parseWindowsSoftware(inputs.document);
    if (inputs.platform === 'linux') return parseLinuxSoftware(inputs.outputs);
    throw unsupported('installed software', inputs.name);
  },
});
