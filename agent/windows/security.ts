/**
 * Security posture on Windows from the posture document: firewall per profile, BitLocker per
 * volume, the latest installed update, local Administrators, remote-access tools, signing
 * tokens and whether this Windows release is still supported.
 */
import { z } from 'zod';
import type { SecuritySection } from '../../schema/index.js';
import type { Catalogue } from '../catalogue/catalogue.js';
import { parseUsbIds } from '../collectors/peripherals.js';
import { parseDate } from '../posture/dates.js';
import { findRemoteAccessTools, findSigningTokens } from '../posture/findings.js';
import { windowsSupport } from '../posture/os-support.js';
import { ServiceEntry } from './antivirus.js';
import { flag, int, list, readPart, text } from './document.js';
import type { WindowsDocument } from './document.js';
import { UninstallEntry, toPrograms } from './software.js';

const FirewallProfile = z.object({ Name: text, Enabled: text });
const EncryptableVolume = z.object({ DriveLetter: text, ProtectionStatus: int, ConversionStatus: int, EncryptionMethod: int, VolumeType: int });
const Hotfix = z.object({ HotFixID: text, InstalledOn: text });
const UpdateHistory = z.object({ Date: text, Operation: int, ResultCode: int });
const OsInfo = z.object({ Caption: text, BuildNumber: int, ProductType: int, EditionID: text });
const PnpDevice = z.object({ DeviceID: text });

/** Win32_EncryptableVolume.EncryptionMethod codes. */
const ENCRYPTION_METHODS = ['', 'AES 128 with diffuser', 'AES 256 with diffuser', 'AES 128', 'AES 256', 'hardware encryption', 'XTS-AES 128', 'XTS-AES 256'];
/** Win32_EncryptableVolume.VolumeType: 2 is a removable data volume (a USB stick), not the machine's disk. */
const REMOVABLE_VOLUME = 2;

/** A list that could not be read is one entry whose state is unknown, never an empty list ("none"). */
export const UNREADABLE_FIREWALL = { profile: 'all', enabled: null };
export const UNREADABLE_VOLUMES = { volume: 'all', encrypted: null, method: '' };

/** "True"/"False", 1/0; GPO's "NotConfigured" leaves the effective state unknown. */
const firewallEnabled = (value: string): boolean | null => flag.parse(value);

function diskEncryption(volumes: z.infer<typeof EncryptableVolume>[]): SecuritySection['diskEncryption'] {
  return volumes
    .filter((v) => v.VolumeType !== REMOVABLE_VOLUME)
    .map((v) => {
      const method = ENCRYPTION_METHODS[v.EncryptionMethod ?? 0] ?? `method ${v.EncryptionMethod}`;
      const suspended = v.ProtectionStatus === 0 && (v.ConversionStatus ?? 0) !== 0;
      return {
        volume: v.DriveLetter || '(volume without a drive letter)',
        encrypted: v.ProtectionStatus === 1 ? true : v.ProtectionStatus === 0 ? false : null,
        method: [method, suspended ? 'protection suspended' : ''].filter(Boolean).join(', '),
      };
    })
    .slice(0, 64);
}

/** Newest successful install from Windows Update's history, or the newest hotfix date. */
function lastUpdate(doc: WindowsDocument): string | null {
  const dates: Date[] = [];
  const history = readPart(doc, 'updateHistory', list(UpdateHistory));
  if (history.ok) {
    for (const h of history.data) {
      const d = h.Operation === 1 && (h.ResultCode === 2 || h.ResultCode === 3) ? parseDate(h.Date) : null;
      if (d) dates.push(d);
    }
  }
  const hotfixes = readPart(doc, 'hotfixes', list(Hotfix));
  if (hotfixes.ok) for (const h of hotfixes.data) dates.push(...[parseDate(h.InstalledOn)].filter((d): d is Date => d !== null));
  if (!dates.length) return null;
  return new Date(Math.max(...dates.map((d) => d.getTime()))).toISOString();
}

export function parseWindowsSecurity(doc: WindowsDocument, catalogue: Catalogue, now: Date): SecuritySection {
  const firewall = readPart(doc, 'firewall', list(FirewallProfile));
  const volumes = readPart(doc, 'bitlocker', list(EncryptableVolume));
  const admins = readPart(doc, 'localAdmins', list(text));
  const software = readPart(doc, 'software', list(UninstallEntry));
  const processes = readPart(doc, 'processes', list(text));
  const services = readPart(doc, 'services', list(ServiceEntry));
  const usb = readPart(doc, 'usb', list(PnpDevice));
  const os = readPart(doc, 'os', OsInfo);

  const running = [
    ...(processes.ok ? processes.data : []),
    ...(services.ok ? services.data.filter((s) => s.State.toLowerCase() === 'running').map((s) => s.Name) : []),
  ];
  const programs = software.ok ? toPrograms(software.data) : [];

  return {
    firewall: firewall.ok ? firewall.data.map((p) => ({ profile: p.Name, enabled: firewallEnabled(p.Enabled) })).slice(0, 16) : [UNREADABLE_FIREWALL],
    diskEncryption: volumes.ok ? diskEncryption(volumes.data) : [UNREADABLE_VOLUMES],
    lastUpdateInstalledAt: lastUpdate(doc),
    localAdmins: admins.ok ? admins.data.filter(Boolean).slice(0, 256) : null,
    remoteAccessTools: findRemoteAccessTools(catalogue, programs, running),
    signingTokens: findSigningTokens(catalogue, usb.ok ? usb.data.map((d) => parseUsbIds(d.DeviceID)) : []),
    osSupport: os.ok
      ? windowsSupport(catalogue, { caption: os.data.Caption, build: os.data.BuildNumber, productType: os.data.ProductType, editionId: os.data.EditionID }, now)
      : { supported: null, endOfSupport: null, reason: `the Windows version could not be read (${os.error})` },
  };
}
