import { describe, expect, it } from 'vitest';
import { loadCatalogue } from '../../agent/catalogue/catalogue.js';
import type { RawOutput } from '../../agent/exec/recorded.js';
import { parseClamscanVersion, parseSigtoolInfo } from '../../agent/linux/antivirus/clamav.js';
import { parseEsetLicence, parseEsetModules } from '../../agent/linux/antivirus/eset.js';
import { parseLinuxAntivirus } from '../../agent/linux/antivirus/index.js';
import { parseKeslAppInfo } from '../../agent/linux/antivirus/kesl.js';
import { adminGroupMembers, diskEncryptionFromLsblk, nftablesFiltering, parseLinuxSecurity, parseUfwStatus, usbIdsFromSysfs } from '../../agent/linux/security.js';
import { parseDpkg, parseLinuxSoftware, parseRpm } from '../../agent/linux/software.js';
import { LINUX_KEYS } from '../../agent/linux/steps.js';
import { linuxSupport, parseOsRelease } from '../../agent/posture/os-support.js';
import { linuxCapture } from './fixtures.js';

const catalogue = loadCatalogue();

const recorded = (key: string, stdout: string, over: Partial<RawOutput> = {}): [string, RawOutput] => [
  key,
  { key: key as RawOutput['key'], command: key, kind: 'command', absent: false, exitCode: 0, timedOut: false, durationMs: 0, stderr: '', stdout, ...over },
];

