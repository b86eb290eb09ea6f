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
import { readFile, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { UnitId } from '../../schema/index.js';
import { ReceivedSnapshots } from '../../collector/rollup/received.js';
import { Outbox } from '../../collector/rollup/outbox.js';
import { snapshotFigures } from '../../collector/rollup/snapshot.js';
import { newSigningKey, publicKeyProblem, signSnapshot, verifySignedSnapshot } from '../../collector/rollup/signed-file.js';
import { openReadiness } from '../../collector/readiness.js';
import { buildOrgModel, lineage } from '../../rules/org-model.js';
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
  return { registry: new ChildRegistry(dataDir), org, audit, dataDir, config };
}

export function registerRollup(program: Command): void {
  const rollup = program.command('rollup').description('readiness figures rolled up from child collectors (provinces) to this one');
  const child = rollup.command('child').description("child collectors that send this collector their units' figures");
  where(
    child
      .command('add')
      .description("create a child collector's token, bound to a unit and the units below it; printed once")
      .requiredOption('--unit <id>', 'the unit the child reports for (e.g. hp for VKSND TP Hải Phòng)')
      .requiredOption('--name <text>', 'who the child is, as lists show it')
      .option('--public-key <file>', "the child's Ed25519 public key (from readiness rollup key create), for its signed files"),
  ).action(async (o: Where & { unit: string; name: string; publicKey?: string }) => {
    const unit = UnitId.safeParse(o.unit);
    if (!unit.success) throw new CliError(`--unit "${o.unit}" is not a unit id (lower-case letters, digits and dashes)`);
    const { registry, org, audit } = await open(o);
    if (org && !org.units.some((u) => u.id === o.unit)) throw new CliError(`the org file has no unit ${o.unit}; add it there first, or name one of its units`);
    const publicKey = o.publicKey ? await readFile(o.publicKey, 'utf8').catch((err: Error) => { throw new CliError(`cannot read --public-key ${o.publicKey}: ${err.message}`); }) : undefined;
    const problem = publicKey === undefined ? null : publicKeyProblem(publicKey);
    if (problem) throw new CliError(`--public-key ${o.publicKey}: ${problem}; give the .pub.pem file readiness rollup key create wrote`);
    const { record, token } = await registry.add({ name: o.name, unit: o.unit, ...(publicKey ? { publicKey } : {}) }, new Date());
    await audit('rollup.child-add', record.id, { unit: record.unit, name: record.name, signedFiles: Boolean(publicKey) });
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

  rollup
    .command('key')
    .description('signing keys for snapshot files')
    .command('create')
    .description("create this collector's Ed25519 key pair: KEY.pem stays here (mode 0600), KEY.pub.pem goes to the parent's admin")
    .requiredOption('--out <file>', 'where the private key goes, e.g. rollup-key.pem')
    .action(async (o: { out: string }) => {
      if (existsSync(o.out)) throw new CliError(`${o.out} exists; remove it first or choose another file (a new key needs registering at the parent again)`);
      const key = newSigningKey();
      const pub = o.out.replace(/(\.pem)?$/, '.pub.pem');
      await writeFile(o.out, key.privateKey, { mode: 0o600, flag: 'wx' });
      await writeFile(pub, key.publicKey, { flag: 'wx' });
      console.log(`private key in ${o.out} (keep it here); public key in ${pub}: give it to the parent's admin for readiness rollup child add --public-key`);
    });
  where(
    rollup
      .command('export')
      .description("write this collector's figures as a signed snapshot file, for a parent reached through the document system instead of the network")
      .requiredOption('--unit <id>', "the parent's unit these figures are for")
      .requiredOption('--key <file>', 'the private key from readiness rollup key create')
      .requiredOption('--out <file>', 'the snapshot file to write'),
  ).action(async (o: Where & { unit: string; key: string; out: string }) => {
    const { dataDir, config } = await open(o);
    if (config.parent) throw new CliError('this collector sends its figures to its parent over the network (parent: in its config); export is for collectors without that link, so the two never number snapshots at once');
    if (!UnitId.safeParse(o.unit).success) throw new CliError(`--unit "${o.unit}" is not a unit id`);
    const privateKey = await readFile(o.key, 'utf8').catch((err: Error) => {
      throw new CliError(`cannot read --key ${o.key}: ${err.message}`);
    });
    const readiness = await openReadiness({ ...(o.config ? { configFile: o.config } : {}), dataDir });
    const figures = snapshotFigures(await readiness.evaluate({ children: false }), await readiness.forwarded());
    // Numbered by the same queue as network delivery: each export is newer than the last.
    const outbox = await new Outbox(dataDir, (l) => console.error(l)).open();
    const snapshot = await outbox.add({ unit: o.unit, takenAt: new Date().toISOString(), ...figures });
    await outbox.delivered(snapshot);
    await writeFile(o.out, JSON.stringify(signSnapshot(snapshot, privateKey)) + '\n');
    printData(Boolean(o.json), { file: o.out, id: snapshot.id, sequence: snapshot.sequence, units: snapshot.units.length }, () => `snapshot ${snapshot.sequence} of ${snapshot.units.length} units written to ${o.out}, signed`);
  });
  where(rollup.command('import').description("take in a child's signed snapshot file, at the parent").argument('<file>', 'the file readiness rollup export wrote')).action(async (file: string, o: Where) => {
    const { registry, org, audit, dataDir } = await open(o);
    const text = await readFile(file, 'utf8').catch((err: Error) => {
      throw new CliError(`cannot read ${file}: ${err.message}`);
    });
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      throw new CliError(`${file} is not a roll-up snapshot file (it is not JSON)`);
    }
    const model = buildOrgModel(org, []);
    // As the running collector resolves it (Readiness.unitChain): a unit the org file lacks is its own chain.
    const chain = (unit: string) => {
      const found = lineage(model, unit);
      return found.length ? found : [unit];
    };
    const verified = verifySignedSnapshot(value, registry.list(), chain);
    if (!verified.ok) throw new CliError(`${file} is refused: ${verified.reason}`);
    const status = await (await new ReceivedSnapshots(dataDir, (l) => console.error(l)).load()).accept(verified.snapshot, { id: verified.child.id, name: verified.child.name }, new Date());
    await audit('rollup.import', verified.child.id, { unit: verified.snapshot.unit, sequence: verified.snapshot.sequence, status });
    printData(Boolean(o.json), { id: verified.snapshot.id, unit: verified.snapshot.unit, sequence: verified.snapshot.sequence, status }, () => `snapshot ${verified.snapshot.sequence} of ${verified.child.name} for unit ${verified.snapshot.unit}: ${status}`);
  });
}
