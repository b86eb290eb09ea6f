/**
 * `readiness assets import FILE.xlsx|csv`: reads the office's asset register, matches its
 * lines to the enrolled hosts (by serial, MAC address, host name), keeps it in the collector's
 * data directory as the register in force (the previous one is kept beside it) and prints what
 * matched, what did not and which hosts the register lacks. `--dry-run` reports without keeping.
 */
import { readFile } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import type { Command } from 'commander';
import { importRegister } from '../../collector/assets/import.js';
import type { ImportReport } from '../../collector/assets/import.js';
import { REGISTER_FIELDS, RegisterError } from '../../collector/assets/read-register.js';
import type { RegisterField } from '../../collector/assets/read-register.js';
import { RegisterStore } from '../../collector/assets/register-store.js';
import { loadOrgFile } from '../../collector/org-file.js';
import { FileStore } from '../../collector/store/file-store.js';
import { collectorData } from '../data-dir.js';
import { CliError, printData } from '../fail.js';

const SHOWN = 20;
const listed = <T>(title: string, items: T[], line: (x: T) => string): string[] =>
  items.length ? [`${title} (${items.length}):`, ...items.slice(0, SHOWN).map((x) => `  ${line(x)}`), ...(items.length > SHOWN ? [`  … and ${items.length - SHOWN} more (see --json)`] : [])] : [];

export function summariseImport(report: ImportReport, kept: string | null): string {
  return [
    `${report.rows} register lines read; columns: ${Object.entries(report.columns).map(([f, h]) => `${f} ← "${h}"`).join(', ')}`,
    `matched to hosts: ${report.matched.length} (by serial ${report.matched.filter((m) => m.by === 'serial').length}, MAC ${report.matched.filter((m) => m.by === 'mac').length}, host name ${report.matched.filter((m) => m.by === 'hostname').length})`,
    ...listed('workstations in the register no host matches', report.unmatched, (u) => `line ${u.line}: ${[u.assetTag, u.kind, u.serial && `serial ${u.serial}`, u.hostname].filter(Boolean).join(', ')}`),
    ...listed('hosts missing from the register', report.notInRegister, (h) => `${h.hostname} (${h.unit}${h.room ? `/${h.room}` : ''}, agent ${h.agentId})`),
    ...listed('lines whose unit or room the org file does not have', report.unplaced, (u) => `line ${u.line}: unit "${u.unit ?? ''}", room "${u.room ?? ''}"`),
    ...listed('lines naming a host another line already took', report.duplicates, (d) => `line ${d.line}: same host as line ${d.otherLine}`),
    ...listed('warnings', report.warnings, (w) => w),
    kept ? `kept as the register in force: ${kept}` : 'dry run: nothing was kept',
  ].join('\n');
}

const parseMap = (value: string, previous: Record<string, string> = {}): Record<string, string> => {
  const at = value.indexOf('=');
  const field = value.slice(0, at).trim();
  if (at <= 0 || !value.slice(at + 1).trim()) throw new CliError(`--map takes field=Header, e.g. --map serial="Số máy", not "${value}"`);
  if (!(REGISTER_FIELDS as readonly string[]).includes(field)) throw new CliError(`--map names "${field}", which is not a register field; use one of ${REGISTER_FIELDS.join(', ')}`);
  return { ...previous, [field]: value.slice(at + 1).trim() };
};

export function registerAssets(program: Command): void {
  const assets = program.command('assets').description("the office's asset register, for the equipment review");
  assets
    .command('import')
    .description('import the asset register (XLSX or CSV) and match it to the enrolled hosts')
    .argument('<file>', 'the register, .xlsx or .csv')
    .option('--map <field=Header>', `a column the headers do not say, e.g. serial="Số máy" (repeatable; fields: ${REGISTER_FIELDS.join(', ')})`, parseMap)
    .option('--unit <id>', 'the unit of lines that name none (default: by room name, when only one unit has that room)')
    .option('--dry-run', 'report the matches without keeping the register')
    .option('--config <file>', 'collector config (YAML): finds the data directory and org file')
    .option('--data <dir>', "the collector's data directory (default: from --config, else ./data)")
    .option('--json', 'print the import report as JSON')
    .action(async (file: string, o: { map?: Record<string, string>; unit?: string; dryRun?: boolean; config?: string; data?: string; json?: boolean }) => {
      const ext = extname(file).toLowerCase().slice(1);
      if (ext !== 'xlsx' && ext !== 'csv') throw new CliError(`${file} is neither .xlsx nor .csv; save the register from Excel as one of them`);
      const bytes = await readFile(file).catch((err: NodeJS.ErrnoException) => {
        throw new CliError(`cannot read ${file}: ${err.code ?? err.message}`);
      });
      const { config, dataDir } = await collectorData(o);
      const org = config.org ? await loadOrgFile(config.org) : null;
      if (o.unit && org && !org.units.some((u) => u.id === o.unit)) throw new CliError(`--unit "${o.unit}" is not a unit of ${config.org}`);
      const store = new FileStore(dataDir, { readOnly: true });
      await store.load();
      const now = new Date();
      const { register, report } = await importRegister({
        bytes,
        sourceFile: basename(file),
        format: ext,
        mapping: (o.map ?? {}) as Partial<Record<RegisterField, string>>,
        org,
        hosts: store.listHosts(),
        defaultUnit: o.unit ?? null,
        now,
      }).catch((err: Error) => {
        throw err instanceof RegisterError ? new CliError(`${file}: ${err.message}`) : err;
      });
      const kept = o.dryRun ? null : await new RegisterStore(dataDir).put(register, bytes, ext, now);
      printData(Boolean(o.json), { ...report, kept }, () => summariseImport(report, kept));
    });
}
