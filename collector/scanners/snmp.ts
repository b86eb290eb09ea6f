/**
 * The SNMP scanner (v2c, and v3 with SHA-2 and AES): the system group first, which tells
 * whether the device answers at all and whether the credentials are right, then IF-MIB, then
 * the other readers side by side. A reader that fails costs only its own area (an `errors`
 * entry); the scan is then `partial`.
 */
import type { CollectionError, SnmpAccess, SnmpInventory } from '../../schema/index.js';
import type { DevicesConfig } from '../devices/config.js';
import { openSnmp, SnmpFailure } from './snmp/client.js';
import type { SnmpClient, SnmpTarget } from './snmp/client.js';
import { IDENTITY_READER, MIB_READERS, PORTS_READER } from './snmp/mibs/index.js';
import type { MibReader, ReadContext } from './snmp/mibs/types.js';
import type { Finding, Scanner } from './types.js';
import { secretOf, timed } from './types.js';

export function snmpTargetOf(address: string, access: SnmpAccess, config: DevicesConfig, secret: (name: string | undefined) => string | undefined): SnmpTarget {
  return {
    address,
    access,
    community: secret(access.community),
    authKey: secret(access.auth?.secret),
    privKey: secret(access.priv?.secret),
    timeoutMs: config.snmp.timeoutMs,
    retries: config.snmp.retries,
    maxRepetitions: config.snmp.maxRepetitions,
  };
}

async function readArea(client: SnmpClient, reader: MibReader, ctx: ReadContext, inventory: SnmpInventory, errors: CollectionError[]): Promise<void> {
  try {
    const part = await reader.read(client, ctx);
    if (part.neighbours) part.neighbours = [...(inventory.neighbours ?? []), ...part.neighbours];
    Object.assign(inventory, part);
  } catch (err) {
    const failure = err instanceof SnmpFailure ? err : new SnmpFailure('error', (err as Error).message);
    errors.push({ section: `snmp.${reader.id}`, code: failure.outcome === 'timeout' ? 'timeout' : 'failed', message: `${reader.mib}: ${failure.message}` });
  }
}

export async function scanSnmp(target: SnmpTarget): Promise<Finding> {
  const client = openSnmp(target);
  const inventory: SnmpInventory = { version: target.access.version };
  const errors: CollectionError[] = [];
  try {
    try {
      Object.assign(inventory, await IDENTITY_READER.read(client, { interfaces: [] }));
    } catch (err) {
      const failure = err instanceof SnmpFailure ? err : new SnmpFailure('error', (err as Error).message);
      return { answered: failure.outcome === 'auth_failed', outcome: failure.outcome, message: failure.message, errors };
    }
    await readArea(client, PORTS_READER, { interfaces: [] }, inventory, errors);
    const ctx: ReadContext = { interfaces: inventory.interfaces ?? [] };
    await Promise.all(MIB_READERS.map((r) => readArea(client, r, ctx, inventory, errors)));
    const where = `${target.address}:${target.access.port}`;
    const read = [
      inventory.interfaces ? `${inventory.interfaces.length} ports` : null,
      inventory.neighbours?.length ? `${inventory.neighbours.length} neighbours` : null,
      inventory.fdb?.length ? `${inventory.fdb.length} forwarding entries` : null,
      inventory.printer ? `${inventory.printer.supplies.length} printer supplies` : null,
      inventory.ups ? `UPS battery ${inventory.ups.batteryStatus}` : null,
    ].filter(Boolean);
    return {
      answered: true,
      snmp: inventory,
      outcome: errors.length ? 'partial' : 'ok',
      message: errors.length
        ? `SNMP ${target.access.version} at ${where} answered, but ${errors.length} area${errors.length === 1 ? '' : 's'} could not be read: ${errors.map((e) => e.message).join('; ')}`
        : `read over SNMP ${target.access.version} at ${where}: "${inventory.system?.name || inventory.system?.descr.split('\n')[0]}"${read.length ? `, ${read.join(', ')}` : ''}`,
      errors,
    };
  } finally {
    client.close();
  }
}

export const snmpScanner: Scanner = {
  name: 'snmp',
  applies: (device) => device.snmp !== undefined,
  scan: (target) => timed('snmp', () => scanSnmp(snmpTargetOf(target.device.address, target.device.snmp!, target.config, (n) => secretOf(target, n)))),
};
