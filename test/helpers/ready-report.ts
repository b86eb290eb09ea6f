/**
 * A host report with every section filled the way a ready Windows workstation in Hải Phòng
 * would send it: it passes every rule of the default pack. Tests change one thing at a time.
 */
import type { HostReport, HostReportInput, ProbeResult } from '../../schema/index.js';
import { makeReport } from './report-fixture.js';

export const probe = (role: string, scope: 'lan' | 'wan', extra: Partial<ProbeResult> = {}): ProbeResult => ({
  kind: role === 'wan_dns' ? 'dns' : role === 'gateway' ? 'icmp' : 'tcp',
  scope,
  role,
  target: { gateway: '192.0.2.1', lan_server: '192.0.2.10', wan_endpoint: '198.51.100.10', wan_dns: 'qlahs.vks.example' }[role] ?? '192.0.2.99',
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
    results: [probe('gateway', 'lan'), probe('lan_server', 'lan'), probe('wan_endpoint', 'wan'), probe('wan_dns', 'wan')],
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
