/**
 * The durable record kinds of pre-use scans, for crash trials (as test/helpers/access-records.ts
 * for accounts): each writes one record through a running collector's API, resolving once it is
 * acknowledged, and checks after a restart on the same data directory that it is there whole.
 * A device to scan is enrolled, reports, and a security officer of its unit records the verdict.
 */
import { createHash, randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import { readyReport } from './ready-report.js';
import type { Api, DurableRecordKind } from './access-records.js';

async function call(api: Api, path: string, init: RequestInit & { token?: string } = {}): Promise<{ status: number; body: any; bytes: Buffer }> {
  const { token, ...rest } = init;
  const res = await (api.fetch ?? fetch)(`${api.url}/api/v1${path}`, {
    ...rest,
    headers: { authorization: `Bearer ${token ?? api.token}`, 'content-type': 'application/json', ...(rest.headers as Record<string, string>) },
  });
  const bytes = Buffer.from(await res.arrayBuffer());
  let body: any = null;
  try {
    body = JSON.parse(bytes.toString('utf8'));
  } catch {
    // not JSON (an attachment)
  }
  return { status: res.status, body, bytes };
}

const acknowledged = (r: { status: number; body: any }, what: string) => {
  if (r.status !== 201) throw new Error(`${what} was not acknowledged: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
};

/**
 * A security officer of unit `hp` with a personal token, and a device of that unit with a
 * report on file: made once per collector (known by its admin credential; they outlive restarts
 * on the same data directory) and shared by every verdict written there, so a write is one
 * request (a user costs a password hash, and crash trials write many verdicts under load).
 */
const setups = new Map<string, Promise<{ officer: string; hostId: string }>>();
function officerAndDevice(api: Api): Promise<{ officer: string; hostId: string }> {
  let setup = setups.get(api.token);
  if (!setup) {
    setup = (async () => {
      // A random part: a data directory may hold officers and devices of earlier runs.
      const name = `crash-police-${randomUUID().slice(0, 8)}`;
      acknowledged(await call(api, '/users', { method: 'POST', body: JSON.stringify({ name, role: 'security_officer', unit: 'hp', password: 'crash-trial-password' }) }), `user ${name}`);
      const officer = acknowledged(await call(api, '/tokens', { method: 'POST', body: JSON.stringify({ user: name, label: 'crash trial' }) }), 'a token').token as string;
      const { secret } = acknowledged(await call(api, '/enroll-secrets', { method: 'POST', body: JSON.stringify({ unit: 'hp', uses: 1 }) }), 'an enrollment secret');
      const agent = acknowledged(await call(api, '/enroll', { method: 'POST', body: JSON.stringify({ secret, hostname: `CRASH-SCAN-${name.slice(-8)}` }) }), 'an enrollment');
      // A report collected a minute ago: a scan judging it is dated today.
      const report = readyReport(agent.agentId, new Date(Date.now() - 60_000).toISOString());
      acknowledged(await call(api, '/reports', { method: 'POST', body: JSON.stringify(report), token: agent.agentKey }), 'a report');
      return { officer, hostId: agent.agentId };
    })();
    setups.set(api.token, setup);
    setup.catch(() => setups.delete(api.token));
  }
  return setup;
}

const prepare = async (api: Api) => {
  await officerAndDevice(api);
};

export const scanVerdictRecord: DurableRecordKind<{ hostId: string; scanId: string; reportId: string; fingerprint: string }> = {
  kind: 'scan verdict',
  prepare,
  async write(api) {
    const { officer, hostId } = await officerAndDevice(api);
    const { scan } = acknowledged(
      await call(api, `/hosts/${hostId}/scans`, { method: 'POST', token: officer, body: JSON.stringify({ verdict: 'conditional', conditions: ['gỡ UltraViewer'], dueDate: '2099-12-31', representative: { name: 'Nguyễn Văn B', title: 'Chánh Văn phòng' } }) }),
      'a scan verdict',
    );
    return { hostId, scanId: scan.id, reportId: scan.reportId, fingerprint: scan.fingerprint };
  },
  async check(api, { hostId, scanId, reportId, fingerprint }) {
    const { body } = await call(api, `/hosts/${hostId}/scans`);
    expect(body.scans).toContainEqual(
      expect.objectContaining({ id: scanId, hostId, reportId, fingerprint, verdict: 'conditional', conditions: ['gỡ UltraViewer'], dueDate: '2099-12-31', representative: { name: 'Nguyễn Văn B', title: 'Chánh Văn phòng' } }),
    );
    // The device's standing follows its latest verdict: this one, unless a later one was written.
    if (body.scans[0]?.id === scanId) expect(body.standing).toMatchObject({ status: 'conditional', scan: { id: scanId } });
    // Its audit line was written before it was acknowledged.
    const audit = await call(api, '/audit?limit=1000');
    expect(audit.body.entries).toContainEqual(expect.objectContaining({ action: 'scan.record', target: hostId, details: expect.objectContaining({ scanId }) }));
  },
};

/** The signed minutes added to a verdict: the bytes come back with their SHA-256. */
export const scanAttachmentRecord: DurableRecordKind<{ hostId: string; scanId: string; sha256: string }> = {
  kind: 'scan attachment',
  prepare,
  async write(api, n) {
    const { officer, hostId } = await officerAndDevice(api);
    const { scan } = acknowledged(await call(api, `/hosts/${hostId}/scans`, { method: 'POST', token: officer, body: JSON.stringify({ verdict: 'pass' }) }), 'a scan verdict');
    const pdf = Buffer.from(`%PDF-1.4\n% minutes of crash trial ${n}\n%%EOF\n`);
    acknowledged(await call(api, `/hosts/${hostId}/scans/${scan.id}/attachments?name=bien-ban.pdf`, { method: 'POST', token: officer, body: pdf, headers: { 'content-type': 'application/pdf' } }), 'an attachment');
    return { hostId, scanId: scan.id, sha256: createHash('sha256').update(pdf).digest('hex') };
  },
  async check(api, { hostId, scanId, sha256 }) {
    const got = await call(api, `/hosts/${hostId}/scans/${scanId}/attachments/${sha256}`);
    expect(got.status).toBe(200);
    expect(createHash('sha256').update(got.bytes).digest('hex')).toBe(sha256);
  },
};

export const SCAN_RECORD_KINDS: DurableRecordKind<any>[] = [scanVerdictRecord, scanAttachmentRecord];
