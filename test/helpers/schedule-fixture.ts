/**
 * A collector's parts for scheduler tests, without a server: the example Hải Phòng org, the
 * default pack, a few ready hosts in a memory store, the daily history and the archive in a
 * temporary data directory, and a fake clock shared by the readiness service and the scheduler.
 */
import { join } from 'node:path';
import { ArchiveStore } from '../../collector/archive/store.js';
import { CollectorConfig } from '../../collector/config.js';
import { HistoryStore } from '../../collector/history-store.js';
import { loadOrgFile } from '../../collector/org-file.js';
import { Readiness } from '../../collector/readiness.js';
import { inProcessJobs } from '../../collector/readiness-jobs.js';
import { openScheduler } from '../../collector/schedule/index.js';
import { MemoryStore } from '../../collector/store/memory-store.js';
import { DEFAULT_PACK_FILE, loadRuleSet } from '../../rules/load-pack.js';
import { FakeClock, shiftedClock } from './fake-clock.js';
import { readyReport } from './ready-report.js';

/** The audit chain's head every scheduled document of the fixture is made under. */
export const FIXTURE_AUDIT_HEAD = 'a1'.repeat(32);

/** `realTimers`: time runs from `start` at its real pace (mail backoff waits for real); else it moves only when the test advances it. */
export async function scheduleFixture(dataDir: string, start: Date, config: unknown, opts: { realTimers?: boolean } = {}) {
  const fake = new FakeClock(start);
  const clock = opts.realTimers ? shiftedClock(start) : fake;
  const store = new MemoryStore();
  for (const [i, room] of ['van-phong', 'phong-1', 'phong-2'].entries()) {
    const agentId = `00000000-0000-4000-8000-00000000000${i + 1}`;
    await store.createAgent({ agentId, keyHash: 'a'.repeat(64), unit: 'hp', room, hostname: `HP-PC-0${i + 1}`, deviceKind: 'workstation', enrolledAt: start.toISOString() });
    await store.addReport(readyReport(agentId, start.toISOString()), start);
  }
  const org = await loadOrgFile('examples/org.haiphong.yaml');
  const readiness = new Readiness({ store, org, rules: await loadRuleSet([DEFAULT_PACK_FILE]), history: new HistoryStore(join(dataDir, 'history')), now: () => clock.now() });
  const archive = new ArchiveStore(dataDir);
  const parsed = CollectorConfig.parse(config);
  const log: string[] = [];
  const open = () =>
    openScheduler({ config: parsed, jobs: inProcessJobs(readiness), auditHead: async () => FIXTURE_AUDIT_HEAD, archive, dataDir, timeZone: readiness.timeZone, unitIds: new Set(org.units.map((u) => u.id)), log: (l) => log.push(l), clock });
  return { clock: fake, store, readiness, archive, open, log };
}
