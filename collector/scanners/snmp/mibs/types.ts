/**
 * The one interface of an SNMP reader: one MIB area, read with numeric OIDs (Debian ships no
 * MIB files), filling its part of the device's SNMP inventory. Readers run after the system
 * group answered; `ctx.interfaces` is filled first so that others can name ports.
 */
import type { SnmpInterface, SnmpInventory } from '../../../../schema/index.js';
import type { SnmpClient } from '../client.js';

export interface ReadContext {
  /** IF-MIB's interfaces, when they could be read: for naming ports by ifIndex. */
  interfaces: readonly SnmpInterface[];
}

export type InventoryPart = Partial<Omit<SnmpInventory, 'version'>>;

export interface MibReader {
  /** Short name used in `errors` entries: `snmp.<id>`. */
  id: string;
  /** The MIB it reads, for sentences: "ENTITY-MIB". */
  mib: string;
  read(client: SnmpClient, ctx: ReadContext): Promise<InventoryPart>;
}

/** The name of an interface by ifIndex: ifName, else ifDescr, else the number. */
export function portName(ctx: ReadContext, ifIndex: number | null): string {
  if (ifIndex === null) return '';
  const i = ctx.interfaces.find((x) => x.index === ifIndex);
  return i?.name || i?.descr || String(ifIndex);
}
