/**
 * A small promise-shaped SNMP client over `net-snmp`: `get` and `walk` with the scan's time
 * limits, values turned into plain numbers, strings and MAC addresses, and every failure
 * turned into a `SnmpFailure` carrying a scan outcome and a sentence that says what to check.
 */
import snmp from 'net-snmp';
import type { Session, Varbind } from 'net-snmp';
import type { ScanOutcome, SnmpAccess } from '../../../schema/index.js';
import { normaliseMac } from '../../../rules/mac.js';

export interface SnmpTarget {
  address: string;
  access: SnmpAccess;
  /** The secrets the access names, resolved. */
  community?: string;
  authKey?: string;
  privKey?: string;
  timeoutMs: number;
  retries: number;
  maxRepetitions: number;
}

export class SnmpFailure extends Error {
  constructor(
    readonly outcome: ScanOutcome,
    message: string,
  ) {
    super(message);
  }
}

/** A walked row: the part of the OID after the walked column, and its value. */
export interface Row {
  index: string;
  value: SnmpValue;
}

export type SnmpValue = number | string | Buffer | null;

/** Rows one walk may return: a guard against an agent whose table never ends. */
const MAX_ROWS = 100_000;

const isIPv6 = (s: string) => s.includes(':');

export interface SnmpClient {
  /** Values by OID; null where the agent has no such object. */
  get(oids: readonly string[]): Promise<Map<string, SnmpValue>>;
  walk(oid: string): Promise<Row[]>;
  close(): void;
}

/** net-snmp's names of the usmStats reports (RFC 3414 §3.2), as it puts them in the error message. */
const USM_SENTENCE: Record<string, (t: SnmpTarget) => string> = {
  'Wrong Digest (incorrect password, community or key)': (t) =>
    `refused the authentication password of SNMP v3 user "${t.access.user}" (usmStatsWrongDigests): fix the secret "${t.access.auth?.secret}" or the auth protocol (${t.access.auth?.protocol})`,
  'Unknown User Name': (t) => `does not know the SNMP v3 user "${t.access.user}" (usmStatsUnknownUserNames): create the user on the device or fix snmp.user`,
  'Decryption Error': (t) =>
    `could not decrypt the request of SNMP v3 user "${t.access.user}" (usmStatsDecryptionErrors): fix the privacy password in the secret "${t.access.priv?.secret}" or the priv protocol (${t.access.priv?.protocol})`,
  'Unsupported Security Level': (t) => `does not allow SNMP v3 user "${t.access.user}" at this security level: add or remove priv to match the device`,
  'Not In Time Window': () => 'rejected the request as outside its time window (usmStatsNotInTimeWindows); scan again, and check the device clock if it persists',
  'Unknown Engine ID': () => 'did not recognise the SNMP engine id (usmStatsUnknownEngineIDs); scan again',
};

/** The sentence and outcome for a net-snmp error. `first`: nothing has answered yet in this scan. */
export function describeSnmpError(err: unknown, t: SnmpTarget, first: boolean): SnmpFailure {
  const where = `${t.address}:${t.access.port}`;
  if (err instanceof snmp.RequestTimedOutError) {
    const tries = t.retries + 1;
    const waited = `within ${t.timeoutMs} ms (${tries} ${tries === 1 ? 'try' : 'tries'})`;
    if (!first) return new SnmpFailure('timeout', `${where} stopped answering SNMP ${waited} in the middle of the scan; the device may be overloaded: scan again`);
    return new SnmpFailure(
      'unreachable',
      t.access.version === '2c'
        ? `no SNMP answer from ${where} ${waited}: the device is off or unreachable, SNMP is not enabled, or the community is wrong (a v2c agent stays silent to a wrong community); check the address and the secret "${t.access.community}"`
        : `no SNMP answer from ${where} ${waited}: the device is off or unreachable, or SNMP v3 is not enabled on it; check the address and port`,
    );
  }
  if (err instanceof snmp.ResponseInvalidError) {
    const usm = USM_SENTENCE[err.message];
    if (usm) return new SnmpFailure('auth_failed', `${where} ${usm(t)}`);
    return new SnmpFailure('error', `${where} sent an SNMP answer the collector cannot use (${err.message})`);
  }
  if (err instanceof snmp.RequestFailedError) return new SnmpFailure('error', `${where} answered with an SNMP error (${err.message})`);
  return new SnmpFailure('error', `SNMP to ${where} failed: ${(err as Error).message ?? String(err)}`);
}

function valueOf(vb: Varbind): SnmpValue {
  if (snmp.isVarbindError(vb)) return null;
  const v = vb.value;
  if (typeof v === 'number' || typeof v === 'string' || Buffer.isBuffer(v)) return v;
  if (typeof v === 'bigint') return Number(v);
  return v === null || v === undefined ? null : String(v);
}

