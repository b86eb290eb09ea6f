/**
 * The "5 rõ" stores of a collector (docs/remediation.md): exceptions and remediation tasks,
 * opened on its data directory (or in memory for tests), and the verifier that closes tasks
 * from the data. `openRemediation` is what the server and the test app call.
 */
import type { AccessStore } from '../access/access-store.js';
import type { RuleSet } from '../../rules/compile.js';
import type { OrgDirectory } from '../org-directory.js';
import type { ReadinessJobs } from '../readiness-jobs.js';
import type { Store } from '../store/types.js';
import type { Role } from '../../schema/index.js';
import { ExceptionStore } from './exceptions.js';
import { TaskStore } from './tasks.js';
import { TaskVerifier } from './verify.js';
import type { RemediationContext } from './context.js';

export interface Remediation {
  exceptions: ExceptionStore;
  tasks: TaskStore;
  verifier: TaskVerifier;
}

/** How soon after a report the open tasks are checked: reports of a whole unit arrive within minutes. */
export const VERIFY_DELAY_MS = 30_000;

export function openRemediation(opts: {
  dataDir: string | null;
  rules: RuleSet;
  store: Pick<Store, 'getHost' | 'onHostChange'>;
  org: Pick<OrgDirectory, 'placementProblem' | 'unitChain' | 'timeZone'>;
  access: AccessStore;
  jobs: Pick<ReadinessJobs, 'taskChecks' | 'autoTaskCandidates'>;
  now: () => Date;
  log: (line: string) => void;
  verifyDelayMs?: number;
}): Remediation {
  const ctx: RemediationContext = {
    ruleIds: new Set(opts.rules.rules.map((r) => r.info.id)),
    approverRoles: (opts.rules.packs[0]?.pack.settings.exceptionApprovers.value ?? ['admin']) as Role[],
    timeZone: opts.org.timeZone,
    now: opts.now,
    host: (id) => {
      const h = opts.store.getHost(id);
      return h && !h.retired ? { unit: h.unit, room: h.room } : undefined;
    },
    placementProblem: (unit, room) => opts.org.placementProblem(unit, room),
    user: (name) => opts.access.getUser(name),
    users: () => opts.access.listUsers(),
    unitChain: (unit) => opts.org.unitChain(unit),
    audit: (fields) => opts.access.record(fields),
  };
  const exceptions = new ExceptionStore(opts.dataDir, ctx).load();
  const tasks = new TaskStore(opts.dataDir, ctx).load();
  const auto = opts.rules.rules.some((r) => r.autoTasks !== null && r.ownerRole !== null);
  const verifier = new TaskVerifier(tasks, opts.jobs, opts.verifyDelayMs ?? VERIFY_DELAY_MS, opts.log, auto);
  opts.store.onHostChange(() => verifier.poke());
  return { exceptions, tasks, verifier };
}
