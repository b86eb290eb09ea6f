import { describe, expect, it } from 'vitest';
import { ENROLL_SECRET, makeTestApp } from '../helpers/test-app.js';

describe('POST /api/v1/enroll', () => {
  it('answers 201 with an agent id and a key, and stores only a hash of the key', async () => {
    const t = makeTestApp();
    const res = await t.post('/enroll', { secret: ENROLL_SECRET, unit: 'hp-vanphong', room: 'phong-1', hostname: 'VP-PC01' });
    expect(res.status).toBe(201);
    const body = (await res.json()) as { agentId: string; agentKey: string };
    expect(body.agentKey.startsWith(`${body.agentId}.`)).toBe(true);
    const host = t.deps.store.getHost(body.agentId)!;
    expect(host.unit).toBe('hp-vanphong');
    expect(JSON.stringify(host)).not.toContain(body.agentKey.split('.')[1]);
  });

  it('refuses a wrong secret with 401', async () => {
    const res = await makeTestApp().post('/enroll', { secret: 'wrong-secret-wrong-secret', unit: 'hp-vanphong', hostname: 'x' });
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('unauthorized');
  });

  it('answers 400 with the path of each problem', async () => {
    const res = await makeTestApp().post('/enroll', { secret: ENROLL_SECRET, unit: 'Phòng 1', hostname: '' });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { issues: { path: string }[] } };
    expect(body.error.issues.map((i) => i.path).sort()).toEqual(['hostname', 'unit']);
  });

  it('answers 400 to a body that is not JSON', async () => {
    const res = await makeTestApp().post('/enroll', '{not json');
    expect(res.status).toBe(400);
  });
});
