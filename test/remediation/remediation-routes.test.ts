/**
 * The "5 rõ" scenarios through the API, in-process on the example org and the default pack:
 * an exception counted as exempted (apart from passing) and expiring at midnight of its day in
 * the org's time zone; an approver whose role the pack does not allow, refused; a task closed by
 * a passing report; a task set "done" by hand while the rule still fails, shown as reported
 * done and not verified; lists scoped to the caller's units; every change an audit line.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { loadOrgFile } from '../../collector/org-file.js';
import { Readiness, readinessDeps } from '../../collector/readiness.js';
import { MemoryStore } from '../../collector/store/memory-store.js';
import { AccessStore } from '../../collector/access/access-store.js';
import { createAccessControl } from '../../collector/access/access-control.js';
import { openRemediation } from '../../collector/remediation/index.js';
import type { Remediation } from '../../collector/remediation/index.js';
import { inProcessJobs } from '../../collector/readiness-jobs.js';
import { DEFAULT_PACK_FILE, loadRuleSet } from '../../rules/load-pack.js';
import { Evaluation } from '../../schema/index.js';
import type { ExceptionView, HostReport, TaskView } from '../../schema/index.js';
import { READY_LICENSING, READY_SECTIONS, readyReport } from '../helpers/ready-report.js';
import { ADMIN_TOKEN, makeTestApp } from '../helpers/test-app.js';
import { addUsers } from '../helpers/access-fixture.js';

/** 10:00 in Hải Phòng (UTC+7). */
let now = new Date('2025-12-05T03:00:00Z');
let t: ReturnType<typeof makeTestApp>;
let rem: Remediation;
let users: Record<string, { name: string; token: string }>;

const firewallOff = (agentId: string, at: string): HostReport =>
  readyReport(agentId, at, { security: { ...READY_SECTIONS.security, firewall: [{ profile: 'Domain', enabled: false }] } });

beforeAll(async () => {
  const store = new MemoryStore();
  const rules = await loadRuleSet([DEFAULT_PACK_FILE]);
  const clock = () => now;
  const readiness = new Readiness({
    store,
    org: await loadOrgFile('examples/org.haiphong.yaml'),
    rules,
    history: null,
    now: clock,
    licensing: READY_LICENSING,
    remediation: () => ({ exceptions: rem.exceptions.all(), tasks: rem.tasks.all() }),
  });
  const access = new AccessStore({ dataDir: null, now: clock });
  rem = openRemediation({ dataDir: null, rules, store, org: readiness, access, jobs: inProcessJobs(readiness), now: clock, log: () => {}, verifyDelayMs: 60_000 });
  t = makeTestApp({ store, now: clock, ...readinessDeps(readiness), access: createAccessControl({ store: access, bootstrapToken: ADMIN_TOKEN }), remediation: rem });
  users = await addUsers(access, [
    { name: 'root', role: 'admin', unit: null },
    { name: 'mgr-kv1', role: 'unit_manager', unit: 'hp-kv1' },
    { name: 'it-kv1', role: 'viewer', unit: 'hp-kv1' },
    { name: 'clerk-kv2', role: 'viewer', unit: 'hp-kv2' },
  ]);
});

const send = (method: string, path: string, body: unknown, token: string) =>
  t.app.request(`/api/v1${path}`, { method, headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify(body) });
const json = async <T>(res: Response) => (await res.json()) as T;
const firewall = async (unit = 'hp-kv1') => {
  const e = Evaluation.parse(await (await t.get(`/readiness?unit=${unit}`, users.root!.token)).json());
  const i = e.rules.findIndex((r) => r.id === 'firewall-on');
  return { e, unit: e.units.find((u) => u.unitId === unit)!.rules[i]!, hostStatus: (id: string) => e.hosts.find((h) => h.agentId === id)!.results[i]!.status };
};

