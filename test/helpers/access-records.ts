/**
 * The durable record kinds of the accounts work, for crash trials: each writes one record
 * through a running collector's API (resolving once it is acknowledged) and checks, after a
 * restart on the same data directory, that the acknowledged record is there whole. A harness
 * that kills the collector at random moments plugs these in beside its own kinds.
 */
import { expect } from 'vitest';

export interface Api {
  url: string;
  /** An admin credential (the bootstrap token while no admin user exists). */
  token: string;
  /** fetch with the credential; `init.dispatcher` for a private CA. */
  fetch?: typeof fetch;
}

export interface DurableRecordKind<W = unknown> {
  kind: string;
  write(api: Api, n: number): Promise<W>;
  check(api: Api, written: W): Promise<void>;
}

async function call(api: Api, path: string, init: RequestInit = {}): Promise<{ status: number; body: any }> {
  const res = await (api.fetch ?? fetch)(`${api.url}/api/v1${path}`, {
    ...init,
    headers: { authorization: `Bearer ${api.token}`, 'content-type': 'application/json', ...(init.headers as Record<string, string>) },
  });
  return { status: res.status, body: await res.json().catch(() => null) };
}

const acknowledged = (r: { status: number; body: any }, what: string) => {
  if (r.status !== 201) throw new Error(`${what} was not acknowledged: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
};

/** Adds a viewer of `hp` through the API; resolves once acknowledged. */
async function addViewer(api: Api, name: string): Promise<{ name: string }> {
  acknowledged(await call(api, '/users', { method: 'POST', body: JSON.stringify({ name, role: 'viewer', unit: 'hp', password: 'crash-trial-password' }) }), `user ${name}`);
  return { name };
}

export const userRecord: DurableRecordKind<{ name: string }> = {
  kind: 'user',
  write: (api, n) => addViewer(api, `crash-user-${n}`),
  async check(api, { name }) {
    const { body } = await call(api, '/users');
    expect(body.users).toContainEqual(expect.objectContaining({ name, role: 'viewer', unit: 'hp', disabled: false }));
  },
};

export const tokenRecord: DurableRecordKind<{ token: string }> = {
  kind: 'personal token',
  async write(api, n) {
    const user = `crash-token-owner-${n}`;
    acknowledged(await call(api, '/users', { method: 'POST', body: JSON.stringify({ name: user, role: 'viewer', unit: 'hp', password: 'crash-trial-password' }) }), `user ${user}`);
    const body = acknowledged(await call(api, '/tokens', { method: 'POST', body: JSON.stringify({ user, label: 'crash trial' }) }), 'a token');
    return { token: body.token as string };
  },
  async check(api, { token }) {
    const res = await call({ ...api, token }, '/session');
    expect(res.status).toBe(200);
  },
};

export const enrollSecretRecord: DurableRecordKind<{ id: string; secret: string }> = {
  kind: 'enrollment secret',
  async write(api) {
    const body = acknowledged(await call(api, '/enroll-secrets', { method: 'POST', body: JSON.stringify({ unit: 'hp', uses: 5 }) }), 'an enrollment secret');
    return { id: body.view.id as string, secret: body.secret as string };
  },
  async check(api, { id, secret }) {
    const { body } = await call(api, '/enroll-secrets');
    expect(body.secrets).toContainEqual(expect.objectContaining({ id, unit: 'hp', maxUses: 5, uses: 0, revokedAt: null }));
    // Whole: the stored hash still takes the secret.
    const enrolled = await call(api, '/enroll', { method: 'POST', body: JSON.stringify({ secret, hostname: 'CRASH-PC' }) });
    expect(enrolled.status).toBe(201);
  },
};

/** Any acknowledged change leaves its audit line, and the chain still verifies from the API's view. */
export const auditRecord: DurableRecordKind<{ name: string }> = {
  kind: 'audit line',
  // Its own names: a harness numbers each kind's writes apart.
  write: (api, n) => addViewer(api, `crash-audit-${n}`),
  async check(api, { name }) {
    const { body } = await call(api, '/audit?limit=1000');
    expect(body.entries).toContainEqual(expect.objectContaining({ action: 'user.create', target: name }));
  },
};

export const ACCESS_RECORD_KINDS: DurableRecordKind<any>[] = [userRecord, tokenRecord, enrollSecretRecord, auditRecord];
