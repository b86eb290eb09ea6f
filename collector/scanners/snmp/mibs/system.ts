/** SNMPv2-MIB system group (1.3.6.1.2.1.1): identity, uptime, contact, location. */
import { int, text } from '../client.js';
import type { MibReader } from './types.js';

const SYSTEM = '1.3.6.1.2.1.1';
const OID = { descr: `${SYSTEM}.1.0`, objectId: `${SYSTEM}.2.0`, upTime: `${SYSTEM}.3.0`, contact: `${SYSTEM}.4.0`, name: `${SYSTEM}.5.0`, location: `${SYSTEM}.6.0` };

export const systemReader: MibReader = {
  id: 'system',
  mib: 'SNMPv2-MIB',
  async read(client) {
    const v = await client.get(Object.values(OID));
    const ticks = int(v.get(OID.upTime));
    return {
      system: {
        descr: text(v.get(OID.descr)),
        objectId: text(v.get(OID.objectId)),
        // TimeTicks are hundredths of a second.
        upTimeSeconds: ticks === null ? null : Math.floor(ticks / 100),
        contact: text(v.get(OID.contact)),
        name: text(v.get(OID.name)),
        location: text(v.get(OID.location)),
      },
    };
  },
};
