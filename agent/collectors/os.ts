/** OS facts from systeminformation's `osInfo` (one `lsb_release`/`uname` read on Linux). */
import si from 'systeminformation';
import { defineCollector } from './types.js';
import { text } from './si-text.js';
import type { OsSection } from '../../schema/index.js';

const PLATFORMS: Record<string, OsSection['platform']> = {
  linux: 'linux',
  win32: 'windows',
  windows: 'windows',
  darwin: 'darwin',
  freebsd: 'freebsd',
};

export const osCollector = defineCollector({
  section: 'os',
  async collect() {
    const info = await si.osInfo();
    const distro = text(info.distro);
    return {
      platform: PLATFORMS[String(info.platform).toLowerCase()] ?? 'other',
      distro,
      release: text(info.release),
      codename: text(info.codename),
      kernel: text(info.kernel),
      arch: text(info.arch),
      hostname: text(info.hostname),
      fqdn: text(info.fqdn),
      build: text(info.build),
      isServer: /server/i.test(distro) ? true : info.platform === 'win32' ? false : null,
      uefi: typeof info.uefi === 'boolean' ? info.uefi : null,
    };
  },
});
