/**
 * A collector app in-process for scan tests: the default rule pack, the example org, a
 * readiness that reads the scan store, and the scan service over the same store and audit log.
 */
import { createAccessControl } from '../../collector/access/access-control.js';
import { AccessStore } from '../../collector/access/access-store.js';
import { loadOrgFile } from '../../collector/org-file.js';
import { Readiness, readinessDeps } from '../../collector/readiness.js';
import { ScanStore } from '../../collector/scans/scan-store.js';
import { ScanService } from '../../collector/scans/service.js';
import { MemoryStore } from '../../collector/store/memory-store.js';
import type { RuleSet } from '../../rules/compile.js';
import { DEFAULT_PACK_FILE, loadRuleSet } from '../../rules/load-pack.js';
import type { DeviceInput } from '../../rules/device-input.js';
import type { HostReport, OrgFile } from '../../schema/index.js';
import { addUsers } from './access-fixture.js';
import { ADMIN_TOKEN, makeTestApp } from './test-app.js';

export interface ScanAppOptions {
  now: () => Date;
  rules?: RuleSet;
  /** Another org file than the example's (e.g. with machines audited over SSH). */
  org?: OrgFile;
  /** The org file's devices with their latest scans (collector/devices/inputs.ts). */
  devices?: () => DeviceInput[];
}

// Read once per test file: each test builds a fresh app on them.
const ORG = loadOrgFile('examples/org.haiphong.yaml');
const DEFAULT_RULES = loadRuleSet([DEFAULT_PACK_FILE]);

export async function makeScanApp(opts: ScanAppOptions) {
  const org = opts.org ?? (await ORG);
  const devices = opts.devices ? { devices: opts.devices } : {};
  const rules = opts.rules ?? (await DEFAULT_RULES);
  const store = new MemoryStore();
  const scanStore = new ScanStore({ dataDir: null });
  const readiness = new Readiness({ store, org, rules, history: null, now: opts.now, scans: scanStore, ...devices });
  const access = createAccessControl({ store: new AccessStore({ dataDir: null, now: opts.now }), bootstrapToken: ADMIN_TOKEN });
  const scans = new ScanService({ scans: scanStore, hosts: store, ...devices, rules, org: readiness, audit: (f) => access.store.record(f), now: opts.now });
  const t = makeTestApp({ store, now: opts.now, access, scans, ...readinessDeps(readiness) });
  const users = await addUsers(access.store, [
    { name: 'root', role: 'admin', unit: null },
    { name: 'police.kv1', role: 'security_officer', unit: 'hp-kv1' },
    { name: 'police.lead', role: 'security_officer', unit: 'hp', recursive: true },
    { name: 'police.kv2', role: 'security_officer', unit: 'hp-kv2' },
    { name: 'clerk.kv1', role: 'viewer', unit: 'hp-kv1' },
    { name: 'mgr.kv1', role: 'unit_manager', unit: 'hp-kv1' },
  ]);
  const token = (name: string) => users[name]!.token;

  /** A host of `unit` with `report` stored as its agent sent it. */
  async function addHost(agentId: string, unit: string, report: HostReport, receivedAt = opts.now()) {
    await store.createAgent({ agentId, keyHash: '0'.repeat(64), unit, room: null, hostname: report.os?.hostname ?? agentId, deviceKind: 'workstation', enrolledAt: receivedAt.toISOString() });
    await store.addReport(report, receivedAt, { softwareMatches: (_h, r) => readiness.softwareMatches(r) });
  }

  const send = (method: string, path: string, token: string, body?: unknown, contentType = 'application/json') =>
    t.app.request(`/api/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { 'content-type': contentType } : {}) },
      ...(body !== undefined ? { body: body instanceof Uint8Array ? (body as Uint8Array<ArrayBuffer>) : JSON.stringify(body) } : {}),
    });

  return { ...t, store, readiness, scans, scanStore, access, rules, token, addHost, send };
}
