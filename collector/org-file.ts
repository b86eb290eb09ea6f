/**
 * Reads the org file (YAML). A bad file stops start-up with a sentence naming the file and
 * the field, e.g. `org.yaml: field "units.3.parent" no unit "hp-kv9" in this file; ...`; a bad
 * device entry also names the device: `device "hp-sw-core" field "snmp.version" ...`.
 */
import { parseYamlText, readYamlText } from '../util/yaml-file.js';
import { formatIssues, OrgFile } from '../schema/index.js';
import { ConfigError } from './config.js';

const orgError = (message: string) => new ConfigError(message);

/** `units.0.rooms.1.devices.2.snmp.version` → `device "<id>" field "snmp.version"`, when the entry has an id. */
function describePath(raw: unknown, path: string): string {
  const m = /^(.*?\bdevices\.(\d+))(?:\.(.+))?$/.exec(path);
  if (!m) return `field "${path}"`;
  let node: unknown = raw;
  for (const key of m[1]!.split('.')) node = (node as Record<string, unknown> | undefined)?.[key];
  const id = (node as { id?: unknown } | undefined)?.id;
  const device = typeof id === 'string' ? `device "${id}"` : `device #${Number(m[2]) + 1} (${m[1]})`;
  return m[3] ? `${device} field "${m[3]}"` : `${device}`;
}

export function parseOrgFile(text: string, file: string): OrgFile {
  const raw = parseYamlText(text, file, orgError);
  const parsed = OrgFile.safeParse(raw);
  if (!parsed.success) {
    const issues = formatIssues(parsed.error).map((i) => `${describePath(raw, i.path)} ${i.message}`);
    throw new ConfigError(`${file} is not a valid org file: ${issues.slice(0, 5).join('; ')}${issues.length > 5 ? ` (and ${issues.length - 5} more)` : ''}`);
  }
  return parsed.data;
}

export async function loadOrgFile(file: string): Promise<OrgFile> {
  return parseOrgFile(await readYamlText(file, 'org file', orgError), file);
}
