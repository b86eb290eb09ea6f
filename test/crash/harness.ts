/**
 * Crash trials: the collector runs as its own process on one data directory; writers of every
 * durable record kind work through the API at once; the process is killed with SIGKILL at a
 * random moment; it is started again on the same directory, and every record it had
 * acknowledged must be there, whole. `test/e2e/crash-trials.test.ts` runs a few trials in
 * `npm test`; `npm run trial:crash` runs many (TRIALS=N).
 *
 * A durable record kind is one entry of `DURABLE_KINDS`: how to write one through the API
 * (resolving only on the collector's acknowledgement) and how to check it after the restart.
 * Today: reports with their programs, enrollments, host moves and retirements, users, personal
 * tokens, enrollment secrets and audit lines (test/helpers/access-records.ts), pre-use scan
 * verdicts and their attachments (test/helpers/scan-records.ts), device scans, exceptions, their
 * attachments and remediation tasks (REMEDIATION_KINDS), availability changes with their alerts, archived
 * documents (test/helpers/archive-trial.ts), roll-up snapshots a child collector sent. Later
 * records join with one entry each.
 */
import { createHash, randomUUID } from 'node:crypto';
import { createSocket } from 'node:dgram';
import { mkdir, writeFile } from 'node:fs/promises';
import { ChildRegistry } from '../../collector/rollup/children.js';
import { startCollectorProcess } from '../helpers/cli.js';
import type { CollectorProcess } from '../helpers/cli.js';
import { makeReport } from '../helpers/report-fixture.js';
import { ACCESS_RECORD_KINDS } from '../helpers/access-records.js';
import type { DurableRecordKind } from '../helpers/access-records.js';
import { SCAN_RECORD_KINDS } from '../helpers/scan-records.js';
import { writeArchivedDocument } from '../helpers/archive-trial.js';
import { sha256 } from '../../collector/archive/store.js';
import type { ArchiveEntry } from '../../schema/index.js';

export const SECRETS = {
  READINESS_ENROLL_SECRET: 'crash-enroll-secret-0123456789',
  READINESS_ADMIN_TOKEN: 'crash-admin-token-0123456789ab',
};

export interface TrialContext {
  url: string;
  /** Agents enrolled before the trials, shared by the kinds that need one. */
  agents: Array<{ agentId: string; agentKey: string }>;
}

export interface DurableKind {
  name: string;
  /**
   * Writes one record and resolves with what the check needs once the collector acknowledged
   * it; rejects (or resolves null) when it was not acknowledged. `n` counts this kind's writes.
   */
  write(ctx: TrialContext, n: number, worker: number): Promise<unknown | null>;
  /** Problems with the acknowledged records after the restart; empty when all are whole. */
  check(ctx: TrialContext, acked: unknown[]): Promise<string[]>;
  /** Concurrent writers of this kind. */
  writers: number;
  /** Made once before the trials (what each write would otherwise make first). */
  prepare?(ctx: TrialContext): Promise<void>;
}

const api = (url: string, path: string, init: { method?: string; body?: unknown; key?: string } = {}) =>
  fetch(`${url}/api/v1${path}`, {
    method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
    headers: {
      ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
      authorization: `Bearer ${init.key ?? SECRETS.READINESS_ADMIN_TOKEN}`,
    },
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });

interface HostView {
  host: {
    unit: string;
    room: string | null;
    retired: { reason: string; by?: string } | null;
    latest: { reportId: string; software?: { programs: Array<{ name: string }> } } | null;
  };
}

