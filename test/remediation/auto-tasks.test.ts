/**
 * Automatic tasks from the pack's `autoTasks` setting (docs/remediation.md "Automatic tasks"),
 * in-process with a fixed clock on the example org and the default pack with the setting on
 * ({when: overdue, level: machine, dueInDays: 7}): `firewall-on` (owner.role unit_manager,
 * deadline 2025-12-26) at risk makes no task; past its deadline each failing machine gets one,
 * assigned to the unit manager whose scope covers it, or, in a unit without one, to an admin
 * with a note saying why; a second run and a restart on the same data directory make none; a
 * passing report closes the task and a new failure then opens a new one. The same candidates
 * come from the evaluation worker. A bad setting stops start-up naming the file and field.
 */
import { randomUUID } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadOrgFile } from '../../collector/org-file.js';
import { loadReadinessInputs, Readiness, readinessDeps } from '../../collector/readiness.js';
import { ingestOptions } from '../../collector/ingest-options.js';
import { MemoryStore } from '../../collector/store/memory-store.js';
import { AccessStore } from '../../collector/access/access-store.js';
import { createAccessControl } from '../../collector/access/access-control.js';
import { openRemediation } from '../../collector/remediation/index.js';
import type { Remediation } from '../../collector/remediation/index.js';
import { chooseAssignee } from '../../collector/remediation/auto-tasks.js';
import { inProcessJobs } from '../../collector/readiness-jobs.js';
import { EvaluationWorker } from '../../collector/evaluation/evaluation-worker.js';
import { startCollector } from '../../collector/server.js';
import { CollectorConfig } from '../../collector/config.js';
import { compileRuleSet } from '../../rules/compile.js';
import type { RuleSet } from '../../rules/compile.js';
import { DEFAULT_PACK_FILE, parsePack } from '../../rules/load-pack.js';
import type { HostReport, TaskView } from '../../schema/index.js';
import { READY_LICENSING, READY_SECTIONS, readyReport } from '../helpers/ready-report.js';
import { ADMIN_TOKEN, makeTestApp } from '../helpers/test-app.js';
import { addUsers } from '../helpers/access-fixture.js';
import { makeTempDir } from '../helpers/temp-dir.js';

const ON = '  autoTasks:\n    value: {when: overdue, level: machine, dueInDays: 7}\n    reason: for the test, every failing machine past the deadline\n';

/** The default pack with `autoTasks` on instead of off. */
async function packText(setting = ON): Promise<string> {
  const text = await readFile(DEFAULT_PACK_FILE, 'utf8');
  const start = text.indexOf('  autoTasks:\n');
  const end = text.indexOf('  exceptionApprovers:\n');
  expect(start).toBeGreaterThan(0);
  return text.slice(0, start) + setting + text.slice(end);
}

let now = new Date('2025-12-20T03:00:00Z');
const clock = () => now;
let dir: Awaited<ReturnType<typeof makeTempDir>>;
let rules: RuleSet;
let store: MemoryStore;
let readiness: Readiness;
let access: AccessStore;
let rem: Remediation;
let t: ReturnType<typeof makeTestApp>;
let users: Record<string, { name: string; token: string }>;
const log: string[] = [];

/** Opens the remediation stores on the data directory, as the collector does at start-up. */
const open = () =>
  openRemediation({ dataDir: dir.path, rules, store, org: readiness, access, jobs: inProcessJobs(readiness), now: clock, log: (l) => log.push(l), verifyDelayMs: 60_000 });

const firewallOff = (agentId: string, at: string): HostReport =>
  readyReport(agentId, at, { security: { ...READY_SECTIONS.security, firewall: [{ profile: 'Domain', enabled: false }] } });

let a: { agentId: string; agentKey: string };
let b: { agentId: string; agentKey: string };
let c: { agentId: string; agentKey: string };
const report = async (host: { agentId: string; agentKey: string }, failing: boolean) =>
  expect((await t.sendReport((failing ? firewallOff : readyReport)(host.agentId, now.toISOString()), host.agentKey)).status).toBe(201);
const firewallTasks = () => rem.tasks.all().filter((x) => x.rule === 'firewall-on');