export function openSnmp(t: SnmpTarget): SnmpClient {
  const options = { port: t.access.port, retries: t.retries, timeout: t.timeoutMs, transport: isIPv6(t.address) ? ('udp6' as const) : ('udp4' as const) };
  let session: Session;
  if (t.access.version === '2c') {
    session = snmp.createSession(t.address, t.community ?? '', { ...options, version: snmp.Version2c });
  } else {
    const priv = t.access.priv;
    session = snmp.createV3Session(
      t.address,
      {
        name: t.access.user ?? '',
        level: priv ? snmp.SecurityLevel.authPriv : snmp.SecurityLevel.authNoPriv,
        authProtocol: snmp.AuthProtocols[t.access.auth!.protocol],
        authKey: t.authKey ?? '',
        ...(priv ? { privProtocol: snmp.PrivProtocols[priv.protocol], privKey: t.privKey ?? '' } : {}),
      },
      { ...options, version: snmp.Version3 },
    );
  }
  // A socket error is reported through the pending request's callback; this keeps it off the process.
  session.on('error', () => undefined);
  let answered = false;
  const fail = (err: unknown) => {
    throw describeSnmpError(err, t, !answered);
  };
  return {
    get: (oids) =>
      new Promise<Varbind[]>((ok, ko) => session.get([...oids], (err, vbs) => (err ? ko(err) : ok(vbs)))).then((vbs) => {
        answered = true;
        return new Map(vbs.map((vb) => [vb.oid, valueOf(vb)]));
      }, fail),
    walk: (oid) =>
      new Promise<Row[]>((ok, ko) => {
        const rows: Row[] = [];
        const prefix = `${oid}.`;
        session.subtree(
          oid,
          t.maxRepetitions,
          (vbs) => {
            for (const vb of vbs) {
              if (!vb.oid.startsWith(prefix) || snmp.isVarbindError(vb)) continue;
              rows.push({ index: vb.oid.slice(prefix.length), value: valueOf(vb) });
            }
            return rows.length >= MAX_ROWS;
          },
          (err) => (err ? ko(err) : ok(rows)),
        );
      }).then((rows) => {
        answered = true;
        return rows;
      }, fail),
    close: () => {
      try {
        session.close();
      } catch {
        // Already closed: nothing to release.
      }
    },
  };
}

/** Text from an OCTET STRING: UTF-8 when it reads as text, else hex. */
export function text(v: SnmpValue | undefined): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return String(v);
  if (typeof v === 'string') return v.trim().slice(0, 4096);
  const s = v.toString('utf8');
  // eslint-disable-next-line no-control-regex
  if (!/[\u0000-\u0008\u000e-\u001f\ufffd]/.test(s.replace(/\u0000+$/, ''))) return s.replace(/\u0000+$/, '').trim().slice(0, 4096);
  return v.toString('hex');
}

export function int(v: SnmpValue | undefined): number | null {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (Buffer.isBuffer(v) && v.length <= 8 && v.length > 0) {
    // Counter64 arrives as big-endian bytes.
    let n = 0;
    for (const b of v) n = n * 256 + b;
    return n;
  }
  return null;
}

/** `aa:bb:cc:dd:ee:ff` from 6 raw bytes (or a MAC already written out); '' otherwise. */
export function mac(v: SnmpValue | undefined): string {
  if (Buffer.isBuffer(v) && v.length === 6) return [...v].map((b) => b.toString(16).padStart(2, '0')).join(':');
  if (typeof v === 'string') return normaliseMac(v);
  return '';
}


/** The MAC spelled by the last six parts of an OID index (`...104.153.205.165.159.136`). */
export function macFromIndex(parts: readonly string[]): string {
  if (parts.length < 6) return '';
  return parts
    .slice(-6)
    .map((p) => Number(p).toString(16).padStart(2, '0'))
    .join(':');
}

/**
 * Column walks into rows by index: `{ '3': {2: 'Gi1/0/1', 7: 1}, ... }`. The first column must
 * be one every row has: when it is empty the table is absent and the others are not asked
 * for, so a switch costs one request per MIB it lacks (printer, UPS), not one per column.
 */
export async function walkColumns(client: SnmpClient, entry: string, columns: readonly number[]): Promise<Map<string, Map<number, SnmpValue>>> {
  const rows = new Map<string, Map<number, SnmpValue>>();
  for (const [i, column] of columns.entries()) {
    const walked = await client.walk(`${entry}.${column}`);
    if (i === 0 && !walked.length) return rows;
    for (const row of walked) {
      let r = rows.get(row.index);
      if (!r) rows.set(row.index, (r = new Map()));
      r.set(column, row.value);
    }
  }
  return rows;
}