/** An access or scan record kind (users, tokens, enrollment secrets, audit lines, verdicts, attachments) as a harness entry. */
function accessKind(kind: DurableRecordKind): DurableKind {
  // Numbered across trials: each write names a record of its own.
  let next = 0;
  return {
    name: kind.kind,
    writers: 1,
    ...(kind.prepare ? { prepare: (ctx: TrialContext) => kind.prepare!({ url: ctx.url, token: SECRETS.READINESS_ADMIN_TOKEN }) } : {}),
    write: (ctx) => kind.write({ url: ctx.url, token: SECRETS.READINESS_ADMIN_TOKEN }, next++),
    async check(ctx, acked) {
      const problems: string[] = [];
      for (const written of acked) {
        await kind.check({ url: ctx.url, token: SECRETS.READINESS_ADMIN_TOKEN }, written).catch((err: Error) => problems.push(`${JSON.stringify(written).slice(0, 120)}: ${err.message.split('\n')[0]}`));
      }
      return problems;
    },
  };
}

/** The device the trials scan: at a loopback port nothing answers, so each scan stores an `unreachable` outcome quickly. */
export const TRIAL_DEVICE = 'crash-sw-1';

const readHost = async (url: string, agentId: string): Promise<HostView['host'] | null> => {
  const res = await api(url, `/hosts/${agentId}`);
  return res.ok ? ((await res.json()) as HostView).host : null;
};

/** Reports sent per agent, in order, so the check knows which may be the latest. */
const sentByAgent = new Map<string, string[]>();

/** A report whose program list names it, so a list from another report is caught. */
const reportWithPrograms = (agentId: string) => {
  const report = makeReport(agentId, { collectedAt: new Date().toISOString() });
  return {
    ...report,
    software: { source: 'registry' as const, programs: Array.from({ length: 40 }, (_, i) => ({ name: `program ${i} of ${report.reportId}`, version: '1.0', publisher: 'Trial' })) },
  };
};

/** The user the trials' tasks are assigned to, made once per data directory (a 409 after that is fine). */
let assigneeReady: Promise<boolean> | null = null;
const TRIAL_ASSIGNEE = 'crash-assignee';
const ensureAssignee = (url: string) =>
  (assigneeReady ??= api(url, '/users', { body: { name: TRIAL_ASSIGNEE, role: 'viewer', unit: 'hp', recursive: true, password: 'crash-trial-password' } }).then((r) => r.status === 201 || r.status === 409)).then((ok) => {
    if (!ok) assigneeReady = null;
    return ok;
  });

