/**
 * The enroll secret and admin token: from config, else the environment, else generated once
 * and kept in `<dataDir>/secrets.json` (mode 0600) so a restart keeps the same ones. A damaged
 * file is set aside in `corrupt/` with a warning, like a damaged host file: with both secrets
 * in the config or environment nothing else changes; otherwise new ones are generated and said
 * so (enrolled agents keep working: they use their own keys).
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { writeFileDurably } from '../util/durable-write.js';
import type { CollectorConfig } from './config.js';

const Secrets = z.object({ enrollSecret: z.string().min(16), adminToken: z.string().min(16) });
export type Secrets = z.infer<typeof Secrets> & { generated: boolean };

async function readSaved(file: string, dataDir: string, log: (line: string) => void): Promise<z.infer<typeof Secrets> | null> {
  let problem: string;
  try {
    const parsed = Secrets.safeParse(JSON.parse(await readFile(file, 'utf8')));
    if (parsed.success) return parsed.data;
    problem = 'it does not hold an enroll secret and an admin token of 16+ characters';
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    problem = (err as Error).message;
  }
  const aside = join(dataDir, 'corrupt', `secrets.json.${Date.now()}`);
  await mkdir(join(dataDir, 'corrupt'), { recursive: true, mode: 0o700 });
  await rename(file, aside);
  log(`collector: warning: ${file} is damaged (${problem}); set aside as ${aside}`);
  return null;
}

export async function resolveSecrets(config: CollectorConfig, env: NodeJS.ProcessEnv = process.env, log: (line: string) => void = (l) => console.error(l)): Promise<Secrets> {
  const file = join(config.dataDir, 'secrets.json');
  const fromEnv = (name: string) => {
    const v = env[name];
    if (v !== undefined && v.length < 16) throw new Error(`${name} must be at least 16 characters`);
    return v;
  };
  const given = { enrollSecret: config.enrollSecret ?? fromEnv('READINESS_ENROLL_SECRET'), adminToken: config.adminToken ?? fromEnv('READINESS_ADMIN_TOKEN') };
  const saved = await readSaved(file, config.dataDir, log);
  const enrollSecret = given.enrollSecret ?? saved?.enrollSecret;
  const adminToken = given.adminToken ?? saved?.adminToken;
  if (enrollSecret && adminToken) return { enrollSecret, adminToken, generated: false };
  const generatedSecrets = {
    enrollSecret: enrollSecret ?? randomBytes(24).toString('base64url'),
    adminToken: adminToken ?? randomBytes(24).toString('base64url'),
  };
  await writeFileDurably(file, JSON.stringify(generatedSecrets, null, 2) + '\n');
  return { ...generatedSecrets, generated: true };
}
