/**
 * `readiness rollup child add|list|revoke`: the parent's child collectors, on the parent's
 * data directory (like `readiness token`): each child gets its own token, bound to one unit
 * and the units below it (docs/rollup.md). Each change is an audit line.
 */
import type { Command } from 'commander';
import { userInfo } from 'node:os';
import { resolve } from 'node:path';
import { loadCollectorConfig } from '../../collector/config.js';
import { loadOrgFile } from '../../collector/org-file.js';
import { AccessStore } from '../../collector/access/access-store.js';
import { ChildRegistry } from '../../collector/rollup/children.js';
import { UnitId } from '../../schema/index.js';
import { CliError, printData } from '../fail.js';

interface Where {
  data?: string;
  config?: string;
  json?: boolean;
}

const where = (cmd: Command) =>
  cmd
    .option('--data <dir>', "the parent collector's data directory (default: the config's, else ./data)")
    .option('--config <file>', 'the parent collector config (for its data directory and org file)')
    .option('--json', 'print the result as JSON');

async function open(o: Where) {
  const config = await loadCollectorConfig(o.config);
  const dataDir = resolve(o.data ?? config.dataDir);
  const org = config.org ? await loadOrgFile(config.org) : null;
  const audit = async (action: string, target: string, details: Record<string, unknown>) => {
    const access = await new AccessStore({ dataDir }).load();
    await access.record({ actor: { kind: 'cli', name: `cli:${userInfo().username}`, role: null, via: `readiness rollup child` }, address: 'local', action, target, details });
  };
  return { registry: new ChildRegistry(dataDir), org, audit };
}

export function registerRollup(program: Command): void {
  const rollup = program.command('rollup').description('readiness figures rolled up from child collectors (provinces) to this one');
  const child = rollup.command('child').description("child collectors that send this collector their units' figures");
  where(
    child
      .command('add')
      .description("create a child collector's token, bound to a unit and the units below it; printed once")
      .requiredOption('--unit <id>', 'the unit the child reports for (e.g. hp for VKSND TP Hải Phòng)')
      .requiredOption('--name <text>', 'who the child is, as lists show it'),
  ).action(async (o: Where & { unit: string; name: string }) => {
    const unit = UnitId.safeParse(o.unit);
    if (!unit.success) throw new CliError(`--unit "${o.unit}" is not a unit id (lower-case letters, digits and dashes)`);
    const { registry, org, audit } = await open(o);
    if (org && !org.units.some((u) => u.id === o.unit)) throw new CliError(`the org file has no unit ${o.unit}; add it there first, or name one of its units`);
    const { record, token } = await registry.add({ name: o.name, unit: o.unit }, new Date());
    await audit('rollup.child-add', record.id, { unit: record.unit, name: record.name });
    printData(Boolean(o.json), { id: record.id, unit: record.unit, name: record.name, token }, () => token);
  });
  where(child.command('list').description('the child collectors and their units')).action(async (o: Where) => {
    const { registry } = await open(o);
    const children = registry.list().map(({ hash: _hash, ...rest }) => rest);
    printData(Boolean(o.json), children, () => children.map((c) => `${c.id}  ${c.unit.padEnd(16)} ${c.name}${c.revokedAt ? `  (revoked ${c.revokedAt})` : ''}`).join('\n') || 'no child collectors');
  });
  where(child.command('revoke').description("revoke a child's token: its snapshots are refused from now on").argument('<id>', 'the id `child list` shows')).action(async (id: string, o: Where) => {
    const { registry, audit } = await open(o);
    const revoked = await registry.revoke(id, new Date());
    if (!revoked) throw new CliError(`no child collector with id ${id}; list them with readiness rollup child list`);
    await audit('rollup.child-revoke', id, { unit: revoked.unit });
    printData(Boolean(o.json), { id, revokedAt: revoked.revokedAt }, () => `child ${id} (${revoked.name}, unit ${revoked.unit}) revoked`);
  });
}