/** The "5 rõ" records (docs/remediation.md): exceptions, and tasks with a change each. */
export const REMEDIATION_KINDS: DurableKind[] = [
  {
    name: 'exception',
    writers: 1,
    async write(ctx, n) {
      const reason = `crash trial exception ${n} ${randomUUID().slice(0, 8)}`;
      const res = await api(ctx.url, '/exceptions', { body: { rule: 'firewall-on', unit: 'hp-kv1', reason, expires: '2099-12-31' } });
      return res.status === 201 ? { id: ((await res.json()) as { exception: { id: string } }).exception.id, reason } : null;
    },
    async check(ctx, acked) {
      const res = await api(ctx.url, '/exceptions?unit=hp-kv1');
      const listed = new Map(((await res.json()) as { exceptions: Array<{ id: string; reason: string; state: string }> }).exceptions.map((e) => [e.id, e]));
      return (acked as Array<{ id: string; reason: string }>).flatMap((a) => {
        const e = listed.get(a.id);
        return e?.reason === a.reason && e.state === 'active' ? [] : [`exception ${a.id}: found ${e ? `"${e.reason}" (${e.state})` : 'nothing'}`];
      });
    },
  },
  {
    name: 'exception attachment (the approving decision)',
    writers: 1,
    async write(ctx, n) {
      const created = await api(ctx.url, '/exceptions', { body: { rule: 'firewall-on', unit: 'hp-kv1', reason: `crash trial exception with a decision ${n}`, expires: '2099-12-31' } });
      if (created.status !== 201) return null;
      const { id } = ((await created.json()) as { exception: { id: string } }).exception;
      // Each file its own: a different SHA-256 every write.
      const pdf = Buffer.from(`%PDF-1.4\n% decision of crash trial ${n} ${randomUUID()}\n%%EOF\n`);
      const res = await fetch(`${ctx.url}/api/v1/exceptions/${id}/attachments?name=quyet-dinh.pdf`, {
        method: 'POST',
        headers: { 'content-type': 'application/pdf', authorization: `Bearer ${SECRETS.READINESS_ADMIN_TOKEN}` },
        body: pdf,
      });
      return res.status === 201 ? { id, sha256: createHash('sha256').update(pdf).digest('hex') } : null;
    },
    async check(ctx, acked) {
      const res = await api(ctx.url, '/exceptions?unit=hp-kv1');
      const listed = new Map(((await res.json()) as { exceptions: Array<{ id: string; attachments: Array<{ sha256: string }> }> }).exceptions.map((e) => [e.id, e]));
      const problems: string[] = [];
      for (const a of acked as Array<{ id: string; sha256: string }>) {
        if (!listed.get(a.id)?.attachments.some((x) => x.sha256 === a.sha256)) {
          problems.push(`exception ${a.id}: attachment ${a.sha256} not listed`);
          continue;
        }
        const got = await api(ctx.url, `/exceptions/${a.id}/attachments/${a.sha256}`);
        const hash = got.ok ? createHash('sha256').update(Buffer.from(await got.arrayBuffer())).digest('hex') : `HTTP ${got.status}`;
        if (hash !== a.sha256) problems.push(`exception ${a.id}: attachment ${a.sha256} reads back as ${hash}`);
      }
      return problems;
    },
  },
  {
    name: 'task (created, then changed)',
    writers: 1,
    async write(ctx, n) {
      if (!(await ensureAssignee(ctx.url))) return null;
      const created = await api(ctx.url, '/tasks', { body: { rule: 'firewall-on', unit: 'hp-kv1', assignee: TRIAL_ASSIGNEE, due: '2099-12-31' } });
      if (created.status !== 201) return null;
      const { id } = ((await created.json()) as { task: { id: string } }).task;
      const note = `crash trial note ${n}`;
      const changed = await api(ctx.url, `/tasks/${id}`, { method: 'PATCH', body: { status: 'in_progress', note } });
      return { id, note: changed.status === 200 ? note : null };
    },
    async check(ctx, acked) {
      const res = await api(ctx.url, '/tasks?unit=hp-kv1');
      const listed = new Map(((await res.json()) as { tasks: Array<{ id: string; status: string; notes: Array<{ text: string }> }> }).tasks.map((t) => [t.id, t]));
      return (acked as Array<{ id: string; note: string | null }>).flatMap((a) => {
        const t = listed.get(a.id);
        if (!t) return [`task ${a.id}: not found`];
        if (a.note && (t.status !== 'in_progress' || !t.notes.some((x) => x.text === a.note))) return [`task ${a.id}: the acknowledged change ("${a.note}") is missing`];
        return [];
      });
    },
  },
];

