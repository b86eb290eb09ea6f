/**
 * `readiness schedule run ID [--as-of D]`: makes one schedule's documents now, archives them
 * and mails them as the schedule says, from the collector's data directory (the collector
 * need not run). The run is archived as made by hand; the calendar's own runs are unaffected.
 * `readiness schedule list` shows each schedule's next run and its recorded runs.
 */
import type { Command } from 'commander';
import { ArchiveStore } from '../../collector/archive/store.js';
import { openReadiness } from '../../collector/readiness.js';
import { equippedSource } from '../../collector/assets/equipment-source.js';
import { inProcessJobs } from '../../collector/readiness-jobs.js';
import { nextOccurrence } from '../../collector/schedule/calendar.js';
import { openScheduler } from '../../collector/schedule/index.js';
import { RunStore } from '../../collector/schedule/runs.js';
import type { RunRecord } from '../../collector/schedule/runs.js';
import type { Schedule } from '../../collector/schedule/config.js';
import { loadOrgFile } from '../../collector/org-file.js';
import { DEFAULT_TIME_ZONE } from '../../reports/index.js';
import { Day } from '../../schema/index.js';
import { collectorData } from '../data-dir.js';
import { CliError, printData } from '../fail.js';
import { table } from '../table.js';

interface Flags {
  config?: string;
  data?: string;
  json?: boolean;
}

export function registerSchedule(program: Command): void {
  const schedule = program.command('schedule').description("the collector config's document schedules");
  schedule
    .command('run')
    .description('make, archive and mail one schedule\'s documents now')
    .argument('<id>', 'the schedule id in the collector config')
    .option('--as-of <day>', 'the day the documents are as of, YYYY-MM-DD (default: today; past days come from the history)')
    .requiredOption('--config <file>', 'collector config (YAML) that lists the schedules')
    .option('--data <dir>', "the collector's data directory (default: from --config)")
    .option('--json', 'print what was made as JSON')
    .action(async (id: string, o: Flags & { asOf?: string }) => {
      if (o.asOf !== undefined && !Day.safeParse(o.asOf).success) throw new CliError(`--as-of takes a day written YYYY-MM-DD, not "${o.asOf}"`);
      const { config, dataDir } = await collectorData(o);
      if (!config.schedules.some((s) => s.id === id)) {
        throw new CliError(`no schedule "${id}" in ${o.config}; the schedules are ${config.schedules.map((s) => s.id).join(', ') || '(none)'}`);
      }
      const source = await openReadiness({ ...(o.config ? { configFile: o.config } : {}), dataDir });
      const log = (line: string) => console.error(line);
      const scheduler = await openScheduler({
        config,
        jobs: inProcessJobs(equippedSource(source, dataDir)),
        auditHead: async () => (await source.auditHead())?.hash ?? null,
        archive: new ArchiveStore(dataDir), dataDir, timeZone: source.timeZone, unitIds: null, log, ...(o.config ? { configName: o.config } : {}) });
      try {
        const outcome = await scheduler.runNow(id, o.asOf);
        const delivery = outcome.delivery ? await outcome.delivery : null;
        printData(Boolean(o.json), { entries: outcome.entries, delivery }, () =>
          [
            ...outcome.entries.map((e) => `archived ${e.fileName} as ${e.id} (${e.sizeBytes} bytes, SHA-256 ${e.sha256})`),
            ...(delivery ? [`e-mail: ${delivery.status} after ${delivery.attempts.length} attempt(s)${delivery.status === 'sent' ? '' : `: ${delivery.attempts.at(-1)?.message ?? ''}`}`] : []),
          ].join('\n'),
        );
        if (delivery && delivery.status !== 'sent') process.exitCode = 1;
      } finally {
        await scheduler.close();
      }
    });
  schedule
    .command('list')
    .description('each schedule with its next run and the runs recorded so far')
    .requiredOption('--config <file>', 'collector config (YAML) that lists the schedules')
    .option('--data <dir>', "the collector's data directory (default: from --config)")
    .option('--json', 'print JSON')
    .action(async (o: Flags) => {
      const { config, dataDir } = await collectorData(o);
      const timeZone = config.org ? (await loadOrgFile(config.org)).timeZone : DEFAULT_TIME_ZONE;
      const runs = new RunStore(dataDir);
      const holidays = new Set(config.holidays);
      const rows: Array<Schedule & { next: string | null; nextDay: string | null; runs: RunRecord[] }> = [];
      for (const s of config.schedules) {
        const recorded = await runs.list(s.id);
        const next = nextOccurrence(s, new Date(), timeZone, holidays);
        rows.push({ ...s, next: next ? next.at.toISOString() : null, nextDay: next?.day ?? null, runs: recorded });
      }
      printData(Boolean(o.json), { schedules: rows }, () =>
        rows.length
          ? table(
              ['id', 'kind', 'formats', 'unit', 'period', 'time', 'next run', 'made', 'failed', 'skipped', 'last'],
              rows.map((r) => {
                const count = (status: string) => String(r.runs.filter((x) => x.status === status).length);
                const last = r.runs.at(-1);
                return [r.id, r.kind, r.formats.join(','), r.unit ?? 'all', r.period, r.time, r.nextDay ?? '—', count('made'), count('failed'), count('skipped'), last ? `${last.scheduledFor} ${last.status}` : '—'];
              }),
            )
          : `no schedules in ${o.config}`,
      );
    });
}
