/**
 * The software policy is matched at ingest: the program list stays on disk (data/software/),
 * and the small matches are written with the host record in the same single write, so the
 * rules can read them from memory and a restart keeps them.
 */
import { englishEvidence } from '../helpers/evidence-text.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { inProcessJobs } from '../../collector/readiness-jobs.js';
import { Readiness } from '../../collector/readiness.js';
import { FileStore } from '../../collector/store/file-store.js';
import { DEFAULT_PACK_FILE, loadRuleSet } from '../../rules/load-pack.js';
import type { RuleSet } from '../../rules/compile.js';
import { readyReport } from '../helpers/ready-report.js';
import { ADMIN_TOKEN, makeTestApp } from '../helpers/test-app.js';
import { makeTempDir } from '../helpers/temp-dir.js';

let dir: Awaited<ReturnType<typeof makeTempDir>>;
let rules: RuleSet;
beforeEach(async () => {
  dir = await makeTempDir('readiness-policy-');
  rules = await loadRuleSet([DEFAULT_PACK_FILE]);
});
afterEach(() => dir.remove());

const NOW = new Date('2025-12-05T08:00:00Z');
const programs = (extra: Array<{ name: string; version?: string }>) => ({
  software: { source: 'registry' as const, programs: [{ name: 'Bkav Pro Internet Security' }, { name: 'Microsoft Office Professional Plus 2016' }, ...extra] },
});

async function collector() {
  const store = new FileStore(dir.path);
  await store.load();
  const readiness = new Readiness({ store, org: null, rules, history: null, now: () => NOW });
  return { store, readiness, ...makeTestApp({ store, readiness: inProcessJobs(readiness), org: readiness, now: () => NOW }) };
}

describe('software policy at ingest', () => {
  it('keeps the matches with the host, not the programs, and a restart keeps them', async () => {
    const c = await collector();
    const { agentId, agentKey } = await c.enroll('hp', 'phong-1');
    const report = readyReport(agentId, NOW.toISOString(), programs([{ name: 'µTorrent', version: '3.6.0.47016' }, { name: 'Garena' }]));
    expect((await c.sendReport(report, agentKey)).status).toBe(201);

    const host = c.store.getHost(agentId)!;
    expect(host.latest?.software?.programs).toEqual([]);
    expect(host.softwareMatches).toEqual({
      reportId: report.reportId,
      policy: rules.softwarePolicy.hash,
      programsKnown: true,
      found: [
        { id: 'bkav-pro', program: 'Bkav Pro Internet Security' },
        { id: 'utorrent', program: 'µTorrent 3.6.0.47016' },
        { id: 'garena', program: 'Garena' },
      ],
      antivirus: [
        { product: 'Bkav Pro', edition: 'paid', entry: 'bkav-pro', evidence: 'product name "Bkav Pro" is Bkav Pro (paid)' },
        { product: 'Windows Defender', edition: 'included', entry: 'defender', evidence: 'product name "Windows Defender" is Microsoft Defender (included with Windows)' },
      ],
    });

    const reopened = new FileStore(dir.path);
    await reopened.load();
    expect(reopened.getHost(agentId)!.softwareMatches).toEqual(host.softwareMatches);
    // The programs themselves are still there, on disk, for whoever reads the host in full.
    expect((await reopened.readHost(agentId))!.latest!.software!.programs.map((p) => p.name)).toContain('µTorrent');

    const evaluation = await new Readiness({ store: reopened, org: null, rules, history: null, now: () => NOW }).evaluate({});
    const result = evaluation.hosts[0]!.results.find((r) => r.ruleId === 'software-policy')!;
    expect(result.status).toBe('fail');
    expect(englishEvidence(result.evidence)).toEqual(['Required software missing: none', 'Banned software: µTorrent 3.6.0.47016 (p2p), Garena (games) (expected none)']);
  });

  it('leaves the matches of the newest report when an older one is resent, and on a duplicate', async () => {
    const c = await collector();
    const { agentId, agentKey } = await c.enroll('hp', null);
    const newer = readyReport(agentId, '2025-12-05T07:00:00.000Z', programs([]));
    const older = readyReport(agentId, '2025-12-05T06:00:00.000Z', programs([{ name: 'XMRig' }]));
    expect((await c.sendReport(newer, agentKey)).status).toBe(201);
    expect((await c.sendReport(older, agentKey)).status).toBe(201);
    expect((await c.sendReport(newer, agentKey)).status).toBe(200);
    expect(c.store.getHost(agentId)!.softwareMatches).toMatchObject({ reportId: newer.reportId, found: [{ id: 'bkav-pro' }] });
  });

  it('matches an imported report the same way', async () => {
    const c = await collector();
    const report = readyReport('33333333-3333-4333-8333-333333333333', NOW.toISOString(), programs([{ name: 'NiceHash Miner' }]));
    const res = await c.post('/import', { report, unit: 'hp' }, ADMIN_TOKEN);
    expect(res.status).toBe(201);
    expect(c.store.getHost(report.agentId)!.softwareMatches?.found.map((f) => f.id)).toEqual(['bkav-pro', 'nicehash']);
  });
});
