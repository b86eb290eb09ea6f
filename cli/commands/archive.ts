/**
 * `readiness archive list|get`: the documents the collector archived (scheduled runs and
 * "archive this" requests), read from its data directory; `get` writes one out after checking
 * its SHA-256 against the archive entry.
 */
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { Option } from 'commander';
import type { Command } from 'commander';
import { ArchiveStore } from '../../collector/archive/store.js';
import { ArchiveId, Day, ReportKind } from '../../schema/index.js';
import type { ArchiveListing } from '../../schema/index.js';
import { collectorData } from '../data-dir.js';
import { CliError, printData } from '../fail.js';
import { table } from '../table.js';

interface DataFlags {
  config?: string;
  data?: string;
  json?: boolean;
}

const dataOptions = (cmd: Command) =>
  cmd
    .option('--config <file>', "collector config (YAML): finds the data directory")
    .option('--data <dir>', "the collector's data directory (default: from --config, else ./data)")
    .option('--json', 'print JSON');

/** `sent (1 attempt)`, `failed (3 attempts)`, `pending (1 attempt, next 10:05)`, or `—` for a document not mailed. */
export function deliveryWord(l: ArchiveListing): string {
  if (!l.delivery) return '—';
  const n = l.delivery.attempts.length;
  const last = l.delivery.attempts.at(-1);
  const failedWhy = l.delivery.status === 'failed' && last ? `: ${last.message}` : '';
  return `${l.delivery.status} (${n} attempt${n === 1 ? '' : 's'})${failedWhy}`;
}

const originWord = (l: ArchiveListing): string =>
  l.origin.type === 'schedule' ? `${l.origin.scheduleId}${l.origin.late ? ' (late)' : ''}` : l.origin.type === 'manual' ? `${l.origin.scheduleId} (by hand)` : 'request';

export function registerArchive(program: Command): void {
  const archive = program.command('archive').description('documents the collector archived: scheduled runs and "archive this" requests');
  dataOptions(
    archive
      .command('list')
      .description('list archived documents with their checksum and e-mail delivery')
      .option('--unit <id>', 'only documents made for this unit')
      .addOption(new Option('--kind <kind>', 'only this kind of document').choices(ReportKind.options))
      .option('--schedule <id>', 'only documents of this schedule')
      .option('--from <day>', 'as of this day or later (YYYY-MM-DD)')
      .option('--to <day>', 'as of this day or earlier (YYYY-MM-DD)'),
  ).action(async (o: DataFlags & { unit?: string; kind?: string; schedule?: string; from?: string; to?: string }) => {
    for (const [flag, v] of [['--from', o.from], ['--to', o.to]] as const) {
      if (v !== undefined && !Day.safeParse(v).success) throw new CliError(`${flag} takes a day written YYYY-MM-DD, not "${v}"`);
    }
    const { dataDir } = await collectorData(o);
    const store = new ArchiveStore(dataDir);
    const listed = await store.list({ ...(o.unit ? { unitId: o.unit } : {}), ...(o.kind ? { kind: o.kind } : {}), ...(o.schedule ? { scheduleId: o.schedule } : {}), ...(o.from ? { from: o.from } : {}), ...(o.to ? { to: o.to } : {}) });
    for (const w of await store.warnings()) console.error(`readiness: warning: ${w}`);
    printData(Boolean(o.json), { entries: listed }, () =>
      listed.length
        ? table(
            ['id', 'as of', 'kind', 'format', 'unit', 'bytes', 'sha256', 'made by', 'e-mail'],
            listed.map((l) => [l.id, l.asOf, l.kind + (l.period ? `/${l.period}` : ''), l.format, l.unitId ?? 'all', String(l.sizeBytes), l.sha256.slice(0, 16), originWord(l), deliveryWord(l)]),
          )
        : 'no archived documents match',
    );
  });
  dataOptions(
    archive
      .command('get')
      .description('write one archived document out, after checking its SHA-256')
      .argument('<id>', 'the archive id (see archive list)')
      .option('--out <file>', 'where to write it; - for standard output (default: its file name here)'),
  ).action(async (id: string, o: DataFlags & { out?: string }) => {
    if (!ArchiveId.safeParse(id).success) throw new CliError(`"${id}" is not an archive id; they look like 20261204-100000-1a2b3c4d (see readiness archive list)`);
    const { dataDir } = await collectorData(o);
    const store = new ArchiveStore(dataDir);
    const entry = await store.get(id);
    if (!entry) throw new CliError(`no archived document ${id} in ${dataDir}; see readiness archive list`);
    const bytes = await store.read(entry);
    if (o.out === '-') {
      process.stdout.write(bytes);
      return;
    }
    const file = resolve(o.out ?? entry.fileName);
    await writeFile(file, bytes, { flag: 'wx' }).catch((err: NodeJS.ErrnoException) => {
      throw new CliError(err.code === 'EEXIST' ? `${file} already exists; give another --out` : `cannot write ${file} (${err.code ?? err.message})`);
    });
    printData(Boolean(o.json), { file, ...entry }, () => `wrote ${file} (${entry.sizeBytes} bytes, SHA-256 ${entry.sha256} checked): ${entry.title}, ${entry.unitName}, ${entry.asOf}`);
  });
}
