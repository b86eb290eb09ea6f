/**
 * Reads the org file (YAML). A bad file stops start-up with a sentence naming the file and
 * the field, e.g. `org.yaml: field "units.3.parent" no unit "hp-kv9" in this file; ...`.
 */
import { parseYamlText, readYamlText } from '../util/yaml-file.js';
import { formatIssues, OrgFile } from '../schema/index.js';
import { ConfigError } from './config.js';

const orgError = (message: string) => new ConfigError(message);

export function parseOrgFile(text: string, file: string): OrgFile {
  const parsed = OrgFile.safeParse(parseYamlText(text, file, orgError));
  if (!parsed.success) {
    const issues = formatIssues(parsed.error).map((i) => `field "${i.path}" ${i.message}`);
    throw new ConfigError(`${file} is not a valid org file: ${issues.slice(0, 5).join('; ')}${issues.length > 5 ? ` (and ${issues.length - 5} more)` : ''}`);
  }
  return parsed.data;
}

export async function loadOrgFile(file: string): Promise<OrgFile> {
  return parseOrgFile(await readYamlText(file, 'org file', orgError), file);
}
