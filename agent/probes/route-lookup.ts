/**
 * Which way this machine sends packets to an address: a lookup in its own routing table
 * (`ip route get` on Linux, `Find-NetRoute` on Windows), no packet sent. Used as evidence when a
 * must-not-answer target answered: the route it took is the path to the Internet to close.
 */
import { z } from 'zod';
import { runCommand } from '../exec/run-command.js';

const LOOKUP_MS = 15_000;

const LinuxRoute = z.array(z.object({ gateway: z.string().optional(), dev: z.string().optional(), prefsrc: z.string().optional() }));

/** `[{"dst":"203.0.113.10","gateway":"198.51.100.1","dev":"eth1","prefsrc":"198.51.100.20"}]` → `198.51.100.1 dev eth1 src 198.51.100.20`. */
export function describeLinuxRoute(json: string): string | null {
  try {
    const r = LinuxRoute.parse(JSON.parse(json))[0];
    if (!r?.dev) return null;
    return [r.gateway ?? 'on-link', `dev ${r.dev}`, r.prefsrc ? `src ${r.prefsrc}` : ''].filter(Boolean).join(' ');
  } catch {
    return null;
  }
}

const WindowsRoute = z.array(z.object({ InterfaceAlias: z.string().nullish(), IPAddress: z.string().nullish(), NextHop: z.string().nullish() }));

/** Find-NetRoute prints the source address object, then the route object. */
export function describeWindowsRoute(json: string): string | null {
  try {
    const raw: unknown = JSON.parse(json);
    const objects = WindowsRoute.parse(Array.isArray(raw) ? raw : [raw]);
    const alias = objects.find((o) => o.InterfaceAlias)?.InterfaceAlias;
    if (!alias) return null;
    const hop = objects.find((o) => o.NextHop)?.NextHop;
    const src = objects.find((o) => o.IPAddress)?.IPAddress;
    return [hop && hop !== '0.0.0.0' && hop !== '::' ? hop : 'on-link', `dev ${alias}`, src ? `src ${src}` : ''].filter(Boolean).join(' ');
  } catch {
    return null;
  }
}

/** The route to `address` (an IP, validated by the target schema), or null when the lookup failed. */
export async function lookupRoute(address: string, platform: NodeJS.Platform = process.platform): Promise<string | null> {
  if (platform === 'linux') {
    const out = await runCommand({ key: 'linux/ip-route-get.json', file: 'ip', args: ['-j', 'route', 'get', address], timeoutMs: LOOKUP_MS });
    return out.absent || out.exitCode !== 0 ? null : describeLinuxRoute(out.stdout);
  }
  if (platform === 'win32') {
    const script = `Find-NetRoute -RemoteIPAddress '${address.replace(/'/g, '')}' | Select-Object InterfaceAlias,IPAddress,NextHop | ConvertTo-Json -Compress`;
    const out = await runCommand({ key: 'windows/find-netroute.json', file: 'powershell.exe', args: ['-NoProfile', '-NonInteractive', '-Command', script], timeoutMs: LOOKUP_MS });
    return out.absent || out.exitCode !== 0 ? null : describeWindowsRoute(out.stdout);
  }
  return null;
}