describe('exceptions', () => {
  let failing: { agentId: string; agentKey: string };
  let passing: { agentId: string; agentKey: string };

  beforeAll(async () => {
    failing = await t.enroll('hp-kv1', null);
    passing = await t.enroll('hp-kv1', null);
    expect((await t.sendReport(firewallOff(failing.agentId, now.toISOString()), failing.agentKey)).status).toBe(201);
    expect((await t.sendReport(readyReport(passing.agentId, now.toISOString()), passing.agentKey)).status).toBe(201);
  });

  it('refuses an approver whose role the pack does not allow, and a role without the action', async () => {
    const body = { rule: 'firewall-on', host: failing.agentId, reason: 'máy đo kiểm chuyên dụng, tường lửa do thiết bị ngoài đảm nhận', expires: '2025-12-05' };
    const mgr = await send('POST', '/exceptions', body, users['mgr-kv1']!.token);
    expect(mgr.status).toBe(403);
    expect((await json<{ error: { message: string } }>(mgr)).error.message).toBe(
      'your role (unit_manager) may not approve exceptions: the rule pack allows admin (setting exceptionApprovers); ask one of them',
    );
    expect((await send('POST', '/exceptions', body, users['it-kv1']!.token)).status).toBe(403);
    expect(rem.exceptions.all()).toEqual([]);
  });

  it('counts an exempted machine apart from passing, never as pass', async () => {
    const before = await firewall();
    expect([before.hostStatus(failing.agentId), before.unit.passing, before.unit.failing, before.unit.exempted]).toEqual(['fail', 1, 1, 0]);
    const res = await send('POST', '/exceptions', { rule: 'firewall-on', host: failing.agentId, reason: 'máy đo kiểm chuyên dụng, tường lửa do thiết bị ngoài đảm nhận', expires: '2025-12-05', reference: 'QĐ 12/QĐ-VKS' }, users.root!.token);
    expect(res.status).toBe(201);
    const { exception } = await json<{ exception: ExceptionView }>(res);
    expect(exception).toMatchObject({ state: 'active', target: { unit: 'hp-kv1', room: null, host: failing.agentId }, approvedBy: { name: 'root', role: 'admin' }, expiresOn: '2025-12-05' });
    const after = await firewall();
    const host = after.e.hosts.find((h) => h.agentId === failing.agentId)!;
    expect(after.hostStatus(failing.agentId)).toBe('exempted');
    expect(host.results.find((r) => r.ruleId === 'firewall-on')!.evidence[0]).toEqual({ kind: 'exempted', exception: exception.id, until: '2025-12-05', approvedBy: 'root', approverRole: 'admin', reason: 'máy đo kiểm chuyên dụng, tường lửa do thiết bị ngoài đảm nhận', reference: 'QĐ 12/QĐ-VKS', says: 'fail' });
    expect([after.unit.passing, after.unit.failing, after.unit.exempted]).toEqual([1, 0, 1]);
    // hp-kv1 expects more machines than the two enrolled: the exempted one is out of the denominator, not in the numerator.
    expect(after.unit.completionPct).toBe(Math.floor((1 / (after.unit.expected - after.unit.notApplicable - 1)) * 1000) / 10);
    expect(after.e.exceptions?.map((e) => [e.id, e.state])).toEqual([[exception.id, 'active']]);
    const audit = await json<{ entries: Array<{ action: string; target: string }> }>(await t.get('/audit?limit=50', users.root!.token));
    expect(audit.entries).toContainEqual(expect.objectContaining({ action: 'exception.create', target: exception.id }));
  });

  it('prints "Miễn trừ" in the summary, apart from the passing column', async () => {
    const doc = await json<{ parts: Array<{ id: string; columns: Array<{ key: string; label: string }>; rows: Array<Record<string, unknown>> }> }>(await t.get('/readiness/summary.json?unit=hp-kv1', users.root!.token));
    const summary = doc.parts.find((p) => p.id === 'summary')!;
    expect(summary.columns.find((c) => c.key === 'exempted')!.label).toBe('Miễn trừ');
    const row = summary.rows.find((r) => String(r.rule).includes('Tường lửa') && r.room === 'Toàn đơn vị')!;
    expect([row.passing, row.exempted]).toEqual([1, 1]);
    const part = doc.parts.find((p) => p.id === 'exceptions')!;
    expect(part.rows[0]).toMatchObject({ state: 'Còn hiệu lực', expiresOn: '2025-12-05' });
  });

  it('holds until midnight of its last day in the org\'s time zone, then reverts by itself and is listed as expired', async () => {
    now = new Date('2025-12-05T16:59:59Z'); // 23:59:59 on 5/12 in Hải Phòng
    expect((await firewall()).hostStatus(failing.agentId)).toBe('exempted');
    now = new Date('2025-12-05T17:00:00Z'); // 00:00 on 6/12
    const after = await firewall();
    expect(after.hostStatus(failing.agentId)).toBe('fail');
    expect(after.unit.exempted).toBe(0);
    const listed = await json<{ exceptions: ExceptionView[] }>(await t.get('/exceptions?unit=hp-kv1&state=expired', users['it-kv1']!.token));
    expect(listed.exceptions.map((e) => e.state)).toEqual(['expired']);
    now = new Date('2025-12-05T03:00:00Z');
  });

  it('lists only the caller\'s units and refuses another unit', async () => {
    expect((await json<{ exceptions: unknown[] }>(await t.get('/exceptions', users['clerk-kv2']!.token))).exceptions).toEqual([]);
    expect((await t.get('/exceptions?unit=hp-kv1', users['clerk-kv2']!.token)).status).toBe(403);
  });

  it('revokes: the record stays, marked revoked, with its audit line', async () => {
    const [e] = rem.exceptions.all();
    const res = await send('DELETE', `/exceptions/${e!.id}`, {}, users.root!.token);
    expect(res.status).toBe(200);
    expect((await json<{ exception: ExceptionView }>(res)).exception.state).toBe('revoked');
    expect((await firewall()).hostStatus(failing.agentId)).toBe('fail');
    expect((await send('DELETE', `/exceptions/${e!.id}`, {}, users.root!.token)).status).toBe(400);
  });

  it('refuses a past expiry, an unknown rule, an unknown host, naming each', async () => {
    const base = { reason: 'một lý do đủ dài để ghi nhận', expires: '2025-12-31' };
    const cases: Array<[unknown, number, string]> = [
      [{ ...base, rule: 'firewall-on', unit: 'hp-kv1', expires: '2025-12-04' }, 400, 'expires 2025-12-04 is already past (today is 2025-12-05 in Asia/Ho_Chi_Minh)'],
      [{ ...base, rule: 'no-such-rule', unit: 'hp-kv1' }, 400, 'no rule "no-such-rule"'],
      [{ ...base, rule: 'firewall-on', host: '99999999-9999-4999-8999-999999999999' }, 404, 'no host 99999999-9999-4999-8999-999999999999'],
      [{ ...base, rule: 'firewall-on', unit: 'hp', room: 'phong-99' }, 400, 'unit "hp" has no room "phong-99"'],
    ];
    for (const [body, status, text] of cases) {
      const res = await send('POST', '/exceptions', body, users.root!.token);
      expect(res.status, JSON.stringify(body)).toBe(status);
      expect((await json<{ error: { message: string } }>(res)).error.message).toContain(text);
    }
  });
});

