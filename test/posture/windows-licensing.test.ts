import { describe, expect, it } from 'vitest';
import { channelOf, judgeLicence, statusFromCode } from '../../rules/licence-verdict.js';
import type { LicenceFacts } from '../../rules/licence-verdict.js';
import { OFFICE_APPLICATION_ID, WINDOWS_APPLICATION_ID, parseWindowsLicensing } from '../../agent/windows/licensing.js';
import { osppStatus, parseOsppDstatus } from '../../agent/windows/ospp.js';
import { documentWith, windowsCapture } from './fixtures.js';

describe('SoftwareLicensingProduct.LicenseStatus', () => {
  it.each([
    [0, 'unlicensed'],
    [1, 'licensed'],
    [2, 'grace'], // OOBGrace
    [3, 'grace'], // OOTGrace
    [4, 'grace'], // NonGenuineGrace
    [5, 'notification'],
    [6, 'grace'], // ExtendedGrace
    [7, 'unknown'],
    [null, 'unknown'],
  ] as const)('%s is %s', (code, status) => {
    expect(statusFromCode(code)).toBe(status);
  });
});

describe('ospp.vbs status tokens', () => {
  it.each([
    // As Microsoft's ospp.vbs prints them (its MSG_* constants, fixtures/replay/windows-ospp-tokens/SOURCE.md).
    [' ---LICENSED--- ', 'licensed', 1],
    [' ---UNLICENSED--- ', 'unlicensed', 0],
    [' ---OOB_GRACE--- ', 'grace', 2],
    [' ---OOT_GRACE--- ', 'grace', 3],
    [' ---NON_GENUINE_GRACE--- ', 'grace', 4],
    [' ---NOTIFICATIONS--- ', 'notification', 5],
    [' ---EXTENDED GRACE--- ', 'grace', 6],
    // As published copies and older notes write them: underscores, spaces and case differ.
    ['---OOB_ GRACE---', 'grace', 2],
    ['---NONGENUINE_GRACE---', 'grace', 4],
    ['---EXTENDED_GRACE---', 'grace', 6],
    ['--- non genuine grace ---', 'grace', 4],
    ['---Extended Grace---', 'grace', 6],
    [' ---UNKNOWN--- ', 'unknown', null],
    ['---SOMETHING NEW---', 'unknown', null],
  ] as const)('%j is %s', (token, status, code) => {
    expect(osppStatus(token)).toEqual({ status, code });
  });

  it('reads every status token and the remaining grace of a capture (windows-ospp-tokens)', async () => {
    const { doc } = await windowsCapture('windows-ospp-tokens');
    const office = parseWindowsLicensing(doc, []).office;
    expect(office.map((o) => [o.product, o.status, o.statusCode, o.channel, o.graceRemainingDays, o.licensedSoftware])).toEqual([
      ['Office 16, Office16ProPlusR_Retail edition', 'grace', 4, 'retail', 27, false],
      ['Office 16, Office16VisioProR_Retail edition', 'grace', 6, 'retail', 4, false],
      ['Office 16, Office16O365ProPlusR_ Subscription1 edition', 'grace', 2, 'subscription', 9, false],
    ]);
    expect(office[0]!.verdictReason).toMatch(/LicenseStatus 4, NonGenuineGrace\); the licensing service judged this copy non-genuine/);
  });

  it('reads a licence block of ospp.vbs /dstatus (Wind4/vlmcsd issue 20)', () => {
    const text = [
      '---------------------------------------',
      'LICENSE NAME: Office 19, Office19ProPlus2019VL_KMS_Client_AE edition',
      'LICENSE DESCRIPTION: Office 19, VOLUME_KMSCLIENT channel',
      'BETA EXPIRATION: 1601-01-01',
      'LICENSE STATUS:  ---LICENSED---',
      'ERROR CODE: 0x4004F040 (for information purposes only as the status is licensed)',
      'REMAINING GRACE: 179 days  (259199 minute(s) before expiring)',
      'Last 5 characters of installed product key: 6MWKP',
      'KMS machine registry override defined: 127.0.0.2:1688',
      '---------------------------------------',
    ].join('\r\n');
    expect(parseOsppDstatus(text)).toEqual([
      expect.objectContaining({ product: 'Office 19, Office19ProPlus2019VL_KMS_Client_AE edition', status: 'licensed', statusCode: 1, channel: 'volume_kms', partialProductKey: '6MWKP', kmsHost: '127.0.0.2:1688', graceRemainingDays: 179 }),
    ]);
  });
});

