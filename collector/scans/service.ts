/**
 * Recording pre-use scans, the one way: the API routes, `readiness scan record|accept` and
 * the XLSX sheet import all come here, so the three cannot differ in what they accept. A
 * verdict is bound to the host's report on file (or, from a sheet, to the report the sheet was
 * printed from) and that report's posture; it is appended durably, then its audit line is
 * written, and only then answered. Only a security officer whose scope covers the device's
 * unit records or accepts (admins read them: the verdict is the security team's alone).
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Grant, HostReport, NewScanRequest, PostureSnapshot, Role, ScanAcceptance, ScanAttachment, ScanRecord, ScanStanding, ScanView } from '../../schema/index.js';
import { AcceptScanRequest, NewScanRequest as NewScanSchema } from '../../schema/index.js';
import type { z } from 'zod';
import type { RuleSet } from '../../rules/compile.js';
import { paperDay } from '../../rules/facts/scan.js';
import { dayInZone } from '../../rules/per-device.js';
import { cachedPosture, scanStanding } from '../../rules/scan/standing.js';
import { SECURITY_CATEGORIES } from '../../reports/kinds/security.js';
import type { ApiIssue } from '../../schema/index.js';
import { ApiError, badRequest, forbidden, notFound, parseOr400 } from '../errors.js';
import type { AuditFields } from '../access/audit-log.js';
import type { ChangeBy } from '../access/access-store.js';
import { describeGrant, grantCovers } from '../access/scope.js';
import type { Store } from '../store/types.js';
import type { DeviceInput } from '../../rules/device-input.js';
import { checkAttachment } from './attachment.js';
import { fingerprintOf } from './binding.js';
import type { ScanStore } from './scan-store.js';

export interface ScanServiceDeps {
  scans: ScanStore;
  hosts: Pick<Store, 'getHost' | 'readHost'>;
  /**
   * The org file's devices with their latest scan (collector/devices/inputs.ts): a machine
   * audited over SSH (issue 15) is scanned as a host is, under the agent id its host report
   * carries (absent: hosts only).
   */
  devices?: () => readonly DeviceInput[];
  rules: RuleSet;
  org: { unitChain(unitId: string): string[]; readonly timeZone: string };
  /** Appends an audit line (AccessStore.record). */
  audit: (fields: AuditFields) => Promise<unknown>;
  now: () => Date;
}

/** The person recording: a user and the grant they hold now. */
export interface Officer {
  name: string;
  role: Role;
  grant: Grant;
}

/** The device a verdict is about: a host, or a machine audited over SSH (`deviceId` set). */
export interface ScanSubject {
  hostId: string;
  unit: string;
  room: string | null;
  hostname: string;
  latest: HostReport | null;
  /** The org file's device id of a machine audited over SSH; null for an enrolled host. */
  deviceId: string | null;
}

/** A sheet row binds to the report the sheet was printed from, with the posture it carried. */
export interface SheetBound {
  reportId: string;
  collectedAt: string;
  posture: PostureSnapshot;
}

