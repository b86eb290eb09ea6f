/**
 * The authorization matrix: every route × every role × a unit in the caller's scope / out of
 * it, and without credentials → the status expected. The table must name exactly the routes
 * the app has, so a route added without its rows fails here. To add a route: add one entry to
 * MATRIX with the request to send for `in` and `out`, and the statuses.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Hono } from 'hono';
import { ArchiveStore } from '../../collector/archive/store.js';
import { afterAll, describe, expect, it } from 'vitest';
import { authorizationBoundary, authorize, publicRoute } from '../../collector/access/authorize.js';
import { errorResponse } from '../../collector/errors.js';
import { makeReport } from '../helpers/report-fixture.js';
import { ENROLL_SECRET, makeTestApp } from '../helpers/test-app.js';
import { addUsers, PASSWORD } from '../helpers/access-fixture.js';
import type { Role } from '../../schema/index.js';
import { DASHBOARD_MATRIX } from './dashboard-matrix.js';
import { OrgFile } from '../../schema/index.js';
import { DeviceScanService } from '../../collector/devices/scan-service.js';
import { DevicesConfig } from '../../collector/devices/config.js';
import { MemoryDeviceStore } from '../../collector/store/device-store.js';
import { openRemediation } from '../../collector/remediation/index.js';
import { DEFAULT_PACK_FILE, loadRuleSet } from '../../rules/load-pack.js';

type Who = Role | 'agent' | 'none';
type Where = 'in' | 'out';
/** `[in scope, out of scope]`, or one status for both. */
type Expect = number | readonly [number, number];

interface Ctx {
  hosts: Record<Where, { agentId: string; agentKey: string }>;
  users: Record<Role, { name: string; token: string }>;
  newToken(user: string): Promise<string>;
  newSecret(unit: string): Promise<string>;
  /** A verdict on the host of `where` (recorded by an officer of its unit), and an attachment of it. */
  newScan(where: Where): Promise<string>;
  newAttachment(where: Where): Promise<string>;
  /** A fresh host of the unit (one to retire or merge), by its agent id. */
  newHost(unit: string): Promise<string>;
  /** An exception or a task of the unit, by id (a task assigned to `assignee`). */
  newException(unit: string): Promise<string>;
  /** An exception of the unit with an attachment, by the attachment's path. */
  newExceptionAttachment(unit: string): Promise<string>;
  newTask(unit: string, assignee: string): Promise<string>;
  n(): number;
}

interface Request {
  path: string;
  method?: string;
  body?: unknown;
  /** A body sent as bytes (attachments, workbooks). */
  raw?: Uint8Array;
  /** A web page or form (dashboard/): not under /api/v1; `form` is posted form-encoded. */
  page?: true;
  form?: Record<string, string>;
}

/** Reports are collected before the app's clock (2025-12-05 08:00 UTC), as a scan judging them must be. */
const COLLECTED = '2025-12-05T07:00:00.000Z';
const PDF = new Uint8Array(Buffer.from('%PDF-1.4\n%%EOF\n'));

interface Row {
  route: string;
  request: (ctx: Ctx, where: Where, who: Who) => Request | Promise<Request>;
  expect: Record<Who, Expect>;
  /** Keeps the context in step with what the request changed. */
  after?: (ctx: Ctx, who: Who, res: Response) => Promise<void>;
}

const UNIT: Record<Where, string> = { in: 'u-in', out: 'u-out' };
const readers = (admin: Expect, others: Expect, agent: Expect = 401): Record<Who, Expect> => ({
  admin,
  unit_manager: others,
  viewer: others,
  security_officer: others,
  agent,
  none: 401,
});

