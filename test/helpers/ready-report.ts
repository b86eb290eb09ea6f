/**
 * A host report with every section filled the way a ready Windows workstation in Hải Phòng
 * would send it: it passes every rule of the default pack. Tests change one thing at a time.
 */
import type { HostReport, HostReportInput, ProbeResult } from '../../schema/index.js';
import { makeReport } from './report-fixture.js';

/** A probe-only report of a machine collected at `at`: the LAN answers, the WAN endpoint answers or not. */
export const probeOnlyReport = (agentId: string, at: Date, wanUp: boolean): HostReport =>
  makeReport(agentId, {
    collectedAt: at.toISOString(),
    probeOnly: true,
    probes: { results: [probe('gateway', 'lan'), probe('wan_endpoint', 'wan', wanUp ? {} : { received: 0, lossPct: 100, rtt: null, error: 'no answer' })] },
  } as never);

export const probe = (role: string, scope: ProbeResult['scope'], extra: Partial<ProbeResult> = {}): ProbeResult => ({
  kind: role === 'wan_dns' ? 'dns' : role === 'gateway' ? 'icmp' : 'tcp',
  scope,
  role,
  target: { gateway: '192.0.2.1', lan_server: '192.0.2.10', wan_endpoint: '198.51.100.10', wan_dns: 'qlahs.vks.example', must_not_answer: '203.0.113.10' }[role] ?? '192.0.2.99',
  startedAt: '2025-12-05T02:59:00.000Z',
  sent: 10,
  received: 10,
  lossPct: 0,
  rtt: { minMs: 0.3, medianMs: scope === 'lan' ? 0.5 : 20, p95Ms: scope === 'lan' ? 0.9 : 30, maxMs: scope === 'lan' ? 1.2 : 40 },
  jitterMs: 0.1,
  error: null,
  detail: {},
  ...extra,
});

export const READY_SECTIONS = {
  licensing: {
    windows: {
      product: 'Windows(R), Professional edition',
      status: 'licensed',
      statusCode: 1,
      channel: 'oem',
      source: 'SoftwareLicensingProduct',
      licensedSoftware: true,
      verdictReason: 'activated with an OEM key',
    },
    office: [
      {
        product: 'Office 16, Office16ProPlusVL_KMS_Client edition',
        status: 'licensed',
        statusCode: 1,
        channel: 'volume_kms',
        kmsHost: 'kms.vks.example',
        source: 'SoftwareLicensingProduct',
        licensedSoftware: true,
        verdictReason: 'activated by kms.vks.example, on the allow-list',
      },
    ],
  },
  antivirus: {
    products: [
      { name: 'Bkav Pro', vendor: 'Bkav', enabled: true, realTime: true, upToDate: true, signatureAgeDays: 0, source: 'SecurityCenter2' },
      { name: 'Windows Defender', vendor: 'Microsoft', enabled: false, realTime: false, upToDate: true, signatureAgeDays: null, passive: true, source: 'SecurityCenter2' },
    ],
  },
  security: {
    firewall: [
      { profile: 'Domain', enabled: true },
      { profile: 'Private', enabled: true },
      { profile: 'Public', enabled: true },
    ],
    diskEncryption: [],
    lastUpdateInstalledAt: '2025-11-20',
    localAdmins: null,
    remoteAccessTools: [],
    signingTokens: [{ name: 'SafeNet eToken 5110', vendorId: '0529', productId: '0620' }],
    osSupport: { supported: true, endOfSupport: '2026-11-10', reason: 'Windows 11 23H2 is in support' },
  },
  probes: {
    results: [
      probe('gateway', 'lan'),
      probe('lan_server', 'lan'),
      probe('wan_endpoint', 'wan'),
      probe('wan_dns', 'wan'),
      probe('must_not_answer', 'internet', { received: 0, lossPct: 100, rtt: null, jitterMs: null, error: 'no answer to any of 10 attempts', detail: { port: 443 } }),
    ],
  },
  // One wired link to the WAN router, nothing else: no path to the Internet.
  connectivity: {
    adapters: [
      { name: 'Ethernet', description: 'Realtek PCIe GbE Family Controller', kind: 'ethernet', up: true, addresses: ['192.0.2.50/24'], defaultRoute: true },
      { name: 'Wi-Fi', description: 'Intel(R) Wi-Fi 6 AX201 160MHz', kind: 'wifi', up: false, addresses: [] },
    ],
    defaultRoutes: [{ family: 'ipv4', gateway: '192.0.2.1', interface: 'Ethernet', metric: 25, network: '192.0.2.0/24' }],
    wifi: [{ interface: 'Wi-Fi', ssid: '', connected: false, source: 'netsh wlan show interfaces' }],
    usbModems: [],
  },
  signing: {
    sectorRoots: [{ name: 'RootCA chuyên dùng Chính phủ G2 (Ban Cơ yếu Chính phủ)', subject: 'CN=RootCA chuyên dùng Chính phủ G2, O=Ban Cơ yếu Chính phủ, C=VN', thumbprint: '761a8d4043c70e020b8578b78f89bc16a637918b', notAfter: '2048-08-22T08:00:00.000Z', store: 'LocalMachine\\Root' }],
    certificates: [
      {
        subject: 'CN=Nguyễn Văn A, OU=Phòng 1, O=VKSND thành phố Hải Phòng, C=VN',
        issuer: 'CN=CA phục vụ các cơ quan Nhà nước G2, O=Ban Cơ yếu Chính phủ, C=VN',
        serial: '540101A1B2C3D4E5',
        notBefore: '2025-02-07T00:00:00.000Z',
        notAfter: '2028-01-07T00:00:00.000Z',
        thumbprint: '0123456789abcdef0123456789abcdef01234567',
        store: 'User\\S-1-5-21-1-2-3-1001\\My',
        provider: 'eToken Base Cryptographic Provider',
        onToken: true,
        sectorIssuer: true,
      },
    ],
    software: [
      { name: 'VGCA Token Manager', kind: 'middleware', program: 'VGCA Token Manager 1.0.21.0402' },
      { name: 'vSignPDF', kind: 'signing', program: 'vSignPDF 2.1' },
    ],
  },
  software: {
    source: 'registry',
    programs: [
      { name: 'Bkav Pro Internet Security', version: '2024', publisher: 'Bkav Corporation' },
      { name: 'Microsoft Office Professional Plus 2016', version: '16.0.4266.1001', publisher: 'Microsoft Corporation' },
      { name: 'VGCA Token Manager', version: '1.0.21.0402', publisher: 'Ban Cơ yếu Chính phủ' },
      { name: 'vSignPDF', version: '2.1', publisher: 'Ban Cơ yếu Chính phủ' },
    ],
  },
} satisfies Partial<HostReportInput>;

/** A ready report collected at `collectedAt`, with `extra` sections replacing the ready ones. */
/**
 * The collector's licensing policy that makes the ready report's KMS Office licensed: the
 * collector judges every licence against its own allow-list (rules/facts/licensing.ts).
 */
export const READY_LICENSING = { kmsAllowList: ['kms.vks.example'] } as const;

export function readyReport(agentId: string, collectedAt: string, extra: Partial<HostReportInput> = {}): HostReport {
  return makeReport(agentId, { collectedAt, ...READY_SECTIONS, ...extra });
}