const sha256Of = (line: string) => createHash('sha256').update(line).digest('hex');
const conflict = (message: string) => new ApiError(409, 'conflict', message);
const newScanId = () => `scan-${randomBytes(6).toString('hex')}`;
const localTime = (at: string, timeZone: string) =>
  new Intl.DateTimeFormat('en-GB', { timeZone, day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit', hour12: false }).format(new Date(at));

export class ScanService {
  constructor(private readonly deps: ScanServiceDeps) {}

  get store(): ScanStore {
    return this.deps.scans;
  }

  get rules(): RuleSet {
    return this.deps.rules;
  }

  get timeZone(): string {
    return this.deps.org.timeZone;
  }

  today(): string {
    return dayInZone(this.deps.now().toISOString(), this.deps.org.timeZone);
  }

  /** The items of the security sheet an officer marks: the rules of its categories. */
  sheetItems() {
    return this.deps.rules.rules.filter((r) => SECURITY_CATEGORIES.includes(r.info.category)).map((r) => r.info);
  }

  /** Null when `officer` may record verdicts on a device of `unit`, else why not. */
  officerProblem(officer: Officer, unit: string): string | null {
    if (officer.role !== 'security_officer') {
      return `${officer.name} is a${officer.role === 'admin' ? 'n' : ''} ${officer.role}: pre-use scan verdicts are recorded and accepted by security officers (role security_officer) of the device's unit`;
    }
    if (!grantCovers(officer.grant, this.deps.org.unitChain(unit))) return `this device is outside the scope of ${officer.name} (${describeGrant(officer.grant)})`;
    return null;
  }

  /**
   * The device a verdict is about: an enrolled (or imported) host, else a machine audited over
   * SSH whose latest host report carries this agent id (a name-based UUID of its device id,
   * never a random one as agents' are: the two cannot clash), placed where the org file puts it.
   */
  subject(hostId: string): ScanSubject | undefined {
    const host = this.deps.hosts.getHost(hostId);
    if (host) return { hostId, unit: host.unit, room: host.room, hostname: host.hostname, latest: host.latest, deviceId: null };
    return this.auditedHosts().find((d) => d.hostId === hostId);
  }

  /** The machines audited over SSH that have a host report, as scan subjects. */
  auditedHosts(): ScanSubject[] {
    return (this.deps.devices?.() ?? []).flatMap((d) =>
      d.report?.host ? [{ hostId: d.report.host.agentId, unit: d.unitId, room: d.roomId, hostname: d.report.host.os?.hostname || d.name, latest: d.report.host, deviceId: d.deviceId }] : [],
    );
  }

  /** The agent id a machine audited over SSH is scanned under, by its org-file device id. */
  auditedHostId(deviceId: string): string | undefined {
    return this.deps.devices?.().find((d) => d.deviceId === deviceId)?.report?.host?.agentId;
  }

  private hostFor(hostId: string, officer: Officer): ScanSubject {
    const host = this.subject(hostId);
    if (!host) throw notFound(`no host with id ${hostId}; list them with GET /api/v1/hosts (machines audited over SSH: GET /api/v1/devices, scanned under the agentId of their host report)`);
    const problem = this.officerProblem(officer, host.unit);
    if (problem) throw forbidden(problem);
    return host;
  }

  /**
   * The host as stored, with its recent report ids (a sheet's report must be one of them); for a
   * machine audited over SSH, its latest report only (the device store keeps no older ones).
   */
  async hostRecord(hostId: string): Promise<{ unit: string; latest: HostReport | null; recentReportIds: string[] } | null> {
    const stored = await this.deps.hosts.readHost(hostId);
    if (stored) return stored;
    const audited = this.subject(hostId);
    return audited ? { unit: audited.unit, latest: audited.latest, recentReportIds: [] } : null;
  }

  /** Where the host stands now, against its latest report on file. */
  standing(hostId: string): ScanStanding {
    return scanStanding(this.deps.scans.verdicts().get(hostId), this.subject(hostId)?.latest ?? null, this.deps.rules.scanPolicy, this.today());
  }

  history(hostId: string): { standing: ScanStanding; scans: ScanView[] } {
    return { standing: this.standing(hostId), scans: this.deps.scans.history(hostId) };
  }

  /** Validates a body as the API does (400 with every problem's path). */
  parseRequest(body: unknown): NewScanRequest {
    return parseOr400(NewScanSchema, body, 'scan verdict');
  }

  async record(hostId: string, req: NewScanRequest, officer: Officer, by: ChangeBy, opts: { via: ScanRecord['via']; bound?: SheetBound }): Promise<ScanView> {
    const host = this.hostFor(hostId, officer);
    const latest = host.latest;
    if (!latest) {
      throw conflict('no report of this device is on file, and a verdict judges a report: run the agent on it (or `readiness agent run --output` there and `readiness import` here), then record the scan');
    }
    const wanted = opts.bound?.reportId ?? req.reportId ?? latest.reportId;
    if (wanted !== latest.reportId && !opts.bound) {
      const record = await this.hostRecord(hostId);
      const known = record?.recentReportIds.includes(wanted);
      throw conflict(
        known
          ? `report ${wanted} is no longer the one on file: the device reported again (report ${latest.reportId}, collected ${localTime(latest.collectedAt, this.timeZone)}); check the device against its latest report and record again without reportId`
          : `report ${wanted} is not a report of this device on file; leave reportId out to judge its latest report (${latest.reportId})`,
      );
    }
    const collectedAt = opts.bound?.collectedAt ?? latest.collectedAt;
    const posture = opts.bound?.posture ?? cachedPosture(latest);
    const today = this.today();
    const scannedOn = req.scannedOn ?? today;
    const issues = this.checkVerdict(req, scannedOn, today, dayInZone(collectedAt, this.timeZone));
    if (issues.length) throw badRequest(`the scan verdict is invalid (${issues.length} problem${issues.length === 1 ? '' : 's'}); nothing was stored`, issues);

    const { event, line } = await this.deps.scans.append<ScanRecord>(() => {
      if (req.corrects && this.deps.scans.getScan(req.corrects)?.hostId !== hostId) {
        throw badRequest(`the scan verdict is invalid (1 problem); nothing was stored`, [{ path: 'corrects', message: `${req.corrects} is not a verdict of this device` }]);
      }
      return {
        kind: 'verdict',
        id: newScanId(),
        hostId,
        hostname: latest.os?.hostname || host.hostname,
        unit: host.unit,
        room: host.room,
        reportId: wanted,
        collectedAt,
        posture,
        fingerprint: fingerprintOf(posture),
        verdict: req.verdict,
        conditions: req.conditions,
        dueDate: req.dueDate ?? null,
        items: req.items,
        note: req.note,
        representative: req.representative ?? null,
        officer: { name: officer.name, role: officer.role },
        scannedOn,
        recordedAt: this.deps.now().toISOString(),
        via: opts.via,
        corrects: req.corrects ?? null,
      };
    });
    await this.deps.audit({
      ...by,
      action: 'scan.record',
      target: hostId,
      details: {
        scanId: event.id,
        verdict: event.verdict,
        reportId: event.reportId,
        officer: officer.name,
        unit: host.unit,
        via: opts.via,
        scannedOn,
        sha256: sha256Of(line),
        ...(event.corrects ? { corrects: event.corrects } : {}),
        ...(host.deviceId ? { deviceId: host.deviceId } : {}),
      },
    });
    return this.deps.scans.getScan(event.id)!;
  }

  private checkVerdict(req: NewScanRequest, scannedOn: string, today: string, reportDay: string): ApiIssue[] {
    const issues: ApiIssue[] = [];
    if (scannedOn > today) issues.push({ path: 'scannedOn', message: `${paperDay(scannedOn)} is after today (${paperDay(today)})` });
    if (scannedOn < reportDay) issues.push({ path: 'scannedOn', message: `the scan (${paperDay(scannedOn)}) is dated before the report it judges (collected ${paperDay(reportDay)}); give the day the device was checked` });
    if (req.verdict === 'conditional') {
      if (!req.conditions.length) issues.push({ path: 'conditions', message: 'a conditional verdict lists its conditions' });
      if (!req.dueDate) issues.push({ path: 'dueDate', message: 'a conditional verdict gives the day its conditions are due' });
      else if (req.dueDate < scannedOn) issues.push({ path: 'dueDate', message: `the conditions are due (${paperDay(req.dueDate)}) before the scan day (${paperDay(scannedOn)})` });
    } else {
      if (req.conditions.length) issues.push({ path: 'conditions', message: `only a conditional verdict has conditions (this one is ${req.verdict})` });
      if (req.dueDate) issues.push({ path: 'dueDate', message: `only a conditional verdict has a due date (this one is ${req.verdict})` });
    }
    const items = new Set(this.sheetItems().map((r) => r.id));
    const seen = new Set<string>();
    req.items.forEach((item, i) => {
      if (!items.has(item.id)) issues.push({ path: `items.${i}.id`, message: `"${item.id}" is not an item of the security sheet; the items are ${[...items].join(', ')}` });
      else if (seen.has(item.id)) issues.push({ path: `items.${i}.id`, message: `"${item.id}" is marked twice` });
      seen.add(item.id);
    });
    return issues;
  }

  async attach(hostId: string, scanId: string, bytes: Uint8Array, fileName: string, officer: Officer, by: ChangeBy): Promise<ScanView> {
    const host = this.hostFor(hostId, officer);
    const scan = this.deps.scans.getScan(scanId);
    if (!scan || scan.hostId !== hostId) throw notFound(`no scan ${scanId} of this device; list them with GET /api/v1/hosts/${hostId}/scans`);
    const type = checkAttachment(bytes, 'the signed minutes');
    const sha256 = await this.deps.scans.putAttachment(bytes, type);
    const { event } = await this.deps.scans.append<ScanAttachment>(() => ({
      kind: 'attachment',
      scanId,
      hostId,
      sha256,
      type,
      bytes: bytes.length,
      fileName: fileName.slice(0, 255),
      by: { name: officer.name, role: officer.role },
      at: this.deps.now().toISOString(),
    }));
    await this.deps.audit({ ...by, action: 'scan.attach', target: hostId, details: { scanId, sha256: event.sha256, type, bytes: event.bytes, unit: host.unit } });
    return this.deps.scans.getScan(scanId)!;
  }

  async accept(hostId: string, scanId: string, body: z.input<typeof AcceptScanRequest>, officer: Officer, by: ChangeBy): Promise<ScanView> {
    const req = parseOr400(AcceptScanRequest, body, 'acceptance');
    const host = this.hostFor(hostId, officer);
    if (!this.deps.rules.scanPolicy.acceptance) {
      throw conflict('the rule pack does not ask for acceptance (preUseScan.acceptance is off): a verdict counts once recorded');
    }
    const { event } = await this.deps.scans.append<ScanAcceptance>(() => {
      const scan = this.deps.scans.getScan(scanId);
      if (!scan || scan.hostId !== hostId) throw notFound(`no scan ${scanId} of this device; list them with GET /api/v1/hosts/${hostId}/scans`);
      if (scan.officer.name === officer.name) throw forbidden(`a verdict is accepted by a second person: ${officer.name} recorded this one`);
      if (scan.acceptance) throw conflict(`this verdict was accepted by ${scan.acceptance.by.name} already`);
      return { kind: 'acceptance', scanId, hostId, by: { name: officer.name, role: officer.role }, at: this.deps.now().toISOString(), note: req.note };
    });
    await this.deps.audit({ ...by, action: 'scan.accept', target: hostId, details: { scanId, by: event.by.name, unit: host.unit } });
    return this.deps.scans.getScan(scanId)!;
  }
}
