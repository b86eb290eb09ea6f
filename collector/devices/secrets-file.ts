/**
 * The devices' secrets file: a YAML map of names to values (SNMP communities, v3 passwords,
 * SSH private keys), kept apart from the org file so the org file can be shared and printed.
 * Like an SSH key, it is refused when its mode lets anyone but its owner read it. Every
 * credential the org file names is checked against it at start-up: a missing one stops the
 * collector with a sentence naming the org file, the device and the field.
 */
import { stat } from 'node:fs/promises';
import { z } from 'zod';
import type { OrgDevice, OrgFile } from '../../schema/index.js';
import { secretReferences } from '../../schema/index.js';
import { parseYamlText, readYamlText } from '../../util/yaml-file.js';
import { ConfigError } from '../config.js';

const secretsError = (message: string) => new ConfigError(message);

const SecretsMap = z.record(z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/), z.string().min(1).max(64 * 1024));

export type DeviceSecrets = ReadonlyMap<string, string>;

/** Reads and checks the secrets file. */
export async function loadDeviceSecrets(file: string): Promise<DeviceSecrets> {
  let mode: number;
  try {
    mode = (await stat(file)).mode;
  } catch (err) {
    throw secretsError(`cannot read the devices' secrets file ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  if (mode & 0o077) {
    throw secretsError(
      `the devices' secrets file ${file} can be read by other users (mode ${(mode & 0o777).toString(8)}); run \`chmod 600 ${file}\` so only the collector's account reads it`,
    );
  }
  const raw = parseYamlText(await readYamlText(file, "devices' secrets file", secretsError), file, secretsError) ?? {};
  const parsed = SecretsMap.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const where = issue.path.length ? `entry "${issue.path.join('.')}"` : 'the file';
    throw secretsError(`${file} is not a valid secrets file: ${where} ${issue.message}; write one \`name: value\` line per secret (a key as a YAML block, \`name: |\`)`);
  }
  return new Map(Object.entries(parsed.data));
}

/** Every device of the org file, with where it sits. */
export function orgDevices(org: OrgFile | null): Array<{ device: OrgDevice; unitId: string; roomId: string | null }> {
  if (!org) return [];
  return org.units.flatMap((u) => [
    ...u.devices.map((device) => ({ device, unitId: u.id, roomId: null })),
    ...u.rooms.flatMap((r) => r.devices.map((device) => ({ device, unitId: u.id, roomId: r.id }))),
  ]);
}

/**
 * Checks that every secret the org file names is in the secrets file; throws the first
 * problem as `<org file>: device "<id>" field "<field>" ...`.
 */
export function checkSecretReferences(org: OrgFile, orgFile: string, secrets: DeviceSecrets | null, secretsFile: string | undefined): void {
  for (const { device } of orgDevices(org)) {
    for (const ref of secretReferences(device)) {
      if (!secrets) {
        throw new ConfigError(
          `${orgFile}: device "${device.id}" field "${ref.field}" names the secret "${ref.name}", but the collector config gives no devices.secretsFile; add one (docs/devices.md)`,
        );
      }
      if (!secrets.has(ref.name)) {
        throw new ConfigError(`${orgFile}: device "${device.id}" field "${ref.field}" names the secret "${ref.name}", which ${secretsFile} does not hold; add it there or fix the name`);
      }
    }
  }
}
