/**
 * Installed packages from dpkg-query or rpm (formats in steps.ts). Only packages that are
 * fully installed count: dpkg also lists removed packages whose config files remain. The
 * install time (dpkg's list-file mtime, rpm's INSTALLTIME) gives each package's date and the
 * machine's latest update.
 */
import type { InstalledProgram, SoftwareSection } from '../../schema/index.js';
import { SectionUnknown } from '../collectors/types.js';
import type { RawOutputs } from '../exec/recorded.js';
import { outputText } from '../exec/recorded.js';
import { dayOf } from '../posture/dates.js';
import { LINUX_KEYS } from './steps.js';

export interface LinuxPackage extends InstalledProgram {
  /** Install or upgrade time, where the package database records it. */
  installedAt: Date | null;
}

const epochSeconds = (value: string | undefined): Date | null => {
  const n = Number(value);
  return value && /^\d+$/.test(value) && n > 0 ? new Date(n * 1000) : null;
};

/** "Debian Adduser Developers <adduser@packages.debian.org>" → "Debian Adduser Developers". */
const maintainerName = (value: string) => value.replace(/<[^>]*>/, '').trim();

const toProgram = (name: string, arch: string, version: string, publisher: string, installedAt: Date | null): LinuxPackage => ({
  name,
  version,
  publisher,
  installDate: installedAt ? dayOf(installedAt) : null,
  systemComponent: false,
  scope: 'machine',
  arch,
  installedAt,
});

/** @example parseDpkg('adduser\tall\t3.134\tinstall ok installed\tDebian Adduser Developers <a@b>\t1747699200\n') */
export function parseDpkg(text: string): LinuxPackage[] {
  const out: LinuxPackage[] = [];
  for (const line of text.split('\n')) {
    const [name, arch = '', version = '', status = '', maintainer = '', modified] = line.split('\t');
    if (!name || !/ installed$/.test(status)) continue;
    out.push(toProgram(name, arch, version, maintainerName(maintainer), epochSeconds(modified)));
  }
  return out;
}

export function parseRpm(text: string): LinuxPackage[] {
  const out: LinuxPackage[] = [];
  for (const line of text.split('\n')) {
    const [name, arch = '', version = '', vendor = '', installed] = line.split('\t');
    if (!name || name.startsWith('gpg-pubkey')) continue;
    out.push(toProgram(name, arch === '(none)' ? '' : arch, version, vendor === '(none)' ? '' : vendor, epochSeconds(installed)));
  }
  return out;
}

/** The package list and where it came from; `none` when neither dpkg nor rpm is installed. */
export function linuxPackages(outputs: RawOutputs): { source: SoftwareSection['source']; packages: LinuxPackage[] } {
  for (const [key, tool, source, parse] of [
    [LINUX_KEYS.dpkg, 'dpkg-query', 'dpkg', parseDpkg],
    [LINUX_KEYS.rpm, 'rpm', 'rpm', parseRpm],
  ] as const) {
    const o = outputs.get(key);
    if (!o || o.absent) continue;
    if (o.timedOut || o.exitCode !== 0) {
      throw new SectionUnknown(`${tool} ${o.timedOut ? 'gave no answer in time' : `failed (${o.stderr.trim() || `exit code ${o.exitCode}`})`}`, o.timedOut ? 'timeout' : 'failed');
    }
    return { source, packages: parse(outputText(outputs, key) ?? '') };
  }
  return { source: 'none', packages: [] };
}

/**
 * The packages for sections that can do without them (antivirus, security): a failed package
 * query costs those sections only the facts built on packages.
 */
export function packagesIfReadable(outputs: RawOutputs): LinuxPackage[] {
  try {
    return linuxPackages(outputs).packages;
  } catch {
    return [];
  }
}

export function parseLinuxSoftware(outputs: RawOutputs): SoftwareSection {
  const { source, packages } = linuxPackages(outputs);
  return { source, programs: packages.slice(0, 20000).map(({ installedAt: _, ...program }) => program) };
}

/** The newest package install or upgrade: the machine's latest installed update. */
export function latestPackageUpdate(packages: readonly LinuxPackage[]): string | null {
  let newest = 0;
  for (const p of packages) newest = Math.max(newest, p.installedAt?.getTime() ?? 0);
  return newest ? new Date(newest).toISOString() : null;
}
