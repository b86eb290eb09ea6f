/**
 * `readiness user|token|enroll-secret|audit`: accounts on the collector's data directory. They
 * write the same files the collector writes, under the same lock, through the same functions
 * as the API (collector/access/accounts.ts), so they work before the first start, while the
 * collector runs (it sees the change at its next request) and when nobody can sign in any
 * more. Whoever may run them may write the data directory, and so holds the keys anyway.
 */
import { userInfo } from 'node:os';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { Option } from 'commander';
import { z } from 'zod';
import { AccessError, AccessStore, grantOf } from '../../collector/access/access-store.js';
import type { ChangeBy } from '../../collector/access/access-store.js';
import { addUser, changeUser, createEnrollSecret, createToken } from '../../collector/access/accounts.js';
import type { PlacementCheck } from '../../collector/access/accounts.js';
import { historyAnchors, verifyAuditFile } from '../../collector/access/audit-log.js';
import { generatePassword } from '../../collector/access/password.js';
import { ROLE_PURPOSE } from '../../collector/access/roles.js';
import { describeGrant } from '../../collector/access/scope.js';
import { loadCollectorConfig } from '../../collector/config.js';
import { loadOrgFile } from '../../collector/org-file.js';
import { placementProblem } from '../../rules/org-model.js';
import { Duration, Password, Role, UserName } from '../../schema/index.js';
import { CliError, printData } from '../fail.js';
import { positiveInteger } from '../options.js';

interface Where {
  data?: string;
  config?: string;
}

const whereOptions = (cmd: Command) =>
  cmd.option('--data <dir>', 'the collector\'s data directory (default: the config\'s, else ./data)').option('--config <file>', 'the collector config (for its data directory and org file)');

async function open(o: Where): Promise<{ store: AccessStore; placement: PlacementCheck; dataDir: string }> {
  const config = await loadCollectorConfig(o.config);
  const dataDir = resolve(o.data ?? config.dataDir);
  const org = config.org ? await loadOrgFile(config.org) : null;
  const store = await new AccessStore({ dataDir }).load();
  return { store, placement: (unit, room) => placementProblem(org, unit, room), dataDir };
}

/** The operator at the command line, as the audit log names them. */
const byCli = (command: string): ChangeBy => ({ actor: { kind: 'cli', name: `cli:${userInfo().username}`, role: null, via: `readiness ${command}` }, address: 'local' });

/** Access refusals are the user's to fix: one line, exit 1. */
async function run<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (err) {
    if (err instanceof AccessError) throw new CliError(err.message);
    throw err;
  }
}

const parsed = <T extends z.ZodType>(schema: T, value: unknown, what: string): z.infer<T> => {
  const r = schema.safeParse(value);
  if (!r.success) throw new CliError(`${what}: ${r.error.issues[0]?.message ?? 'invalid'}`);
  return r.data;
};

async function passwordFromStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  // One line: the newline `echo` adds is not part of the password.
  return parsed(Password, Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, ''), 'the password on standard input');
}

