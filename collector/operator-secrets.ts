/**
 * The operator's secrets file (`secretsFile` in the collector config, YAML): credentials the
 * collector needs to reach other systems, kept out of the config so the config can be shared
 * and versioned. Today it holds the SMTP login; other credentials may sit beside it under
 * their own keys. The file must be readable by its owner only (mode 0600): a file others can
 * read stops start-up with a sentence saying how to fix it.
 *
 * @example
 * # /etc/readiness/secrets.yaml, chmod 600
 * smtp: { user: vanphong, password: "..." }
 */
import { stat } from 'node:fs/promises';
import { z } from 'zod';
import { formatIssues } from '../schema/index.js';
import { parseYamlText, readYamlText } from '../util/yaml-file.js';
import { ConfigError } from './config.js';

export const OperatorSecrets = z
  .object({
    smtp: z.object({ user: z.string().min(1).max(300), password: z.string().min(1).max(1000) }).strict().optional(),
  })
  // Other parts keep their own credentials here under their own keys.
  .loose();
export type OperatorSecrets = z.infer<typeof OperatorSecrets>;

const secretsError = (message: string) => new ConfigError(message);

export async function loadOperatorSecrets(file: string): Promise<OperatorSecrets> {
  const info = await stat(file).catch((err: NodeJS.ErrnoException) => {
    throw new ConfigError(`cannot read the secrets file ${file}: ${err.code ?? err.message}`);
  });
  if ((info.mode & 0o077) !== 0) {
    throw new ConfigError(`the secrets file ${file} can be read by other users (mode ${(info.mode & 0o777).toString(8)}); run chmod 600 ${file}`);
  }
  const raw = parseYamlText(await readYamlText(file, 'secrets file', secretsError), file, secretsError) ?? {};
  const parsed = OperatorSecrets.safeParse(raw);
  if (!parsed.success) {
    // Never echo values from this file: paths and messages only.
    throw new ConfigError(`${file} is not a valid secrets file: ${formatIssues(parsed.error).map((i) => `field "${i.path}" ${i.message}`).join('; ')}`);
  }
  return parsed.data;
}