export const DURABLE_KINDS: DurableKind[] = [
  {
    name: 'report (with its installed programs)',
    writers: 24,
    async write(ctx, _n, worker) {
      // One writer per agent: its reports are sent one after another, each newer than the last.
      const agent = ctx.agents[worker % ctx.agents.length]!;
      const report = reportWithPrograms(agent.agentId);
      const sent = sentByAgent.get(agent.agentId) ?? [];
      sent.push(report.reportId);
      sentByAgent.set(agent.agentId, sent);
      const res = await api(ctx.url, '/reports', { body: report, key: agent.agentKey });
      return res.status === 201 ? { agentId: agent.agentId, reportId: report.reportId } : null;
    },
    async check(ctx, acked) {
      const problems: string[] = [];
      const lastAcked = new Map<string, string>();
      for (const a of acked as Array<{ agentId: string; reportId: string }>) lastAcked.set(a.agentId, a.reportId);
      for (const [agentId, reportId] of lastAcked) {
        const host = await readHost(ctx.url, agentId);
        const sent = sentByAgent.get(agentId)!;
        const latest = host?.latest;
        // The latest is the last acknowledged report or one sent after it (stored, its ack lost in the kill).
        if (!latest || sent.indexOf(latest.reportId) < sent.indexOf(reportId)) {
          problems.push(`host ${agentId}: latest report ${latest?.reportId ?? 'none'}, but ${reportId} was acknowledged`);
          continue;
        }
        const programs = latest.software?.programs ?? [];
        if (programs.length !== 40 || programs.some((p) => !p.name.endsWith(latest.reportId))) {
          problems.push(`host ${agentId}: report ${latest.reportId} came back with ${programs.length} programs, not its own 40`);
        }
      }
      // Every acknowledged report is known: resending it is a duplicate.
      for (const a of acked as Array<{ agentId: string; reportId: string }>) {
        const agent = ctx.agents.find((x) => x.agentId === a.agentId)!;
        const res = await api(ctx.url, '/reports', { body: { ...makeReport(a.agentId), reportId: a.reportId }, key: agent.agentKey });
        if (res.status !== 200) problems.push(`report ${a.reportId} of ${a.agentId}: resend answered ${res.status}, not 200 (duplicate)`);
      }
      return problems;
    },
  },
  {
    name: 'enrollment (the agent key works)',
    writers: 2,
    async write(ctx, n, worker) {
      const res = await api(ctx.url, '/enroll', { body: { secret: SECRETS.READINESS_ENROLL_SECRET, unit: 'hp-kv1', hostname: `TRIAL-${worker}-${n}-${randomUUID().slice(0, 8)}` } });
      return res.status === 201 ? ((await res.json()) as { agentId: string; agentKey: string }) : null;
    },
    async check(ctx, acked) {
      const problems: string[] = [];
      for (const a of acked as Array<{ agentId: string; agentKey: string }>) {
        const res = await api(ctx.url, '/agent/config', { key: a.agentKey });
        if (res.status !== 200) problems.push(`enrolled agent ${a.agentId}: its key answered ${res.status}`);
      }
      return problems;
    },
  },
  {
    name: 'host move and retirement',
    writers: 1,
    async write(ctx, n) {
      const res = await api(ctx.url, '/enroll', { body: { secret: SECRETS.READINESS_ENROLL_SECRET, unit: 'hp-kv1', hostname: `LIFE-${n}` } });
      if (res.status !== 201) return null;
      const { agentId } = (await res.json()) as { agentId: string };
      const moved = await api(ctx.url, `/hosts/${agentId}`, { method: 'PATCH', body: { unit: 'hp-kv2', room: null } });
      if (moved.status !== 200) return null;
      const retired = await api(ctx.url, `/hosts/${agentId}`, { method: 'DELETE', body: { reason: `trial retirement ${n}` } });
      return retired.status === 200 ? { agentId, reason: `trial retirement ${n}` } : { agentId, reason: null };
    },
    async check(ctx, acked) {
      const problems: string[] = [];
      for (const a of acked as Array<{ agentId: string; reason: string | null }>) {
        const host = await readHost(ctx.url, a.agentId);
        if (host?.unit !== 'hp-kv2') problems.push(`host ${a.agentId}: moved to hp-kv2, found in ${host?.unit ?? 'nowhere'}`);
        if (a.reason && (host?.retired?.reason !== a.reason || host.retired.by !== 'bootstrap-token')) {
          problems.push(`host ${a.agentId}: retired ("${a.reason}" by bootstrap-token), found ${host?.retired ? `"${host.retired.reason}" by ${host.retired.by}` : 'active'}`);
        }
      }
      return problems;
    },
  },
  ...ACCESS_RECORD_KINDS.map(accessKind),
  // Pre-use scan verdicts and their signed minutes (test/helpers/scan-records.ts).
  ...SCAN_RECORD_KINDS.map(accessKind),
  {
    name: 'device scan',
    writers: 1,
    async write(ctx) {
      const res = await api(ctx.url, '/devices/scan', { body: { device: TRIAL_DEVICE } });
      if (res.status !== 200) return null;
      const [scan] = ((await res.json()) as { scanned: Array<{ scannedAt: string }> }).scanned;
      return scan ? { scannedAt: scan.scannedAt } : null;
    },
    async check(ctx, acked) {
      const res = await api(ctx.url, `/devices/${TRIAL_DEVICE}`);
      if (res.status !== 200) return [`${TRIAL_DEVICE}: answered ${res.status}`];
      const { device } = (await res.json()) as { device: { lastScanned: string | null; history: Array<{ scannedAt: string }> } };
      const scans = (acked as Array<{ scannedAt: string }>).map((a) => Date.parse(a.scannedAt));
      const problems: string[] = [];
      if (scans.length && (device.lastScanned === null || Date.parse(device.lastScanned) < Math.max(...scans))) {
        problems.push(`${TRIAL_DEVICE}: last scan ${device.lastScanned ?? 'none'}, but a scan at ${new Date(Math.max(...scans)).toISOString()} was acknowledged`);
      }
      // The record keeps its last 100 scans: each acknowledged one since its oldest is among them.
      const kept = new Set(device.history.map((h) => Date.parse(h.scannedAt)));
      const oldest = Math.min(...kept);
      for (const at of scans) if (at >= oldest && !kept.has(at)) problems.push(`${TRIAL_DEVICE}: the acknowledged scan at ${new Date(at).toISOString()} is not in its history`);
      return problems;
    },
  },
  {
    // "Archive this": made on the evaluation worker, acknowledged by a 201 once file and entry are on disk.
    name: 'archived document',
    writers: 1,
    write: (ctx) => writeArchivedDocument(ctx.url, SECRETS.READINESS_ADMIN_TOKEN),
    async check(ctx, acked) {
      const problems: string[] = [];
      const listed = await api(ctx.url, '/archive');
      if (listed.status !== 200) return [`GET /archive answered ${listed.status}`];
      const entries = ((await listed.json()) as { entries: ArchiveEntry[] }).entries;
      const byId = new Map(entries.map((e) => [e.id, e]));
      for (const a of acked as ArchiveEntry[]) {
        const found = byId.get(a.id);
        if (!found) problems.push(`acknowledged archive entry ${a.id} is not listed after the restart`);
        else if (found.sha256 !== a.sha256 || found.sizeBytes !== a.sizeBytes) problems.push(`archive entry ${a.id} changed: ${found.sha256} instead of ${a.sha256}`);
      }
      // Every listed entry, acknowledged or not, must give back its whole file (the route checks size and SHA-256 as it reads).
      for (const e of entries) {
        const res = await api(ctx.url, `/archive/${e.id}/file`);
        const bytes = new Uint8Array(await res.arrayBuffer());
        if (res.status !== 200) problems.push(`archive entry ${e.id}: its file answered ${res.status}`);
        else if (sha256(bytes) !== e.sha256) problems.push(`archive entry ${e.id}: the bytes served differ from its SHA-256`);
      }
      return problems;
    },
  },
  {
    name: 'roll-up snapshot from a child collector',
    writers: 1,
    async write(ctx) {
      const snapshot = { id: randomUUID(), sequence: ++rollupSequence, unit: 'hp', takenAt: new Date().toISOString(), asOf: new Date().toISOString().slice(0, 10), rules: [], units: [{ unitId: 'hp', name: 'HP', level: 'city', parentId: null, rules: [], rooms: [] }] };
      const res = await api(ctx.url, '/rollup', { body: snapshot, key: childToken });
      return res.status === 201 ? { id: snapshot.id, sequence: snapshot.sequence } : null;
    },
    async check(ctx, acked) {
      const all = acked as Array<{ id: string; sequence: number }>;
      if (!all.length) return [];
      const res = await api(ctx.url, '/rollup');
      const kept = ((await res.json()) as { children: Array<{ unit: string; sequence: number }> }).children.find((c) => c.unit === 'hp');
      const last = all.reduce((a, b) => (b.sequence > a.sequence ? b : a));
      const problems: string[] = [];
      if (!kept || kept.sequence < last.sequence) problems.push(`roll-up: the parent holds sequence ${kept?.sequence ?? 'none'}, but ${last.sequence} was acknowledged`);
      const again = await api(ctx.url, '/rollup', { body: { id: last.id, sequence: last.sequence, unit: 'hp', takenAt: new Date().toISOString(), asOf: new Date().toISOString().slice(0, 10), rules: [], units: [{ unitId: 'hp', name: 'HP', level: 'city', parentId: null, rules: [], rooms: [] }] }, key: childToken });
      if (again.status !== 200) problems.push(`roll-up snapshot ${last.sequence}: resend answered ${again.status}, not 200 (duplicate)`);
      return problems;
    },
  },
  ...REMEDIATION_KINDS,
];