export function registerUser(program: Command): void {
  const user = program.command('user').description('people who sign in: add, list, change passwords, disable (docs/access.md)');
  whereOptions(
    user
      .command('add')
      .description('add a user; a generated password is printed once unless --password-stdin')
      .argument('<name>', 'lowercase name, e.g. nguyen.van.a')
      .addOption(new Option('--role <role>', Role.options.map((r) => `${r}: ${ROLE_PURPOSE[r]}`).join('; ')).choices(Role.options).makeOptionMandatory())
      .option('--unit <id>', 'the unit the role holds (every role but admin)')
      .option('--recursive', 'the units below --unit too')
      .option('--password-stdin', 'read the password from standard input')
      .option('--json', 'print the user (and generated password) as JSON'),
  ).action(async (name: string, o: Where & { role: Role; unit?: string; recursive?: boolean; passwordStdin?: boolean; json?: boolean }) => {
    const { store, placement } = await open(o);
    const password = o.passwordStdin ? await passwordFromStdin() : undefined;
    const req = { name: parsed(UserName, name, 'the user name'), role: o.role, unit: o.unit ?? null, recursive: Boolean(o.recursive), ...(password ? { password } : {}) };
    const added = await run(addUser(store, req, placement, byCli('user add')));
    printData(Boolean(o.json), added, () =>
      [`user ${added.user.name} added: ${added.user.role} of ${describeGrant(grantOf(added.user))}`, ...(added.password ? [`password: ${added.password}   (shown once; change it with \`readiness user passwd ${added.user.name}\`)`] : [])].join('\n'),
    );
  });

  whereOptions(user.command('list').description('list users (never their passwords)').option('--json', 'print JSON')).action(async (o: Where & { json?: boolean }) => {
    const { store } = await open(o);
    const users = store.listUsers();
    printData(Boolean(o.json), users, () =>
      users.length ? users.map((u) => `${u.name}\t${u.role}\t${describeGrant(grantOf(u))}${u.disabled ? '\tdisabled' : ''}`).join('\n') : 'no users yet; add one with `readiness user add NAME --role admin`',
    );
  });

  whereOptions(
    user
      .command('passwd')
      .description('set a user\'s password (generated and printed once unless --password-stdin); ends its sessions')
      .argument('<name>')
      .option('--password-stdin', 'read the new password from standard input'),
  ).action(async (name: string, o: Where & { passwordStdin?: boolean }) => {
    const { store, placement } = await open(o);
    const password = o.passwordStdin ? await passwordFromStdin() : generatePassword();
    await run(changeUser(store, name, { password }, placement, byCli('user passwd')));
    console.log(o.passwordStdin ? `password of ${name} changed` : `password of ${name}: ${password}   (shown once)`);
  });

  for (const [verb, disabled] of [['disable', true], ['enable', false]] as const) {
    whereOptions(user.command(verb).description(disabled ? 'stop a user from signing in; its sessions and tokens stop working at once' : 'let a disabled user sign in again').argument('<name>')).action(
      async (name: string, o: Where) => {
        const { store, placement } = await open(o);
        await run(changeUser(store, name, { disabled }, placement, byCli(`user ${verb}`)));
        console.log(`user ${name} ${disabled ? 'disabled' : 'enabled'}`);
      },
    );
  }
}

export function registerToken(program: Command): void {
  const token = program.command('token').description('personal API tokens for scripts and Excel/Power Query (docs/access.md)');
  whereOptions(
    token
      .command('create')
      .description('create a token for a user and print it once, alone on standard output (TOKEN=$(readiness token create --user NAME))')
      .requiredOption('--user <name>', 'whose token: it carries that user\'s role and scope')
      .option('--expires <duration>', 'lifetime like 90d, 12h (or never, admins only)', '90d')
      .option('--label <text>', 'what the token is for, shown in lists', ''),
  ).action(async (o: Where & { user: string; expires: string; label: string }) => {
    const { store } = await open(o);
    const expires = o.expires === 'never' ? 'never' : parsed(Duration, o.expires, '--expires');
    const created = await run(createToken(store, { user: o.user, label: o.label, expires }, new Date(), byCli('token create')));
    console.error(`token ${created.view.id} for ${o.user}${created.view.expiresAt ? `, expires ${created.view.expiresAt}` : ', never expires'}; it is shown once:`);
    console.log(created.token);
  });

  whereOptions(token.command('list').description('list tokens (never the secrets)').option('--user <name>', 'only this user\'s').option('--json', 'print JSON')).action(
    async (o: Where & { user?: string; json?: boolean }) => {
      const { store } = await open(o);
      const tokens = store.listTokens(o.user);
      printData(Boolean(o.json), tokens, () =>
        tokens.length
          ? tokens.map((t) => `${t.id}\t${t.user}\t${t.revokedAt ? `revoked ${t.revokedAt}` : t.expiresAt ? `expires ${t.expiresAt}` : 'never expires'}\t${t.label}`).join('\n')
          : 'no tokens',
      );
    },
  );

  whereOptions(token.command('revoke').description('revoke a token at once').argument('<id>', 'the token id (token list)')).action(async (id: string, o: Where) => {
    const { store } = await open(o);
    const revoked = await run(store.revokeToken(id, byCli('token revoke')));
    console.log(`token ${revoked.id} of ${revoked.user} revoked`);
  });
}

