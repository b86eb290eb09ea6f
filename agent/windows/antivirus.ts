/**
 * Antivirus products on Windows. Desktops: every SecurityCenter2 product, its productState
 * decoded, Defender's own status (Get-MpComputerStatus) beside Defender's entry. Servers have
 * no SecurityCenter2 ("Invalid namespace"): Defender's status plus the services of known
 * vendors. A passive Defender beside another active product is marked passive (not a
 * failure); a product whose executable is gone is marked stale.
 */
import { z } from 'zod';
import type { AntivirusProduct, AntivirusSection } from '../../schema/index.js';
import type { Catalogue } from '../catalogue/catalogue.js';
import { matchesAlias } from '../catalogue/match.js';
import { SectionUnknown } from '../collectors/types.js';
import { ageInDays, parseDate } from '../posture/dates.js';
import { flag, int, list, readPart, text } from './document.js';
import type { WindowsDocument } from './document.js';
import { notProtecting } from '../posture/antivirus-state.js';
import { decodeProductState, describeProductState } from './product-state.js';

const Sc2Product = z.object({ displayName: text, productState: int, pathToSignedProductExe: text, productExeExists: flag });
const DefenderStatus = z.object({
  AMRunningMode: text,
  AMServiceEnabled: flag,
  AntivirusEnabled: flag,
  RealTimeProtectionEnabled: flag,
  AntivirusSignatureAge: int,
  AntivirusSignatureLastUpdated: text,
  DefenderSignaturesOutOfDate: flag,
  AMProductVersion: text,
});
type DefenderStatus = z.infer<typeof DefenderStatus>;
export const ServiceEntry = z.object({ Name: text, DisplayName: text, State: text });

/** Defender reports 65535 (or more) days when it has never loaded signatures. */
const NO_SIGNATURES_AGE = 65535;

const DEFENDER_NAME = 'Microsoft Defender Antivirus';

const vendorOf = (catalogue: Catalogue, name: string) => catalogue.antivirus.find((v) => matchesAlias(name, v.aliases));

/** Whether Defender's engine runs (null: its status does not say) and whether it stands aside. */
interface DefenderMode {
  running: boolean | null;
  passive: boolean;
}

/**
 * AMRunningMode: Normal, Passive Mode, SxS Passive Mode, EDR Block Mode, Not running. Older
 * platforms (Server 2016 without the platform update, 4.18.1806 on Windows 10) print no
 * AMRunningMode at all: there the service and antivirus switches say whether it runs. A
 * missing field is never read as "off".
 */
function defenderMode(d: DefenderStatus, otherProtection: boolean): DefenderMode {
  const m = d.AMRunningMode.toLowerCase();
  if (/passive|edr block/.test(m)) return { running: true, passive: true };
  if (/not running/.test(m)) return { running: false, passive: otherProtection };
  if (m) return { running: true, passive: false };
  if (d.AMServiceEnabled === false || d.AntivirusEnabled === false) return { running: false, passive: otherProtection };
  if (d.AMServiceEnabled === true || d.AntivirusEnabled === true) return { running: true, passive: false };
  return { running: null, passive: false };
}

function signatureAge(d: DefenderStatus, now: Date): number | null {
  if (d.AntivirusSignatureAge !== null && d.AntivirusSignatureAge >= 0 && d.AntivirusSignatureAge < NO_SIGNATURES_AGE) return d.AntivirusSignatureAge;
  return d.AntivirusSignatureAge === null ? ageInDays(parseDate(d.AntivirusSignatureLastUpdated), now) : null;
}

type ProtectionFacts = Pick<AntivirusProduct, 'enabled' | 'realTime' | 'upToDate' | 'signatureAgeDays' | 'passive'>;

/**
 * Defender's facts from its own status, for its SecurityCenter2 entry (`fallback`: what that
 * entry says) or on its own (servers). Each fact comes from the field that states it; where
 * Defender's status has no such field, the SecurityCenter2 entry's value stands, and for
 * signatures the age against the catalogue's limit.
 */
function defenderFacts(d: DefenderStatus, otherProtection: boolean, now: Date, maxAgeDays: number, fallback?: ProtectionFacts): ProtectionFacts {
  const mode = defenderMode(d, otherProtection);
  const age = signatureAge(d, now);
  const enabled = mode.running === null ? null : mode.running && d.AntivirusEnabled !== false && d.AMServiceEnabled !== false;
  const realTime = mode.running === false ? false : d.RealTimeProtectionEnabled;
  const upToDate = d.DefenderSignaturesOutOfDate !== null ? !d.DefenderSignaturesOutOfDate : (fallback?.upToDate ?? (age === null ? null : age <= maxAgeDays));
  return {
    enabled: enabled ?? fallback?.enabled ?? null,
    realTime: realTime ?? fallback?.realTime ?? null,
    upToDate,
    signatureAgeDays: age,
    passive: mode.passive,
  };
}