/** Roll-up snapshots are numbered across trials, as a child collector numbers them. */
let rollupSequence = 0;
/** The child token the roll-up writer sends with, made on the trials' data directory. */
let childToken = '';

/** A probe-only report of the WAN alone, answered or not. */
const wanProbeReport = (agentId: string, up: boolean) => ({
  ...makeReport(agentId, { collectedAt: new Date().toISOString() }),
  probeOnly: true,
  probes: { results: [{ kind: 'tcp', scope: 'wan', role: 'wan_endpoint', target: '198.51.100.10', startedAt: new Date().toISOString(), sent: 1, received: up ? 1 : 0, lossPct: up ? 0 : 100, rtt: up ? { minMs: 1, medianMs: 1, p95Ms: 1, maxMs: 1 } : null, jitterMs: null, error: up ? null : 'no answer', detail: {} }] },
});

/**
 * The availability series and the alerts (docs/availability.md): one agent's probe-only
 * reports turn hp's WAN down and up in turn (two reports each: the default pack's hysteresis);
 * each acknowledged change is in the outage log after the restart, and each acknowledged
 * `down` has its alert.
 */
export const AVAILABILITY_KIND: DurableKind = {
  name: 'availability change and its alert',
  writers: 1,
  async write(ctx, n) {
    const agent = ctx.agents[ctx.agents.length - 1]!;
    const up = n % 2 === 1;
    const startedAt = Date.now();
    for (let i = 0; i < 2; i++) {
      const res = await api(ctx.url, '/reports', { body: wanProbeReport(agent.agentId, up), key: agent.agentKey });
      if (res.status !== 201) return null;
    }
    return { up, startedAt, ackedAt: Date.now() };
  },
  async check(ctx, acked) {
    const res = await api(ctx.url, '/availability?unit=hp&scope=wan');
    const body = (await res.json()) as { units: Array<{ scopes: { wan: { outages: Array<{ start: string; end: string | null }> } } }> };
    const outages = body.units[0]?.scopes.wan.outages ?? [];
    const alerts = ((await (await api(ctx.url, '/alerts?unit=hp')).json()) as { alerts: Array<{ kind: string; at: string }> }).alerts;
    const within = (at: string | null, a: { startedAt: number; ackedAt: number }) => at !== null && Date.parse(at) >= a.startedAt && Date.parse(at) <= a.ackedAt;
    return (acked as Array<{ up: boolean; startedAt: number; ackedAt: number }>).flatMap((a) => {
      // The first write of a run may find the WAN already in its state (a change lost with the kill was never acknowledged).
      const changed = a.up ? outages.some((o) => within(o.end, a)) : outages.some((o) => within(o.start, a));
      const downAtStart = outages.some((o) => Date.parse(o.start) < a.startedAt && (o.end === null || Date.parse(o.end) > a.startedAt));
      const before = a.up ? !downAtStart : downAtStart;
      if (!changed && !before) return [`WAN ${a.up ? 'up' : 'down'} acknowledged at ${new Date(a.ackedAt).toISOString()} is not in the outage log`];
      if (!a.up && changed && !alerts.some((x) => x.kind === 'link-down' && within(x.at, a))) return [`the WAN down acknowledged at ${new Date(a.ackedAt).toISOString()} has no alert`];
      return [];
    });
  },
};

