/**
 * The `ping` command line for this platform, from the `ping` package's builders (its per-OS
 * knowledge of flags: `-c`/`-W`/`-i` for iputils, `-n`/`-w` in milliseconds for Windows). The
 * package's own spawn and parsers are not used: it sets only `LANG=C`, so LC_ALL/LC_MESSAGES
 * still translate the output, and its parsers throw inside the child's close handler on a reply
 * line without a readable time (an uncaught exception that ended the agent).
 */
import { isIPv6 } from 'node:net';
import type { PingConfig } from 'ping';
import factory from 'ping/lib/builder/factory.js';
import type { ProbeRequest } from './types.js';

/** Seconds as ping takes them: `0.2`, not `0.20000000000000001`. */
const seconds = (ms: number) => String(Math.round(ms) / 1000);

export interface PingCommand {
  file: string;
  args: string[];
  windows: boolean;
}

export function pingCommand(request: ProbeRequest, platform: NodeJS.Platform = process.platform): PingCommand {
  const windows = platform === 'win32';
  const v6 = isIPv6(request.target);
  const config: PingConfig = {
    numeric: true,
    min_reply: request.count,
    timeout: request.timeoutMs / 1000,
    // Debian has no separate ping6 for the package to find: iputils' ping takes -6.
    v6: windows ? v6 : false,
    // Windows ping has no interval option: it always waits a second between requests.
    extra: windows ? [] : ['-i', seconds(request.intervalMs), ...(v6 ? ['-6'] : [])],
  };
  const builder = factory.createBuilder(platform);
  return { file: factory.getExecutablePath(platform, Boolean(config.v6)), args: builder.getCommandArguments(request.target, config), windows };
}