const MATRIX: Row[] = [
  { route: 'GET /api/v1/healthz', request: () => ({ path: '/healthz' }), expect: { ...readers(200, 200, 200), none: 200 } },
  {
    route: 'POST /api/v1/enroll',
    request: (_c, w) => ({ path: '/enroll', method: 'POST', body: { secret: ENROLL_SECRET, unit: UNIT[w], hostname: 'PC' } }),
    // A reader's token is no agent key: a new host. The agent's own key re-enrolls its host (200, a new key).
    expect: { ...readers(201, 201, 200), none: 201 },
    after: async (c, who, res) => {
      if (who === 'agent' && res.status === 200) c.hosts.in.agentKey = ((await res.clone().json()) as { agentKey: string }).agentKey;
    },
  },
  {
    route: 'POST /api/v1/reports',
    // The agent of `in` sends its own report (in) or another agent's (out).
    request: (c, w) => ({ path: '/reports', method: 'POST', body: makeReport(c.hosts[w].agentId, { collectedAt: COLLECTED }) }),
    expect: readers(401, 401, [201, 403]),
  },
  { route: 'GET /api/v1/agent/config', request: () => ({ path: '/agent/config' }), expect: readers(401, 401, 200) },
  { route: 'GET /api/v1/hosts', request: () => ({ path: '/hosts' }), expect: readers(200, 200) },
  { route: 'GET /api/v1/hosts/:id', request: (c, w) => ({ path: `/hosts/${c.hosts[w].agentId}` }), expect: readers(200, [200, 403]) },
  { route: 'GET /api/v1/hosts/duplicates', request: (_c, w) => ({ path: `/hosts/duplicates?unit=${UNIT[w]}` }), expect: readers(200, [200, 403]) },
  {
    route: 'DELETE /api/v1/hosts/:id',
    request: async (c, w) => ({ path: `/hosts/${await c.newHost(UNIT[w])}`, method: 'DELETE', body: { reason: 'replaced by a new PC' } }),
    expect: { ...readers(200, 403), unit_manager: [200, 403] },
  },
  {
    route: 'POST /api/v1/hosts/:id/merge',
    // Both hosts in the unit asked about (a merge across scopes: test/routes/host-lifecycle.test.ts).
    request: async (c, w) => ({ path: `/hosts/${await c.newHost(UNIT[w])}/merge`, method: 'POST', body: { into: await c.newHost(UNIT[w]) } }),
    expect: { ...readers(200, 403), unit_manager: [200, 403] },
  },
  {
    route: 'PATCH /api/v1/hosts/:id',
    request: (c, w) => ({ path: `/hosts/${c.hosts[w].agentId}`, method: 'PATCH', body: { unit: UNIT[w], room: 'p1' } }),
    expect: { ...readers(200, 403), unit_manager: [200, 403] },
  },
  {
    route: 'POST /api/v1/import',
    request: (c, w) => ({ path: '/import', method: 'POST', body: { report: makeReport(c.hosts[w].agentId, { collectedAt: COLLECTED }) } }),
    expect: { ...readers(201, 403), unit_manager: [201, 403] },
  },
  { route: 'GET /api/v1/metrics', request: () => ({ path: '/metrics' }), expect: readers(200, 403) },
  { route: 'GET /api/v1/readiness/:doc{[^/]+\\.[^/.]+}', request: (_c, w) => ({ path: `/readiness/summary.json?unit=${UNIT[w]}` }), expect: readers(200, [200, 403]) },
  { route: 'GET /api/v1/readiness', request: (_c, w) => ({ path: `/readiness?unit=${UNIT[w]}` }), expect: readers(200, [200, 403]) },
  { route: 'GET /api/v1/units', request: (_c, w) => ({ path: `/units?unit=${UNIT[w]}` }), expect: readers(200, [200, 403]) },
  {
    route: 'POST /api/v1/session',
    // Each caller signs in as its own user; without credentials, with a wrong password.
    request: (c, _w, who) => ({ path: '/session', method: 'POST', body: { name: who in c.users ? c.users[who as Role].name : 'admin', password: who in c.users ? PASSWORD : 'wrong-password-123' } }),
    expect: { ...readers(201, 201, 401), agent: 401, none: 401 },
  },
  { route: 'GET /api/v1/session', request: () => ({ path: '/session' }), expect: readers(200, 200) },
  { route: 'DELETE /api/v1/session', request: () => ({ path: '/session', method: 'DELETE' }), expect: { ...readers(204, 204, 204), none: 204 } },
  {
    route: 'PUT /api/v1/session/password',
    request: () => ({ path: '/session/password', method: 'PUT', body: { currentPassword: PASSWORD, newPassword: PASSWORD } }),
    expect: readers(200, 200),
  },
  { route: 'GET /api/v1/users', request: () => ({ path: '/users' }), expect: readers(200, 403) },
  {
    route: 'POST /api/v1/users',
    request: (c, w) => ({ path: '/users', method: 'POST', body: { name: `new-${c.n()}`, role: 'viewer', unit: UNIT[w], password: PASSWORD } }),
    expect: readers(201, 403),
  },
  { route: 'PATCH /api/v1/users/:name', request: (_c, w) => ({ path: `/users/spare-${w}`, method: 'PATCH', body: { recursive: true } }), expect: readers(200, 403) },
  { route: 'GET /api/v1/tokens', request: () => ({ path: '/tokens' }), expect: readers(200, 200) },
  {
    route: 'POST /api/v1/tokens',
    // In: a token for oneself; out: for someone else.
    request: (_c, w) => ({ path: '/tokens', method: 'POST', body: w === 'in' ? { label: 'script' } : { user: 'spare-out', label: 'script' } }),
    expect: readers(201, [201, 403]),
  },
  {
    route: 'DELETE /api/v1/tokens/:id',
    request: async (c, w, who) => {
      const token = await c.newToken(w === 'in' && who in c.users ? c.users[who as Role].name : 'spare-out');
      return { path: `/tokens/${token}`, method: 'DELETE' };
    },
    expect: readers(200, [200, 404]),
  },
  { route: 'GET /api/v1/enroll-secrets', request: () => ({ path: '/enroll-secrets' }), expect: { ...readers(200, 403), unit_manager: 200 } },
  {
    route: 'POST /api/v1/enroll-secrets',
    request: (_c, w) => ({ path: '/enroll-secrets', method: 'POST', body: { unit: UNIT[w] } }),
    expect: { ...readers(201, 403), unit_manager: [201, 403] },
  },
  {
    route: 'DELETE /api/v1/enroll-secrets/:id',
    request: async (c, w) => ({ path: `/enroll-secrets/${await c.newSecret(UNIT[w])}`, method: 'DELETE' }),
    expect: { ...readers(200, 403), unit_manager: [200, 403] },
  },
  { route: 'GET /api/v1/audit', request: () => ({ path: '/audit' }), expect: readers(200, 403) },
  // Pre-use scans: read by every reader of the unit, recorded by its security officers alone (not admins).
  { route: 'GET /api/v1/hosts/:id/scans', request: (c, w) => ({ path: `/hosts/${c.hosts[w].agentId}/scans` }), expect: readers(200, [200, 403]) },
  {
    route: 'POST /api/v1/hosts/:id/scans',
    request: (c, w) => ({ path: `/hosts/${c.hosts[w].agentId}/scans`, method: 'POST', body: { verdict: 'pass' } }),
    expect: { ...readers(403, 403), security_officer: [201, 403] },
  },
  {
    route: 'POST /api/v1/hosts/:id/scans/:scanId/attachments',
    request: async (c, w) => ({ path: `/hosts/${c.hosts[w].agentId}/scans/${await c.newScan(w)}/attachments`, method: 'POST', raw: PDF }),
    expect: { ...readers(403, 403), security_officer: [201, 403] },
  },
  { route: 'GET /api/v1/hosts/:id/scans/:scanId/attachments/:sha256', request: async (c, w) => ({ path: await c.newAttachment(w) }), expect: readers(200, [200, 403]) },
  {
    route: 'POST /api/v1/hosts/:id/scans/:scanId/acceptance',
    // This app's rule set does not ask for acceptance: past authorization, a 409 says so.
    request: async (c, w) => ({ path: `/hosts/${c.hosts[w].agentId}/scans/${await c.newScan(w)}/acceptance`, method: 'POST', body: {} }),
    expect: { ...readers(403, 403), security_officer: [409, 403] },
  },
  {
    route: 'POST /api/v1/scans/import',
    // Rows are refused one by one (their hosts' scope included); past authorization, these bytes are no workbook.
    request: () => ({ path: '/scans/import', method: 'POST', raw: PDF }),
    expect: { ...readers(403, 403), security_officer: 400 },
  },
  { route: 'GET /api/v1/scans/queue', request: (_c, w) => ({ path: `/scans/queue?unit=${UNIT[w]}` }), expect: readers(200, [200, 403]) },
  // The archive lists only the caller's documents (scopes: test/routes/archive.test.ts); an unknown or out-of-scope id is a 404.
  { route: 'GET /api/v1/archive', request: () => ({ path: '/archive' }), expect: readers(200, 200) },
  { route: 'GET /api/v1/archive/:id', request: () => ({ path: '/archive/20261204-100000-00000000' }), expect: readers(404, 404) },
  { route: 'GET /api/v1/archive/:id/file', request: () => ({ path: '/archive/20261204-100000-00000000/file' }), expect: readers(404, 404) },
  {
    route: 'POST /api/v1/archive',
    request: (_c, w) => ({ path: '/archive', method: 'POST', body: { kind: 'tracker', format: 'csv', unit: UNIT[w] } }),
    expect: readers(201, [201, 403]),
  },
  { route: 'GET /api/v1/devices', request: () => ({ path: '/devices' }), expect: readers(200, 200) },
  { route: 'GET /api/v1/devices/:id', request: (_c, w) => ({ path: `/devices/sw-${w}` }), expect: readers(200, [200, 403]) },
  {
    route: 'POST /api/v1/devices/scan',
    // The devices have no snmp or ssh entry: a scan answers at once without sending anything.
    request: (_c, w) => ({ path: '/devices/scan', method: 'POST', body: { device: `sw-${w}` } }),
    expect: { ...readers(200, 403), unit_manager: [200, 403] },
  },
  {
    route: 'DELETE /api/v1/devices/:id/host-key',
    request: (_c, w) => ({ path: `/devices/sw-${w}/host-key`, method: 'DELETE' }),
    expect: { ...readers(200, 403), unit_manager: [200, 403] },
  },
  {
    route: 'POST /api/v1/rollup',
    // Only a child collector's token may send figures (its subtree: test/e2e/rollup.test.ts); no person's, no agent's.
    request: (_c, w) => ({ path: '/rollup', method: 'POST', body: { id: '6f1c0000-0000-4000-8000-000000000000', sequence: 1, unit: UNIT[w], takenAt: new Date().toISOString(), asOf: '2025-12-05', rules: [], units: [] } }),
    expect: readers(401, 401, 401),
  },
  { route: 'GET /api/v1/rollup', request: () => ({ path: '/rollup' }), expect: readers(200, 200) },
  { route: 'GET /api/v1/exceptions', request: (_c, w) => ({ path: `/exceptions?unit=${UNIT[w]}` }), expect: readers(200, [200, 403]) },
  {
    route: 'POST /api/v1/exceptions',
    // The default pack lets admins alone approve: a unit manager holds the action, not the pack's leave.
    request: (_c, w) => ({ path: '/exceptions', method: 'POST', body: { rule: 'firewall-on', unit: UNIT[w], reason: 'máy đo kiểm, tường lửa ngoài', expires: '2025-12-31' } }),
    expect: readers(201, 403),
  },
  {
    route: 'DELETE /api/v1/exceptions/:id',
    request: async (c, w) => ({ path: `/exceptions/${await c.newException(UNIT[w])}`, method: 'DELETE' }),
    expect: readers(200, 403),
  },
  {
    route: 'POST /api/v1/exceptions/:id/attachments',
    // Anyone holding exceptions.approve over the exception's unit adds the decision's file (a unit manager too: the approver stays whoever approved).
    request: async (c, w) => ({ path: `/exceptions/${await c.newException(UNIT[w])}/attachments?name=qd.pdf`, method: 'POST', raw: PDF }),
    expect: { ...readers(201, 403), unit_manager: [201, 403] },
  },
  { route: 'GET /api/v1/exceptions/:id/attachments/:sha256', request: async (c, w) => ({ path: await c.newExceptionAttachment(UNIT[w]) }), expect: readers(200, [200, 403]) },
  { route: 'GET /api/v1/availability', request: (_c, w) => ({ path: `/availability?unit=${UNIT[w]}` }), expect: readers(200, [200, 403]) },
  { route: 'GET /api/v1/alerts', request: (_c, w) => ({ path: `/alerts?unit=${UNIT[w]}` }), expect: readers(200, [200, 403]) },
  { route: 'GET /api/v1/tasks', request: (_c, w) => ({ path: `/tasks?unit=${UNIT[w]}` }), expect: readers(200, [200, 403]) },
  {
    route: 'POST /api/v1/tasks',
    request: (_c, w) => ({ path: '/tasks', method: 'POST', body: { rule: 'firewall-on', unit: UNIT[w], assignee: `spare-${w}`, due: '2025-12-31' } }),
    expect: { ...readers(201, 403), unit_manager: [201, 403] },
  },
  {
    route: 'PATCH /api/v1/tasks/:id',
    // In: a task of the caller's unit assigned to the caller (its assignee may report progress); out: another unit's.
    request: async (c, w, who) => ({ path: `/tasks/${await c.newTask(UNIT[w], w === 'in' && who in c.users ? c.users[who as Role].name : `spare-${w}`)}`, method: 'PATCH', body: { status: 'in_progress' } }),
    expect: readers(200, [200, 403]),
  },
];

