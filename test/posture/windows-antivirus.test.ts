import { describe, expect, it } from 'vitest';
import { loadCatalogue } from '../../agent/catalogue/catalogue.js';
import { parseWindowsAntivirus } from '../../agent/windows/antivirus.js';
import { decodeProductState } from '../../agent/windows/product-state.js';
import { documentWith, windowsCapture } from './fixtures.js';

const catalogue = loadCatalogue();
const now = new Date('2026-11-20T08:00:00Z');

describe('SecurityCenter2 productState, decoded from its bit masks', () => {
  it.each([
    // Known values (shared/reference): decoded, not looked up.
    [397312, '0x61000', 'on', false, true], // CylancePROTECT, on, up to date
    [393472, '0x60100', 'off', true, true], // Defender passive beside another product
    [397568, '0x61100', 'on', true, true], // Defender on, up to date
    [397584, '0x61110', 'on', true, false], // Defender on, signatures out of date
    // Derived from the masks: state 0x2000 snoozed, 0x3000 expired, 0x0000 off.
    [401664, '0x62100', 'snoozed', true, true],
    [405760, '0x63100', 'expired', true, true],
    [397328, '0x61010', 'on', false, false],
    [393216, '0x60000', 'off', false, true],
    [266240, '0x41000', 'on', false, true],
  ] as const)('%i (%s) is %s, Windows-owned %s, up to date %s', (value, hex, state, windowsOwned, upToDate) => {
    expect(decodeProductState(value)).toEqual({ state, windowsOwned, upToDate, hex });
  });
});

const defenderStatus = (over: Record<string, unknown>) => ({
  AMRunningMode: 'Normal', AMServiceEnabled: true, AntivirusEnabled: true, RealTimeProtectionEnabled: true, AntivirusSignatureAge: 1, DefenderSignaturesOutOfDate: false, ...over,
});
const sc2 = (displayName: string, productState: number, productExeExists: boolean | null = true) => ({ displayName, productState, pathToSignedProductExe: 'C:\\x.exe', productExeExists });

