/**
 * Windows and Office licences from the posture document: SoftwareLicensingProduct (Windows,
 * Office 2013+), OfficeSoftwareProtectionProduct (Office 2010), ospp.vbs /dstatus (fallback)
 * and the Click-to-Run configuration (Microsoft 365 subscriptions, which SPP does not list
 * under vNext licensing). Every entry carries the licensed-software verdict.
 */
import { z } from 'zod';
import type { LicenseEntry, LicensingSection } from '../../schema/index.js';
import { SectionUnknown } from '../collectors/types.js';
import { channelOf, graceDaysFromMinutes, judgeLicence, statusFromCode } from '../../rules/licence-verdict.js';
import type { LicenceFacts } from '../../rules/licence-verdict.js';
import { flag, int, list, readPart, text } from './document.js';
import type { WindowsDocument } from './document.js';
import { parseOsppDstatus } from './ospp.js';

export const WINDOWS_APPLICATION_ID = '55c92734-d682-4d71-983e-d6ec3f16059f';
export const OFFICE_APPLICATION_ID = '0ff1ce15-a989-479d-af46-f275c6370663';

const SppProduct = z.object({
  Name: text,
  Description: text,
  ApplicationID: text,
  LicenseStatus: int,
  ProductKeyChannel: text,
  PartialProductKey: text,
  LicenseIsAddon: flag,
  /** Minutes before the licence must be renewed; 0 for a permanent activation. */
  GracePeriodRemaining: int,
  KeyManagementServiceMachine: text,
  DiscoveredKeyManagementServiceMachineName: text,
});
type SppProduct = z.infer<typeof SppProduct>;

const SppService = z.object({ KeyManagementServiceMachine: text, DiscoveredKeyManagementServiceMachineName: text });
type SppService = z.infer<typeof SppService>;

const ClickToRun = z
  .object({
    ProductReleaseIds: text,
    VersionToReport: text,
    SharedComputerLicensing: text,
    licensedProfiles: list(z.object({ user: text, licenseFiles: int })),
  })
  .nullable();

/** The KMS host that activated a product: set by hand (/skms) first, then the one DNS found. */
function kmsHostOf(p: SppProduct, service: SppService | null): string | null {
  return (
    [p.KeyManagementServiceMachine, p.DiscoveredKeyManagementServiceMachineName, service?.KeyManagementServiceMachine, service?.DiscoveredKeyManagementServiceMachineName].find(
      (h) => h && h.trim(),
    ) ?? null
  );
}

function fromSpp(p: SppProduct, service: SppService | null, source: string): LicenceFacts {
  const channel = channelOf(p.ProductKeyChannel, p.Description, p.Name);
  return {
    product: p.Name || 'unnamed product',
    status: statusFromCode(p.LicenseStatus),
    statusCode: p.LicenseStatus,
    channel,
    description: [p.Description, p.ProductKeyChannel && `key channel ${p.ProductKeyChannel}`].filter(Boolean).join('; '),
    partialProductKey: p.PartialProductKey,
    kmsHost: channel === 'volume_kms' ? kmsHostOf(p, service) : null,
    graceRemainingDays: graceDaysFromMinutes(p.GracePeriodRemaining),
    source,
  };
}

const isAddon = (p: SppProduct) => p.LicenseIsAddon === true || /add-on|\bESU\b/i.test(p.Name);

/** The Windows licence itself: add-ons such as ESU carry the Windows ApplicationID too. */
function mainWindowsProduct(products: SppProduct[]): SppProduct | null {
  const windows = products.filter((p) => p.ApplicationID.toLowerCase() === WINDOWS_APPLICATION_ID && !isAddon(p));
  return windows.find((p) => p.LicenseStatus === 1) ?? windows[0] ?? null;
}

/** Microsoft 365 Apps release ids (`O365ProPlusRetail`); perpetual Click-to-Run products are in SPP. */
const isSubscriptionRelease = (id: string) => /^(O365|Microsoft365|M365)/i.test(id);

