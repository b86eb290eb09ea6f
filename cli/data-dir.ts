/** The collector's data directory for commands that read it directly: --data, else the config's, else ./data. */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadCollectorConfig } from '../collector/config.js';
import type { CollectorConfig } from '../collector/config.js';
import { CliError } from './fail.js';

export async function collectorData(opts: { config?: string; data?: string }): Promise<{ config: CollectorConfig; dataDir: string }> {
  const config = await loadCollectorConfig(opts.config);
  const dataDir = resolve(opts.data ?? config.dataDir);
  if (!existsSync(dataDir)) throw new CliError(`${dataDir} holds no collector data; pass --data with the collector's data directory (or --config with its config file)`);
  return { config: { ...config, dataDir }, dataDir };
}