DURABLE_KINDS.push(AVAILABILITY_KIND);

/** Late reports are placed this long before the trials (well past the freshness window), one second apart. */
const LATE_BASE_MS = Date.now() - 6 * 3600_000;
let lateAgent: { agentId: string; agentKey: string } | null = null;

/**
 * Late probe-only reports filling the series (docs/availability.md, "Late reports"): an agent of
 * hp-kv2, which sends nothing on time, delivers WAN-down reports collected hours ago, as a spool
 * does after a repair; each acknowledged one lies inside an outage of hp-kv2's log after the
 * restart (the late reports were kept on disk before they were answered).
 */
export const LATE_PROBE_KIND: DurableKind = {
  name: 'late probe-only report filling the series',
  writers: 1,
  async prepare(ctx) {
    const res = await api(ctx.url, '/enroll', { body: { secret: SECRETS.READINESS_ENROLL_SECRET, unit: 'hp-kv2', hostname: `LATE-${randomUUID().slice(0, 8)}` } });
    lateAgent = (await res.json()) as { agentId: string; agentKey: string };
  },
  async write(_ctx, n) {
    const collectedAt = new Date(LATE_BASE_MS + n * 1000).toISOString();
    const body = wanProbeReport(lateAgent!.agentId, false);
    body.collectedAt = collectedAt;
    const res = await api(_ctx.url, '/reports', { body, key: lateAgent!.agentKey });
    return res.status === 201 ? collectedAt : null;
  },
  async check(ctx, acked) {
    const res = await api(ctx.url, `/availability?unit=hp-kv2&scope=wan&from=${new Date(LATE_BASE_MS - 86_400_000).toISOString().slice(0, 10)}`);
    const body = (await res.json()) as { units: Array<{ scopes: { wan: { outages: Array<{ start: string; end: string | null }> } } }> };
    const outages = body.units[0]?.scopes.wan.outages ?? [];
    return (acked as string[]).flatMap((at) => {
      const ms = Date.parse(at);
      return outages.some((o) => Date.parse(o.start) <= ms && (o.end === null || Date.parse(o.end) > ms)) ? [] : [`the late WAN-down report collected at ${at} is in no outage of hp-kv2`];
    });
  },
};