describe('licence channel', () => {
  it.each([
    [['OEM:DM', 'Windows(R) Operating System, OEM_DM channel'], 'oem'],
    [['Retail', 'Windows(R) Operating System, RETAIL channel'], 'retail'],
    [['Volume:GVLK', 'Windows(R) Operating System, VOLUME_KMSCLIENT channel'], 'volume_kms'],
    [['Volume:MAK', 'Windows(R) Operating System, VOLUME_MAK channel'], 'volume_mak'],
    [['', 'Office 16, TIMEBASED_SUB channel'], 'subscription'],
    [['', 'Office 16, RETAIL(Grace) channel'], 'retail'],
    [['', 'Office 19, Office19ProPlus2019VL_KMS_Client_AE edition'], 'volume_kms'],
    // massgravel/Microsoft-Activation-Scripts issue 269 publishes it with a space after the underscore.
    [['', 'Office 16, TIMEBASED_ SUB channel'], 'subscription'],
    [['', ''], 'unknown'],
  ] as const)('%j is %s', (texts, channel) => {
    expect(channelOf(...texts)).toBe(channel);
  });
});

describe('the licensed-software verdict', () => {
  const kms = (kmsHost: string | null): LicenceFacts => ({
    product: 'Windows(R), Professional edition', status: 'licensed', statusCode: 1, channel: 'volume_kms', description: '', partialProductKey: 'T83GX', kmsHost, graceRemainingDays: 172, source: 'SoftwareLicensingProduct',
  });
  const allowList = ['kms.haiphong.vks.local', '10.20.0.5:1688'];

  it.each([
    ['the organisation\'s KMS host', 'kms.haiphong.vks.local', allowList, true, /organisation's KMS host/],
    ['an allow-listed host written with port and capitals', 'KMS.HaiPhong.vks.local:1688', allowList, true, /organisation's KMS host/],
    ['an allow-listed address given with its port', '10.20.0.5', allowList, true, /organisation's KMS host/],
    ['a public KMS host (pirate)', 'kms.digiboy.ir', allowList, false, /not on the organisation's KMS allow-list \(kms\.haiphong\.vks\.local, 10\.20\.0\.5:1688\).*not licensed software/],
    ['a KMS emulator on loopback', '127.0.0.2', allowList, false, /KMS emulator/],
    ['any host when the allow-list is empty', 'kms.haiphong.vks.local', [], false, /allow-list, which is empty/],
    ['a host while no collector config was fetched', 'kms.haiphong.vks.local', null, null, /no KMS allow-list from the collector/],
    ['a KMS activation that records no host', null, allowList, null, /not recorded/],
  ] as const)('KMS activation by %s', (_, host, list, verdict, reason) => {
    const v = judgeLicence(kms(host), list);
    expect(v.licensedSoftware).toBe(verdict);
    expect(v.verdictReason).toMatch(reason);
  });

  it.each([
    ['a fresh genuine activation (180 days)', 'kms.haiphong.vks.local', 180, true, /organisation's KMS host/],
    ['181 days: more than a KMS host grants', 'kms.haiphong.vks.local', 181, false, /181 days left before renewal: a genuine KMS activation holds at most 180 days/],
    ['KMS38 (until 2038) with no host left', null, 4077, false, /activated by KMS with 4,077 days left.*KMS38\/KMS4k crack/],
    ['decades, from the organisation\'s own host', 'kms.haiphong.vks.local', 63685, false, /\(host kms\.haiphong\.vks\.local\) with 63,685 days left/],
    ['decades, while no allow-list was fetched', 'kms.haiphong.vks.local', 63685, false, /63,685 days/],
    ['grace not reported (an older agent)', 'kms.haiphong.vks.local', null, true, /organisation's KMS host/],
  ] as const)('a KMS activation with %s', (name, host, days, verdict, reason) => {
    const list = name.includes('no allow-list') ? null : allowList;
    const v = judgeLicence({ ...kms(host), graceRemainingDays: days }, list);
    expect(v.licensedSoftware).toBe(verdict);
    expect(v.verdictReason).toMatch(reason);
  });

  it.each([
    ['oem', 'licensed', true],
    ['retail', 'licensed', true],
    ['volume_mak', 'licensed', true],
    ['subscription', 'licensed', true],
    ['oem', 'grace', false],
    ['retail', 'notification', false],
    ['retail', 'unlicensed', false],
    ['retail', 'unknown', null],
  ] as const)('a %s licence in status %s counts as licensed software: %s', (channel, status, verdict) => {
    expect(judgeLicence({ ...kms(null), channel, status }, allowList).licensedSoftware).toBe(verdict);
  });
});

describe('Windows licensing from the posture document', () => {
  it('OEM Windows and Office by the organisation\'s KMS host (windows-desktop-defender)', async () => {
    const { doc } = await windowsCapture('windows-desktop-defender');
    const section = parseWindowsLicensing(doc, ['kms.haiphong.vks.local']);
    expect(section.windows).toMatchObject({ product: 'Windows(R), Professional edition', status: 'licensed', statusCode: 1, channel: 'oem', partialProductKey: 'F6YP2', licensedSoftware: true });
    expect(section.office).toHaveLength(1);
    expect(section.office[0]).toMatchObject({ channel: 'volume_kms', kmsHost: 'kms.haiphong.vks.local', licensedSoftware: true });
  });

  it('pirate KMS: a public host for Windows, a loopback emulator for Office (windows-pirate-kms)', async () => {
    const { doc } = await windowsCapture('windows-pirate-kms');
    const section = parseWindowsLicensing(doc, ['kms.haiphong.vks.local']);
    expect(section.windows).toMatchObject({ status: 'licensed', channel: 'volume_kms', kmsHost: 'kms.digiboy.ir', licensedSoftware: false });
    expect(section.windows?.verdictReason).toMatch(/kms\.digiboy\.ir.*not on the organisation's KMS allow-list/);
    expect(section.office[0]).toMatchObject({ kmsHost: '127.0.0.2', licensedSoftware: false });
  });

  it('KMS38 and KMS4k cracks are not licensed software, whatever their host (windows-kms38)', async () => {
    const { doc } = await windowsCapture('windows-kms38');
    const section = parseWindowsLicensing(doc, ['kms.haiphong.vks.local']);
    expect(section.windows).toMatchObject({ status: 'licensed', channel: 'volume_kms', kmsHost: null, graceRemainingDays: 4077, licensedSoftware: false });
    expect(section.office[0]).toMatchObject({ kmsHost: 'kms.haiphong.vks.local', graceRemainingDays: 63685, licensedSoftware: false });
    expect(section.office[0]!.verdictReason).toMatch(/63,685 days left before renewal/);
  });

  it('a genuine KMS activation by the organisation\'s host, 168 days left, on a server (windows-server-2016-defender-4.10)', async () => {
    const { doc } = await windowsCapture('windows-server-2016-defender-4.10');
    expect(parseWindowsLicensing(doc, ['kms.haiphong.vks.local']).windows).toMatchObject({ graceRemainingDays: 168, licensedSoftware: true });
  });

  it('Microsoft 365 Apps from Click-to-Run with a user\'s licence files (windows-click-to-run)', async () => {
    const { doc } = await windowsCapture('windows-click-to-run');
    const section = parseWindowsLicensing(doc, []);
    expect(section.office).toEqual([
      expect.objectContaining({ product: 'Microsoft 365 Apps (O365ProPlusRetail)', status: 'licensed', channel: 'subscription', licensedSoftware: true, source: 'ClickToRun configuration and Office licence files' }),
    ]);
  });

  it.each([
    ['no user profile holds a licence', { licensedProfiles: [], SharedComputerLicensing: null }, /sign in to Office/],
    ['shared computer activation', { licensedProfiles: [], SharedComputerLicensing: '1' }, /shared computer activation/],
  ])('Click-to-Run with %s is undecided, with the reason', (_, c2r, reason) => {
    const doc = documentWith({
      softwareLicensingProduct: [],
      clickToRun: { ProductReleaseIds: 'O365BusinessRetail,VisioProRetail', VersionToReport: '16.0.1', ...c2r },
    });
    const section = parseWindowsLicensing(doc, []);
    expect(section.office).toHaveLength(1);
    expect(section.office[0]).toMatchObject({ product: 'Microsoft 365 Apps (O365BusinessRetail)', status: 'unknown', licensedSoftware: null });
    expect(section.office[0]?.verdictReason).toMatch(reason);
  });

  it('an SPP subscription entry stands for Click-to-Run instead of a second entry', () => {
    const doc = documentWith({
      softwareLicensingProduct: [
        { Name: 'Office 16, Office16O365ProPlusR_Subscription1 edition', Description: 'Office 16, TIMEBASED_SUB channel', ApplicationID: OFFICE_APPLICATION_ID, LicenseStatus: 1, PartialProductKey: 'ABCDE' },
      ],
      clickToRun: { ProductReleaseIds: 'O365ProPlusRetail', licensedProfiles: [] },
    });
    expect(parseWindowsLicensing(doc, []).office.map((o) => o.channel)).toEqual(['subscription']);
  });

  it('Office in notification mode from the ospp.vbs fallback (windows-office-grace-stale-av)', async () => {
    const { doc } = await windowsCapture('windows-office-grace-stale-av');
    const section = parseWindowsLicensing(doc, []);
    expect(section.office).toEqual([
      expect.objectContaining({ product: 'Office 16, Office16O365BusinessR_Grace edition', status: 'notification', statusCode: 5, channel: 'retail', source: 'ospp.vbs /dstatus', licensedSoftware: false }),
    ]);
  });

  it('takes the Windows licence itself, not an ESU add-on, and reports a missing key as unlicensed', () => {
    const base = { ApplicationID: WINDOWS_APPLICATION_ID, PartialProductKey: 'XXXXX' };
    const doc = documentWith({
      softwareLicensingProduct: [
        { ...base, Name: 'Windows(R), Client-ESU-Year1 add-on for Education,Enterprise,Professional', LicenseStatus: 1, LicenseIsAddon: true },
        { ...base, Name: 'Windows(R), Professional edition', Description: 'Windows(R) Operating System, RETAIL channel', LicenseStatus: 5 },
      ],
    });
    expect(parseWindowsLicensing(doc, []).windows).toMatchObject({ product: 'Windows(R), Professional edition', status: 'notification', licensedSoftware: false });
    expect(parseWindowsLicensing(documentWith({ softwareLicensingProduct: [] }), []).windows).toMatchObject({ status: 'unlicensed', description: 'no Windows product key is installed', licensedSoftware: false });
  });

  it('leaves the section unknown when the Software Protection Platform could not be read', () => {
    expect(() => parseWindowsLicensing(documentWith({ softwareLicensingProduct: { error: 'Access denied ' } }), [])).toThrow(/Software Protection Platform could not be read \(Access denied/);
  });
});
