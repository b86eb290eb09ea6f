/** Users with personal tokens for route tests, made through the AccessStore as the API makes them. */
import type { AccessStore } from '../../collector/access/access-store.js';
import { hashPassword } from '../../collector/access/password.js';
import type { Role } from '../../schema/index.js';

export const PASSWORD = 'correct horse battery staple';

export const TEST_ACTOR = { actor: { kind: 'cli' as const, name: 'test-setup', role: null, via: 'test' }, address: 'local' };

export interface UserSpec {
  name: string;
  role: Role;
  unit: string | null;
  recursive?: boolean;
}

/** Adds the users (all with PASSWORD, hashed once) and a personal token each. */
export async function addUsers(store: AccessStore, specs: UserSpec[]): Promise<Record<string, { name: string; token: string }>> {
  const passwordHash = await hashPassword(PASSWORD);
  const out: Record<string, { name: string; token: string }> = {};
  for (const s of specs) {
    await store.addUser({ name: s.name, role: s.role, unit: s.role === 'admin' ? null : s.unit, recursive: s.role === 'admin' || Boolean(s.recursive), passwordHash }, TEST_ACTOR);
    const { token } = await store.createToken({ user: s.name, label: 'test', expiresAt: null }, TEST_ACTOR);
    out[s.name] = { name: s.name, token };
  }
  return out;
}
