/**
 * `readiness scan record|attach|accept|import|list|queue`: pre-use scan verdicts on the
 * collector's data directory, like `readiness user`: no running collector needed, the same
 * validation and audit lines as the API (collector/scans/service.ts), under the same lock, and
 * the running collector sees them at its next request. The officer is named with `--officer`
 * and must be a security officer whose scope covers the device's unit.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import type { Command } from 'commander';
import { Option } from 'commander';
import { AccessStore, grantOf } from '../../collector/access/access-store.js';
import { loadCollectorConfig } from '../../collector/config.js';
import { ApiError } from '../../collector/errors.js';
import { loadReadinessInputs, openReadiness, Readiness } from '../../collector/readiness.js';
import { scanQueue } from '../../collector/scans/queue.js';
import { ScanStore } from '../../collector/scans/scan-store.js';
import { ScanService } from '../../collector/scans/service.js';
import type { Officer } from '../../collector/scans/service.js';
import { importScanSheet } from '../../collector/scans/sheet-import.js';
import { FileStore } from '../../collector/store/file-store.js';
import { FileDeviceStore } from '../../collector/store/device-store.js';
import { deviceInputs } from '../../collector/devices/inputs.js';
import { paperDay } from '../../rules/facts/scan.js';
import { scanChangesText } from '../../reports/i18n.js';
import { ScanMark, ScanVerdict } from '../../schema/index.js';
import type { ScanStanding, ScanView } from '../../schema/index.js';
import { CliError, printData } from '../fail.js';
import { table } from '../table.js';
import { byCli } from './access.js';

interface Where {
  data?: string;
  config?: string;
}

const whereOptions = (cmd: Command) =>
  cmd.option('--data <dir>', "the collector's data directory (default: the config's, else ./data)").option('--config <file>', 'the collector config (for its data directory, org file and rule packs)');

async function open(o: Where) {
  const config = await loadCollectorConfig(o.config);
  const dataDir = resolve(o.data ?? config.dataDir);
  if (!existsSync(join(dataDir, 'hosts'))) throw new CliError(`${dataDir} holds no collector data; pass --data with the collector's data directory (or --config with its config file)`);
  const { org, rules } = await loadReadinessInputs(config);
  const hosts = new FileStore(dataDir, { readOnly: true });
  await hosts.load();
  const access = await new AccessStore({ dataDir }).load();
  const scans = new ScanStore({ dataDir }).load();
  // Machines audited over SSH are scanned too, read beside a running collector.
  const deviceStore = new FileDeviceStore(dataDir, { readOnly: true });
  await deviceStore.load();
  const devices = () => deviceInputs(org, deviceStore);
  const now = () => new Date();
  const directory = new Readiness({ store: hosts, org, rules, history: null, now, scans, devices });
  const service = new ScanService({ scans, hosts, devices, rules, org: directory, audit: (f) => access.record(f), now });
  return { service, access, hosts, config };
}

/**
 * A host by agent id, or by its name when one host alone has it; a machine audited over SSH
 * also by its org-file device id (e.g. hp-srv-01) or the host name its audit reported.
 */
function hostIdOf(hosts: FileStore, service: ScanService, given: string): string {
  const id = given.toLowerCase();
  if (hosts.getHost(id)) return id;
  const audited = service.auditedHostId(id);
  if (audited) return audited;
  if (service.subject(id)) return id;
  const named = [
    ...hosts.listHosts().filter((h) => (h.latest?.os?.hostname || h.hostname).toLowerCase() === id).map((h) => h.agentId),
    ...service.auditedHosts().filter((h) => h.hostname.toLowerCase() === id).map((h) => h.hostId),
  ];
  if (named.length === 1) return named[0]!;
  if (named.length > 1) throw new CliError(`${named.length} hosts are named ${given} (${named.join(', ')}); give the agent id`);
  throw new CliError(`no host ${given} (agent id, host name, or the device id of a machine audited over SSH); list them with \`readiness evaluate --hosts\` or GET /api/v1/hosts`);
}

function officerOf(access: AccessStore, name: string): Officer {
  const user = access.getUser(name);
  if (!user) throw new CliError(`no user named ${name}; add the security officer with \`readiness user add ${name} --role security_officer --unit UNIT\``);
  if (user.disabled) throw new CliError(`${name} is disabled; enable the user first`);
  return { name: user.name, role: user.role, grant: grantOf(user) };
}

/** The API's refusals as one line, with every problem's field. */
async function run<T>(work: () => T | Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (err instanceof ApiError) throw new CliError(err.issues?.length ? `${err.message}: ${err.issues.map((i) => `${i.path} ${i.message}`).join('; ')}` : err.message);
    throw err;
  }
}

const collect = (value: string, previous: string[] = []) => [...previous, value];

