/**
 * The first start's admin: `readiness up` (npm start) creates the user `admin` with a generated
 * password when no admin user exists, and says so only once; later starts say it exists. From
 * then on the bootstrap token stops working (unless the config keeps it).
 */
import { userInfo } from 'node:os';
import type { AccessStore } from '../collector/access/access-store.js';
import { addUser } from '../collector/access/accounts.js';
import type { PlacementCheck } from '../collector/access/accounts.js';

export const BOOTSTRAP_ADMIN = 'admin';

export async function bootstrapAdmin(store: AccessStore, placement: PlacementCheck): Promise<{ name: string; password: string | null }> {
  const existing = store.listUsers().find((u) => u.role === 'admin' && !u.disabled);
  if (existing) return { name: existing.name, password: null };
  const by = { actor: { kind: 'cli' as const, name: `cli:${userInfo().username}`, role: null, via: 'readiness up' }, address: 'local' };
  const { user, password } = await addUser(store, { name: BOOTSTRAP_ADMIN, role: 'admin', unit: null, recursive: true }, placement, by);
  return { name: user.name, password };
}
