/**
 * OS facts from systeminformation's `osInfo` (one `lsb_release`/`uname` read on Linux), and
 * the signed-in user from `users` (`who` on Linux; on Windows the owner of explorer.exe), which
 * the host checklist prints beside the machine. Live, or what a capture recorded
 * (exec/system-info.ts); a capture that did not record `users` leaves the user out.
 */
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

/** The user at the console, else the first one signed in; null when nobody is or it cannot be read. */
async function signedInUser(si: ReturnType<typeof systemInfo>): Promise<string | null> {
  try {
    const users = await si.users();
    const atConsole = users.find((u) => /^(console|:0|tty\d*)$/i.test(u.tty)) ?? users[0];
    return atConsole?.user ? text(atConsole.user) || null : null;
  } catch {
    return null;
  }
}

export const osCollector = defineCollector({
  section: 'os',
  async collect(ctx) {
    // Live, or what a capture recorded (exec/system-info.ts).
    const si = systemInfo(ctx);
    const [info, user] = await Promise.all([si.osInfo(), signedInUser(si)]);
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
      user,
    };
  },
});
