/**
 * The authorization matrix rows of the web pages and forms (dashboard/pages/index.ts), joined
 * to the API's in authorization-matrix.test.ts, which checks that the app serves exactly the
 * routes the rows name. Pages answer a signed-out visitor with a redirect to the sign-in page
 * (303), an agent key with a 401 page, a role or unit the reader may not see with a 403 page.
 * Forms are posted form-encoded from the collector's own origin.
 */
import { ASSET_URLS } from '../../dashboard/assets/index.js';
import type { Role } from '../../schema/index.js';
import { PASSWORD } from '../helpers/access-fixture.js';

type Who = Role | 'agent' | 'none';
type Where = 'in' | 'out';
type Expect = number | readonly [number, number];

export interface PageRequest {
  path: string;
  method?: string;
  /** A form-encoded body (sent with the collector's own Origin). */
  form?: Record<string, string>;
  /** Not under /api/v1. */
  page: true;
}

interface Ctx {
  hosts: Record<Where, { agentId: string }>;
  users: Record<Role, { name: string }>;
  newToken(user: string): Promise<string>;
  newSecret(unit: string): Promise<string>;
  /** A new host enrolled into `unit`, for rows that use one up (retire). */
  newHost(unit: string): Promise<string>;
  /** A pass verdict on the host of `where`, recorded by another officer of its unit (for the accept form). */
  newScan(where: Where): Promise<string>;
  /** A remediation task of `unit` assigned to `assignee`, and an exception of `unit` (its ids). */
  newTask(unit: string, assignee: string): Promise<string>;
  newException(unit: string): Promise<string>;
  n(): number;
}

export interface PageRow {
  route: string;
  request: (ctx: Ctx, where: Where, who: Who) => PageRequest | Promise<PageRequest>;
  expect: Record<Who, Expect>;
}

const UNIT: Record<Where, string> = { in: 'u-in', out: 'u-out' };

/** A page every role may read; a signed-out visitor is redirected, an agent key refused. */
const page = (admin: Expect, others: Expect, overrides: Partial<Record<Who, Expect>> = {}): Record<Who, Expect> => ({
  admin,
  unit_manager: others,
  viewer: others,
  security_officer: others,
  agent: 401,
  none: 303,
  ...overrides,
});
const everyone = (status: number): Record<Who, Expect> => ({ admin: status, unit_manager: status, viewer: status, security_officer: status, agent: status, none: status });

const get = (path: string): PageRequest => ({ path, page: true });
const post = (path: string, form: Record<string, string> = {}): PageRequest => ({ path, method: 'POST', form, page: true });