function clickToRunEntries(c2r: z.infer<typeof ClickToRun>): { facts: LicenceFacts; reason?: string }[] {
  if (!c2r) return [];
  const profiles = c2r.licensedProfiles.filter((p) => (p.licenseFiles ?? 0) > 0);
  const shared = c2r.SharedComputerLicensing === '1';
  return c2r.ProductReleaseIds.split(',')
    .map((id) => id.trim())
    .filter(isSubscriptionRelease)
    .map((id) => {
      const base = {
        product: `Microsoft 365 Apps (${id})`,
        statusCode: null,
        channel: 'subscription' as const,
        partialProductKey: '',
        kmsHost: null,
        graceRemainingDays: null,
        source: 'ClickToRun configuration and Office licence files',
      };
      const version = c2r.VersionToReport ? `Click-to-Run ${c2r.VersionToReport}` : 'Click-to-Run';
      if (profiles.length) {
        return {
          facts: { ...base, status: 'licensed' as const, description: `${version}; subscription licence files for ${profiles.map((p) => p.user).join(', ')}` },
        };
      }
      return {
        facts: { ...base, status: 'unknown' as const, description: `${version}${shared ? '; shared computer activation' : ''}; no user profile holds a subscription licence` },
        reason: shared
          ? 'Microsoft 365 Apps use shared computer activation: each user\'s licence is checked when they sign in, so the machine has none to read'
          : 'Microsoft 365 Apps are installed but no user profile holds a subscription licence; have the user sign in to Office with an organisation account',
      };
    });
}

/** @param kmsAllowList the collector's KMS allow-list, or null when this run had no config */
export function parseWindowsLicensing(doc: WindowsDocument, kmsAllowList: readonly string[] | null): LicensingSection {
  const spp = readPart(doc, 'softwareLicensingProduct', list(SppProduct));
  if (!spp.ok) throw new SectionUnknown(`the Software Protection Platform could not be read (${spp.error})`, 'failed');
  const serviceRead = readPart(doc, 'softwareLicensingService', SppService);
  const service = serviceRead.ok ? serviceRead.data : null;

  const judged = (facts: LicenceFacts, reason?: string): LicenseEntry => {
    const verdict = judgeLicence(facts, kmsAllowList);
    return { ...facts, ...verdict, verdictReason: reason && verdict.licensedSoftware === null ? reason : verdict.verdictReason };
  };

  const main = mainWindowsProduct(spp.data);
  const windows = main
    ? judged(fromSpp(main, service, 'SoftwareLicensingProduct'))
    : judged({
        product: 'Windows',
        status: 'unlicensed',
        statusCode: null,
        channel: 'unknown',
        description: 'no Windows product key is installed',
        partialProductKey: '',
        kmsHost: null,
        graceRemainingDays: null,
        source: 'SoftwareLicensingProduct',
      });

  const office: LicenseEntry[] = spp.data
    .filter((p) => p.ApplicationID.toLowerCase() === OFFICE_APPLICATION_ID)
    .map((p) => judged(fromSpp(p, service, 'SoftwareLicensingProduct')));

  // Office 2010's service is absent on most machines: its "Invalid class" is not an error.
  const ospp = readPart(doc, 'officeSoftwareProtectionProduct', list(SppProduct));
  if (ospp.ok) office.push(...ospp.data.map((p) => judged(fromSpp(p, service, 'OfficeSoftwareProtectionProduct'))));

  const dstatus = readPart(doc, 'osppDstatus', text);
  if (dstatus.ok && dstatus.data) office.push(...parseOsppDstatus(dstatus.data).map((f) => judged(f)));

  const c2r = readPart(doc, 'clickToRun', ClickToRun);
  if (c2r.ok && !office.some((o) => o.channel === 'subscription')) {
    office.push(...clickToRunEntries(c2r.data).map(({ facts, reason }) => judged(facts, reason)));
  }
  return { windows, office: office.slice(0, 64) };
}
