/**
 * Users, personal tokens and per-unit enrollment secrets, kept durably under `<data>/access/`
 * (one small JSON file per kind), and the audit log beside them. Both the collector and the
 * command line (`readiness user|token|enroll-secret` on the data directory) write here: every
 * change takes the access lock, re-reads the files, writes the changed one crash-safely,
 * appends its audit line, and only then answers. Readers re-read a file whenever it changed on
 * disk (its inode changes with every atomic rename), so the running collector sees a user the
 * command line disabled at its next request, without a restart.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { EnrollSecretRecord, TokenRecord, UserRecord, describeIssues } from '../../schema/index.js';
import type { AuditEntry, EnrollSecretView, Grant, TokenView, UserView } from '../../schema/index.js';
import { removeTempFiles, writeFileDurably } from '../../util/durable-write.js';
import { fileAuditLog, memoryAuditLog } from './audit-log.js';
import type { AuditFields, AuditLog } from './audit-log.js';
import { fileMutex, processMutex } from './lock.js';
import type { Mutex } from './lock.js';

const KINDS = {
  users: { file: 'users.json', schema: z.array(UserRecord) },
  tokens: { file: 'tokens.json', schema: z.array(TokenRecord) },
  secrets: { file: 'enroll-secrets.json', schema: z.array(EnrollSecretRecord) },
} as const;
type Kind = keyof typeof KINDS;

interface Records {
  users: UserRecord[];
  tokens: TokenRecord[];
  secrets: EnrollSecretRecord[];
}

/** Who made a change and from where, for its audit line. */
export type ChangeBy = Pick<AuditFields, 'actor' | 'address'>;

export class AccessError extends Error {
  constructor(
    readonly kind: 'not_found' | 'conflict' | 'invalid',
    message: string,
  ) {
    super(message);
  }
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const newId = () => randomBytes(8).toString('hex').slice(0, 12);
const newSecret = () => randomBytes(32).toString('base64url');

/** `rdy_<id>_<secret>`: the prefix tells a personal token from an agent key or the bootstrap token. */
export const TOKEN_PATTERN = /^rdy_([a-z0-9]{12})_([A-Za-z0-9_-]{43})$/;
/** `es_<id>_<secret>`: a per-unit enrollment secret; anything else is compared with the global one. */
export const ENROLL_SECRET_PATTERN = /^es_([a-z0-9]{12})_([A-Za-z0-9_-]{43})$/;

export const userView = ({ passwordHash: _hidden, ...view }: UserRecord): UserView => view;
export const tokenView = ({ hash: _hidden, ...view }: TokenRecord): TokenView => view;
export const secretView = ({ hash: _hidden, ...view }: EnrollSecretRecord): EnrollSecretView => view;
export const grantOf = (u: Pick<UserRecord, 'role' | 'unit' | 'recursive'>): Grant => ({ role: u.role, unit: u.role === 'admin' ? null : u.unit, recursive: u.role === 'admin' || u.recursive });

export type SecretSpend = { ok: true; record: EnrollSecretRecord } | { ok: false; reason: string };

export type TokenCheck = { ok: true; user: UserRecord; token: TokenRecord } | { ok: false; reason: string };

export interface AccessStoreOptions {
  /** The collector's data directory; null keeps everything in memory (tests, benchmarks). */
  dataDir: string | null;
  now?: () => Date;
  log?: (line: string) => void;
}

export class AccessStore {
  readonly audit: AuditLog;
  private readonly mutex: Mutex;
  private readonly dir: string | null;
  private readonly now: () => Date;
  private records: Records = { users: [], tokens: [], secrets: [] };
  /** What each file was when last read: inode, size and mtime change with every rename over it. */
  private readonly seen = new Map<Kind, string>();
  private usersByName = new Map<string, UserRecord>();
  private tokensById = new Map<string, TokenRecord>();

  constructor(opts: AccessStoreOptions) {
    const log = opts.log ?? ((l) => console.error(l));
    this.now = opts.now ?? (() => new Date());
    this.dir = opts.dataDir === null ? null : join(opts.dataDir, 'access');
    this.audit = opts.dataDir === null ? memoryAuditLog() : fileAuditLog(join(opts.dataDir, 'audit.log'), log);
    this.mutex = this.dir === null ? processMutex() : fileMutex(opts.dataDir!, join(opts.dataDir!, 'access.lock'), log);
  }