describe('tasks', () => {
  let host: { agentId: string; agentKey: string };

  beforeAll(async () => {
    host = await t.enroll('hp-kv2', null);
    expect((await t.sendReport(firewallOff(host.agentId, now.toISOString()), host.agentKey)).status).toBe(201);
  });

  const addTask = async (token = users.root!.token) => {
    const res = await send('POST', '/tasks', { rule: 'firewall-on', host: host.agentId, assignee: 'clerk-kv2', due: '2025-12-10', note: 'bật tường lửa cả ba hồ sơ' }, token);
    expect(res.status).toBe(201);
    return (await json<{ task: TaskView }>(res)).task;
  };

  it('refuses an assignee who cannot see the unit, and a manager of another unit', async () => {
    const res = await send('POST', '/tasks', { rule: 'firewall-on', host: host.agentId, assignee: 'it-kv1', due: '2025-12-10' }, users.root!.token);
    expect(res.status).toBe(400);
    expect((await json<{ error: { message: string } }>(res)).error.message).toBe('user "it-kv1" cannot see unit hp-kv2, so cannot be assigned a task there; choose someone whose scope covers it');
    expect((await send('POST', '/tasks', { rule: 'firewall-on', host: host.agentId, assignee: 'clerk-kv2', due: '2025-12-10' }, users['mgr-kv1']!.token)).status).toBe(403);
  });

  it('"done" by hand while the rule fails stays "reported done, not verified"', async () => {
    const task = await addTask();
    expect(task.state).toBe('open');
    // The assignee reports progress; only a manager may move the due date.
    expect((await send('PATCH', `/tasks/${task.id}`, { due: '2025-12-31' }, users['clerk-kv2']!.token)).status).toBe(403);
    const done = await send('PATCH', `/tasks/${task.id}`, { status: 'done', note: 'đã bật' }, users['clerk-kv2']!.token);
    expect(done.status).toBe(200);
    expect((await json<{ task: TaskView }>(done)).task.state).toBe('reported_done');
    expect(await rem.verifier.run()).toEqual([]);
    const mine = await json<{ tasks: TaskView[] }>(await t.get('/tasks?assignee=me', users['clerk-kv2']!.token));
    expect(mine.tasks.map((x) => [x.id, x.state])).toEqual([[task.id, 'reported_done']]);
    const doc = await json<{ parts: Array<{ id: string; rows: Array<Record<string, unknown>> }> }>(await t.get('/readiness/summary.json?unit=hp-kv2', users.root!.token));
    expect(doc.parts.find((p) => p.id === 'tasks')!.rows[0]).toMatchObject({ assignee: 'clerk-kv2', due: '2025-12-10', state: 'Báo đã xong, chưa xác minh' });
  });

  it('closes itself when a report shows the rule passing, with an audit line', async () => {
    const [task] = rem.tasks.all();
    now = new Date('2025-12-05T04:00:00Z');
    expect((await t.sendReport(readyReport(host.agentId, now.toISOString()), host.agentKey)).status).toBe(201);
    expect(await rem.verifier.run()).toEqual([task!.id]);
    const listed = await json<{ tasks: TaskView[] }>(await t.get('/tasks?unit=hp-kv2', users['clerk-kv2']!.token));
    expect(listed.tasks[0]).toMatchObject({ id: task!.id, state: 'verified', overdue: false });
    expect(listed.tasks[0]!.verified!.evidence).toContain('passes firewall-on');
    const audit = await json<{ entries: Array<{ action: string; target: string; actor: { kind: string } }> }>(await t.get('/audit?limit=100', users.root!.token));
    expect(audit.entries.filter((e) => e.target === task!.id).map((e) => e.action)).toEqual(['task.create', 'task.change', 'task.verify']);
    expect(audit.entries.find((e) => e.action === 'task.verify')!.actor.kind).toBe('collector');
    // Closed: its status cannot be changed by hand any more.
    expect((await send('PATCH', `/tasks/${task!.id}`, { status: 'open' }, users.root!.token)).status).toBe(400);
  });

  it('lists overdue tasks, and none of another unit', async () => {
    const task = await addTask();
    now = new Date('2025-12-11T03:00:00Z');
    expect((await t.sendReport(firewallOff(host.agentId, now.toISOString()), host.agentKey)).status).toBe(201);
    const overdue = await json<{ tasks: TaskView[] }>(await t.get('/tasks?overdue=true', users.root!.token));
    expect(overdue.tasks.map((x) => x.id)).toEqual([task.id]);
    expect((await json<{ tasks: unknown[] }>(await t.get('/tasks', users['it-kv1']!.token))).tasks).toEqual([]);
    expect((await send('PATCH', `/tasks/${task.id}`, { note: 'x' }, users['it-kv1']!.token)).status).toBe(403);
    now = new Date('2025-12-05T03:00:00Z');
  });
});