function describeStanding(s: ScanStanding): string {
  if (!s.scan) return 'never scanned';
  const head = `${s.status}: ${s.scan.verdict} by ${s.scan.officer} on ${paperDay(s.scan.scannedOn)}`;
  return s.changes?.length ? `${head}; ${scanChangesText('en', s.changes, paperDay).join('; ')}` : head;
}

const describeScan = (v: ScanView) =>
  [
    `${v.id}  ${v.verdict}  ${paperDay(v.scannedOn)}  by ${v.officer.name} (${v.via})  report ${v.reportId}`,
    ...(v.conditions.length ? [`  conditions (due ${paperDay(v.dueDate!)}): ${v.conditions.join('; ')}`] : []),
    ...(v.note ? [`  note: ${v.note}`] : []),
    ...v.attachments.map((a) => `  attachment: ${a.fileName || a.type} ${a.sha256}`),
    ...(v.acceptance ? [`  accepted by ${v.acceptance.by.name} on ${v.acceptance.at}`] : []),
  ].join('\n');

async function attachFile(service: ScanService, hostId: string, scanId: string, file: string, officer: Officer, command: string) {
  const bytes = await readFile(file).catch((err: NodeJS.ErrnoException) => {
    throw new CliError(`cannot read ${file} (${err.code ?? err.message})`);
  });
  return run(() => service.attach(hostId, scanId, bytes, basename(file), officer, byCli(command)));
}

