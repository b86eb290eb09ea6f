/**
 * Whether the operating system still gets security updates from its vendor, from the
 * catalogue's end-of-support dates. A release the catalogue does not know is `null` with a
 * reason, never assumed supported.
 */
import type { SecuritySection } from '../../schema/index.js';
import type { Catalogue } from '../catalogue/catalogue.js';
import { dayOf } from './dates.js';

export type OsSupport = SecuritySection['osSupport'];

const verdict = (name: string, endOfSupport: string, now: Date, note?: string): OsSupport => {
  const supported = dayOf(now) <= endOfSupport;
  const extra = note ? ` (${note})` : '';
  return {
    supported,
    endOfSupport,
    reason: supported
      ? `${name} is supported by its vendor until ${endOfSupport}${extra}`
      : `${name} reached end of support on ${endOfSupport}${extra}: it gets no security updates; upgrade it`,
  };
};

export interface WindowsVersionFacts {
  caption: string;
  build: number | null;
  /** Win32_OperatingSystem.ProductType: 1 workstation, 2 domain controller, 3 server. */
  productType: number | null;
  editionId: string;
}

/** @example windowsSupport(catalogue, {caption: 'Microsoft Windows 10 Pro', build: 19045, productType: 1, editionId: 'Professional'}, now) */
export function windowsSupport(catalogue: Catalogue, os: WindowsVersionFacts, now: Date): OsSupport {
  if (os.build === null) return { supported: null, endOfSupport: null, reason: 'the Windows build number could not be read' };
  const server = os.productType !== null ? os.productType !== 1 : /server/i.test(os.caption);
  const edition = os.editionId.toLowerCase();
  const release = catalogue.osSupport.windows.find(
    (r) => r.build === os.build && r.server === server && (!r.editions || r.editions.some((e) => e.toLowerCase() === edition)),
  );
  if (!release) {
    return {
      supported: null,
      endOfSupport: null,
      reason: `${os.caption || 'Windows'} build ${os.build} is not in the agent's end-of-support catalogue; check it by hand and update the agent`,
    };
  }
  return verdict(`${release.name}${os.editionId ? ` (${os.editionId})` : ''}`, release.endOfSupport, now);
}

/** Key=value lines of /etc/os-release, quotes removed. */
export function parseOsRelease(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const m = /^([A-Z0-9_]+)=(.*)$/.exec(line.trim());
    if (m) out[m[1]!] = m[2]!.replace(/^(["'])(.*)\1$/, '$2');
  }
  return out;
}

/** @example linuxSupport(catalogue, parseOsRelease('ID=debian\nVERSION_ID="12"'), now) */
export function linuxSupport(catalogue: Catalogue, osRelease: Record<string, string> | null, now: Date): OsSupport {
  if (!osRelease) return { supported: null, endOfSupport: null, reason: 'there is no /etc/os-release to say which distribution this is' };
  const id = (osRelease.ID ?? '').toLowerCase();
  const version = osRelease.VERSION_ID ?? '';
  const pretty = osRelease.PRETTY_NAME || `${id} ${version}`.trim();
  const release = catalogue.osSupport.linux.find(
    (r) => r.id === id && (r.fullVersion ? r.version === version : r.version === version.split('.')[0]),
  );
  if (!release) {
    return {
      supported: null,
      endOfSupport: null,
      reason: `${pretty || 'this distribution'} is not in the agent's end-of-support catalogue; check its vendor's support dates by hand`,
    };
  }
  return verdict(release.name, release.endOfSupport, now, release.note);
}
