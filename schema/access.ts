/**
 * People and their access: the one list of roles, users, personal tokens, per-unit enrollment
 * secrets and the audit log's lines. The collector keeps these under `<data>/access/` and
 * `<data>/audit.log` (docs/access.md, docs/storage.md).
 */
import { z } from 'zod';
import { Timestamp } from './common.js';
import { RoomId, UnitId } from './enrollment.js';

/**
 * The roles, in the order docs/access.md lists them. What each may do is `ROLE_ACTIONS` in
 * collector/access/roles.ts; agents are not users and keep their agent keys.
 */
export const Role = z.enum(['admin', 'unit_manager', 'viewer', 'security_officer']);
export type Role = z.infer<typeof Role>;

export const UserName = z
  .string()
  .regex(/^[a-z0-9][a-z0-9._-]{0,63}$/, 'use lowercase letters, digits, dots, dashes and underscores (e.g. "nguyen.van.a")');

/** At least 12 characters: long enough that the rate limit makes guessing hopeless. */
export const Password = z.string().min(12, 'a password must have at least 12 characters').max(256);

/** A user holds one role over one unit, with or without the units below it; an admin holds every unit. */
export const Grant = z
  .object({
    role: Role,
    unit: UnitId.nullable(),
    recursive: z.boolean(),
  })
  .refine((g) => (g.role === 'admin') === (g.unit === null), {
    message: 'an admin holds every unit (no unit); every other role needs a unit',
    path: ['unit'],
  });
export type Grant = z.infer<typeof Grant>;

export const UserRecord = z.object({
  name: UserName,
  role: Role,
  unit: UnitId.nullable(),
  recursive: z.boolean(),
  /** `scrypt$<N>$<r>$<p>$<salt b64url>$<hash b64url>` (collector/access/password.ts). */
  passwordHash: z.string().startsWith('scrypt$'),
  disabled: z.boolean(),
  createdAt: Timestamp,
  createdBy: z.string(),
  /** Sessions started before this instant are ended (a changed password signs out everywhere). */
  passwordChangedAt: Timestamp,
});
export type UserRecord = z.infer<typeof UserRecord>;

/** What the API and `user list` show of a user: never the hash. */
export type UserView = Omit<UserRecord, 'passwordHash'>;

export const TokenRecord = z.object({
  /** The public part of the token (`rdy_<id>_<secret>`), shown in lists to revoke it by. */
  id: z.string().regex(/^[a-z0-9]{8,32}$/),
  user: UserName,
  label: z.string().max(100),
  /** sha256 of the secret part: tokens are 32 random bytes, so a fast hash is enough. */
  hash: z.string().length(64),
  createdAt: Timestamp,
  createdBy: z.string(),
  expiresAt: Timestamp.nullable(),
  revokedAt: Timestamp.nullable(),
});
export type TokenRecord = z.infer<typeof TokenRecord>;
export type TokenView = Omit<TokenRecord, 'hash'>;

export const EnrollSecretRecord = z.object({
  id: z.string().regex(/^[a-z0-9]{8,32}$/),
  unit: UnitId,
  room: RoomId.nullable(),
  hash: z.string().length(64),
  createdAt: Timestamp,
  createdBy: z.string(),
  expiresAt: Timestamp.nullable(),
  /** Enrollments allowed in all; null: no limit. */
  maxUses: z.number().int().positive().nullable(),
  uses: z.number().int().nonnegative(),
  revokedAt: Timestamp.nullable(),
});
export type EnrollSecretRecord = z.infer<typeof EnrollSecretRecord>;
export type EnrollSecretView = Omit<EnrollSecretRecord, 'hash'>;

/** Bodies of the admin routes (and what the CLI sends through the same functions). */
export const NewUserRequest = z
  .object({
    name: UserName,
    role: Role,
    unit: UnitId.nullable().default(null),
    recursive: z.boolean().default(false),
    /** Without one a password is generated and answered once. */
    password: Password.optional(),
  })
  .strict();
export type NewUserRequest = z.infer<typeof NewUserRequest>;

export const UserChangeRequest = z
  .object({
    role: Role.optional(),
    unit: UnitId.nullable().optional(),
    recursive: z.boolean().optional(),
    disabled: z.boolean().optional(),
    password: Password.optional(),
  })
  .strict();
export type UserChangeRequest = z.infer<typeof UserChangeRequest>;

/** Durations like `90d`, `12h`, `30m`. */
export const Duration = z.string().regex(/^\d{1,5}[mhd]$/, 'write a duration like 90d, 12h or 30m');

export const NewTokenRequest = z
  .object({
    /** Only an admin may create a token for someone else. */
    user: UserName.optional(),
    label: z.string().max(100).default(''),
    /** Default 90 days; `never` only for admins' automation. */
    expires: z.union([Duration, z.literal('never')]).default('90d'),
  })
  .strict();
export type NewTokenRequest = z.infer<typeof NewTokenRequest>;

export const NewEnrollSecretRequest = z
  .object({
    unit: UnitId,
    room: RoomId.nullable().default(null),
    expires: z.union([Duration, z.literal('never')]).default('14d'),
    uses: z.number().int().positive().max(1_000_000).nullable().default(null),
  })
  .strict();
export type NewEnrollSecretRequest = z.infer<typeof NewEnrollSecretRequest>;

export const LoginRequest = z.object({ name: z.string().min(1).max(64), password: z.string().min(1).max(256) }).strict();

export const PasswordChangeRequest = z.object({ currentPassword: z.string().min(1).max(256), newPassword: Password }).strict();

/** Who did something: a user (by session or token), the bootstrap token, an operator at the command line, an agent. */
export const Actor = z.object({
  kind: z.enum(['user', 'bootstrap', 'cli', 'agent', 'anonymous', 'collector']),
  /** User name, `cli:<os user>`, agent id; for an anonymous failed login, the name tried. */
  name: z.string(),
  role: Role.nullable(),
  /** session, token (with its id), bootstrap, cli, enroll secret, agent key. */
  via: z.string(),
});
export type Actor = z.infer<typeof Actor>;

/** One line of the audit log. `prev` is the SHA-256 of the previous line (64 zeros for the first). */
export const AuditEntry = z
  .object({
    seq: z.number().int().positive(),
    at: Timestamp,
    actor: Actor,
    /** The peer address of the request, or `local` for the command line. */
    address: z.string(),
    /** What happened, e.g. `session.login`, `user.create`, `host.move`. */
    action: z.string().regex(/^[a-z][a-z0-9_.-]*$/),
    /** What it happened to: a user name, token id, agent id, unit. */
    target: z.string().nullable(),
    /** Further facts (unit and room before and after, role given, reason of a refusal). */
    details: z.record(z.string(), z.unknown()),
    prev: z.string().regex(/^[0-9a-f]{64}$/),
  })
  .strict();
export type AuditEntry = z.infer<typeof AuditEntry>;
