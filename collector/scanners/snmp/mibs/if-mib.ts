/**
 * IF-MIB ports: ifTable (1.3.6.1.2.1.2.2.1) and ifXTable (1.3.6.1.2.1.31.1.1.1) for the name,
 * alias and ifHighSpeed, which is right beyond 4 Gbit/s where ifSpeed (a 32-bit bit rate) is not.
 */
import type { SnmpInterface } from '../../../../schema/index.js';
import { int, mac, text, walkColumns } from '../client.js';
import type { MibReader } from './types.js';

const IF_ENTRY = '1.3.6.1.2.1.2.2.1';
const IFX_ENTRY = '1.3.6.1.2.1.31.1.1.1';
const STATUS: SnmpInterface['operStatus'][] = ['up', 'down', 'testing', 'unknown', 'dormant', 'notPresent', 'lowerLayerDown'];

const status = (v: unknown) => STATUS[(typeof v === 'number' ? v : 4) - 1] ?? 'unknown';

/** Interfaces kept per device: a chassis of stacked switches stays well under this. */
const MAX_INTERFACES = 8192;

export const ifMibReader: MibReader = {
  id: 'interfaces',
  mib: 'IF-MIB',
  async read(client) {
    // descr, type, speed, physAddress, admin, oper, inErrors, outErrors
    const base = await walkColumns(client, IF_ENTRY, [2, 3, 5, 6, 7, 8, 14, 20]);
    // name, highSpeed, alias
    const ext = await walkColumns(client, IFX_ENTRY, [1, 15, 18]);
    const interfaces: SnmpInterface[] = [];
    for (const [index, row] of base) {
      const x = ext.get(index);
      const high = int(x?.get(15));
      const speed = int(row.get(5));
      interfaces.push({
        index: Number(index),
        name: text(x?.get(1)),
        descr: text(row.get(2)),
        alias: text(x?.get(18)),
        type: int(row.get(3)) ?? 1,
        adminStatus: status(row.get(7)),
        operStatus: status(row.get(8)),
        speedMbps: high !== null && high > 0 ? high : speed !== null ? Math.round(speed / 1_000_000) : null,
        mac: mac(row.get(6)),
        inErrors: int(row.get(14)),
        outErrors: int(row.get(20)),
      });
    }
    interfaces.sort((a, b) => a.index - b.index);
    return { interfaces: interfaces.slice(0, MAX_INTERFACES) };
  },
};
