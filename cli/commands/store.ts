/**
 * `readiness store migrate --from DIR --to postgres://...`: copies an embedded store (the
 * hosts of a collector's data directory) into a PostgreSQL database, which is migrated to the
 * current schema first. Stop the collector on DIR first, so no report arrives mid-copy.
 */
import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { FileStore } from '../../collector/store/file-store.js';
import { PostgresStore } from '../../collector/store/postgres/postgres-store.js';
import type { HostRecord } from '../../collector/store/types.js';
import { CliError, printData } from '../fail.js';

export function registerStore(program: Command): void {
  const store = program.command('store').description("the collector's store of hosts and reports");
  store
    .command('migrate')
    .description('copy an embedded store (a data directory) into a PostgreSQL database; hosts already there are left as they are')
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
      try {
        await target.load();
        const records: HostRecord[] = [];
        for (const host of source.listHosts()) {
          const record = await source.readHost(host.agentId);
          if (record) records.push(record);
        }
        const copied = await target.importHosts(records);
        const result = { from: dir, to: target.where, hosts: records.length, copied: copied.length, alreadyThere: records.length - copied.length, skipped: source.warnings.length };
        printData(Boolean(o.json), result, () =>
          [
            `copied ${result.copied} of ${result.hosts} hosts from ${dir} to ${target.where}`,
            ...(result.alreadyThere ? [`${result.alreadyThere} were already in the database and were left as they are there`] : []),
            'set store: {kind: postgres, url: ...} in the collector config and keep its dataDir: history, accounts and devices stay there',
          ].join('\n'),
        );
      } finally {
        await target.close();
      }
    });
}
