/**
 * Starts the collector: config, secrets, store, then the HTTP server. Returns a handle to
 * stop it, so `readiness up` and the end-to-end tests can run it in-process too.
 */
import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { createApp } from './app.js';
import { createMetrics } from './metrics.js';
import type { CollectorConfig } from './config.js';
import { resolveSecrets } from './secrets.js';
import { FileStore } from './store/file-store.js';
import type { Store } from './store/types.js';

export interface RunningCollector {
  url: string;
  port: number;
  store: Store;
  adminToken: string;
  enrollSecret: string;
  secretsGenerated: boolean;
  loadMs: number;
  close(): Promise<void>;
}

export async function startCollector(
  config: CollectorConfig,
  opts: { store?: Store; log?: (line: string) => void } = {},
): Promise<RunningCollector> {
  const log = opts.log ?? ((l) => console.error(l));
  const dataDir = resolve(config.dataDir);
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const secrets = await resolveSecrets({ ...config, dataDir });
  const started = performance.now();
  const store = opts.store ?? new FileStore(dataDir);
  await store.load();
  const loadMs = performance.now() - started;
  if (store instanceof FileStore) for (const w of store.warnings) log(`collector: warning: ${w}`);

  const now = () => new Date();
  const app = createApp({
    store,
    metrics: createMetrics(store, now, { processMetrics: true }),
    enrollSecret: secrets.enrollSecret,
    adminToken: secrets.adminToken,
    config,
    now,
    targetsForUnit: () => [],
  });

  const server = serve({ fetch: app.fetch, hostname: config.host, port: config.port });
  await new Promise<void>((ok, fail) => {
    server.once('listening', ok);
    server.once('error', (err: NodeJS.ErrnoException) =>
      fail(
        new Error(
          err.code === 'EADDRINUSE'
            ? `port ${config.port} on ${config.host} is already in use; stop the other process or pass --port`
            : `cannot listen on ${config.host}:${config.port}: ${err.message}`,
        ),
      ),
    );
  });
  const port = (server.address() as AddressInfo).port;
  const shownHost = config.host.includes(':') ? `[${config.host}]` : config.host;
  return {
    url: `http://${shownHost}:${port}`,
    port,
    store,
    adminToken: secrets.adminToken,
    enrollSecret: secrets.enrollSecret,
    secretsGenerated: secrets.generated,
    loadMs,
    close: () =>
      new Promise<void>((ok) => {
        server.close(() => ok());
        (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
      }),
  };
}
