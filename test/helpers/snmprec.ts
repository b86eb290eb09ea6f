/**
 * Writing snmpsim data files: `oid|tag|value` lines in OID order. Used for the walks the tests
 * make up themselves (LLDP and Q-BRIDGE, which no walk shipped with snmpsim holds), and to
 * unpack the recorded walks snmpsim ships.
 */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';

/** snmprec tags: 2 Integer, 4 OctetString, 4x hex OctetString, 6 OID, 65 Counter32, 66 Gauge32, 67 TimeTicks. */
export type SnmprecLine = [oid: string, tag: '2' | '4' | '4x' | '6' | '65' | '66' | '67', value: string | number];

const compareOids = (a: string, b: string) => {
  const x = a.split('.').map(Number);
  const y = b.split('.').map(Number);
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i]! - y[i]!;
  return x.length - y.length;
};

export function snmprec(lines: readonly SnmprecLine[]): string {
  return [...lines].sort((a, b) => compareOids(a[0], b[0])).map(([oid, tag, value]) => `${oid}|${tag}|${value}`).join('\n') + '\n';
}

export const hex = (text: string) => Buffer.from(text, 'utf8').toString('hex');

/** A gzipped walk as text. */
export const gunzipFile = (path: string) => gunzipSync(readFileSync(path)).toString('utf8');
