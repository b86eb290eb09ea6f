/**
 * No self-certification unseen: a report a unit's own manager imports is marked so in the
 * host's evaluation, counted apart in the unit's figures, named in every document and kept in
 * the history; an admin's import is marked imported but not self-certified; the agent's own
 * next report clears the mark. Imports are audited.
 */
import { describe, expect, it } from 'vitest';
import { HistoryStore } from '../../collector/history-store.js';
import { Readiness, readinessDeps } from '../../collector/readiness.js';
import { MemoryStore } from '../../collector/store/memory-store.js';
import { DEFAULT_PACK_FILE, loadRuleSet } from '../../rules/load-pack.js';
import type { Evaluation, ReadinessDocument } from '../../schema/index.js';
import { addUsers } from '../helpers/access-fixture.js';
import { readyReport } from '../helpers/ready-report.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { makeTestApp } from '../helpers/test-app.js';

describe('imported reports', () => {
  it('are marked, counted apart and named in documents; a manager\'s import of its own unit is self-certified', async () => {
    const dir = await makeTempDir('readiness-import-');
    let now = new Date('2025-12-04T03:00:00Z');
    const store = new MemoryStore();
    const readiness = new Readiness({ store, org: null, rules: await loadRuleSet([DEFAULT_PACK_FILE]), history: new HistoryStore(dir.path), now: () => now });
    const t = makeTestApp({ store, now: () => now, ...readinessDeps(readiness) });
    const users = await addUsers(t.deps.access.store, [
      { name: 'root', role: 'admin', unit: null },
      { name: 'mgr', role: 'unit_manager', unit: 'hp-kv1' },
    ]);
    const mine = await t.enroll('hp-kv1', null);
    const theirs = await t.enroll('hp-kv1', null);
    const importAs = (who: string, agentId: string) => t.post('/import', { report: readyReport(agentId, now.toISOString()) }, users[who]!.token);

    expect((await importAs('mgr', mine.agentId)).status).toBe(201);
    expect((await importAs('root', theirs.agentId)).status).toBe(201);
    const evaluation = (await (await t.get('/readiness', users.mgr!.token)).json()) as Evaluation;
    const origin = Object.fromEntries(evaluation.hosts.map((h) => [h.agentId, h.origin]));
    expect(origin[mine.agentId]).toMatchObject({ kind: 'import', by: 'mgr', role: 'unit_manager', selfCertified: true });
    expect(origin[theirs.agentId]).toMatchObject({ kind: 'import', by: 'root', role: 'admin', selfCertified: false });
    const lan = evaluation.units[0]!.rules.find((r) => r.passing === 2)!;
    expect([lan.importedPassing, lan.selfCertifiedPassing]).toEqual([2, 1]);

    const doc = (await (await t.get('/readiness/hosts.json', users.mgr!.token)).json()) as ReadinessDocument;
    expect(doc.facts).toEqual(expect.arrayContaining([{ label: 'Số máy có số liệu nhập thủ công', value: 2 }, { label: 'Trong đó do chính đơn vị tự nhập', value: 1 }]));
    expect(JSON.stringify(doc.parts)).toContain('VP-PC01 (do chính đơn vị tự nhập)');
    expect(JSON.stringify(doc.parts)).toContain('VP-PC01 (số liệu nhập thủ công)');
    expect(doc.auditHead).toMatch(/^[0-9a-f]{64}$/);

    // The history keeps the mark; the agent's own next report clears it.
    await readiness.snapshot();
    now = new Date('2025-12-05T03:00:00Z');
    expect((await t.sendReport(readyReport(mine.agentId, now.toISOString()), mine.agentKey)).status).toBe(201);
    const today = (await (await t.get('/readiness', users.root!.token)).json()) as Evaluation;
    expect(today.hosts.find((h) => h.agentId === mine.agentId)!.origin).toBeUndefined();
    const past = (await (await t.get('/readiness?asOf=2025-12-04', users.root!.token)).json()) as Evaluation;
    expect(past.hosts.find((h) => h.agentId === mine.agentId)!.origin).toMatchObject({ selfCertified: true });

    const audit = await t.deps.access.store.audit.read({ afterSeq: null, limit: 100 });
    expect(audit.filter((a) => a.action === 'host.import').map((a) => [a.actor.name, a.target, a.details.selfCertified])).toEqual([
      ['mgr', mine.agentId, true],
      ['root', theirs.agentId, false],
    ]);
    await dir.remove();
  });

  it('refuses a manager\'s import into another unit', async () => {
    const t = makeTestApp();
    const users = await addUsers(t.deps.access.store, [{ name: 'mgr', role: 'unit_manager', unit: 'hp-kv1' }]);
    const other = await t.enroll('hp-kv2', null);
    const res = await t.post('/import', { report: readyReport(other.agentId, '2025-12-05T02:00:00Z') }, users.mgr!.token);
    expect(res.status).toBe(403);
    const fresh = await t.post('/import', { report: readyReport('3f1c2a4e-5b6d-4e7f-8a9b-0c1d2e3f4a5b', '2025-12-05T02:00:00Z'), unit: 'hp-kv2' }, users.mgr!.token);
    expect(fresh.status).toBe(403);
    expect(t.deps.store.size).toBe(1);
  });
});
