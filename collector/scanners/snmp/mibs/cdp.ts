/**
 * CISCO-CDP-MIB neighbours: cdpCacheTable (1.3.6.1.4.1.9.9.23.1.2.1.1), indexed by the local
 * ifIndex and a device index. Cisco switches speak CDP where LLDP is off.
 */
import type { SnmpNeighbour } from '../../../../schema/index.js';
import { int, text, walkColumns } from '../client.js';
import type { MibReader } from './types.js';
import { portName } from './types.js';

const ENTRY = '1.3.6.1.4.1.9.9.23.1.2.1.1';

/** cdpCacheCapabilities is a 32-bit mask (CDP's capability field). */
const CAPABILITY_BITS: Array<[number, string]> = [
  [0x01, 'router'],
  [0x02, 'bridge'],
  [0x04, 'sourceRouteBridge'],
  [0x08, 'switch'],
  [0x10, 'host'],
  [0x20, 'igmp'],
  [0x40, 'repeater'],
  [0x80, 'phone'],
];

export const cdpReader: MibReader = {
  id: 'cdp',
  mib: 'CISCO-CDP-MIB',
  async read(client, ctx) {
    // deviceId, addressType, address, version, devicePort, platform, capabilities
    const rows = await walkColumns(client, ENTRY, [6, 3, 4, 5, 7, 8, 9]);
    const neighbours: SnmpNeighbour[] = [];
    for (const [index, row] of rows) {
      const ifIndex = Number(index.split('.')[0]);
      const address = row.get(4);
      const caps = Buffer.isBuffer(row.get(9)) ? (row.get(9) as Buffer).readUInt32BE(0) : 0;
      neighbours.push({
        protocol: 'cdp',
        localPort: portName(ctx, Number.isFinite(ifIndex) ? ifIndex : null),
        remoteName: text(row.get(6)),
        remotePort: text(row.get(7)),
        // Address type 1 is IPv4, four raw bytes.
        remoteAddress: int(row.get(3)) === 1 && Buffer.isBuffer(address) && address.length === 4 ? [...address].join('.') : '',
        remoteChassis: text(row.get(8)),
        remoteDescr: text(row.get(5)),
        capabilities: CAPABILITY_BITS.filter(([bit]) => caps & bit).map(([, name]) => name),
      });
    }
    return { neighbours };
  },
};
