/**
 * Wires the scheduler from the collector config: schedules checked against the org file's
 * units, the SMTP login from the secrets file, the mail transport, a warning when mail goes
 * in clear. Used by the collector at start-up and by `readiness schedule run`.
 */
import type { CollectorConfig } from '../config.js';
import { ConfigError } from '../config.js';
import type { ArchiveStore } from '../archive/store.js';
import { createSmtpMailer } from '../mail/transport.js';
import type { Mailer } from '../mail/transport.js';
import { loadOperatorSecrets } from '../operator-secrets.js';
import type { ReadinessJobs } from '../readiness-jobs.js';
import { mailPort } from './config.js';
import { nextOccurrence } from './calendar.js';
import { RunStore } from './runs.js';
import { Scheduler, systemClock } from './scheduler.js';
import type { SchedulerClock } from './scheduler.js';

/** A schedule naming a unit the org file does not have stops start-up, naming the field. */
export function checkScheduleUnits(config: CollectorConfig, unitIds: ReadonlySet<string> | null, configName = 'the collector config'): void {
  if (!unitIds) return;
  config.schedules.forEach((s, i) => {
    if (s.unit !== undefined && !unitIds.has(s.unit)) {
      throw new ConfigError(`${configName}: field "schedules.${i}.unit" names "${s.unit}", which is not a unit of the org file; use one of ${[...unitIds].slice(0, 20).join(', ')}`);
    }
  });
}

export async function openMailer(config: CollectorConfig, log: (line: string) => void): Promise<Mailer | null> {
  if (!config.mail) return null;
  const secrets = config.secretsFile ? await loadOperatorSecrets(config.secretsFile) : null;
  if (config.mail.insecure) {
    log(`collector: warning: mail.insecure is true: scheduled documents go to ${config.mail.host}:${mailPort(config.mail)} in clear text${config.alerts.email ? ', and so do alerts' : ''}, readable by anyone on the path; use TLS unless the mail server is on this machine`);
  }
  return createSmtpMailer(config.mail, secrets?.smtp ?? null);
}

export async function openScheduler(opts: {
  config: CollectorConfig;
  jobs: ReadinessJobs;
  auditHead: () => Promise<string | null>;
  archive: ArchiveStore;
  dataDir: string;
  timeZone: string;
  unitIds: ReadonlySet<string> | null;
  log: (line: string) => void;
  clock?: SchedulerClock;
  configName?: string;
  /** The collector's mail transport when it opened one already (alerts share it); the scheduler closes it. */
  mailer?: Mailer | null;
}): Promise<Scheduler> {
  checkScheduleUnits(opts.config, opts.unitIds, opts.configName);
  const mailer = opts.mailer !== undefined ? opts.mailer : await openMailer(opts.config, opts.log);
  return new Scheduler({
    schedules: opts.config.schedules,
    holidays: opts.config.holidays,
    timeZone: opts.timeZone,
    jobs: opts.jobs,
    auditHead: opts.auditHead,
    archive: opts.archive,
    runs: new RunStore(opts.dataDir),
    mail: opts.config.mail ?? null,
    mailer,
    clock: opts.clock ?? systemClock,
    log: opts.log,
  });
}

const CADENCE = { day: 'daily', week: 'weekly', month: 'monthly' } as const;

/** One line per schedule for the start-up log: what, where to, and when next. */
export function describeSchedules(config: CollectorConfig, timeZone: string, now: Date): string[] {
  const holidays = new Set(config.holidays);
  return config.schedules.map((s) => {
    const next = nextOccurrence(s, now, timeZone, holidays);
    const to = s.email ? `, mailed to ${s.email.to.join(', ')}` : '';
    return `collector: schedule ${s.id}: ${s.kind} (${s.formats.join(', ')}) for ${s.unit ?? 'every unit'}, ${CADENCE[s.period]} at ${s.time}${to}; next run ${next ? next.day : 'none within a year'}`;
  });
}
