/** The store the config names (`store:`), not yet loaded. */
import { FileStore } from './file-store.js';
import { PostgresStore } from './postgres/postgres-store.js';
import type { StoreConfig } from './config.js';
import type { Store } from './types.js';

export function openStore(config: StoreConfig, dataDir: string, opts: { readOnly?: boolean; log?: (line: string) => void } = {}): Store {
  if (config.kind === 'postgres') return new PostgresStore(config.url, { ...opts, poolSize: config.poolSize });
  return new FileStore(dataDir, opts);
}

/** Warnings the store found while loading (damaged files or rows), for the caller to log. */
export const loadWarnings = (store: Store): readonly string[] => (store instanceof FileStore ? store.warnings : []);
