/**
 * `readiness report`: a readiness document from a collector's data directory, without the
 * collector running. Same documents and bytes as `GET /api/v1/readiness/<kind>.<format>`.
 */
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { Option } from 'commander';
import type { Command } from 'commander';
import { produceDocument } from '../../collector/readiness-documents.js';
import { openReadiness } from '../../collector/readiness.js';
import { equippedSource } from '../../collector/assets/equipment-source.js';
import { seriesOnDisk, withAvailability } from '../../collector/availability-source.js';
import { LINK_SCOPES } from '../../rules/availability.js';
import type { LinkScope } from '../../rules/availability.js';
import { collectorData } from '../data-dir.js';
import { Day, Lang, ReportFormat, ReportKind, ReportPeriod } from '../../schema/index.js';
import { CliError, printData } from '../fail.js';

interface ReportFlags {
  kind: ReportKind;
  unit?: string;
  room?: string;
  all?: boolean;
  number?: string;
  asOf?: string;
  period: ReportPeriod;
  format: ReportFormat;
  lang: Lang;
  out?: string;
  part?: string;
  csvDelimiter: ',' | ';';
  config?: string;
  data?: string;
  json?: boolean;
  link?: LinkScope;
}

export function registerReport(program: Command): void {
  program
    .command('report')
    .description('write a readiness document (summary, LAN/WAN tracker, host checklist, security sheet, progress, equipment review, scan register, LAN/WAN availability) as HTML, XLSX, CSV or JSON')
    .addOption(new Option('--kind <kind>', 'which document').choices(ReportKind.options).default('summary'))
    .option('--unit <id>', 'the unit and its descendants (default: every unit)')
    .option('--room <id>', 'only this room (in every unit of --unit that has it)')
    .option('--all', 'host checklist: list every rule of every machine, passes included (default: passes folded into one line)')
    .option('--number <n>', 'the document number to print ("Số: N/BC-…"; default: a blank to fill in)')
    .option('--as-of <day>', 'the day to report on, YYYY-MM-DD (default: today; past days come from the history)')
    .addOption(new Option('--period <period>', 'progress: compare with a day, a week or a month earlier; availability: the day, week (from Monday) or month (from the 1st) ending on --as-of').choices(ReportPeriod.options).default('day'))
    .addOption(new Option('--link <scope>', 'availability: only the LAN or only the WAN (default both)').choices([...LINK_SCOPES]))
    .addOption(new Option('--format <format>', 'file format').choices(ReportFormat.options).default('html'))
    .addOption(new Option('--lang <lang>', 'language of the document').choices(Lang.options).default('vi'))
    .option('--out <file>', 'where to write it; - for standard output (default: a name like bao-cao-tong-hop-hp-2025-12-10.html here)')
    .option('--part <id>', 'csv: the part to write instead of the main one (e.g. hosts for the host checklist)')
    .addOption(new Option('--csv-delimiter <char>', 'csv: field separator; ; also writes decimal commas').choices([',', ';']).default(','))
    .option('--config <file>', 'collector config (YAML): finds the data directory, org file and rule packs')
    .option('--data <dir>', "the collector's data directory (default: from --config, else ./data)")
    .option('--json', 'print what was written as JSON')
    .action(async (o: ReportFlags) => {
      if (o.asOf !== undefined && !Day.safeParse(o.asOf).success) throw new CliError(`--as-of takes a day written YYYY-MM-DD, not "${o.asOf}"`);
      if (o.number !== undefined && !/^[0-9A-Za-z.]{1,20}$/.test(o.number)) throw new CliError(`--number takes 1 to 20 letters or digits (e.g. 125), not "${o.number}"`);
      const toStdout = o.out === '-';
      if (toStdout && o.format === 'xlsx' && process.stdout.isTTY) {
        throw new CliError('an XLSX file is binary; give --out FILE, or pipe standard output into a file');
      }
      const { dataDir } = await collectorData(o);
      const source = await openReadiness({ ...(o.config ? { configFile: o.config } : {}), dataDir });
      const out = await produceDocument(
        withAvailability(equippedSource(source, dataDir), seriesOnDisk(dataDir), (scope) => source.listUnits(scope)),
        {
          kind: o.kind,
          format: o.format,
          unitId: o.unit ?? null,
          roomId: o.room ?? null,
          all: Boolean(o.all),
          number: o.number ?? null,
          ...(o.asOf ? { asOf: o.asOf } : {}),
          lang: o.lang,
          period: o.period,
          ...(o.part ? { part: o.part } : {}),
          csvDelimiter: o.csvDelimiter,
          timeZone: source.timeZone,
          auditHead: (await source.auditHead())?.hash ?? null,
          ...(o.link ? { link: o.link } : {}),
        },
        new Date(),
      );
      if (toStdout) {
        process.stdout.write(out.body);
        return;
      }
      const file = resolve(o.out ?? out.fileName);
      await writeFile(file, out.body).catch((err: NodeJS.ErrnoException) => {
        throw new CliError(`cannot write ${file} (${err.code ?? err.message}); check that the folder exists and is writable`);
      });
      const d = out.document;
      printData(Boolean(o.json), { file, bytes: out.body.byteLength, kind: d.kind, format: o.format, unit: d.unit, asOf: d.asOf }, () =>
        `wrote ${file} (${out.body.byteLength} bytes): ${d.title}, ${d.unit.name}, ${d.asOf}`,
      );
    });
}