export const DASHBOARD_MATRIX: PageRow[] = [
  { route: 'GET /sign-in', request: () => get('/sign-in'), expect: everyone(200) },
  {
    route: 'POST /sign-in',
    // Each role signs in as its own user; the agent and a visitor without credentials with a wrong password.
    request: (c, _w, who) => post('/sign-in', who in c.users ? { name: c.users[who as Role].name, password: PASSWORD } : { name: 'root', password: 'wrong-password-123' }),
    expect: { ...everyone(303), agent: 401, none: 401 },
  },
  { route: 'POST /sign-out', request: () => post('/sign-out'), expect: everyone(303) },
  { route: 'GET /lang', request: () => get('/lang?to=en&next=%2Fhosts'), expect: everyone(303) },
  { route: 'GET /assets/:file', request: () => get(ASSET_URLS.css), expect: everyone(200) },
  { route: 'GET /', request: () => get('/'), expect: page(200, 200) },
  { route: 'GET /units/:id', request: (_c, w) => get(`/units/${UNIT[w]}`), expect: page(200, [200, 403]) },
  { route: 'GET /hosts', request: (_c, w) => get(`/hosts?unit=${UNIT[w]}`), expect: page(200, [200, 403]) },
  { route: 'GET /hosts/:id', request: (c, w) => get(`/hosts/${c.hosts[w].agentId}`), expect: page(200, [200, 403]) },
  // Pre-use scans: the queue is read by every reader of their units (as GET /api/v1/scans/queue); recording is the unit's security officers' alone.
  { route: 'GET /scans', request: (_c, w) => get(`/scans?unit=${UNIT[w]}`), expect: page(200, [200, 403]) },
  { route: 'GET /scans/import', request: () => get('/scans/import'), expect: page(403, 403, { security_officer: 200 }) },
  { route: 'GET /documents', request: (_c, w) => get(`/documents?unit=${UNIT[w]}`), expect: page(200, [200, 403]) },
  { route: 'GET /admin', request: () => get('/admin'), expect: page(200, 200) },
  { route: 'GET /admin/users', request: () => get('/admin/users'), expect: page(200, 403) },
  { route: 'GET /admin/users/:name', request: (_c, w) => get(`/admin/users/spare-${w}`), expect: page(200, 403) },
  { route: 'GET /admin/tokens', request: () => get('/admin/tokens'), expect: page(200, 200) },
  { route: 'GET /admin/enroll-secrets', request: (_c, w) => get(`/admin/enroll-secrets?unit=${UNIT[w]}`), expect: page(200, 403, { unit_manager: 200 }) },
  { route: 'GET /admin/hosts/:id/move', request: (c, w) => get(`/admin/hosts/${c.hosts[w].agentId}/move`), expect: page(200, 403, { unit_manager: [200, 403] }) },
  { route: 'GET /admin/hosts/:id/retire', request: (c, w) => get(`/admin/hosts/${c.hosts[w].agentId}/retire`), expect: page(200, 403, { unit_manager: [200, 403] }) },
  { route: 'GET /admin/audit', request: () => get('/admin/audit'), expect: page(200, 403) },
  {
    route: 'POST /admin/users',
    request: (c, w) => post('/admin/users', { name: `page-${c.n()}`, role: 'viewer', unit: UNIT[w], password: PASSWORD, step: 'confirm' }),
    expect: page(303, 403),
  },
  { route: 'POST /admin/users/:name/change', request: (_c, w) => post(`/admin/users/spare-${w}/change`, { role: 'viewer', unit: UNIT[w], recursive: 'on' }), expect: page(303, 403) },
  { route: 'POST /admin/users/:name/state', request: (_c, w) => post(`/admin/users/spare-${w}/state`, { disabled: 'false' }), expect: page(303, 403) },
  // Without `step=confirm` a new password is only proposed (the check page): nothing changes.
  { route: 'POST /admin/users/:name/password', request: (_c, w) => post(`/admin/users/spare-${w}/password`), expect: page(200, 403) },
  { route: 'POST /admin/tokens', request: () => post('/admin/tokens', { label: 'excel', expires: '30d' }), expect: page(200, 200) },
  {
    route: 'POST /admin/tokens/:id/revoke',
    request: async (c, w, who) => post(`/admin/tokens/${await c.newToken(w === 'in' && who in c.users ? c.users[who as Role].name : 'spare-out')}/revoke`, { step: 'confirm' }),
    expect: page(303, [303, 404]),
  },
  { route: 'POST /admin/enroll-secrets', request: (_c, w) => post('/admin/enroll-secrets', { unit: UNIT[w], expires: '14d' }), expect: page(200, 403, { unit_manager: [200, 403] }) },
  {
    route: 'POST /admin/enroll-secrets/:id/revoke',
    request: async (c, w) => post(`/admin/enroll-secrets/${await c.newSecret(UNIT[w])}/revoke`, { step: 'confirm' }),
    expect: page(303, 403, { unit_manager: [303, 403] }),
  },
  {
    route: 'POST /admin/hosts/:id/move',
    // A new room each time, so every caller's move is a real one.
    request: (c, w) => post(`/admin/hosts/${c.hosts[w].agentId}/move`, { unit: UNIT[w], room: `r${c.n()}`, step: 'confirm' }),
    expect: page(303, 403, { unit_manager: [303, 403] }),
  },
  {
    route: 'POST /admin/hosts/:id/retire',
    // A new host each time: a retired one is not retired again.
    request: async (c, w) => post(`/admin/hosts/${await c.newHost(UNIT[w])}/retire`, { reason: 'replaced by a new PC', step: 'confirm' }),
    expect: page(303, 403, { unit_manager: [303, 403] }),
  },
  {
    route: 'POST /hosts/:id/scans',
    request: (c, w) => post(`/hosts/${c.hosts[w].agentId}/scans`, { verdict: 'pass' }),
    expect: page(403, 403, { security_officer: [303, 403] }),
  },
  {
    route: 'POST /hosts/:id/scans/:scanId/accept',
    // This app's rule set does not ask for acceptance: past authorization, a 409 page says so.
    request: async (c, w) => post(`/hosts/${c.hosts[w].agentId}/scans/${await c.newScan(w)}/accept`, { note: '' }),
    expect: page(403, 403, { security_officer: [409, 403] }),
  },
  // Rows are refused one by one (their hosts' scope included); past authorization, a form without a file is a 400 page.
  { route: 'POST /scans/import', request: () => post('/scans/import'), expect: page(403, 403, { security_officer: 400 }) },
  // The "5 rõ" pages (issue 20): as their API routes (collector/routes/tasks.ts, exceptions.ts, availability.ts).
  { route: 'GET /tasks', request: (_c, w) => get(`/tasks?unit=${UNIT[w]}`), expect: page(200, [200, 403]) },
  { route: 'GET /tasks/new', request: (_c, w) => get(`/tasks/new?unit=${UNIT[w]}`), expect: page(200, 403, { unit_manager: [200, 403] }) },
  { route: 'GET /tasks/:id{t-[a-z0-9]{10}}', request: async (c, w) => get(`/tasks/${await c.newTask(UNIT[w], `spare-${w}`)}`), expect: page(200, [200, 403]) },
  {
    route: 'POST /tasks/new',
    request: (_c, w) => post('/tasks/new', { rule: 'firewall-on', unit: UNIT[w], assignee: `spare-${w}`, due: '2025-12-31' }),
    expect: page(303, 403, { unit_manager: [303, 403] }),
  },
  {
    route: 'POST /tasks/:id{t-[a-z0-9]{10}}',
    // In: a task of the caller's unit assigned to the caller (the assignee reports progress); out: another unit's.
    request: async (c, w, who) => post(`/tasks/${await c.newTask(UNIT[w], w === 'in' && who in c.users ? c.users[who as Role].name : `spare-${w}`)}`, { status: 'in_progress' }),
    expect: page(303, [303, 403]),
  },
  { route: 'GET /exceptions', request: (_c, w) => get(`/exceptions?unit=${UNIT[w]}`), expect: page(200, [200, 403]) },
  // A unit manager holds the action (so sees the form for its units) but not the default pack's leave to approve (refused on posting).
  { route: 'GET /exceptions/new', request: (_c, w) => get(`/exceptions/new?unit=${UNIT[w]}`), expect: page(200, 403, { unit_manager: [200, 403] }) },
  {
    route: 'POST /exceptions/new',
    request: (_c, w) => post('/exceptions/new', { rule: 'firewall-on', unit: UNIT[w], reason: 'máy đo kiểm, tường lửa ngoài', expires: '2025-12-31' }),
    expect: page(303, 403),
  },
  { route: 'POST /exceptions/:id/revoke', request: async (c, w) => post(`/exceptions/${await c.newException(UNIT[w])}/revoke`, { step: 'confirm' }), expect: page(303, 403) },
  { route: 'GET /availability', request: (_c, w) => get(`/availability?unit=${UNIT[w]}`), expect: page(200, [200, 403]) },
];