  /** Reads the files (a damaged one stops start-up: users must never silently vanish). */
  async load(): Promise<this> {
    if (this.dir) {
      mkdirSync(this.dir, { recursive: true, mode: 0o700 });
      // Leftovers of writes a crash cut short; a CLI command writing right now keeps its own.
      await removeTempFiles(this.dir, { sharedWithLiveProcesses: true });
    }
    for (const kind of Object.keys(KINDS) as Kind[]) this.refresh(kind);
    return this;
  }

  private path(kind: Kind): string {
    return join(this.dir!, KINDS[kind].file);
  }

  /** Re-reads `kind` when its file changed since we read it. Synchronous and cheap: one stat. */
  private refresh(kind: Kind): void {
    if (!this.dir) return;
    const file = this.path(kind);
    let identity: string;
    try {
      const st = statSync(file, { bigint: true });
      identity = `${st.ino}:${st.size}:${st.mtimeNs}`;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      identity = 'absent';
    }
    if (this.seen.get(kind) === identity) return;
    let list: unknown[] = [];
    if (identity !== 'absent') {
      let json: unknown;
      try {
        json = JSON.parse(readFileSync(file, 'utf8'));
      } catch (err) {
        throw new Error(`${file} is damaged (${(err as Error).message}); restore it from a backup (nothing was changed)`);
      }
      const parsed = z.object({ format: z.literal(1), records: KINDS[kind].schema }).safeParse(json);
      if (!parsed.success) throw new Error(`${file} is damaged (${describeIssues(parsed.error)}); restore it from a backup (nothing was changed)`);
      list = parsed.data.records;
    }
    (this.records as unknown as Record<Kind, unknown[]>)[kind] = list;
    if (kind === 'users') this.usersByName = new Map(this.records.users.map((u) => [u.name, u]));
    if (kind === 'tokens') this.tokensById = new Map(this.records.tokens.map((t) => [t.id, t]));
    this.seen.set(kind, identity);
  }

  /**
   * One change under the lock: fresh records in, the kinds it changed and its audit lines
   * out. Nothing is answered before both are on disk.
   */
  private change<T>(fn: (r: Records) => { value: T; changed: Kind[]; audit: AuditFields[] }): Promise<T> {
    return this.mutex.run(async () => {
      for (const kind of Object.keys(KINDS) as Kind[]) this.refresh(kind);
      // Work on copies: a change that throws half-way leaves the records as they were.
      const draft: Records = { users: [...this.records.users], tokens: [...this.records.tokens], secrets: [...this.records.secrets] };
      const { value, changed, audit } = fn(draft);
      if (this.dir) for (const kind of changed) await writeFileDurably(this.path(kind), JSON.stringify({ format: 1, records: draft[kind] }, null, 1) + '\n');
      this.records = draft;
      this.usersByName = new Map(draft.users.map((u) => [u.name, u]));
      this.tokensById = new Map(draft.tokens.map((t) => [t.id, t]));
      // Remember the files as written, so the next request does not read them back.
      for (const kind of changed) {
        this.seen.delete(kind);
        this.refresh(kind);
      }
      const at = this.now();
      for (const fields of audit) await this.audit.appendLocked(fields, at);
      return value;
    });
  }

  /** Appends one audit line for something that changed no record (a login, a host move). */
  record(fields: AuditFields): Promise<AuditEntry> {
    return this.mutex.run(() => this.audit.appendLocked(fields, this.now()));
  }

  // ---- users

  listUsers(): UserView[] {
    this.refresh('users');
    return this.records.users.map(userView);
  }

  getUser(name: string): UserRecord | undefined {
    this.refresh('users');
    return this.usersByName.get(name);
  }

  /** Whether an enabled admin user exists: from then on the bootstrap token stops working. */
  hasActiveAdmin(): boolean {
    this.refresh('users');
    return this.records.users.some((u) => u.role === 'admin' && !u.disabled);
  }

