/** UPS-MIB (RFC 1628, 1.3.6.1.2.1.33): identity, battery status and charge, output source. */
import type { UpsInfo } from '../../../../schema/index.js';
import { int, text } from '../client.js';
import type { MibReader } from './types.js';

const UPS = '1.3.6.1.2.1.33.1';
const OID = {
  manufacturer: `${UPS}.1.1.0`,
  model: `${UPS}.1.2.0`,
  firmware: `${UPS}.1.3.0`,
  batteryStatus: `${UPS}.2.1.0`,
  secondsOnBattery: `${UPS}.2.2.0`,
  minutesRemaining: `${UPS}.2.3.0`,
  chargePct: `${UPS}.2.4.0`,
  temperature: `${UPS}.2.7.0`,
  outputSource: `${UPS}.4.1.0`,
};
const BATTERY: UpsInfo['batteryStatus'][] = ['unknown', 'normal', 'low', 'depleted'];
const SOURCE = ['other', 'none', 'normal', 'bypass', 'battery', 'booster', 'reducer'];

export const upsReader: MibReader = {
  id: 'ups',
  mib: 'UPS-MIB',
  async read(client) {
    const v = await client.get(Object.values(OID));
    const battery = int(v.get(OID.batteryStatus));
    if (battery === null) return { ups: null };
    const charge = int(v.get(OID.chargePct));
    return {
      ups: {
        manufacturer: text(v.get(OID.manufacturer)),
        model: text(v.get(OID.model)),
        firmware: text(v.get(OID.firmware)),
        batteryStatus: BATTERY[battery - 1] ?? 'unknown',
        secondsOnBattery: int(v.get(OID.secondsOnBattery)),
        minutesRemaining: int(v.get(OID.minutesRemaining)),
        chargePct: charge === null ? null : Math.max(0, Math.min(100, charge)),
        outputSource: SOURCE[(int(v.get(OID.outputSource)) ?? 1) - 1] ?? 'other',
        temperatureC: int(v.get(OID.temperature)),
      },
    };
  },
};
