/**
 * LLDP-MIB neighbours (IEEE 802.1AB): lldpRemTable (1.0.8802.1.1.2.1.4.1.1), indexed by time
 * mark, local port number and neighbour index; the local port is named from lldpLocPortTable
 * and the neighbour's management address from lldpRemManAddrTable's index.
 */
import type { SnmpNeighbour } from '../../../../schema/index.js';
import { int, mac, text, walkColumns } from '../client.js';
import type { SnmpValue } from '../client.js';
import type { MibReader, ReadContext } from './types.js';

const LLDP = '1.0.8802.1.1.2.1';
const REM_ENTRY = `${LLDP}.4.1.1`;
const LOC_PORT_ENTRY = `${LLDP}.3.7.1`;
const MAN_ADDR_ENTRY = `${LLDP}.4.2.1`;

/** lldpSystemCapabilitiesMap bit names, most significant bit of the first octet first. */
const CAPABILITIES = ['other', 'repeater', 'bridge', 'wlanAccessPoint', 'router', 'telephone', 'docsisCableDevice', 'station'];

export function bits(v: SnmpValue | undefined, names: readonly string[]): string[] {
  if (!Buffer.isBuffer(v)) return [];
  return names.filter((_, i) => ((v[i >> 3] ?? 0) >> (7 - (i & 7))) & 1);
}

/** Chassis and port ids: subtype 4 (chassis) or 3 (port) is a MAC address, the rest text. */
const idText = (subtype: number | null, v: SnmpValue | undefined, macSubtype: number) => (subtype === macSubtype && mac(v) ? mac(v) : text(v));

/**
 * The local port by the name IF-MIB gives it, so that it matches the forwarding table's port
 * names: the interface whose name or description is the port id or description, else the
 * interface whose ifIndex is the LLDP port number (true on most switches), else the port id.
 */
function localPortName(ctx: ReadContext, number: string, id: string, descr: string): string {
  const named = ctx.interfaces.find((i) => [i.name, i.descr].some((n) => n && (n === id || n === descr)));
  const iface = named ?? ctx.interfaces.find((i) => String(i.index) === number);
  return iface ? iface.name || iface.descr : id || descr || number;
}

export const lldpReader: MibReader = {
  id: 'lldp',
  mib: 'LLDP-MIB',
  async read(client, ctx) {
    // chassisId, chassisIdSubtype, portIdSubtype, portId, portDesc, sysName, sysDesc, sysCapEnabled
    const rows = await walkColumns(client, REM_ENTRY, [5, 4, 6, 7, 8, 9, 10, 12]);
    if (!rows.size) return { neighbours: [] };
    // portId, portDesc
    const local = await walkColumns(client, LOC_PORT_ENTRY, [3, 4]);
    const addresses = new Map<string, string>();
    for (const row of await client.walk(`${MAN_ADDR_ENTRY}.3`)) {
      // timeMark.localPort.index.addrSubtype.addrLength.addr...
      const p = row.index.split('.');
      if (p[3] === '1' && p[4] === '4' && p.length >= 9) addresses.set(p.slice(0, 3).join('.'), p.slice(5, 9).join('.'));
    }
    const neighbours: SnmpNeighbour[] = [];
    for (const [index, row] of rows) {
      const [, localPort = ''] = index.split('.');
      const loc = local.get(localPort);
      neighbours.push({
        protocol: 'lldp',
        localPort: localPortName(ctx, localPort, text(loc?.get(3)), text(loc?.get(4))),
        remoteName: text(row.get(9)),
        remotePort: idText(int(row.get(6)), row.get(7), 3) || text(row.get(8)),
        remoteAddress: addresses.get(index) ?? '',
        remoteChassis: idText(int(row.get(4)), row.get(5), 4),
        remoteDescr: text(row.get(10)),
        capabilities: bits(row.get(12), CAPABILITIES),
      });
    }
    return { neighbours };
  },
};
