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