  addUser(user: Omit<UserRecord, 'createdAt' | 'createdBy' | 'passwordChangedAt' | 'disabled'>, by: ChangeBy): Promise<UserView> {
    return this.change((r) => {
      if (r.users.some((u) => u.name === user.name)) throw new AccessError('conflict', `a user named ${user.name} exists already; change it with \`readiness user passwd\` or PATCH /api/v1/users/${user.name}`);
      const at = this.now().toISOString();
      const record: UserRecord = UserRecord.parse({ ...user, disabled: false, createdAt: at, createdBy: by.actor.name, passwordChangedAt: at });
      r.users.push(record);
      return {
        value: userView(record),
        changed: ['users'],
        audit: [{ ...by, action: 'user.create', target: record.name, details: { role: record.role, unit: record.unit, recursive: record.recursive } }],
      };
    });
  }

  changeUser(name: string, change: Partial<Pick<UserRecord, 'role' | 'unit' | 'recursive' | 'disabled' | 'passwordHash'>>, by: ChangeBy): Promise<UserView> {
    return this.change((r) => {
      const i = r.users.findIndex((u) => u.name === name);
      if (i < 0) throw new AccessError('not_found', `no user named ${name}; list them with \`readiness user list\``);
      const before = r.users[i]!;
      const after: UserRecord = { ...before, ...change, ...(change.passwordHash ? { passwordChangedAt: this.now().toISOString() } : {}) };
      if (after.role === 'admin') after.unit = null;
      if (after.role !== 'admin' && after.unit === null) throw new AccessError('invalid', `a ${after.role} needs a unit (--unit)`);
      const disablesLastAdmin = before.role === 'admin' && !before.disabled && (after.disabled || after.role !== 'admin') && !r.users.some((u, j) => j !== i && u.role === 'admin' && !u.disabled);
      if (disablesLastAdmin) throw new AccessError('invalid', `${name} is the last enabled admin; add another admin before disabling or demoting this one`);
      r.users[i] = after;
      const details: Record<string, unknown> = {};
      for (const key of ['role', 'unit', 'recursive', 'disabled'] as const) if (before[key] !== after[key]) details[key] = { from: before[key], to: after[key] };
      if (change.passwordHash) details.password = 'changed';
      const action = change.disabled === true && !before.disabled ? 'user.disable' : change.passwordHash && Object.keys(details).length === 1 ? 'user.password' : 'user.change';
      return { value: userView(after), changed: ['users'], audit: [{ ...by, action, target: name, details }] };
    });
  }

  // ---- personal tokens

  listTokens(user?: string): TokenView[] {
    this.refresh('tokens');
    return this.records.tokens.filter((t) => user === undefined || t.user === user).map(tokenView);
  }

  getToken(id: string): TokenRecord | undefined {
    this.refresh('tokens');
    return this.tokensById.get(id);
  }

  createToken(input: { user: string; label: string; expiresAt: string | null }, by: ChangeBy): Promise<{ token: string; view: TokenView }> {
    const id = newId();
    const secret = newSecret();
    return this.change((r) => {
      const user = r.users.find((u) => u.name === input.user);
      if (!user) throw new AccessError('not_found', `no user named ${input.user}; add one with \`readiness user add\``);
      if (user.disabled) throw new AccessError('invalid', `${input.user} is disabled; enable the user before giving it a token`);
      const record: TokenRecord = { id, user: input.user, label: input.label, hash: sha256(secret), createdAt: this.now().toISOString(), createdBy: by.actor.name, expiresAt: input.expiresAt, revokedAt: null };
      r.tokens.push(record);
      return {
        value: { token: `rdy_${id}_${secret}`, view: tokenView(record) },
        changed: ['tokens'],
        audit: [{ ...by, action: 'token.create', target: id, details: { user: input.user, label: input.label, expiresAt: input.expiresAt } }],
      };
    });
  }

  revokeToken(id: string, by: ChangeBy): Promise<TokenView> {
    return this.change((r) => {
      const i = r.tokens.findIndex((t) => t.id === id);
      if (i < 0) throw new AccessError('not_found', `no token ${id}; list them with \`readiness token list\``);
      const revoked = { ...r.tokens[i]!, revokedAt: r.tokens[i]!.revokedAt ?? this.now().toISOString() };
      r.tokens[i] = revoked;
      return { value: tokenView(revoked), changed: ['tokens'], audit: [{ ...by, action: 'token.revoke', target: id, details: { user: revoked.user } }] };
    });
  }

