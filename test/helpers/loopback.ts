/** For tests that run several collectors on loopback: a port free now, and waiting for a condition. */
import { createServer } from 'node:net';

/** A TCP port free on 127.0.0.1 at the moment of asking (for a collector that must come back on the same port). */
export const freePort = () =>
  new Promise<number>((ok, fail) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => ok(port));
    });
    s.on('error', fail);
  });

/** Polls `check` every `stepMs` until it gives a value, failing after `ms` with `what` named. */
export async function until<T>(check: () => Promise<T | undefined | false>, what: string, ms = 30_000, stepMs = 100): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, stepMs));
  }
}
