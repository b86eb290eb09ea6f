/**
 * The one list of SNMP readers, in the order they run: the system group first (it tells
 * whether the device answers at all), IF-MIB next (others name ports from it), then the rest.
 */
import type { MibReader } from './types.js';
import { systemReader } from './system.js';
import { ifMibReader } from './if-mib.js';
import { entityReader } from './entity.js';
import { lldpReader } from './lldp.js';
import { cdpReader } from './cdp.js';
import { bridgeReader } from './bridge.js';
import { printerReader } from './printer-mib.js';
import { upsReader } from './ups-mib.js';

export const IDENTITY_READER: MibReader = systemReader;
export const PORTS_READER: MibReader = ifMibReader;
/** Read after the ports, side by side. */
export const MIB_READERS: readonly MibReader[] = [entityReader, lldpReader, cdpReader, bridgeReader, printerReader, upsReader];