beforeAll(async () => {
  dir = await makeTempDir('readiness-auto-tasks-');
  rules = compileRuleSet([parsePack(await packText(), 'auto.yaml')]);
  store = new MemoryStore();
  readiness = new Readiness({
    store,
    org: await loadOrgFile('examples/org.haiphong.yaml'),
    rules,
    history: null,
    now: clock,
    licensing: READY_LICENSING,
    remediation: () => ({ exceptions: rem.exceptions.all(), tasks: rem.tasks.all() }),
  });
  access = new AccessStore({ dataDir: null, now: clock });
  rem = open();
  t = makeTestApp({ store, now: clock, ...readinessDeps(readiness), access: createAccessControl({ store: access, bootstrapToken: ADMIN_TOKEN }), remediation: rem });
  users = await addUsers(access, [
    { name: 'root', role: 'admin', unit: null },
    { name: 'mgr-kv1', role: 'unit_manager', unit: 'hp-kv1' },
    // hp-kv2 has a viewer but no unit manager: its tasks go to an admin.
    { name: 'clerk-kv2', role: 'viewer', unit: 'hp-kv2' },
  ]);
  a = await t.enroll('hp-kv1', null);
  b = await t.enroll('hp-kv1', null);
  c = await t.enroll('hp-kv2', null);
});
afterAll(() => dir?.remove());

describe('automatic tasks', () => {
  it('makes none while the rule is only at risk', async () => {
    await report(a, true);
    await report(b, false);
    await report(c, true);
    await rem.verifier.run();
    expect(rem.tasks.all()).toEqual([]);
  });

  it('past the deadline: one task per failing machine, for the owner role\'s user in scope, audited with origin pack', async () => {
    now = new Date('2025-12-29T03:00:00Z');
    await report(a, true);
    await report(b, false);
    await report(c, true);
    await rem.verifier.run();
    const tasks = firewallTasks();
    expect(tasks.map((x) => [x.target.host, x.assignee, x.due, x.origin, x.assignment])).toEqual([
      [a.agentId, 'mgr-kv1', '2026-01-05', 'pack', { role: 'unit_manager', fallback: null }],
      [c.agentId, 'root', '2026-01-05', 'pack', { role: 'unit_manager', fallback: 'admin' }],
    ]);
    // Only the firewall rule fails: no other rule asked for a task.
    expect(rem.tasks.all()).toHaveLength(2);
    expect(tasks[0]!.notes).toEqual([]);
    expect(tasks[1]!.notes[0]!.text).toBe('No enabled unit_manager covers unit hp-kv2: assigned to root (an admin) instead; reassign it when one is added.');
    expect(tasks[0]!.history[0]!.value).toContain('deadline status in unit hp-kv1 overdue');
    // The unit manager sees it in their own list, overdue only after its due day.
    const mine = (await (await t.get('/tasks?assignee=me', users['mgr-kv1']!.token)).json()) as { tasks: TaskView[] };
    expect(mine.tasks.map((x) => [x.id, x.state, x.overdue])).toEqual([[tasks[0]!.id, 'open', false]]);
    const audit = (await (await t.get('/audit?limit=100', users.root!.token)).json()) as { entries: Array<{ action: string; target: string; actor: { kind: string }; details: Record<string, unknown> }> };
    const created = audit.entries.filter((e) => e.action === 'task.create');
    expect(created.map((e) => [e.target, e.actor.kind, e.details.origin, e.details.assignee])).toEqual(
      expect.arrayContaining([
        [tasks[0]!.id, 'collector', 'pack', 'mgr-kv1'],
        [tasks[1]!.id, 'collector', 'pack', 'root'],
      ]),
    );
    expect(created).toHaveLength(2);
  });

  it('makes none on a second run, nor after a restart on the same data directory', async () => {
    const before = rem.tasks.all().map((x) => x.id);
    await rem.verifier.run();
    expect(rem.tasks.all().map((x) => x.id)).toEqual(before);
    const onDisk = JSON.parse(await readFile(join(dir.path, 'tasks.json'), 'utf8')) as { records: Array<{ id: string; origin: string }> };
    expect(onDisk.records.map((r) => [r.id, r.origin])).toEqual(before.map((id) => [id, 'pack']));
    rem.verifier.close();
    rem = open();
    now = new Date('2025-12-29T05:00:00Z');
    await report(a, true);
    await rem.verifier.run();
    expect(rem.tasks.all().map((x) => x.id)).toEqual(before);
  });

  it('a passing report closes the task; a new failure then opens a new one', async () => {
    const [taskA] = firewallTasks();
    now = new Date('2025-12-29T06:00:00Z');
    await report(a, false);
    expect(await rem.verifier.run()).toEqual([taskA!.id]);
    expect(rem.tasks.get(taskA!.id)!.verified!.evidence).toContain('passes firewall-on');
    expect(firewallTasks()).toHaveLength(2);
    now = new Date('2025-12-30T03:00:00Z');
    await report(a, true);
    await report(c, true);
    await rem.verifier.run();
    const open = rem.tasks.open().filter((x) => x.target.host === a.agentId);
    expect(open).toHaveLength(1);
    expect(open[0]).toMatchObject({ assignee: 'mgr-kv1', due: '2026-01-06', origin: 'pack' });
    expect(firewallTasks()).toHaveLength(3);
  });

  it('level unit: one task for the unit, due the same day with dueInDays 0', async () => {
    const unitRules = compileRuleSet([parsePack(await packText(ON.replace('level: machine, dueInDays: 7', 'level: unit, dueInDays: 0')), 'auto.yaml')]);
    const r2 = new Readiness({ store, org: await loadOrgFile('examples/org.haiphong.yaml'), rules: unitRules, history: null, now: clock, licensing: READY_LICENSING });
    const candidates = await r2.autoTaskCandidates();
    expect(candidates.map((x) => [x.rule, x.target, x.dueInDays, x.status])).toEqual([
      ['firewall-on', { unit: 'hp-kv1', room: null, host: null }, 0, 'overdue'],
      ['firewall-on', { unit: 'hp-kv2', room: null, host: null }, 0, 'overdue'],
    ]);
  });
});

