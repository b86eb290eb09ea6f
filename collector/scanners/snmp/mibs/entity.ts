/**
 * ENTITY-MIB entPhysicalTable (1.3.6.1.2.1.47.1.1.1.1): the chassis, modules, power supplies
 * and fans with their model, serial and firmware. Ports and containers are left out: IF-MIB
 * lists the ports, and containers (empty slots) carry no inventory.
 */
import type { SnmpEntity } from '../../../../schema/index.js';
import { EntityClass } from '../../../../schema/index.js';
import { int, text, walkColumns } from '../client.js';
import type { MibReader } from './types.js';

const ENTRY = '1.3.6.1.2.1.47.1.1.1.1';
const CLASSES = EntityClass.options;
const KEPT = new Set<SnmpEntity['class']>(['chassis', 'module', 'powerSupply', 'fan', 'stack', 'cpu', 'battery', 'storageDrive', 'other', 'unknown']);

/** entPhysicalMfgDate is a DateAndTime (RFC 2579): 2-byte year, month, day, ... ; all zero means unknown. */
export function dateAndTime(v: unknown): string | null {
  if (!Buffer.isBuffer(v) || v.length < 4) return null;
  const year = v.readUInt16BE(0);
  const month = v[2]!;
  const day = v[3]!;
  if (!year || !month || !day || month > 12 || day > 31) return null;
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

export const entityReader: MibReader = {
  id: 'entity',
  mib: 'ENTITY-MIB',
  async read(client) {
    // descr, class, name, hardwareRev, firmwareRev, softwareRev, serialNum, mfgName, modelName, mfgDate
    const rows = await walkColumns(client, ENTRY, [2, 5, 7, 8, 9, 10, 11, 12, 13, 17]);
    const entities: SnmpEntity[] = [];
    for (const [index, row] of rows) {
      const cls = CLASSES[(int(row.get(5)) ?? 2) - 1] ?? 'unknown';
      const entity: SnmpEntity = {
        index: Number(index),
        class: cls,
        descr: text(row.get(2)),
        name: text(row.get(7)),
        hardwareRev: text(row.get(8)),
        firmwareRev: text(row.get(9)),
        softwareRev: text(row.get(10)),
        serial: text(row.get(11)),
        manufacturer: text(row.get(12)),
        model: text(row.get(13)),
        mfgDate: dateAndTime(row.get(17)),
      };
      if (KEPT.has(cls) && (entity.model || entity.serial || cls === 'chassis')) entities.push(entity);
    }
    entities.sort((a, b) => a.index - b.index);
    return { entities: entities.slice(0, 2048) };
  },
};