function describeDefender(d: DefenderStatus): string {
  if (d.AMRunningMode) return `Get-MpComputerStatus AMRunningMode "${d.AMRunningMode}"`;
  const version = d.AMProductVersion ? ` of platform ${d.AMProductVersion}` : '';
  const field = (name: string, v: boolean | null) => `${name} ${v === null ? 'not reported' : v ? 'True' : 'False'}`;
  return `Get-MpComputerStatus${version} without AMRunningMode (an older platform): judged by ${field('AMServiceEnabled', d.AMServiceEnabled)}, ${field('AntivirusEnabled', d.AntivirusEnabled)}`;
}

export function parseWindowsAntivirus(doc: WindowsDocument, catalogue: Catalogue, now: Date): AntivirusSection {
  const sc2 = readPart(doc, 'securityCenter2', list(Sc2Product));
  const defenderRead = readPart(doc, 'defender', DefenderStatus);
  const defender = defenderRead.ok ? defenderRead.data : null;
  return sc2.ok ? fromSecurityCenter(sc2.data, defender, catalogue, now) : fromServices(doc, sc2.error, defender, catalogue, now);
}

function fromSecurityCenter(entries: z.infer<typeof Sc2Product>[], defender: DefenderStatus | null, catalogue: Catalogue, now: Date): AntivirusSection {
  const decoded = entries.map((e) => ({ e, s: e.productState !== null ? decodeProductState(e.productState) : null, stale: e.productExeExists === false }));
  const isDefender = (x: (typeof decoded)[number]) => x.s?.windowsOwned === true || matchesAlias(x.e.displayName, ['windows defender', 'microsoft defender']);
  const otherProtection = decoded.some((x) => !isDefender(x) && !x.stale && x.s?.state === 'on');

  const products = decoded.map((x): AntivirusProduct => {
    const vendor = vendorOf(catalogue, x.e.displayName);
    const base: AntivirusProduct = {
      name: x.e.displayName || 'unnamed product',
      vendor: vendor?.vendor ?? '',
      enabled: x.s ? x.s.state === 'on' : null,
      realTime: x.s ? x.s.state === 'on' : null,
      upToDate: x.s?.upToDate ?? null,
      signatureAgeDays: null,
      passive: false,
      stale: x.stale,
      source: [x.e.productState !== null ? describeProductState(x.e.productState) : 'SecurityCenter2 (no productState)', x.stale ? `executable ${x.e.pathToSignedProductExe} not found` : '']
        .filter(Boolean)
        .join('; '),
    };
    if (!isDefender(x)) return base;
    // Without Defender's own status, a Windows-owned product switched off beside an active one is passive.
    if (!defender) return { ...base, vendor: 'Microsoft', passive: x.s?.state === 'off' && otherProtection };
    return { ...base, vendor: 'Microsoft', ...defenderFacts(defender, otherProtection, now, catalogue.signatureMaxAgeDays, base), source: `${base.source}; ${describeDefender(defender)}` };
  });
  return { products: products.slice(0, 64).map(notProtecting) };
}

function fromServices(doc: WindowsDocument, sc2Error: string, defender: DefenderStatus | null, catalogue: Catalogue, now: Date): AntivirusSection {
  const servicesRead = readPart(doc, 'services', list(ServiceEntry));
  if (!defender && !servicesRead.ok) {
    throw new SectionUnknown(`neither SecurityCenter2 (${sc2Error}) nor Defender's status nor the service list could be read`, 'failed');
  }
  const why = /invalid namespace/i.test(sc2Error) ? 'no SecurityCenter2 (Windows Server)' : `SecurityCenter2 unreadable: ${sc2Error}`;
  const services = servicesRead.ok ? servicesRead.data : [];
  const products: AntivirusProduct[] = [];
  for (const vendor of catalogue.antivirus) {
    if (vendor.id === 'microsoft-defender' && defender) continue;
    const service = services.find((s) => vendor.windowsServices.some((n) => n.toLowerCase() === s.Name.toLowerCase()));
    if (!service) continue;
    const running = service.State.toLowerCase() === 'running';
    products.push({
      name: service.DisplayName || vendor.product,
      vendor: vendor.vendor,
      enabled: running,
      realTime: null,
      upToDate: null,
      signatureAgeDays: null,
      passive: false,
      stale: false,
      source: `${why}; service ${service.Name} (${service.State || 'state unknown'})`,
    });
  }
  // Windows Server without the Defender feature answers with an empty status.
  if (defender && (defender.AMRunningMode !== '' || defender.AntivirusEnabled !== null || defender.AMServiceEnabled !== null)) {
    const otherProtection = products.some((p) => p.enabled === true);
    products.unshift({
      name: DEFENDER_NAME,
      vendor: 'Microsoft',
      stale: false,
      ...defenderFacts(defender, otherProtection, now, catalogue.signatureMaxAgeDays),
      source: `${why}; ${describeDefender(defender)}`,
    });
  }
  return { products: products.slice(0, 64).map(notProtecting) };
}
