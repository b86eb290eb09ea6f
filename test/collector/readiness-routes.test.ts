/**
 * The readiness routes in-process: `GET /readiness`, `GET /units`, enrollment checked against
 * the org, `PATCH /hosts/:id`, room targets for agents, hysteresis through the ingest.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { loadOrgFile } from '../../collector/org-file.js';
import { Readiness, readinessDeps } from '../../collector/readiness.js';
import { MemoryStore } from '../../collector/store/memory-store.js';
import { DEFAULT_PACK_FILE, loadRuleSet } from '../../rules/load-pack.js';
import { AgentConfig, Evaluation, UnitsResponse } from '../../schema/index.js';
import { probe, readyReport } from '../helpers/ready-report.js';
import { ADMIN_TOKEN, ENROLL_SECRET, makeTestApp } from '../helpers/test-app.js';

const NOW = new Date('2025-12-05T03:00:00Z');
let t: ReturnType<typeof makeTestApp>;

beforeAll(async () => {
  const store = new MemoryStore();
  const readiness = new Readiness({ store, org: await loadOrgFile('examples/org.haiphong.yaml'), rules: await loadRuleSet([DEFAULT_PACK_FILE]), history: null, now: () => NOW });
  t = makeTestApp({ store, now: () => NOW, ...readinessDeps(readiness) });
});

const patch = (path: string, body: unknown, token = ADMIN_TOKEN) =>
  t.app.request(`/api/v1${path}`, { method: 'PATCH', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify(body) });
const message = async (res: Response) => ((await res.json()) as { error: { message: string } }).error.message;

describe('GET /readiness', () => {
  it('answers the whole fleet as an Evaluation', async () => {
    await t.enroll('hp', 'phong-1');
    const res = await t.get('/readiness', ADMIN_TOKEN);
    expect(res.status).toBe(200);
    const evaluation = Evaluation.parse(await res.json());
    expect(evaluation.asOf).toBe('2025-12-05');
    expect(evaluation.units.map((u) => u.unitId)).toEqual(['hp', 'hp-kv1', 'hp-kv2', 'hp-kv3']);
    // Every rule of the default pack, in its order (the pack grows as issues add rules).
    expect(evaluation.rules.map((r) => r.id)).toEqual((await loadRuleSet([DEFAULT_PACK_FILE])).rules.map((r) => r.info.id));
  });

  it('narrows to a unit and its descendants', async () => {
    const evaluation = Evaluation.parse(await (await t.get('/readiness?unit=hp-kv2', ADMIN_TOKEN)).json());
    expect([evaluation.scopeUnitId, evaluation.units.map((u) => u.unitId)]).toEqual(['hp-kv2', ['hp-kv2']]);
  });

  it.each([
    ['/readiness', undefined, 401, 'Authorization: Bearer'],
    ['/readiness?asOf=2025-13-01', ADMIN_TOKEN, 400, 'the query (use ?unit=<unit id>&asOf=YYYY-MM-DD) is invalid'],
    ['/readiness?asOf=2099-01-01', ADMIN_TOKEN, 400, 'asOf 2099-01-01 is in the future'],
    ['/readiness?asOf=2025-12-01', ADMIN_TOKEN, 404, 'no history has been recorded yet'],
    ['/readiness?unit=hp-kv9', ADMIN_TOKEN, 404, 'no unit "hp-kv9"'],
    ['/readiness?unit=HP', ADMIN_TOKEN, 400, 'is invalid'],
    ['/readiness?units=hp', ADMIN_TOKEN, 400, 'is invalid'],
  ])('GET %s → %i', async (path, token, status, text) => {
    const res = await t.get(path, token);
    expect(res.status).toBe(status);
    expect(await message(res)).toContain(text);
  });
});

describe('GET /units', () => {
  it('lists the org file\'s units and rooms with what is enrolled', async () => {
    const res = await t.get('/units', ADMIN_TOKEN);
    expect(res.status).toBe(200);
    const body = UnitsResponse.parse(await res.json());
    expect(body.org).toMatchObject({ example: true, declared: true, timeZone: 'Asia/Ho_Chi_Minh' });
    const hp = body.units.find((u) => u.id === 'hp')!;
    expect(hp.expectedWorkstations).toBe(44);
    expect(hp.childIds).toEqual(['hp-kv1', 'hp-kv2', 'hp-kv3']);
    expect(hp.rooms.find((r) => r.id === 'phong-1')!.needs).toEqual(['signing_token']);
    expect(body.units.find((u) => u.id === 'hp-kv1')!.targets.map((t) => t.role)).toEqual(['gateway', 'wan_endpoint', 'wan_dns', 'must_not_answer']);
    expect((await t.get('/units')).status).toBe(401);
  });
});

describe('enrollment against the org file', () => {
  const enroll = (unit: string, room: string | null, secret = ENROLL_SECRET) => t.post('/enroll', { secret, unit, room, hostname: 'PC' });

  it.each([
    ['hp-kv9', null, 400, 'cannot enroll: unit "hp-kv9" is not in the org file; use one of: hp, hp-kv1, hp-kv2, hp-kv3'],
    ['hp', 'phong-9', 400, 'cannot enroll: unit "hp" has no room "phong-9"; use one of: phong-1, phong-2, phong-3, phong-7, phong-15, van-phong (or no room)'],
  ])('refuses unit %s room %s', async (unit, room, status, text) => {
    const res = await enroll(unit, room);
    expect(res.status).toBe(status);
    expect(await message(res)).toBe(text);
  });

  it('checks the secret first, so the org is not shown to strangers', async () => {
    const res = await enroll('hp-kv9', null, 'wrong-secret-0123456789');
    expect(res.status).toBe(401);
  });

  it('gives an agent in a room its unit\'s targets plus the room\'s own', async () => {
    const { agentKey } = await t.enroll('hp', 'van-phong');
    const config = AgentConfig.parse(await (await t.get('/agent/config', agentKey)).json());
    expect(config.targets.map((x) => `${x.role}@${x.target}`)).toEqual([
      'gateway@192.0.2.1',
      'lan_server@192.0.2.10',
      'wan_endpoint@198.51.100.10',
      'wan_dns@qlahs.vks.example',
      'must_not_answer@203.0.113.10',
      'lan_server@192.0.2.2',
    ]);
  });
});

describe('PATCH /hosts/:id', () => {
  it('moves a host to another unit, and its evaluation follows', async () => {
    const { agentId } = await t.enroll('hp', 'phong-2');
    const res = await patch(`/hosts/${agentId}`, { unit: 'hp-kv1', room: null });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { host: { unit: string; room: string | null } }).host).toMatchObject({ unit: 'hp-kv1', room: null });
    const evaluation = Evaluation.parse(await (await t.get('/readiness?unit=hp-kv1', ADMIN_TOKEN)).json());
    expect(evaluation.hosts.map((h) => h.agentId)).toContain(agentId);
  });

  it.each([
    [{ unit: 'hp', room: 'phong-9' }, undefined, 400, 'cannot move the host: unit "hp" has no room "phong-9"'],
    [{ unit: 'hp' , extra: 1 }, undefined, 400, 'move request'],
    [{ unit: 'hp', room: null }, '00000000-0000-4000-8000-000000000000', 404, 'no host with id 00000000-0000-4000-8000-000000000000'],
  ])('refuses %j', async (body, id, status, text) => {
    const target = id ?? (await t.enroll('hp', 'phong-3')).agentId;
    const res = await patch(`/hosts/${target}`, body);
    expect(res.status).toBe(status);
    expect(await message(res)).toContain(text);
  });

  it('needs the admin token', async () => {
    const { agentId } = await t.enroll('hp', 'phong-3');
    expect((await patch(`/hosts/${agentId}`, { unit: 'hp', room: null }, 'not-the-admin-token-0000')).status).toBe(401);
  });
});

describe('reports through the ingest', () => {
  it('change a probe rule only after two reports agree', async () => {
    const { agentId, agentKey } = await t.enroll('hp', 'phong-7');
    const lossy = () => readyReport(agentId, NOW.toISOString(), { probes: { results: [probe('gateway', 'lan', { lossPct: 40, received: 6 })] } });
    const lan = async () => {
      const evaluation = Evaluation.parse(await (await t.get('/readiness?unit=hp', ADMIN_TOKEN)).json());
      return evaluation.hosts.find((h) => h.agentId === agentId)!.results.find((r) => r.ruleId === 'lan-gateway')!.status;
    };
    expect((await t.sendReport(readyReport(agentId, NOW.toISOString()), agentKey)).status).toBe(201);
    expect(await lan()).toBe('pass');
    await t.sendReport(lossy(), agentKey);
    expect(await lan()).toBe('pass');
    await t.sendReport(lossy(), agentKey);
    expect(await lan()).toBe('fail');
  });
});
