/**
 * `readiness import FILE`: send a report written by `agent run --output`, or by
 * deploy/windows/collect-report.ps1 on an old Windows PC (turned into a host report here, with
 * the agent's own parsers), to the collector.
 */
import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { Option } from 'commander';
import { HostKind, HostReport, ReportAck, describeIssues } from '../../schema/index.js';
import { CliError, printData } from '../fail.js';
import { isCollectReport } from '../../agent/collect-report/document.js';
import { callCollector, remoteOptions } from '../remote.js';
import type { Remote } from '../remote.js';

export function registerImport(program: Command): void {
  remoteOptions(
    program
      .command('import')
      .description('store a report written by `readiness agent run --output` or by collect-report.ps1 (same validation as the ingest)')
      .argument('<file>', 'the report file (a host report, or what collect-report.ps1 wrote)'),
  )
    .option('--unit <id>', 'unit of a device the collector has never seen')
    .option('--room <id>', 'room of a device the collector has never seen')
    .addOption(new Option('--kind <kind>', 'device kind of a device the collector has never seen (default workstation, as `agent enroll`)').choices(HostKind.options))
    .option('--json', 'print the result as JSON')
    .action(async (file: string, o: Remote & { unit?: string; room?: string; kind?: HostKind; json?: boolean }) => {
      let raw: unknown;
      try {
        raw = JSON.parse(await readFile(file, 'utf8'));
      } catch (err) {
        throw new CliError(`cannot read ${file} as JSON: ${(err as Error).message}`);
      }
      if (isCollectReport(raw)) {
        const { collectReportToHostReport } = await import('../../agent/collect-report/to-host-report.js');
        raw = await collectReportToHostReport(raw, file).catch((err: Error) => {
          throw new CliError(err.message);
        });
      }
      // Checked here too so the user sees every problem without a round trip.
      const parsed = HostReport.safeParse(raw);
      if (!parsed.success) throw new CliError(`${file} is not a valid host report, nothing was stored: ${describeIssues(parsed.error)}`);
      const body = { report: parsed.data, ...(o.unit ? { unit: o.unit } : {}), ...(o.room ? { room: o.room } : {}), ...(o.kind ? { deviceKind: o.kind } : {}) };
      const ack = ReportAck.parse(await callCollector<unknown>(o, 'POST', '/import', body, 'import'));
      printData(Boolean(o.json), ack, () => `report ${ack.reportId} ${ack.status}`);
    });
}