describe('installed packages', () => {
  it('reads the dpkg-query format of shared/reference, keeping only installed packages', () => {
    const text = 'adduser\tall\t3.112+nmu2\tinstall ok installed\tDebian Adduser Developers <adduser@packages.debian.org>\t1747699200\n' +
      'teamviewer\tamd64\t15.50.5\tdeinstall ok config-files\tTeamViewer GmbH <support@teamviewer.com>\t1700000000\n' +
      'oldlib\tamd64\t1.0\tinstall ok half-configured\tX <x@y>\t\n';
    expect(parseDpkg(text)).toEqual([
      { name: 'adduser', arch: 'all', version: '3.112+nmu2', publisher: 'Debian Adduser Developers', installDate: '2025-05-20', systemComponent: false, scope: 'machine', installedAt: new Date(1747699200_000) },
    ]);
  });

  it('reads rpm\'s queryformat and skips gpg-pubkey', () => {
    expect(parseRpm('bash\tx86_64\t5.1.8-9.el9\tRed Hat, Inc.\t1725000000\ngpg-pubkey\t(none)\tfd431d51-4ae0493b\t(none)\t1725000000\n').map((p) => [p.name, p.publisher, p.installDate])).toEqual([
      ['bash', 'Red Hat, Inc.', '2024-08-30'],
    ]);
  });

  it('reads rpm when dpkg-query is absent (linux-eset)', async () => {
    const { outputs } = await linuxCapture('linux-eset');
    expect(parseLinuxSoftware(outputs)).toMatchObject({ source: 'rpm', programs: expect.arrayContaining([expect.objectContaining({ name: 'eea', version: '12.0.13.0-1' })]) });
  });

  it.each([
    ['neither dpkg nor rpm is installed: source none, no error', new Map([recorded(LINUX_KEYS.dpkg, '', { absent: true, exitCode: null }), recorded(LINUX_KEYS.rpm, '', { absent: true, exitCode: null })]), { source: 'none', programs: [] }],
  ])('%s', (_, outputs, expected) => {
    expect(parseLinuxSoftware(outputs)).toEqual(expected);
  });

  it('leaves the section unknown when dpkg-query fails', () => {
    const outputs = new Map([recorded(LINUX_KEYS.dpkg, '', { exitCode: 2, stderr: 'dpkg-query: error: parsing file /var/lib/dpkg/status' })]);
    expect(() => parseLinuxSoftware(outputs)).toThrow(/dpkg-query failed \(dpkg-query: error: parsing file/);
  });
});

describe('antivirus tool outputs', () => {
  it('clamscan --version (glpi-agent clamav.t)', () => {
    expect(parseClamscanVersion('ClamAV 1.4.3/28046/Mon Jun 29 03:27:20 2026')).toEqual({ engine: '1.4.3', database: '28046', databaseDate: new Date('2026-06-29T03:27:20Z') });
    expect(parseClamscanVersion('ClamAV 0.103.8')).toEqual({ engine: '0.103.8', database: null, databaseDate: null });
  });

  it('sigtool --info (shared/reference)', () => {
    expect(parseSigtoolInfo('File: /var/lib/clamav/daily.cld\nBuild time: 10 Mar 2008 10:45 +0000\nVersion: 6191\n')).toEqual({ version: '6191', buildTime: new Date('2008-03-10T10:45:00Z') });
  });

  it('ESET lic --status and upd --list-modules (glpi-agent eea-12.0.13.0 records)', () => {
    expect(parseEsetLicence('Product name: ESET Endpoint Antivirus for Linux\nStatus: Activated\nPublic ID: 999-XXX-YYY\nLicense Validity: 2026-06-21\n')).toEqual({
      product: 'ESET Endpoint Antivirus for Linux', activated: true, validUntil: new Date('2026-06-21T00:00:00Z'),
    });
    expect(parseEsetModules('EM001\t  1629 (20250805)\tAntivirus and antispyware scanner module\nEM002\t 31832 (20250909)\tDetection engine\n')).toEqual({ version: '31832', date: new Date('2025-09-09T00:00:00Z') });
  });

  it('kesl-control --app-info (shared/reference lines)', () => {
    expect(parseKeslAppInfo('Last release date of databases: 2018-08-23 04:11:00\nAnti-virus databases loaded: Yes\n')).toMatchObject({
      databasesReleased: new Date('2018-08-23T04:11:00Z'), databasesLoaded: true, fileThreatProtection: null,
    });
  });
});

describe('antivirus on Linux, per scenario', () => {
  it.each([
    ['linux-debian-clean', []],
    ['linux-clamav-anydesk', [{ name: 'ClamAV 1.4.3', vendor: 'Cisco (ClamAV)', enabled: true, realTime: false, upToDate: true, signatureAgeDays: 4, passive: false, stale: false }]],
    ['linux-eset', [{ name: 'ESET Endpoint Antivirus for Linux', vendor: 'ESET', enabled: true, realTime: true, upToDate: true, signatureAgeDays: 1, passive: false }]],
    // Passive Defender for Endpoint protects nothing, whatever it reports (glpi-agent record).
    ['linux-mdatp-passive', [{ name: 'Microsoft Defender for Endpoint 101.23062.0010', vendor: 'Microsoft', enabled: false, realTime: false, upToDate: true, signatureAgeDays: 0, passive: true }]],
    // The recorded app-info has no real-time line: that state stays unknown.
    ['linux-kesl', [{ name: 'Kaspersky Endpoint Security 10 SP1 for Linux 10.1.0.6421', vendor: 'Kaspersky', enabled: true, realTime: null, upToDate: true, signatureAgeDays: 1 }]],
  ])('%s', async (scenario, expected) => {
    const { outputs, asOf } = await linuxCapture(scenario);
    const { products } = parseLinuxAntivirus(outputs, catalogue, asOf);
    expect(products).toEqual(expected.map((p) => expect.objectContaining(p)));
  });

  it('an ESET licence past its validity is not up to date', async () => {
    const { outputs } = await linuxCapture('linux-eset');
    const { products } = parseLinuxAntivirus(outputs, catalogue, new Date('2026-06-22T00:00:00Z'));
    expect(products[0]).toMatchObject({ enabled: false, upToDate: false, source: expect.stringMatching(/licence valid until 2026-06-21 \(expired\)/) });
  });

  it('a known product found only as a package is listed with its state unknown', () => {
    const outputs = new Map([recorded(LINUX_KEYS.dpkg, 'falcon-sensor\tamd64\t7.10.0\tinstall ok installed\tCrowdStrike <x@y>\t1700000000\n'), recorded(LINUX_KEYS.processes, 'systemd\n')]);
    expect(parseLinuxAntivirus(outputs, catalogue, new Date()).products).toEqual([
      expect.objectContaining({ name: 'CrowdStrike Falcon 7.10.0', vendor: 'CrowdStrike', enabled: null, source: expect.stringMatching(/no status reader/) }),
    ]);
  });

  it('a KESL that does not answer means its service is not running', () => {
    const outputs = new Map([recorded(LINUX_KEYS.kesl, '', { exitCode: 1, stderr: 'Cannot connect to the application' })]);
    expect(parseLinuxAntivirus(outputs, catalogue, new Date()).products[0]).toMatchObject({ enabled: false, source: expect.stringMatching(/Cannot connect/) });
  });
});

describe('firewall, disks, admins and tokens', () => {
  it.each([
    ['an empty ruleset', { nftables: [{ metainfo: {} }] }, false],
    ['an input chain with policy drop', { nftables: [{ chain: { family: 'inet', table: 'filter', name: 'input', hook: 'input', policy: 'drop' } }] }, true],
    ['an accept-policy input chain ending in reject (firewalld)', { nftables: [{ chain: { family: 'inet', table: 'firewalld', name: 'filter_INPUT', hook: 'input', policy: 'accept' } }, { rule: { family: 'inet', table: 'firewalld', chain: 'filter_INPUT', expr: [{ reject: { type: 'icmpx' } }] } }] }, true],
    ['a drop rule in a chain not hooked on input', { nftables: [{ chain: { family: 'ip', table: 'nat', name: 'post', hook: 'postrouting', policy: 'accept' } }, { rule: { family: 'ip', table: 'nat', chain: 'post', expr: [{ drop: null }] } }] }, false],
  ])('nftables with %s filters: %s', (_, ruleset, filtering) => {
    expect(nftablesFiltering(JSON.stringify(ruleset))).toBe(filtering);
  });

  it.each([
    ['Status: active\n\nTo Action From', true],
    ['Status: inactive', false],
    ['ERROR: You need to be root to run this script', null],
  ])('ufw %j', (text, enabled) => {
    expect(parseUfwStatus(text)).toBe(enabled);
  });

  it('finds LUKS under the root filesystem and ignores /boot, swap and snaps', () => {
    const lsblk = { blockdevices: [{ name: 'nvme0n1', type: 'disk', fstype: null, mountpoint: null, children: [
      { name: 'p1', type: 'part', fstype: 'vfat', mountpoint: '/boot/efi' },
      { name: 'p2', type: 'part', fstype: 'crypto_LUKS', mountpoint: null, children: [{ name: 'luks-1', type: 'crypt', fstype: 'ext4', mountpoint: '/' }] },
      { name: 'p3', type: 'part', fstype: 'ext4', mountpoint: '/data' },
      { name: 'p4', type: 'part', fstype: 'swap', mountpoint: '[SWAP]' },
    ] }, { name: 'loop0', type: 'loop', fstype: 'squashfs', mountpoint: '/snap/core22/1380' }] };
    expect(diskEncryptionFromLsblk(JSON.stringify(lsblk))).toEqual([
      { volume: '/', encrypted: true, method: 'LUKS (luks-1)' },
      { volume: '/data', encrypted: false, method: '' },
    ]);
  });

  it('lists members of sudo, wheel and admin only', () => {
    expect(adminGroupMembers('sudo:x:27:alice,bob\nwheel:x:10:carol\nadmin:x:115:\nusers:x:100:dave\n')).toEqual(['alice', 'bob', 'carol']);
  });

  it('reads USB ids from sysfs lines', () => {
    expect(usbIdsFromSysfs('0529:0620\tSafeNet\tToken JC\n1d6b:0002\tLinux Foundation\t2.0 root hub\n')).toEqual([
      { vendorId: '0529', productId: '0620' }, { vendorId: '1d6b', productId: '0002' },
    ]);
  });

  it.each([
    ['ID=debian\nVERSION_ID="12"', '2026-11-20', true, '2028-06-30'],
    ['ID=ubuntu\nVERSION_ID="22.04"', '2026-11-20', true, '2027-06-30'],
    ['ID=ubuntu\nVERSION_ID="20.04"', '2026-11-20', false, '2025-05-31'],
    ['ID="rhel"\nVERSION_ID="9.6"', '2026-11-20', true, '2032-05-31'],
    ['ID=centos\nVERSION_ID="7"', '2026-11-20', false, '2024-06-30'],
    ['ID=arch\nBUILD_ID=rolling', '2026-11-20', null, null],
  ] as const)('OS support of %j on %s', (osRelease, day, supported, endOfSupport) => {
    expect(linuxSupport(catalogue, parseOsRelease(osRelease), new Date(day))).toMatchObject({ supported, endOfSupport });
  });

  it('assembles the Ubuntu workstation scenario (linux-clamav-anydesk)', async () => {
    const { outputs, asOf } = await linuxCapture('linux-clamav-anydesk');
    expect(parseLinuxSecurity(outputs, catalogue, asOf)).toEqual({
      firewall: [{ profile: 'nftables', enabled: true }, { profile: 'ufw', enabled: true }],
      diskEncryption: [{ volume: '/', encrypted: true, method: 'LUKS (dm_crypt-0)' }],
      lastUpdateInstalledAt: '2026-07-02T13:46:40.000Z',
      localAdmins: ['itadmin', 'nguyenvana'],
      remoteAccessTools: [{ name: 'AnyDesk', installed: true, running: true, evidence: 'installed: anydesk 6.3.2; running: anydesk' }],
      signingTokens: [{ name: 'Feitian ePass token', vendorId: '096e', productId: '0807' }],
      osSupport: { supported: true, endOfSupport: '2027-06-30', reason: 'Ubuntu 22.04 LTS is supported by its vendor until 2027-06-30' },
    });
  });

  it('a removed package (config files only) is not an installed remote-access tool', async () => {
    const { outputs, asOf } = await linuxCapture('linux-clamav-anydesk');
    expect(parseLinuxSecurity(outputs, catalogue, asOf).remoteAccessTools.map((t) => t.name)).not.toContain('TeamViewer');
  });
});