DURABLE_KINDS.push(LATE_PROBE_KIND);

/** A UDP port on loopback that nothing listens on (found free, then released). */
const closedUdpPort = () =>
  new Promise<number>((resolve, reject) => {
    const socket = createSocket('udp4');
    socket.once('error', reject);
    socket.bind(0, '127.0.0.1', () => {
      const { port } = socket.address();
      socket.close(() => resolve(port));
    });
  });

/**
 * The trials' collector config: limits out of the way (the trials are about durability, and a
 * throttled write is simply not acknowledged), an org file with the units the writers use and
 * the device they scan, and the device credentials file (mode 0600, as the collector demands).
 */
async function writeTrialConfig(dataDir: string): Promise<string> {
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  childToken = (await new ChildRegistry(dataDir).add({ name: 'trial child', unit: 'hp' }, new Date())).token;
  const config = `${dataDir}.config.yaml`;
  const org = `${dataDir}.org.yaml`;
  const secrets = `${dataDir}.device-secrets.yaml`;
  await writeFile(
    org,
    [
      'name: crash trials',
      'units:',
      '  - { id: hp, name: HP, level: city, rooms: [{ id: phong-1, name: Phòng 1, expectedWorkstations: 30 }],',
      `      devices: [{ id: ${TRIAL_DEVICE}, kind: switch, address: 127.0.0.1, snmp: { version: 2c, port: ${await closedUdpPort()}, community: trial } }] }`,
      '  - { id: hp-kv1, name: KV1, level: regional, parent: hp }',
      '  - { id: hp-kv2, name: KV2, level: regional, parent: hp }',
      '',
    ].join('\n'),
  );
  await writeFile(secrets, 'trial: "trial-community"\n', { mode: 0o600 });
  const open = { burst: 1000000, perMinute: 1000000 };
  await writeFile(
    config,
    JSON.stringify({
      limits: { failedCredentials: open, failedLogins: open, enrollments: open, reports: open },
      org,
      devices: { secretsFile: secrets, scanIntervalMinutes: 0, snmp: { timeoutMs: 200, retries: 0 } },
    }),
  );
  return config;
}

