/**
 * The enroll secret and admin token: from config, else the environment, else generated once
 * and kept in `<dataDir>/secrets.json` (mode 0600) so a restart keeps the same ones.
 */
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { writeFileDurably } from '../util/durable-write.js';
import type { CollectorConfig } from './config.js';

const Secrets = z.object({ enrollSecret: z.string().min(16), adminToken: z.string().min(16) });
export type Secrets = z.infer<typeof Secrets> & { generated: boolean };

export async function resolveSecrets(config: CollectorConfig, env: NodeJS.ProcessEnv = process.env): Promise<Secrets> {
  const file = join(config.dataDir, 'secrets.json');
  let saved: z.infer<typeof Secrets> | null = null;
  try {
    const parsed = Secrets.safeParse(JSON.parse(await readFile(file, 'utf8')));
    if (!parsed.success) throw new Error(`${file} is damaged; delete it to generate new secrets`);
    saved = parsed.data;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  const fromEnv = (name: string) => {
    const v = env[name];
    if (v !== undefined && v.length < 16) throw new Error(`${name} must be at least 16 characters`);
    return v;
  };
  const enrollSecret = config.enrollSecret ?? fromEnv('READINESS_ENROLL_SECRET') ?? saved?.enrollSecret;
  const adminToken = config.adminToken ?? fromEnv('READINESS_ADMIN_TOKEN') ?? saved?.adminToken;
  if (enrollSecret && adminToken) return { enrollSecret, adminToken, generated: false };
  const generatedSecrets = {
    enrollSecret: enrollSecret ?? randomBytes(24).toString('base64url'),
    adminToken: adminToken ?? randomBytes(24).toString('base64url'),
  };
  await writeFileDurably(file, JSON.stringify(generatedSecrets, null, 2) + '\n');
  return { ...generatedSecrets, generated: true };
}