export function registerEnrollSecret(program: Command): void {
  const secret = program.command('enroll-secret').description('per-unit enrollment secrets: an agent enrolling with one lands in its unit (docs/access.md)');
  whereOptions(
    secret
      .command('create')
      .description('create a secret for a unit and print it once, alone on standard output')
      .requiredOption('--unit <id>', 'the unit agents enrolling with it land in')
      .option('--room <id>', 'and the room')
      .option('--expires <duration>', 'lifetime like 14d (or never)', '14d')
      .option('--uses <n>', 'enrollments it allows (default: no limit)', positiveInteger('--uses')),
  ).action(async (o: Where & { unit: string; room?: string; expires: string; uses?: number }) => {
    const { store, placement } = await open(o);
    const expires = o.expires === 'never' ? 'never' : parsed(Duration, o.expires, '--expires');
    const created = await run(createEnrollSecret(store, { unit: o.unit, room: o.room ?? null, expires, uses: o.uses ?? null }, placement, new Date(), byCli('enroll-secret create')));
    const v = created.view;
    console.error(`enrollment secret ${v.id} for unit ${v.unit}${v.room ? `, room ${v.room}` : ''}${v.expiresAt ? `, expires ${v.expiresAt}` : ''}${v.maxUses ? `, ${v.maxUses} uses` : ''}; it is shown once:`);
    console.log(created.secret);
  });

  whereOptions(secret.command('list').description('list enrollment secrets (never the secrets themselves)').option('--json', 'print JSON')).action(async (o: Where & { json?: boolean }) => {
    const { store } = await open(o);
    const secrets = store.listEnrollSecrets();
    printData(Boolean(o.json), secrets, () =>
      secrets.length
        ? secrets.map((s) => `${s.id}\t${s.unit}${s.room ? `/${s.room}` : ''}\t${s.uses}${s.maxUses ? `/${s.maxUses}` : ''} used\t${s.revokedAt ? `revoked ${s.revokedAt}` : s.expiresAt ? `expires ${s.expiresAt}` : 'never expires'}`).join('\n')
        : 'no enrollment secrets',
    );
  });

  whereOptions(secret.command('revoke').description('revoke an enrollment secret at once').argument('<id>')).action(async (id: string, o: Where) => {
    const { store } = await open(o);
    const revoked = await run(store.revokeEnrollSecret(id, byCli('enroll-secret revoke')));
    console.log(`enrollment secret ${revoked.id} of unit ${revoked.unit} revoked`);
  });
}

export function registerAudit(program: Command): void {
  const audit = program.command('audit').description('the tamper-evident audit log (docs/access.md)');
  whereOptions(
    audit
      .command('verify')
      .description('check the chain of the audit log and its anchors (history records, printed documents); exit 1 naming the broken line or anchor')
      .option('--anchor <sha256...>', 'the audit head printed on a document\'s footer (repeatable)')
      .option('--json', 'print the result as JSON'),
  ).action(async (o: Where & { anchor?: string[]; json?: boolean }) => {
    const config = await loadCollectorConfig(o.config);
    const dataDir = resolve(o.data ?? config.dataDir);
    const printed = (o.anchor ?? []).map((hash, i) => {
      if (!/^[0-9a-f]{64}$/.test(hash)) throw new CliError(`--anchor takes the 64 hex digits printed on a document, not "${hash}"`);
      return { where: `printed anchor ${i + 1}`, hash };
    });
    const anchors = [...(await historyAnchors(dataDir)), ...printed];
    const result = await verifyAuditFile(join(dataDir, 'audit.log'), anchors);
    printData(Boolean(o.json), { ...result, anchors: anchors.length }, () =>
      [
        ...result.problems.map((p) => `broken: ${p}`),
        ...result.warnings.map((w) => `warning: ${w}`),
        result.problems.length
          ? `the audit log ${join(dataDir, 'audit.log')} does not verify (${result.problems.length} problem${result.problems.length === 1 ? '' : 's'})`
          : `the audit log verifies: ${result.lines} lines, head ${result.head.hash}, ${anchors.length} anchor${anchors.length === 1 ? '' : 's'} checked`,
      ].join('\n'),
    );
    if (result.problems.length) process.exitCode = 1;
  });
}