export function registerScan(program: Command): void {
  const scan = program.command('scan').description("pre-use security scans: the security team's verdicts per device (docs/scans.md)");

  whereOptions(
    scan
      .command('record')
      .description('record a verdict on a device, judged against its latest report (or --report)')
      .argument('<host>', 'the agent id, the host name, or the device id of a machine audited over SSH')
      .addOption(new Option('--verdict <verdict>', 'the verdict').choices(ScanVerdict.options).makeOptionMandatory())
      .requiredOption('--officer <name>', 'the security officer recording it (a user with role security_officer over the unit)')
      .option('--report <id>', 'the report judged (default: the latest on file)')
      .option('--note <text>', 'a free note')
      .option('--condition <text>', 'a condition of a conditional verdict (repeatable)', collect)
      .option('--due <day>', 'when the conditions are due, YYYY-MM-DD')
      .option('--scanned-on <day>', 'the day of the scan, YYYY-MM-DD (default: today)')
      .option('--representative <name>', "the unit's representative present at the scan")
      .option('--representative-title <title>', "the representative's title")
      .option('--item <rule=mark[:note]>', `the mark for an item of the security sheet, mark one of ${ScanMark.options.join(', ')} (repeatable)`, collect)
      .option('--attach <file>', 'the signed minutes (PDF, JPEG or PNG)')
      .option('--corrects <scan-id>', 'the earlier verdict this one corrects')
      .option('--json', 'print the recorded verdict as JSON'),
  ).action(async (host: string, o: Where & { verdict: string; officer: string; report?: string; note?: string; condition?: string[]; due?: string; scannedOn?: string; representative?: string; representativeTitle?: string; item?: string[]; attach?: string; corrects?: string; json?: boolean }) => {
    const { service, access, hosts } = await open(o);
    const hostId = hostIdOf(hosts, service, host);
    const officer = officerOf(access, o.officer);
    if (Boolean(o.representative) !== Boolean(o.representativeTitle)) throw new CliError('give both --representative and --representative-title, or neither');
    const items = (o.item ?? []).map((spec) => {
      const m = /^([a-z0-9-]+)=([a-z_]+)(?::(.*))?$/.exec(spec);
      if (!m) throw new CliError(`--item takes rule=mark or rule=mark:note (e.g. firewall-on=pass), not "${spec}"`);
      return { id: m[1]!, mark: m[2]!, note: m[3] ?? '' };
    });
    const req = await run(() => service.parseRequest({
      verdict: o.verdict,
      items,
      ...(o.report ? { reportId: o.report } : {}),
      ...(o.note ? { note: o.note } : {}),
      ...(o.condition ? { conditions: o.condition } : {}),
      ...(o.due ? { dueDate: o.due } : {}),
      ...(o.scannedOn ? { scannedOn: o.scannedOn } : {}),
      ...(o.representative ? { representative: { name: o.representative, title: o.representativeTitle } } : {}),
      ...(o.corrects ? { corrects: o.corrects } : {}),
    }));
    let recorded = await run(() => service.record(hostId, req, officer, byCli('scan record'), { via: 'cli' }));
    if (o.attach) recorded = await attachFile(service, hostId, recorded.id, o.attach, officer, 'scan record');
    const standing = service.standing(hostId);
    printData(Boolean(o.json), { scan: recorded, standing }, () => `${recorded.hostname}: ${describeScan(recorded)}\nnow ${describeStanding(standing)}`);
  });

  whereOptions(
    scan
      .command('attach')
      .description("add the signed minutes (PDF, JPEG or PNG) to a verdict")
      .argument('<host>', 'the agent id, the host name, or the device id of a machine audited over SSH')
      .argument('<scan-id>')
      .argument('<file>')
      .requiredOption('--officer <name>', 'the security officer adding it'),
  ).action(async (host: string, scanId: string, file: string, o: Where & { officer: string }) => {
    const { service, access, hosts } = await open(o);
    const hostId = hostIdOf(hosts, service, host);
    const view = await attachFile(service, hostId, scanId, file, officerOf(access, o.officer), 'scan attach');
    const a = view.attachments.at(-1)!;
    console.log(`${basename(file)} attached to ${scanId}: ${a.type}, ${a.bytes} bytes, SHA-256 ${a.sha256}`);
  });

  whereOptions(
    scan
      .command('accept')
      .description('accept a verdict as a second person (when the rule pack asks for acceptance)')
      .argument('<host>', 'the agent id, the host name, or the device id of a machine audited over SSH')
      .argument('<scan-id>')
      .requiredOption('--officer <name>', 'the security officer accepting it (not the one who recorded it)')
      .option('--note <text>', 'a note'),
  ).action(async (host: string, scanId: string, o: Where & { officer: string; note?: string }) => {
    const { service, access, hosts } = await open(o);
    const hostId = hostIdOf(hosts, service, host);
    await run(() => service.accept(hostId, scanId, { note: o.note ?? '' }, officerOf(access, o.officer), byCli('scan accept')));
    console.log(`${scanId} accepted by ${o.officer}; now ${describeStanding(service.standing(hostId))}`);
  });

  whereOptions(
    scan
      .command('import')
      .description('record the verdicts of a filled-in XLSX security sheet; says per row what was recorded and what was not (exit 1 when a row was refused)')
      .argument('<file>', 'the sheet, as exported with `readiness report --kind security --format xlsx`')
      .requiredOption('--officer <name>', 'the security officer the verdicts are recorded by')
      .option('--json', 'print the result as JSON'),
  ).action(async (file: string, o: Where & { officer: string; json?: boolean }) => {
    const { service, access, config } = await open(o);
    const bytes = await readFile(file).catch((err: NodeJS.ErrnoException) => {
      throw new CliError(`cannot read ${file} (${err.code ?? err.message})`);
    });
    if (bytes.length > config.scans.maxSheetBytes) throw new CliError(`${file} is ${bytes.length} bytes, more than the ${config.scans.maxSheetBytes} a security sheet may be (scans.maxSheetBytes)`);
    const result = await run(() => importScanSheet(service, bytes, officerOf(access, o.officer), byCli('scan import'), { maxUnpackedBytes: config.scans.maxSheetBytes * 16 }));
    printData(Boolean(o.json), result, () =>
      [
        table(
          ['row', 'host', 'outcome', 'detail'],
          result.rows.map((r) => [String(r.row), r.hostname || r.hostId || '', r.outcome, r.outcome === 'recorded' ? `${r.verdict} (${r.scanId})` : (r.reason ?? '')]),
        ),
        `${result.recorded} recorded, ${result.refused} refused, ${result.skipped} without a verdict (sheet "${result.sheet}")`,
      ].join('\n'),
    );
    if (result.refused) process.exitCode = 1;
  });

  whereOptions(scan.command('list').description("a device's verdicts, newest first, and where it stands now").argument('<host>', 'the agent id, the host name, or the device id of a machine audited over SSH').option('--json', 'print JSON')).action(
    async (host: string, o: Where & { json?: boolean }) => {
      const { service, hosts } = await open(o);
      const hostId = hostIdOf(hosts, service, host);
      const history = service.history(hostId);
      printData(Boolean(o.json), { hostId, ...history }, () => [`now ${describeStanding(history.standing)}`, ...history.scans.map(describeScan)].join('\n'));
    },
  );

  whereOptions(
    scan
      .command('queue')
      .description('the devices that need a scan: never scanned, failed, lapsed, expired, changed since the scan, awaiting acceptance')
      .option('--unit <id>', 'this unit and the units below it (default: every unit)')
      .option('--json', 'print JSON'),
  ).action(async (o: Where & { unit?: string; json?: boolean }) => {
    const readiness = await openReadiness({ ...(o.config ? { configFile: o.config } : {}), ...(o.data ? { dataDir: o.data } : {}) });
    const evaluation = await readiness.evaluate({ unitId: o.unit ?? null });
    const items = scanQueue(evaluation);
    printData(Boolean(o.json), { asOf: evaluation.asOf, items }, () =>
      items.length
        ? table(
            ['host', 'unit', 'status', 'due', 'detail'],
            items.map((i) => [i.hostname, i.roomId ? `${i.unitId}/${i.roomId}` : i.unitId, i.status, i.dueOn ? `${paperDay(i.dueOn)}${i.overdue ? ' (overdue)' : ''}` : '', i.changes ? scanChangesText('en', i.changes, paperDay).join('; ') : '']),
          )
        : 'no device waits for a scan',
    );
  });
}
