/**
 * `readiness devices scan [--unit U] [--device ID] [--json]`: scan devices now on a running
 * collector and print each result; `readiness devices forget-host-key ID`: accept a new SSH host
 * key after the machine was reinstalled.
 */
import type { Command } from 'commander';
import { CliError, printData } from '../fail.js';
import { table } from '../table.js';

interface Remote {
  collector: string;
  token?: string;
}

async function call<T>(o: Remote, method: string, path: string, body?: unknown): Promise<T> {
  const token = o.token ?? process.env.READINESS_TOKEN ?? process.env.READINESS_ADMIN_TOKEN;
  if (!token) throw new CliError('give a personal token of an admin or the unit\'s manager with --token or READINESS_TOKEN (readiness token create --user NAME)');
  const res = await fetch(new URL(`/api/v1${path}`, o.collector), {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  }).catch((err: Error & { cause?: { code?: string } }) => {
    throw new CliError(`cannot reach the collector at ${o.collector} (${err.cause?.code ?? err.message})`);
  });
  const data = (await res.json().catch(() => null)) as (T & { error?: { message: string } }) | null;
  if (!res.ok || !data) throw new CliError(`the collector refused: ${data?.error?.message ?? `HTTP ${res.status}`}`);
  return data;
}

const remote = (c: Command) =>
  c.option('--collector <url>', 'collector base URL', 'http://127.0.0.1:8080').option('--token <token>', 'a personal token of an admin or the unit\'s manager (default: READINESS_TOKEN, else READINESS_ADMIN_TOKEN)');

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
    const { scanned } = await call<{ scanned: Scanned[] }>(o, 'POST', '/devices/scan', { ...(o.unit ? { unit: o.unit } : {}), ...(o.device ? { device: o.device } : {}) });
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
      const r = await call<{ message: string }>(o, 'DELETE', `/devices/${encodeURIComponent(id)}/host-key`);
      console.log(`${id}: ${r.message}`);
    },
  );
}