describe('Defender beside another product', () => {
  it.each([
    ['Not running, beside an active Kaspersky', 'Not running', [sc2('Kaspersky Endpoint Security 11 for Windows', 397312)], true],
    ['Passive Mode, beside an active Kaspersky', 'Passive Mode', [sc2('Kaspersky Endpoint Security 11 for Windows', 397312)], true],
    ['SxS Passive Mode beside ESET', 'SxS Passive Mode', [sc2('ESET Security', 397312)], true],
    ['EDR Block Mode beside Bkav', 'EDR Block Mode', [sc2('Bkav Pro Internet Security', 397312)], true],
    ['Not running with nothing else: no protection at all', 'Not running', [], false],
    ['Not running beside a product that is itself off', 'Not running', [sc2('Bkav Pro', 393216)], false],
    ['Not running beside a stale (uninstalled) product', 'Not running', [sc2('Panda Dome', 397312, false)], false],
  ] as const)('%s: passive %s', (_, mode, others, passive) => {
    const doc = documentWith({
      securityCenter2: [...others, { displayName: 'Windows Defender', productState: 393472 }],
      defender: defenderStatus({ AMRunningMode: mode, AntivirusEnabled: mode === 'Not running' ? false : true }),
    });
    const defender = parseWindowsAntivirus(doc, catalogue, now).products.find((p) => p.vendor === 'Microsoft');
    expect(defender).toMatchObject({ passive, enabled: false });
  });

  it('the recorded CylancePROTECT + passive Defender pair (windows-third-party-av)', async () => {
    const { doc, asOf } = await windowsCapture('windows-third-party-av');
    const { products } = parseWindowsAntivirus(doc, catalogue, asOf);
    expect(products).toEqual([
      expect.objectContaining({ name: 'CylancePROTECT', vendor: 'BlackBerry Cylance', enabled: true, realTime: true, upToDate: true, passive: false, stale: false }),
      expect.objectContaining({ name: 'Windows Defender', vendor: 'Microsoft', enabled: false, passive: true, signatureAgeDays: null }),
    ]);
    expect(products[1]?.source).toMatch(/393472 \(0x60100: off.*AMRunningMode "Not running"/);
  });

  it('without Defender\'s own status, a Windows-owned product switched off beside an active one is passive', () => {
    const doc = documentWith({ securityCenter2: [sc2('CylancePROTECT', 397312), { displayName: 'Windows Defender', productState: 393472 }], defender: { error: 'Invalid class ' } });
    expect(parseWindowsAntivirus(doc, catalogue, now).products[1]).toMatchObject({ passive: true, enabled: false });
  });
});

describe('Windows desktop', () => {
  it('Defender active with its own status beside its SecurityCenter2 entry (windows-desktop-defender)', async () => {
    const { doc, asOf } = await windowsCapture('windows-desktop-defender');
    expect(parseWindowsAntivirus(doc, catalogue, asOf).products).toEqual([
      { name: 'Windows Defender', vendor: 'Microsoft', enabled: true, realTime: true, upToDate: true, signatureAgeDays: 0, passive: false, stale: false, source: expect.stringMatching(/^SecurityCenter2 productState 397568.*Get-MpComputerStatus AMRunningMode "Normal"$/) },
    ]);
  });

  it('Defender with out-of-date signatures (windows-pirate-kms)', async () => {
    const { doc, asOf } = await windowsCapture('windows-pirate-kms');
    expect(parseWindowsAntivirus(doc, catalogue, asOf).products[0]).toMatchObject({ enabled: true, upToDate: false, signatureAgeDays: 23 });
  });

  it('a product still listed but uninstalled is stale and protects nothing (windows-office-grace-stale-av)', async () => {
    const { doc, asOf } = await windowsCapture('windows-office-grace-stale-av');
    const { products } = parseWindowsAntivirus(doc, catalogue, asOf);
    expect(products.map((p) => [p.name, p.enabled, p.passive, p.stale])).toEqual([
      ['Panda Dome', false, false, true],
      ['Trend Micro OfficeScan Antivirus', true, false, false],
      ['Windows Defender', false, true, false],
    ]);
    expect(products[0]?.source).toMatch(/PSUAMain\.exe not found/);
  });
});

describe('older Defender platforms: no AMRunningMode, no DefenderSignaturesOutOfDate', () => {
  // Get-MpComputerStatus of 4.18.1806 (Windows 10 1803) and 4.10.14393 (Server 2016 RTM) prints
  // neither field; the posture script then writes them as null. A missing field is not a "no".
  const old = (over: Record<string, unknown>) =>
    defenderStatus({ AMRunningMode: null, DefenderSignaturesOutOfDate: null, AMProductVersion: '4.10.14393.0', ...over });

  it('Defender 4.18.1806 beside its SecurityCenter2 entry is on and up to date (windows-10-1803-defender-1806)', async () => {
    const { doc, asOf } = await windowsCapture('windows-10-1803-defender-1806');
    expect(parseWindowsAntivirus(doc, catalogue, asOf).products).toEqual([
      expect.objectContaining({ name: 'Windows Defender', enabled: true, realTime: true, upToDate: true, signatureAgeDays: 0, passive: false }),
    ]);
  });

  it('Server 2016 RTM (platform 4.10.14393.0) from its own status alone (windows-server-2016-defender-4.10)', async () => {
    const { doc, asOf } = await windowsCapture('windows-server-2016-defender-4.10');
    const [defender] = parseWindowsAntivirus(doc, catalogue, asOf).products;
    expect(defender).toMatchObject({ name: 'Microsoft Defender Antivirus', enabled: true, realTime: true, upToDate: true, signatureAgeDays: 1, passive: false });
    expect(defender!.source).toMatch(/Get-MpComputerStatus of platform 4\.10\.14393\.0 without AMRunningMode \(an older platform\): judged by AMServiceEnabled True, AntivirusEnabled True/);
  });

  it.each<[string, Record<string, unknown>, unknown[] | { error: string }, Record<string, unknown>]>([
    // Recorded: the same platform with real-time protection switched off (4.10.14393.2248, HTB Academy notes).
    ['real-time protection off (recorded on 4.10.14393.2248)', { RealTimeProtectionEnabled: false, AMProductVersion: '4.10.14393.2248' }, { error: 'Invalid namespace ' }, { enabled: true, realTime: false, upToDate: true }],
    ['signatures 30 days old, judged by their age', { AntivirusSignatureAge: 30 }, { error: 'Invalid namespace ' }, { enabled: true, upToDate: false, signatureAgeDays: 30 }],
    ['the antivirus switched off', { AntivirusEnabled: false }, { error: 'Invalid namespace ' }, { enabled: false, realTime: false, passive: false }],
    ['the service off beside an active Kaspersky: passive', { AMServiceEnabled: false, AntivirusEnabled: false }, [sc2('Kaspersky Endpoint Security 11 for Windows', 397312), { displayName: 'Windows Defender', productState: 393472 }], { enabled: false, passive: true }],
    ['no switch reported at all: SecurityCenter2 decides', { AMServiceEnabled: null, AntivirusEnabled: null, RealTimeProtectionEnabled: null, AntivirusSignatureAge: null, AntivirusSignatureLastUpdated: null }, [{ displayName: 'Windows Defender', productState: 397568 }], { enabled: true, realTime: true, upToDate: true }],
    ['SecurityCenter2 says out of date, the old status has no verdict', {}, [{ displayName: 'Windows Defender', productState: 397584 }], { enabled: true, upToDate: false, signatureAgeDays: 1 }],
  ])('%s', (_, over, securityCenter2, expected) => {
    const doc = documentWith({ securityCenter2, defender: old(over), services: [] });
    const products = parseWindowsAntivirus(doc, catalogue, now).products;
    expect(products.find((p) => p.vendor === 'Microsoft')).toMatchObject(expected);
  });

  it('a present field still decides: a newer platform saying its signatures are out of date', () => {
    const doc = documentWith({ securityCenter2: [{ displayName: 'Windows Defender', productState: 397568 }], defender: defenderStatus({ DefenderSignaturesOutOfDate: true }) });
    expect(parseWindowsAntivirus(doc, catalogue, now).products[0]).toMatchObject({ upToDate: false });
  });
});

describe('Windows Server without SecurityCenter2', () => {
  it('reports Defender from its WMI status (windows-server-no-sc2, glpi-agent issue 868)', async () => {
    const { doc, asOf } = await windowsCapture('windows-server-no-sc2');
    expect(parseWindowsAntivirus(doc, catalogue, asOf).products).toEqual([
      expect.objectContaining({ name: 'Microsoft Defender Antivirus', vendor: 'Microsoft', enabled: true, realTime: true, upToDate: true, signatureAgeDays: 0, passive: false, source: expect.stringMatching(/^no SecurityCenter2 \(Windows Server\)/) }),
    ]);
  });

  it.each([
    ['Kaspersky for Windows Server running, Defender not running', [{ Name: 'kavfs', DisplayName: 'Kaspersky Security Service', State: 'Running' }], 'Not running', [['Microsoft Defender Antivirus', false, true], ['Kaspersky Security Service', true, false]]],
    ['ESET stopped, Defender not running: nothing protects', [{ Name: 'ekrn', DisplayName: 'ESET Service', State: 'Stopped' }], 'Not running', [['Microsoft Defender Antivirus', false, false], ['ESET Service', false, false]]],
    ['Defender normal, no other vendor', [{ Name: 'WinDefend', DisplayName: 'Microsoft Defender Antivirus Service', State: 'Running' }], 'Normal', [['Microsoft Defender Antivirus', true, false]]],
  ] as const)('%s', (_, services, mode, expected) => {
    const doc = documentWith({ securityCenter2: { error: 'Invalid namespace ' }, defender: defenderStatus({ AMRunningMode: mode }), services });
    expect(parseWindowsAntivirus(doc, catalogue, now).products.map((p) => [p.name, p.enabled, p.passive])).toEqual(expected);
  });

  it('lists vendor services alone when Defender is not installed, and fails only when nothing is readable', () => {
    const services = [{ Name: 'SepMasterService', DisplayName: 'Symantec Endpoint Protection', State: 'Running' }];
    const doc = documentWith({ securityCenter2: { error: 'Invalid namespace ' }, defender: { error: "The term 'Get-MpComputerStatus' is not recognized" }, services });
    expect(parseWindowsAntivirus(doc, catalogue, now).products).toEqual([expect.objectContaining({ name: 'Symantec Endpoint Protection', vendor: 'Gen Digital (Norton / Symantec)', enabled: true })]);
    const nothing = documentWith({ securityCenter2: { error: 'Invalid namespace ' }, defender: { error: 'x' }, services: { error: 'Access denied' } });
    expect(() => parseWindowsAntivirus(nothing, catalogue, now)).toThrow(/neither SecurityCenter2/);
  });
});
