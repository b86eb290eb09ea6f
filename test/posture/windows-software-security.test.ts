import { describe, expect, it } from 'vitest';
import { loadCatalogue } from '../../agent/catalogue/catalogue.js';
import { windowsSupport } from '../../agent/posture/os-support.js';
import { parseWindowsSecurity } from '../../agent/windows/security.js';
import { parseWindowsSoftware } from '../../agent/windows/software.js';
import { documentWith, windowsCapture } from './fixtures.js';

const catalogue = loadCatalogue();

describe('installed programs from the Uninstall keys', () => {
  it('lists both registry views and user hives, flags system components, drops updates (windows-desktop-defender)', async () => {
    const { doc } = await windowsCapture('windows-desktop-defender');
    const { source, programs } = parseWindowsSoftware(doc);
    expect(source).toBe('registry');
    expect(programs.map((p) => p.name)).not.toContain('Update for Microsoft Office 2019 (KB5002700)');
    expect(programs.find((p) => p.name.startsWith('UltraViewer'))).toEqual({
      name: 'UltraViewer version 6.6.112', version: '6.6.112', publisher: 'DucFabulous', installDate: '2026-03-15', systemComponent: false, scope: 'machine', arch: 'x86',
    });
    expect(programs.find((p) => p.name.startsWith('Microsoft Visual C++'))?.systemComponent).toBe(true);
    expect(programs.find((p) => p.scope === 'user')).toMatchObject({ name: 'Bộ gõ tiếng Việt EVKey', publisher: 'Lâm Quang Minh', installDate: null });
  });

  it('lists an entry seen in both views of a 32-bit Windows once, and keeps only real yyyymmdd dates', () => {
    const entry = { DisplayName: '7-Zip 24.08', DisplayVersion: '24.08', Publisher: 'Igor Pavlov', KeyName: '7-Zip', Scope: 'machine' };
    const doc = documentWith({ software: [{ ...entry, Arch: 'x64', InstallDate: '20241130' }, { ...entry, Arch: 'x86', InstallDate: '20241130' }, { ...entry, KeyName: 'other', InstallDate: '30/11/2024' }] });
    const { programs } = parseWindowsSoftware(doc);
    expect(programs.map((p) => [p.arch, p.installDate])).toEqual([['x64', '2024-11-30'], ['', null]]);
  });

  it('leaves the section unknown when the registry could not be read', () => {
    expect(() => parseWindowsSoftware(documentWith({ software: { error: 'Requested registry access is not allowed.' } }))).toThrow(/Uninstall registry keys could not be read/);
  });
});

describe('Windows security posture', () => {
  it('reads every fact of the desktop scenario (windows-desktop-defender)', async () => {
    const { doc, asOf } = await windowsCapture('windows-desktop-defender');
    expect(parseWindowsSecurity(doc, catalogue, asOf)).toEqual({
      firewall: [{ profile: 'Domain', enabled: true }, { profile: 'Private', enabled: true }, { profile: 'Public', enabled: true }],
      // E: is a removable (USB) volume and is left out.
      diskEncryption: [{ volume: 'C:', encrypted: true, method: 'XTS-AES 128' }, { volume: 'D:', encrypted: false, method: '' }],
      // The failed Defender update on 11-19 does not count; the cumulative update of 11-12 does.
      lastUpdateInstalledAt: '2026-11-12T03:14:00.000Z',
      localAdmins: ['VKS-P1-PC07\\Administrator', 'VKS-P1-PC07\\itadmin', 'VKSHP\\Domain Admins'],
      remoteAccessTools: [{ name: 'UltraViewer', installed: true, running: true, evidence: 'installed: UltraViewer version 6.6.112; running: UltraViewer_Desktop, UltraViewer_Service' }],
      signingTokens: [{ name: 'SafeNet / Aladdin eToken', vendorId: '0529', productId: '0620' }],
      osSupport: { supported: true, endOfSupport: '2027-10-12', reason: 'Windows 11 25H2 (Professional) is supported by its vendor until 2027-10-12' },
    });
  });

  it('finds a public profile with the firewall off, an installed but stopped AnyDesk, and an unsupported Windows 10 (windows-pirate-kms)', async () => {
    const { doc, asOf } = await windowsCapture('windows-pirate-kms');
    const s = parseWindowsSecurity(doc, catalogue, asOf);
    expect(s.firewall.find((f) => f.profile === 'Public')?.enabled).toBe(false);
    expect(s.remoteAccessTools).toEqual([{ name: 'AnyDesk', installed: true, running: false, evidence: 'installed: AnyDesk ad 9.0.5' }]);
    expect(s.osSupport).toMatchObject({ supported: false, endOfSupport: '2025-10-14' });
  });

  it('says "unknown" for parts that failed on the machine, never "none" (windows-server-no-sc2)', async () => {
    const { doc, asOf } = await windowsCapture('windows-server-no-sc2');
    const s = parseWindowsSecurity(doc, catalogue, asOf);
    expect(s.diskEncryption).toEqual([{ volume: 'all', encrypted: null, method: '' }]);
    expect(s.lastUpdateInstalledAt).toBe('2025-03-11T00:00:00.000Z');
    const failed = parseWindowsSecurity(documentWith({ firewall: { error: 'x' }, localAdmins: { error: 'x' }, os: { error: 'x' } }), catalogue, asOf);
    expect(failed.firewall).toEqual([{ profile: 'all', enabled: null }]);
    expect(failed.localAdmins).toBeNull();
    expect(failed.osSupport.supported).toBeNull();
  });

  it('reads hotfix dates in both InstalledOn forms (windows-office-grace-stale-av)', async () => {
    const { doc, asOf } = await windowsCapture('windows-office-grace-stale-av');
    expect(parseWindowsSecurity(doc, catalogue, asOf).lastUpdateInstalledAt).toBe('2025-10-14T00:00:00.000Z');
  });
});

describe('Windows end of support', () => {
  const on = new Date('2026-11-20T00:00:00Z');
  it.each([
    ['Windows 11 25H2 Pro', 26200, 1, 'Professional', true, '2027-10-12'],
    ['Windows 11 24H2 Pro, a month past its end', 26100, 1, 'Professional', false, '2026-10-13'],
    ['Windows 11 24H2 Enterprise (one more year)', 26100, 1, 'Enterprise', true, '2027-10-12'],
    ['Windows 11 LTSC 2024', 26100, 1, 'EnterpriseS', true, '2029-10-09'],
    ['Windows 10 22H2 Pro', 19045, 1, 'Professional', false, '2025-10-14'],
    ['Windows 10 LTSC 2021', 19044, 1, 'EnterpriseS', true, '2027-01-12'],
    ['Windows 7', 7601, 1, 'Professional', false, '2020-01-14'],
    ['Windows Server 2016 (same build as Windows 10 1607)', 14393, 3, 'ServerStandard', true, '2027-01-12'],
    ['Windows Server 2025 (same build as Windows 11 24H2)', 26100, 3, 'ServerDatacenter', true, '2034-10-10'],
  ] as const)('%s', (_, build, productType, editionId, supported, endOfSupport) => {
    expect(windowsSupport(catalogue, { caption: '', build, productType, editionId }, on)).toMatchObject({ supported, endOfSupport });
  });

  it('does not guess for a build it does not know', () => {
    expect(windowsSupport(catalogue, { caption: 'Microsoft Windows 12 Pro', build: 30000, productType: 1, editionId: 'Professional' }, on)).toEqual({
      supported: null, endOfSupport: null, reason: expect.stringMatching(/build 30000 is not in the agent's end-of-support catalogue/),
    });
  });
});