/** Reports acknowledged in a trial before the kill may come. */
export const MIN_ACKED_BEFORE_KILL = 10;

export interface TrialResult {
  trial: number;
  killedAfterMs: number;
  acked: Record<string, number>;
  problems: string[];
  restartOutput: string;
}

/**
 * Runs `trials` kill-and-restart cycles on `dataDir`; calls `onTrial` after each. The
 * collector is left stopped. Agents for the report writers are enrolled first.
 */
export async function runCrashTrials(opts: { dataDir: string; trials: number; agents?: number; onTrial?: (r: TrialResult) => void; random?: () => number }): Promise<TrialResult[]> {
  const random = opts.random ?? Math.random;
  const args = ['--data', opts.dataDir, '--config', await writeTrialConfig(opts.dataDir)];
  let collector: CollectorProcess = await startCollectorProcess(args, SECRETS);
  const ctx: TrialContext = { url: collector.url, agents: [] };
  for (let i = 0; i < (opts.agents ?? 24); i++) {
    const res = await api(ctx.url, '/enroll', { body: { secret: SECRETS.READINESS_ENROLL_SECRET, unit: 'hp', room: 'phong-1', hostname: `PC-${i}` } });
    ctx.agents.push((await res.json()) as { agentId: string; agentKey: string });
  }
  for (const kind of DURABLE_KINDS) await kind.prepare?.(ctx);
  const results: TrialResult[] = [];
  try {
    for (let trial = 1; trial <= opts.trials; trial++) {
      ctx.url = collector.url;
      const acked = new Map<DurableKind, unknown[]>(DURABLE_KINDS.map((k) => [k, []]));
      let stop = false;
      const writers = DURABLE_KINDS.flatMap((kind) =>
        Array.from({ length: kind.writers }, async (_, worker) => {
          for (let n = 0; !stop; n++) {
            const record = await kind.write(ctx, n, worker).catch(() => null);
            if (stop) break;
            if (record) acked.get(kind)!.push(record);
          }
        }),
      );
      // Kill in the middle of the work whatever the machine's speed: once a first few reports and
      // at least one record of every kind are acknowledged (so every kind is checked in every
      // trial), then after a random moment more.
      const started = Date.now();
      const reports = acked.get(DURABLE_KINDS[0]!)!;
      const ready = () => reports.length >= MIN_ACKED_BEFORE_KILL && DURABLE_KINDS.every((k) => acked.get(k)!.length > 0);
      while (!ready() && Date.now() - started < 30_000) await new Promise((r) => setTimeout(r, 20));
      await new Promise((r) => setTimeout(r, Math.floor(random() * 700)));
      const killedAfterMs = Date.now() - started;
      await collector.stop('SIGKILL');
      stop = true;
      await Promise.all(writers);

      collector = await startCollectorProcess(args, SECRETS);
      ctx.url = collector.url;
      const problems: string[] = [];
      for (const kind of DURABLE_KINDS) problems.push(...(await kind.check(ctx, acked.get(kind)!)).map((p) => `${kind.name}: ${p}`));
      const result = { trial, killedAfterMs, acked: Object.fromEntries(DURABLE_KINDS.map((k) => [k.name, acked.get(k)!.length])), problems, restartOutput: collector.output() };
      results.push(result);
      opts.onTrial?.(result);
    }
  } finally {
    await collector.stop('SIGKILL');
  }
  return results;
}
