/**
 * Reading the YAML files an operator writes (collector config, org file, rule packs) with the
 * same two sentences everywhere: the file cannot be read, or it is not YAML. Each loader then
 * validates the value with its own schema and names its own fields.
 */
import { readFile } from 'node:fs/promises';
import { parse as parseYaml } from 'yaml';

type MakeError = (message: string) => Error;

/** The YAML value of `text`; `file` is named in the error. */
export function parseYamlText(text: string, file: string, makeError: MakeError): unknown {
  try {
    return parseYaml(text);
  } catch (err) {
    throw makeError(`${file} is not valid YAML: ${(err as Error).message.split('\n')[0]}`);
  }
}

/**
 * The text of `file`, or an error saying which `what` could not be read and why.
 * @example await readYamlText('org.yaml', 'org file', (m) => new ConfigError(m))
 */
export async function readYamlText(file: string, what: string, makeError: MakeError): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (err) {
    throw makeError(`cannot read the ${what} ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
}