describe('choosing the assignee', () => {
  const u = (name: string, role: 'admin' | 'unit_manager' | 'viewer' | 'security_officer', unit: string | null, recursive = true, disabled = false) => ({ name, role, unit, recursive, disabled });
  const chain = ['hp-kv1', 'hp'];

  it('takes the narrowest scope, then the name; skips disabled users and scopes that do not cover the unit', () => {
    const people = [u('z-kv1', 'security_officer', 'hp-kv1'), u('a-city', 'security_officer', 'hp'), u('b-kv1', 'security_officer', 'hp-kv1'), u('a-kv1', 'security_officer', 'hp-kv1', true, true), u('kv2', 'security_officer', 'hp-kv2')];
    expect(chooseAssignee(people, 'security_officer', chain)).toEqual({ name: 'b-kv1', fallback: null });
    expect(chooseAssignee(people.slice(1, 2), 'security_officer', chain)).toEqual({ name: 'a-city', fallback: null });
    // A grant on the city without the units below it does not cover hp-kv1.
    expect(chooseAssignee([u('city-only', 'security_officer', 'hp', false), u('boss', 'unit_manager', 'hp')], 'security_officer', chain)).toEqual({ name: 'boss', fallback: 'unit_manager' });
  });

  it('falls back to the unit manager, then an admin, else nobody', () => {
    expect(chooseAssignee([u('root', 'admin', null), u('mgr', 'unit_manager', 'hp-kv1')], 'security_officer', chain)).toEqual({ name: 'mgr', fallback: 'unit_manager' });
    expect(chooseAssignee([u('root', 'admin', null), u('viewer', 'viewer', 'hp-kv1')], 'security_officer', chain)).toEqual({ name: 'root', fallback: 'admin' });
    expect(chooseAssignee([u('viewer', 'viewer', 'hp-kv1')], 'unit_manager', chain)).toBeNull();
  });
});

