/**
 * `readiness store migrate --from DIR --to postgres://...`: copies an embedded store (the
 * hosts of a collector's data directory and its daily history) into a PostgreSQL database,
 * which is migrated to the current schema first. Stop the collector on DIR first, so no report
 * arrives mid-copy.
 */
import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { HistoryStore } from '../../collector/history-store.js';
import type { HistoryDay, HistoryHosts } from '../../schema/index.js';
import { FileStore } from '../../collector/store/file-store.js';
import { PostgresHistoryStore } from '../../collector/store/postgres/history.js';
import { PostgresStore } from '../../collector/store/postgres/postgres-store.js';
import type { HostRecord } from '../../collector/store/types.js';
import { CliError, printData } from '../fail.js';

export function registerStore(program: Command): void {
  const store = program.command('store').description("the collector's store of hosts and reports");
  store
    .command('migrate')
    .description('copy an embedded store (a data directory: hosts and the daily history) into a PostgreSQL database; hosts and days already there are left as they are')
    .requiredOption('--from <dir>', "the collector's data directory (stop that collector first)")
    .requiredOption('--to <url>', 'the PostgreSQL database, postgres://user@host/db (password in PGPASSWORD)')
    .option('--json', 'print the result as JSON')
    .action(async (o: { from: string; to: string; json?: boolean }) => {
      const dir = resolve(o.from);
      if (!existsSync(join(dir, 'hosts'))) throw new CliError(`${dir} holds no collector data (no hosts/ directory); pass --from with the collector's data directory`);
      if (!/^postgres(ql)?:\/\//.test(o.to)) throw new CliError(`--to must be a postgres:// or postgresql:// URL, not "${o.to}"`);
      const source = new FileStore(dir, { readOnly: true, log: (l) => console.error(l) });
      await source.load();
      for (const w of source.warnings) console.error(`readiness: warning: ${w} (not copied)`);
      const target = new PostgresStore(o.to, { log: (l) => console.error(l) });
      const targetHistory = new PostgresHistoryStore(o.to, { log: (l) => console.error(l) });
      try {
        await target.load();
        await targetHistory.open();
        const records: HostRecord[] = [];
        for (const host of source.listHosts()) {
          const record = await source.readHost(host.agentId);
          if (record) records.push(record);
        }
        const copied = await target.importHosts(records);
        // The history, a day at a time (a day's host rows are the whole fleet's); a damaged day
        // is named and not copied, as a damaged host file is.
        const history = new HistoryStore(join(dir, 'history'), { log: (l) => console.error(`${l} (not copied)`) });
        const days = await history.days();
        let daysCopied = 0;
        for (const day of days) {
          const record: HistoryDay | null = await history.readDay(day);
          const hosts: HistoryHosts | null = record && (await history.readHosts(day));
          if (record && hosts) daysCopied += (await targetHistory.importDays([{ record, hosts }])).length;
        }
        const result = {
          from: dir,
          to: target.where,
          hosts: records.length,
          copied: copied.length,
          alreadyThere: records.length - copied.length,
          skipped: source.warnings.length,
          historyDays: days.length,
          historyDaysCopied: daysCopied,
        };
        printData(Boolean(o.json), result, () =>
          [
            `copied ${result.copied} of ${result.hosts} hosts from ${dir} to ${target.where}`,
            ...(result.alreadyThere ? [`${result.alreadyThere} were already in the database and were left as they are there`] : []),
            `copied ${daysCopied} of ${days.length} days of history${days.length - daysCopied ? ` (the others were already there or could not be read)` : ''}`,
            'set store: {kind: postgres, url: ...} in the collector config and keep its dataDir: accounts, the audit log and devices stay there',
          ].join('\n'),
        );
      } finally {
        await targetHistory.close();
        await target.close();
      }
    });
}
