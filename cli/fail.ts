import { once } from 'node:events';
import { jsonChunks } from '../util/json-chunks.js';

/** CLI errors: one line on stderr, non-zero exit. Stack traces only with READINESS_DEBUG=1. */
export class CliError extends Error {}

export function reportFailure(err: unknown): never {
  const message = err instanceof Error ? err.message : String(err);
  console.error(`readiness: ${message}`);
  if (process.env.READINESS_DEBUG === '1' && err instanceof Error) console.error(err.stack);
  process.exit(1);
}

/** Prints data: JSON with --json, else the human form. */
export function printData(json: boolean, data: unknown, human: () => string): void {
  process.stdout.write(json ? JSON.stringify(data, null, 2) + '\n' : human() + '\n');
}

/**
 * Prints JSON as `printData` does with --json, chunk by chunk (util/json-chunks.ts): for data
 * that may be longer than one string can hold (a whole-fleet evaluation of 100,000 hosts).
 */
export async function printJson(data: unknown): Promise<void> {
  for (const chunk of [...jsonChunks(data, { indent: 2 }), Buffer.from('\n')]) if (!process.stdout.write(chunk)) await once(process.stdout, 'drain');
}