/** The API's rows and the web pages' (test/routes/dashboard-matrix.ts). */
const ROWS: Row[] = [...MATRIX, ...DASHBOARD_MATRIX];

/** One device in each unit, reachable by no scanner (no snmp, no ssh). */
function deviceService(now: () => Date): DeviceScanService {
  const unit = (w: Where) => ({ id: UNIT[w], name: UNIT[w], level: 'regional', devices: [{ id: `sw-${w}`, kind: 'switch', address: '192.0.2.1' }] });
  const org = OrgFile.parse({ name: 'matrix', units: [unit('in'), unit('out')] });
  return new DeviceScanService({ org, secrets: new Map(), config: DevicesConfig.parse({}), store: new MemoryDeviceStore(), now });
}

const WHO: Who[] = ['admin', 'unit_manager', 'viewer', 'security_officer', 'agent', 'none'];

/** The remediation stores with the default pack's rules (the test app's readiness has none). */
async function remediationOf(deps: ReturnType<typeof makeTestApp>['deps']) {
  return openRemediation({ dataDir: null, rules: await loadRuleSet([DEFAULT_PACK_FILE]), store: deps.store, org: deps.org, access: deps.access.store, jobs: deps.readiness, now: deps.now, log: () => {} });
}

const archiveDirs: string[] = [];
afterAll(() => archiveDirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** The request a row describes, as `app.request` takes it. */
function requestOf(req: Request, credential: string | null): [string, RequestInit] {
  const auth: Record<string, string> = credential ? { authorization: `Bearer ${credential}` } : {};
  if (req.page) {
    const form = req.form ? { body: new URLSearchParams(req.form).toString(), headers: { ...auth, 'content-type': 'application/x-www-form-urlencoded', origin: 'http://localhost' } } : { headers: auth };
    return [`http://localhost${req.path}`, { method: req.method ?? 'GET', ...form }];
  }
  return [
    `/api/v1${req.path}`,
    {
      method: req.method ?? 'GET',
      headers: { ...auth, ...(req.body ? { 'content-type': 'application/json' } : {}) },
      ...(req.body ? { body: JSON.stringify(req.body) } : req.raw ? { body: req.raw as Uint8Array<ArrayBuffer> } : {}),
    },
  ];
}

async function setUp() {
  const archiveDir = mkdtempSync(join(tmpdir(), 'readiness-matrix-archive-'));
  archiveDirs.push(archiveDir);
  const base = makeTestApp({ archive: new ArchiveStore(archiveDir), devices: deviceService(() => new Date('2025-12-05T08:00:00Z')) });
  const t = makeTestApp({ ...base.deps, remediation: await remediationOf(base.deps) });
  const store = t.deps.access.store;
  const hosts = { in: await t.enroll(UNIT.in, 'p1'), out: await t.enroll(UNIT.out, 'p1') };
  // A verdict judges a report: both hosts have one on file.
  for (const h of Object.values(hosts)) await t.deps.store.addReport(makeReport(h.agentId, { collectedAt: COLLECTED }), t.deps.now());
  const users = await addUsers(store, [
    { name: 'root', role: 'admin', unit: null },
    { name: 'mgr', role: 'unit_manager', unit: UNIT.in },
    { name: 'clerk', role: 'viewer', unit: UNIT.in },
    { name: 'police', role: 'security_officer', unit: UNIT.in },
    { name: 'spare-in', role: 'viewer', unit: UNIT.in },
    { name: 'spare-out', role: 'viewer', unit: UNIT.out },
  ]);
  const by = { actor: { kind: 'cli' as const, name: 'test', role: null, via: 'test' }, address: 'local' };
  const officerOf = (w: Where) => ({ name: `police-${w}`, role: 'security_officer' as const, grant: { role: 'security_officer' as const, unit: UNIT[w], recursive: false } });
  let counter = 0;
  const ctx: Ctx = {
    hosts,
    users: { admin: users.root!, unit_manager: users.mgr!, viewer: users.clerk!, security_officer: users.police! },
    newToken: async (user) => (await store.createToken({ user, label: '', expiresAt: null }, by)).view.id,
    newSecret: async (unit) => (await store.createEnrollSecret({ unit, room: null, expiresAt: null, maxUses: null }, by)).view.id,
    newScan: async (w) => (await t.deps.scans.record(hosts[w].agentId, t.deps.scans.parseRequest({ verdict: 'pass' }), officerOf(w), by, { via: 'api' })).id,
    newAttachment: async (w) => {
      const scan = await t.deps.scans.record(hosts[w].agentId, t.deps.scans.parseRequest({ verdict: 'pass' }), officerOf(w), by, { via: 'api' });
      const { attachments } = await t.deps.scans.attach(hosts[w].agentId, scan.id, PDF, 'minutes.pdf', officerOf(w), by);
      return `/hosts/${hosts[w].agentId}/scans/${scan.id}/attachments/${attachments[0]!.sha256}`;
    },
    newHost: async (unit) => (await t.enroll(unit, 'p1')).agentId,
    newException: async (unit) => (await t.deps.remediation.exceptions.add({ rule: 'firewall-on', unit, reason: 'một lý do đủ dài', expires: '2025-12-31' }, { ...by, actor: { ...by.actor, role: 'admin' } })).id,
    newExceptionAttachment: async (unit) => {
      const id = (await t.deps.remediation.exceptions.add({ rule: 'firewall-on', unit, reason: 'một lý do đủ dài', expires: '2025-12-31' }, { ...by, actor: { ...by.actor, role: 'admin' } })).id;
      const { attachment } = await t.deps.remediation.exceptions.attach(id, PDF, 'qd.pdf', by);
      return `/exceptions/${id}/attachments/${attachment.sha256}`;
    },
    newTask: async (unit, assignee) => (await t.deps.remediation.tasks.add({ rule: 'firewall-on', unit, assignee, due: '2025-12-31' }, by)).id,
    n: () => ++counter,
  };
  return { t, ctx };
}

const credentialOf = (ctx: Ctx, who: Who): string | null =>
  who === 'none' ? null : who === 'agent' ? ctx.hosts.in.agentKey : ctx.users[who].token;

describe('authorization matrix', () => {
  it('has rows for exactly the routes the app serves', () => {
    const { app } = makeTestApp({ devices: deviceService(() => new Date()) });
    const served = new Set(app.routes.filter((r) => r.method !== 'ALL').map((r) => `${r.method} ${r.path}`));
    expect([...served].sort()).toEqual(ROWS.map((r) => r.route).sort());
  });

  it('answers every route × role × scope with the expected status', async () => {
    const { t, ctx } = await setUp();
    const failures: string[] = [];
    for (const row of ROWS) {
      // A row whose statuses do not depend on the unit is asked once, not twice.
      const scoped = Object.values(row.expect).some((e) => typeof e !== 'number');
      for (const who of WHO) {
        for (const where of scoped ? (['in', 'out'] as const) : (['in'] as const)) {
          const expected = row.expect[who];
          const want = typeof expected === 'number' ? expected : expected[where === 'in' ? 0 : 1];
          const req = await row.request(ctx, where, who);
          const credential = credentialOf(ctx, who);
          // The agent column sends an agent key to readers' routes again and again: not a guesser.
          t.deps.limits.failedCredentials.reset('local');
          const res = await t.app.request(...requestOf(req, credential));
          await row.after?.(ctx, who, res);
          if (res.status !== want) failures.push(`${row.route} as ${who} (${where}): ${res.status}, expected ${want}: ${(await res.text()).slice(0, 160)}`);
          // A page's refusal is a page; a signed-out visitor is sent to sign in.
          else if (req.page && (res.status === 401 || res.status === 403)) expect(res.headers.get('content-type')).toMatch(/^text\/html/);
          else if (req.page && res.status === 303) expect(res.headers.get('location')).toMatch(/^\//);
          // A refusal always says why, in a sentence.
          else if (res.status === 401 || res.status === 403) expect(((await res.json()) as { error: { message: string } }).error.message.length).toBeGreaterThan(20);
        }
      }
    }
    expect(failures).toEqual([]);
  });

  it('names the caller\'s scope when a unit is out of it', async () => {
    const { t, ctx } = await setUp();
    const res = await t.get(`/readiness?unit=${UNIT.out}`, ctx.users.viewer.token);
    expect(res.status).toBe(403);
    expect(((await res.json()) as { error: { message: string } }).error.message).toBe(`unit ${UNIT.out} is outside your scope (unit ${UNIT.in} only (not the units below it))`);
  });

  it('withholds the answer of a route that made no authorization decision (the backstop)', async () => {
    const deps = makeTestApp().deps;
    const app = new Hono();
    app.use('*', authorizationBoundary(deps));
    app.onError((err, c) => errorResponse(c, err));
    app.get('/forgot', (c) => c.json({ secret: 'data of every unit' }));
    app.get('/declared', publicRoute('test'), (c) => c.json({ ok: true }));
    app.get('/authorized', authorize('read'), (c) => c.json({ ok: true }));
    const forgot = await app.request('/forgot');
    expect(forgot.status).toBe(500);
    expect(await forgot.text()).not.toContain('data of every unit');
    expect((await app.request('/declared')).status).toBe(200);
    expect((await app.request('/authorized')).status).toBe(401);
  });
});
