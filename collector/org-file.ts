/**
 * Reads the org file (YAML). A bad file stops start-up with a sentence naming the file and
 * the field, e.g. `org.yaml: field "units.3.parent" no unit "hp-kv9" in this file; ...`.
 */
import { readFile } from 'node:fs/promises';
import { parse as parseYaml } from 'yaml';
import { formatIssues, OrgFile } from '../schema/index.js';
import { ConfigError } from './config.js';

export function parseOrgFile(text: string, file: string): OrgFile {
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (err) {
    throw new ConfigError(`${file} is not valid YAML: ${(err as Error).message.split('\n')[0]}`);
  }
  const parsed = OrgFile.safeParse(raw);
  if (!parsed.success) {
    const issues = formatIssues(parsed.error).map((i) => `field "${i.path}" ${i.message}`);
    throw new ConfigError(`${file} is not a valid org file: ${issues.slice(0, 5).join('; ')}${issues.length > 5 ? ` (and ${issues.length - 5} more)` : ''}`);
  }
  return parsed.data;
}

export async function loadOrgFile(file: string): Promise<OrgFile> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new ConfigError(`cannot read the org file ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  return parseOrgFile(text, file);
}
