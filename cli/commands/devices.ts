/**
 * `readiness devices scan [--unit U] [--device ID] [--json]`: scan devices now on a running
 * collector and print each result; `readiness devices forget-host-key ID`: accept a new SSH host
 * key after the machine was reinstalled.
 */
import type { Command } from 'commander';
import { printData } from '../fail.js';
import { callCollector, remoteOptions as remote } from '../remote.js';
import type { Remote } from '../remote.js';
import { table } from '../table.js';

interface Scanned {
  deviceId: string;
  kind: string;
  unit: string;
  room: string | null;
  address: string;
  outcome: string;
  message: string;
  durationMs: number;
}

export function registerDevices(program: Command): void {
  const devices = program.command('devices').description("devices without an agent (switches, printers, UPSs, servers) on a running collector");
  remote(
    devices
      .command('scan')
      .description('scan devices now (SNMP, SSH) and print what each scan found')
      .option('--unit <id>', 'only the devices of this unit and the units below it')
      .option('--device <id>', 'only this device')
      .option('--json', 'print the results as JSON'),
  ).action(async (o: Remote & { unit?: string; device?: string; json?: boolean }) => {
    const { scanned } = await callCollector<{ scanned: Scanned[] }>(o, 'POST', '/devices/scan', { ...(o.unit ? { unit: o.unit } : {}), ...(o.device ? { device: o.device } : {}) }, 'scan');
    printData(Boolean(o.json), scanned, () =>
      scanned.length
        ? table(
            ['device', 'kind', 'place', 'address', 'outcome', 'ms', 'what the scan said'],
            scanned.map((s) => [s.deviceId, s.kind, `${s.unit}${s.room ? `/${s.room}` : ''}`, s.address, s.outcome, String(s.durationMs), s.message]),
          )
        : 'no device to scan: the org file lists none here',
    );
  });
  remote(devices.command('forget-host-key').description('forget the SSH host key pinned for a device, so the next audit pins the one it finds').argument('<id>', 'the device id')).action(
    async (id: string, o: Remote) => {
      const r = await callCollector<{ message: string }>(o, 'DELETE', `/devices/${encodeURIComponent(id)}/host-key`, undefined, 'request');
      console.log(`${id}: ${r.message}`);
    },
  );
}
