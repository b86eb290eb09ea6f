/** OS facts from systeminformation's `osInfo` (one `lsb_release`/`uname` read on Linux). */
import { systemInfo } from '../exec/system-info.js';
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
  async collect(ctx) {
    // Live, or what a capture recorded (exec/system-info.ts).
    const si = systemInfo(ctx);
    const info = await si.osInfo();
    const distro = text(info.distro);
    const platform = PLATFORMS[String(info.platform).toLowerCase()] ?? 'other';
    return {
      platform,
      distro,
      release: text(info.release),
      codename: text(info.codename),
      kernel: text(info.kernel),
      arch: text(info.arch),
      hostname: text(info.hostname),
      fqdn: text(info.fqdn),
      build: text(info.build),
      // systeminformation names Windows "Windows", not "win32": a Windows edition without "Server" is a client.
      isServer: /server/i.test(distro) ? true : platform === 'windows' ? false : null,
      uefi: typeof info.uefi === 'boolean' ? info.uefi : null,
    };
  },
});
