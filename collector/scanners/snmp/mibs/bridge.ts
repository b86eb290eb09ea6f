/**
 * The forwarding table (MAC → port): Q-BRIDGE-MIB dot1qTpFdbTable (1.3.6.1.2.1.17.7.1.2.2.1,
 * per filtering database, usually per VLAN) where the switch has it, else BRIDGE-MIB
 * dot1dTpFdbTable (1.3.6.1.2.1.17.4.3.1). Only learned entries count (status 3): the switch's
 * own and management addresses are not machines. Bridge ports become interfaces through
 * dot1dBasePortIfIndex (1.3.6.1.2.1.17.1.4.1.2).
 */
import type { FdbEntry } from '../../../../schema/index.js';
import { int, macFromIndex } from '../client.js';
import type { MibReader } from './types.js';
import { portName } from './types.js';

const BASE_PORT_IFINDEX = '1.3.6.1.2.1.17.1.4.1.2';
const DOT1D_FDB = '1.3.6.1.2.1.17.4.3.1';
const DOT1Q_FDB = '1.3.6.1.2.1.17.7.1.2.2.1';
const LEARNED = 3;

export const bridgeReader: MibReader = {
  id: 'bridge',
  mib: 'BRIDGE-MIB / Q-BRIDGE-MIB',
  async read(client, ctx) {
    const ifIndexOf = new Map<number, number>();
    for (const row of await client.walk(BASE_PORT_IFINDEX)) {
      const n = int(row.value);
      if (n !== null) ifIndexOf.set(Number(row.index), n);
    }
    const entry = (macIndex: string[], bridgePort: number, fdbId: number | null): FdbEntry => {
      const ifIndex = ifIndexOf.get(bridgePort) ?? null;
      return { mac: macFromIndex(macIndex), port: ifIndex === null ? `bridge port ${bridgePort}` : portName(ctx, ifIndex), ifIndex, fdbId };
    };

    // Q-BRIDGE index: fdbId.m1.m2.m3.m4.m5.m6
    const qPorts = await client.walk(`${DOT1Q_FDB}.2`);
    if (qPorts.length) {
      const status = new Map((await client.walk(`${DOT1Q_FDB}.3`)).map((r) => [r.index, int(r.value)]));
      const fdb = qPorts.flatMap((r) => {
        const parts = r.index.split('.');
        const port = int(r.value);
        const s = status.get(r.index);
        return port && parts.length === 7 && (s === undefined || s === LEARNED) ? [entry(parts.slice(1), port, Number(parts[0]))] : [];
      });
      return { fdb };
    }
    // BRIDGE-MIB index: the six bytes of the MAC.
    const ports = await client.walk(`${DOT1D_FDB}.2`);
    const status = new Map((await client.walk(`${DOT1D_FDB}.3`)).map((r) => [r.index, int(r.value)]));
    const fdb = ports.flatMap((r) => {
      const port = int(r.value);
      const s = status.get(r.index);
      return port && (s === undefined || s === LEARNED) ? [entry(r.index.split('.'), port, null)] : [];
    });
    return { fdb };
  },
};
