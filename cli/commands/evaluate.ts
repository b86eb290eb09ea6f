/**
 * `readiness evaluate`: the readiness of a collector's data directory at a day, per unit and
 * rule (status, completion, counts, deadline), without the collector running.
 */
import type { Command } from 'commander';
import { openReadiness } from '../../collector/readiness.js';
import { evidenceWriter } from '../../reports/index.js';
import { Day } from '../../schema/index.js';
import type { DeadlineStatus, Evaluation } from '../../schema/index.js';
import { CliError, printJson } from '../fail.js';
import { table } from '../table.js';

interface EvaluateFlags {
  unit?: string;
  asOf?: string;
  hosts?: boolean;
  json?: boolean;
  config?: string;
  data?: string;
}

const STATUS: Record<DeadlineStatus, string> = {
  done: 'DONE',
  on_track: 'on track',
  at_risk: 'AT RISK',
  overdue: 'OVERDUE',
  unknown: 'unknown',
  not_applicable: 'not applicable',
};

export function registerEvaluate(program: Command): void {
  program
    .command('evaluate')
    .description("evaluate the rules per unit and room at a day from a collector's data directory")
    .option('--unit <id>', 'this unit and its descendants (default: every unit)')
    .option('--as-of <day>', 'the day, YYYY-MM-DD (default: today; past days come from the history)')
    .option('--hosts', 'also list each machine that fails or is unknown, with the evidence')
    .option('--json', 'print the whole evaluation as JSON')
    .option('--config <file>', 'collector config (YAML): finds the data directory, org file and rule packs')
    .option('--data <dir>', "the collector's data directory (default: from --config, else ./data)")
    .action(async (o: EvaluateFlags) => {
      if (o.asOf !== undefined && !Day.safeParse(o.asOf).success) throw new CliError(`--as-of takes a day written YYYY-MM-DD, not "${o.asOf}"`);
      const source = await openReadiness({ ...(o.config ? { configFile: o.config } : {}), ...(o.data ? { dataDir: o.data } : {}) });
      const evaluation = await source.evaluate({ unitId: o.unit ?? null, ...(o.asOf ? { asOf: o.asOf } : {}) });
      if (o.json) await printJson(evaluation);
      else process.stdout.write(describe(evaluation, Boolean(o.hosts)) + '\n');
    });
}

export function describe(e: Evaluation, withHosts: boolean): string {
  const out: string[] = [];
  for (const unit of e.units) {
    out.push(`${unit.name} (${unit.unitId}, ${unit.level}) as of ${e.asOf}${unit.responsible ? ` — ${unit.responsible}` : ''}`);
    out.push(
      indent(
        table(
          ['rule', 'status', 'done', 'passing', 'failing', 'unknown', 'n/a', 'deadline'],
          unit.rules.map((p) => {
            const rule = e.rules.find((r) => r.id === p.ruleId)!;
            const outlook = p.projection ? ` (projected ${p.projection.projectedOn ?? 'never, no progress'})` : '';
            return [
              p.ruleId,
              STATUS[p.status] + (p.completedOn ? ` since ${p.completedOn}` : '') + (p.status === 'at_risk' ? outlook : ''),
              p.completionPct === null ? '—' : `${p.completionPct.toFixed(1)}%`,
              `${p.passing}/${p.applicable}`,
              String(p.failing),
              String(p.unknown) + (p.missingMachines && p.unknown ? ` (${Math.min(p.missingMachines, p.unknown)} never reported)` : ''),
              String(p.notApplicable),
              `${rule.deadline ?? (p.perDevice?.dueOn ? `per device, first due ${p.perDevice.dueOn}` : 'per device')} (${p.daysLeft < 0 ? `${-p.daysLeft} days late` : `${p.daysLeft} days left`})`,
            ];
          }),
        ),
      ),
    );
    out.push('');
  }
  if (withHosts) {
    const say = evidenceWriter(e.facts, 'en');
    for (const h of e.hosts) {
      const bad = h.results.filter((r) => r.status === 'fail' || r.status === 'unknown');
      if (!bad.length) continue;
      out.push(`${h.hostname} (${h.unitId}${h.roomId ? `/${h.roomId}` : ''}, ${h.agentId})${h.stale ? ' — stale' : ''}`);
      for (const r of bad) out.push(`  ${(r.status === 'fail' ? 'FAIL' : 'unknown').padEnd(7)}  ${r.ruleId}${r.evidence.length ? `: ${say.lines(r.evidence).join('; ')}` : ''}`);
    }
  }
  return out.join('\n').trimEnd();
}

const indent = (text: string) =>
  text
    .split('\n')
    .map((l) => `  ${l}`)
    .join('\n');
