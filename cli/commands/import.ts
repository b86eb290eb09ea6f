/** `readiness import FILE`: send a report written by `agent run --output` to the collector. */
import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { HostReport, ReportAck, describeIssues } from '../../schema/index.js';
import { CliError, printData } from '../fail.js';

export function registerImport(program: Command): void {
  program
    .command('import')
    .description('store a report written by `readiness agent run --output` (same validation as the ingest)')
    .argument('<file>', 'the report file')
    .option('--collector <url>', 'collector base URL', 'http://127.0.0.1:8080')
    .option('--token <token>', 'a personal token of an admin or the unit\'s manager (default: READINESS_TOKEN, else READINESS_ADMIN_TOKEN)')
    .option('--unit <id>', 'unit of a device the collector has never seen')
    .option('--room <id>', 'room of a device the collector has never seen')
    .option('--json', 'print the result as JSON')
    .action(async (file: string, o: { collector: string; token?: string; unit?: string; room?: string; json?: boolean }) => {
      const token = o.token ?? process.env.READINESS_TOKEN ?? process.env.READINESS_ADMIN_TOKEN;
      if (!token) throw new CliError('give a personal token with --token or READINESS_TOKEN (readiness token create --user NAME)');
      let raw: unknown;
      try {
        raw = JSON.parse(await readFile(file, 'utf8'));
      } catch (err) {
        throw new CliError(`cannot read ${file} as JSON: ${(err as Error).message}`);
      }
      // Checked here too so the user sees every problem without a round trip.
      const parsed = HostReport.safeParse(raw);
      if (!parsed.success) throw new CliError(`${file} is not a valid host report, nothing was stored: ${describeIssues(parsed.error)}`);
      const res = await fetch(new URL('/api/v1/import', o.collector), {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ report: parsed.data, ...(o.unit ? { unit: o.unit } : {}), ...(o.room ? { room: o.room } : {}) }),
      }).catch((err: Error & { cause?: { code?: string } }) => {
        throw new CliError(`cannot reach the collector at ${o.collector} (${err.cause?.code ?? err.message})`);
      });
      const body = (await res.json().catch(() => null)) as { error?: { message: string } } | null;
      if (!res.ok) throw new CliError(`the collector refused the import: ${body?.error?.message ?? `HTTP ${res.status}`}`);
      const ack = ReportAck.parse(body);
      printData(Boolean(o.json), ack, () => `report ${ack.reportId} ${ack.status}`);
    });
}
