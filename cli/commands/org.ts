/** `readiness org check FILE`: validate an org file the way the collector does at start-up. */
import type { Command } from 'commander';
import { loadOrgFile } from '../../collector/org-file.js';
import { buildOrgModel } from '../../rules/org-model.js';
import { printData } from '../fail.js';
import { table } from '../table.js';

export function registerOrg(program: Command): void {
  const org = program.command('org').description('the org file: units, rooms, expected machines, probe targets');
  org
    .command('check')
    .description('validate an org file (YAML); exits 1 naming the file and field at fault')
    .argument('<file>', 'the org file')
    .option('--json', 'print the validated org as JSON')
    .action(async (file: string, o: { json?: boolean }) => {
      const parsed = await loadOrgFile(file);
      const model = buildOrgModel(parsed, []);
      printData(Boolean(o.json), parsed, () =>
        [
          `${file}: valid, ${parsed.units.length} units${parsed.example ? ' (marked as example data)' : ''}, days counted in ${parsed.timeZone}`,
          table(
            ['unit', 'level', 'parent', 'rooms', 'expected', 'targets'],
            model.units.map((u) => [
              u.id,
              u.level,
              u.parentId ?? '-',
              String(u.rooms.length),
              String(u.expected + u.rooms.reduce((n, r) => n + r.expected, 0)),
              String(u.targets.length),
            ]),
          ),
        ].join('\n'),
      );
    });
}
