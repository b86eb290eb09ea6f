/** `readiness rules check FILE...`: validate rule packs the way the collector does at start-up. */
import type { Command } from 'commander';
import { loadPack } from '../../rules/load-pack.js';
import { compileRuleSet } from '../../rules/compile.js';
import type { LoadedPack } from '../../rules/compile.js';
import { FACTS } from '../../rules/facts/index.js';
import { printData } from '../fail.js';
import { table } from '../table.js';

export function registerRules(program: Command): void {
  const rules = program.command('rules').description('rule packs: validate them, list the facts rules can use');

  rules
    .command('check')
    .description('validate rule packs (YAML) as the collector does at start-up; exits 1 naming the file, rule and field at fault')
    .argument('<files...>', 'rule pack files, in the order the collector would load them')
    .option('--json', 'print the validated rules as JSON')
    .action(async (files: string[], o: { json?: boolean }) => {
      const packs: LoadedPack[] = [];
      for (const file of files) packs.push(await loadPack(file));
      const set = compileRuleSet(packs);
      const data = {
        valid: true,
        packs: packs.map((p) => ({ file: p.file, id: p.pack.pack.id, settings: p.pack.settings, rules: p.pack.rules.length })),
        heartbeatHours: set.heartbeatHours,
        rules: set.rules.map((r) => ({ ...r.info, probeBased: r.probeBased, hysteresisReports: r.hysteresis })),
      };
      printData(Boolean(o.json), data, () =>
        [
          ...packs.map((p) => {
            const s = p.pack.settings;
            return `${p.file}: valid, ${p.pack.rules.length} rules (at risk ${s.atRiskDays.value} days before a deadline, probe rules change after ${s.hysteresisReports.value} reports, stale after ${s.heartbeatHours.value} h)`;
          }),
          table(
            ['rule', 'category', 'severity', 'deadline', 'owner'],
            set.rules.map((r) => [r.info.id + (r.probeBased ? ' (probe)' : ''), r.info.category, r.info.severity, r.info.deadline ?? `per device, ${r.info.graceDays} days after its first report`, r.info.owner]),
          ),
        ].join('\n'),
      );
    });

  rules
    .command('facts')
    .description('list the facts a rule condition can name, with their types')
    .option('--json', 'print as JSON')
    .action((o: { json?: boolean }) => {
      const data = FACTS.map((f) => ({ name: f.name, type: f.type, unit: f.unit ?? null, section: f.section, description: f.description }));
      printData(Boolean(o.json), data, () => table(['fact', 'type', 'section', 'description'], data.map((f) => [f.name, f.type + (f.unit ? ` (${f.unit})` : ''), f.section, f.description])));
    });
}
