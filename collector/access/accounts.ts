/**
 * The operations on accounts that both the API routes and the command line perform, so the
 * two cannot differ: adding and changing users, creating tokens and enrollment secrets. Each
 * validates its input against the org (a unit the org file lacks is refused with the valid
 * ones) and goes through the AccessStore, which writes durably and audits.
 */
import type { NewEnrollSecretRequest, NewTokenRequest, NewUserRequest, UserChangeRequest, UserView } from '../../schema/index.js';
import { AccessError } from './access-store.js';
import type { AccessStore, ChangeBy } from './access-store.js';
import { expiryAfter } from './duration.js';
import { generatePassword, hashPassword } from './password.js';

/** Null when the unit (and room) exist, else a sentence naming the valid ones (OrgDirectory.placementProblem). */
export type PlacementCheck = (unit: string, room: string | null) => string | null;

function checkGrant(role: string, unit: string | null, placement: PlacementCheck): void {
  if (role === 'admin') return;
  if (unit === null) throw new AccessError('invalid', `a ${role} holds one unit: say which (--unit, or "unit" in the body)`);
  const problem = placement(unit, null);
  if (problem) throw new AccessError('invalid', problem);
}

/** Adds a user; without a password one is generated and returned (shown once, never stored in clear). */
export async function addUser(store: AccessStore, req: NewUserRequest, placement: PlacementCheck, by: ChangeBy): Promise<{ user: UserView; password: string | null }> {
  checkGrant(req.role, req.unit, placement);
  const generated = req.password === undefined ? generatePassword() : null;
  const passwordHash = await hashPassword(req.password ?? generated!);
  const user = await store.addUser({ name: req.name, role: req.role, unit: req.role === 'admin' ? null : req.unit, recursive: req.role === 'admin' || req.recursive, passwordHash }, by);
  return { user, password: generated };
}

export async function changeUser(store: AccessStore, name: string, req: UserChangeRequest, placement: PlacementCheck, by: ChangeBy): Promise<UserView> {
  const current = store.getUser(name);
  if (!current) throw new AccessError('not_found', `no user named ${name}; list them with \`readiness user list\``);
  const role = req.role ?? current.role;
  const unit = req.unit !== undefined ? req.unit : current.unit;
  if (req.role !== undefined || req.unit !== undefined) checkGrant(role, role === 'admin' ? null : unit, placement);
  return store.changeUser(
    name,
    {
      ...(req.role !== undefined ? { role } : {}),
      ...(req.unit !== undefined || req.role !== undefined ? { unit: role === 'admin' ? null : unit } : {}),
      ...(req.recursive !== undefined ? { recursive: req.recursive } : {}),
      ...(req.disabled !== undefined ? { disabled: req.disabled } : {}),
      ...(req.password !== undefined ? { passwordHash: await hashPassword(req.password) } : {}),
    },
    by,
  );
}

/** A personal token for `user`; `never` expires only for an admin's automation. */
export async function createToken(store: AccessStore, req: NewTokenRequest & { user: string }, now: Date, by: ChangeBy) {
  const owner = store.getUser(req.user);
  if (req.expires === 'never' && owner?.role !== 'admin') throw new AccessError('invalid', 'only an admin\'s token may never expire; give --expires (e.g. 90d)');
  return store.createToken({ user: req.user, label: req.label, expiresAt: expiryAfter(req.expires, now) }, by);
}

export async function createEnrollSecret(store: AccessStore, req: NewEnrollSecretRequest, placement: PlacementCheck, now: Date, by: ChangeBy) {
  const problem = placement(req.unit, req.room);
  if (problem) throw new AccessError('invalid', problem);
  return store.createEnrollSecret({ unit: req.unit, room: req.room, expiresAt: expiryAfter(req.expires, now), maxUses: req.uses }, by);
}
