/**
 * OS facts from systeminformation's `osInfo` (one `lsb_release`/`uname` read on Linux), and
 * the signed-in user from `users` (`who` on Linux; on Windows the owner of explorer.exe), which
 * the host checklist prints beside the machine. A replay leaves the user out: the recording
 * is of another machine's commands, and `users` would read this one.
 */
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

/** The user at the console, else the first one signed in; null when nobody is or it cannot be read. */
async function signedInUser(): Promise<string | null> {
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
    const [info, user] = await Promise.all([si.osInfo(), ctx.replayDir ? Promise.resolve(null) : signedInUser()]);
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
      user,
    };
  },
});
