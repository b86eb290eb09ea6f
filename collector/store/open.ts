/** The store the config names (`store:`), not yet loaded, and the history beside it. */
import { join } from 'node:path';
import { HistoryStore } from '../history-store.js';
import type { DailyHistory } from '../history-store.js';
import { PostgresHistoryStore } from './postgres/history.js';
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

/**
 * The daily history where the store is: `dataDir/history` beside the file store, the
 * database's `readiness_history` with a PostgreSQL store (shared by every collector on it).
 * `asideDir`: where the file history moves damaged days (the writer's); `readOnly`: a reader.
 */
export function openHistory(config: StoreConfig, dataDir: string, opts: { readOnly?: boolean; asideDir?: string; log?: (line: string) => void } = {}): DailyHistory {
  if (config.kind === 'postgres') return new PostgresHistoryStore(config.url, { readOnly: opts.readOnly, log: opts.log });
  return new HistoryStore(join(dataDir, 'history'), { asideDir: opts.asideDir, log: opts.log });
}