  /** The user behind a bearer token of the `rdy_` form, or why it is refused. */
  checkToken(bearer: string, now: Date): TokenCheck {
    const m = TOKEN_PATTERN.exec(bearer);
    if (!m) return { ok: false, reason: 'this is not a personal token' };
    const token = this.getToken(m[1]!);
    // Hashes of random secrets: comparing them leaks nothing about the secret.
    if (!token || token.hash !== sha256(m[2]!)) return { ok: false, reason: 'this personal token is not known to the collector' };
    if (token.revokedAt) return { ok: false, reason: `this personal token was revoked on ${token.revokedAt}` };
    if (token.expiresAt && Date.parse(token.expiresAt) <= now.getTime()) return { ok: false, reason: `this personal token expired on ${token.expiresAt}; create a new one` };
    const user = this.getUser(token.user);
    if (!user || user.disabled) return { ok: false, reason: `the user ${token.user} of this token is disabled` };
    return { ok: true, user, token };
  }

  // ---- per-unit enrollment secrets

  listEnrollSecrets(): EnrollSecretView[] {
    this.refresh('secrets');
    return this.records.secrets.map(secretView);
  }

  getEnrollSecret(id: string): EnrollSecretRecord | undefined {
    this.refresh('secrets');
    return this.records.secrets.find((s) => s.id === id);
  }

  createEnrollSecret(input: Pick<EnrollSecretRecord, 'unit' | 'room' | 'expiresAt' | 'maxUses'>, by: ChangeBy): Promise<{ secret: string; view: EnrollSecretView }> {
    const id = newId();
    const secret = newSecret();
    return this.change((r) => {
      const record: EnrollSecretRecord = { id, ...input, hash: sha256(secret), createdAt: this.now().toISOString(), createdBy: by.actor.name, uses: 0, revokedAt: null };
      r.secrets.push(record);
      return {
        value: { secret: `es_${id}_${secret}`, view: secretView(record) },
        changed: ['secrets'],
        audit: [{ ...by, action: 'enroll-secret.create', target: id, details: { unit: input.unit, room: input.room, expiresAt: input.expiresAt, maxUses: input.maxUses } }],
      };
    });
  }

  revokeEnrollSecret(id: string, by: ChangeBy): Promise<EnrollSecretView> {
    return this.change((r) => {
      const i = r.secrets.findIndex((s) => s.id === id);
      if (i < 0) throw new AccessError('not_found', `no enrollment secret ${id}; list them with \`readiness enroll-secret list\``);
      const revoked = { ...r.secrets[i]!, revokedAt: r.secrets[i]!.revokedAt ?? this.now().toISOString() };
      r.secrets[i] = revoked;
      return { value: secretView(revoked), changed: ['secrets'], audit: [{ ...by, action: 'enroll-secret.revoke', target: id, details: { unit: revoked.unit } }] };
    });
  }

  /**
   * Spends one use of a per-unit secret and counts it durably before the agent is created, so
   * a crash can never let a secret enroll more machines than it allows. Null for a secret of
   * another form (the caller compares it with the global one); a sentence when it is refused.
   */
  spendEnrollSecret(secret: string): Promise<SecretSpend | null> {
    const m = ENROLL_SECRET_PATTERN.exec(secret);
    if (!m) return Promise.resolve(null);
    return this.change<SecretSpend>((r) => {
      const i = r.secrets.findIndex((s) => s.id === m[1]);
      const found = r.secrets[i];
      const refuse = (reason: string) => ({ value: { ok: false as const, reason }, changed: [], audit: [] });
      if (!found || found.hash !== sha256(m[2]!)) return refuse('this enrollment secret is not known to the collector; ask the unit\'s IT staff for the current one');
      if (found.revokedAt) return refuse('this enrollment secret was revoked; ask the unit\'s IT staff for a new one');
      if (found.expiresAt && Date.parse(found.expiresAt) <= this.now().getTime()) return refuse(`this enrollment secret expired on ${found.expiresAt}; ask the unit's IT staff for a new one`);
      if (found.maxUses !== null && found.uses >= found.maxUses) return refuse(`this enrollment secret has been used for all its ${found.maxUses} enrollments; ask the unit's IT staff for a new one`);
      const spent = { ...found, uses: found.uses + 1 };
      r.secrets[i] = spent;
      return { value: { ok: true as const, record: spent }, changed: ['secrets'], audit: [] };
    });
  }
}