describe('nobody to assign', () => {
  it('makes no task and warns once, naming the role to add', async () => {
    const lines: string[] = [];
    const empty = openRemediation({ dataDir: null, rules, store, org: readiness, access: new AccessStore({ dataDir: null, now: clock }), jobs: inProcessJobs(readiness), now: clock, log: () => {} });
    const candidate = { rule: 'firewall-on', target: { unit: 'hp-kv2', room: null, host: c.agentId }, role: 'unit_manager' as const, dueInDays: 7, status: 'overdue' as const, evidence: 'test' };
    expect(await empty.tasks.addAuto([candidate], (l) => lines.push(l))).toEqual([]);
    expect(await empty.tasks.addAuto([candidate], (l) => lines.push(l))).toEqual([]);
    expect(empty.tasks.all()).toEqual([]);
    expect(lines).toEqual([`collector: warning: no enabled user to assign the automatic task for rule firewall-on in unit hp-kv2 (host ${c.agentId}) to: add a user with the role unit_manager over the unit, or an admin (readiness user add)`]);
  });
});

describe('the evaluation worker', () => {
  it('finds the same candidates as in-process (real clock: the 2025 deadlines have passed)', async () => {
    const d = await makeTempDir('readiness-auto-worker-');
    try {
      const packFile = join(d.path, 'auto.yaml');
      await writeFile(packFile, await packText());
      const config = CollectorConfig.parse({ port: 0, dataDir: join(d.path, 'data'), adminToken: 'admin-token-0123456789', enrollSecret: 'enroll-secret-0123456789', org: 'examples/org.haiphong.yaml', rulePacks: [packFile] });
      const realStore = new MemoryStore();
      const inProcess = new Readiness({ ...(await loadReadinessInputs(config)), store: realStore, history: null, now: () => new Date() });
      const fresh = new Date();
      const ids = [randomUUID(), randomUUID(), randomUUID()];
      for (const [id, unit, failing] of [[ids[0]!, 'hp-kv1', true], [ids[1]!, 'hp-kv1', false], [ids[2]!, 'hp-kv3', true]] as const) {
        await realStore.createAgent({ agentId: id, keyHash: '0'.repeat(64), unit, room: null, hostname: id.slice(0, 8), deviceKind: 'workstation', enrolledAt: new Date(fresh.getTime() - 3600_000).toISOString() });
        const r = (failing ? firewallOff : readyReport)(id, fresh.toISOString());
        await realStore.addReport(r, fresh, ingestOptions(inProcess, r));
      }
      const worker = EvaluationWorker.start(config, { store: realStore }, () => {});
      try {
        const theirs = await inProcess.autoTaskCandidates();
        expect(theirs.filter((x) => x.rule === 'firewall-on').map((x) => x.target.host)).toEqual([ids[0], ids[2]]);
        expect(await worker.autoTaskCandidates()).toEqual(theirs);
      } finally {
        await worker.close();
      }
    } finally {
      await d.remove();
    }
  }, 60_000);
});

describe('a bad autoTasks setting', () => {
  it('stops start-up with a sentence naming the file and the field', async () => {
    const d = await makeTempDir('readiness-auto-bad-');
    try {
      const packFile = join(d.path, 'bad.yaml');
      const config = CollectorConfig.parse({ port: 0, dataDir: join(d.path, 'data'), adminToken: 'admin-token-0123456789', enrollSecret: 'enroll-secret-0123456789', rulePacks: [packFile] });
      await writeFile(packFile, await packText(ON.replace('when: overdue', 'when: late')));
      await expect(startCollector(config, { log: () => {} })).rejects.toThrow(`${packFile}: field "settings.autoTasks.value.when" Invalid option: expected one of "overdue"|"at_risk"|"failing"`);
      // A rule's own setting without an owner role: nobody to assign.
      const text = (await packText()).replace('    check:\n      fact: security.firewall_enabled', '    autoTasks: {when: failing, level: unit, dueInDays: 3}\n    check:\n      fact: security.firewall_enabled');
      await writeFile(packFile, text.replace('      role: unit_manager\n      what: Rà quét, bảo đảm an toàn thiết bị trước khi đưa vào sử dụng\n      result: Mọi máy trạm bật tường lửa', '      what: Rà quét, bảo đảm an toàn thiết bị trước khi đưa vào sử dụng\n      result: Mọi máy trạm bật tường lửa'));
      await expect(startCollector(config, { log: () => {} })).rejects.toThrow(`${packFile}: rule "firewall-on": field "autoTasks" needs owner.role: the role whose user is assigned the tasks (e.g. owner.role: unit_manager)`);
    } finally {
      await d.remove();
    }
  });
});
