/** `readiness collector start`. */
import { Option } from 'commander';
import type { Command } from 'commander';
import { loadCollectorConfig } from '../../collector/config.js';
import { startCollector } from '../../collector/server.js';
import { integer } from '../options.js';
import { MemoryStore } from '../../collector/store/memory-store.js';

export function registerCollector(program: Command): void {
  const collector = program.command('collector').description('run the collector that receives and evaluates agent reports');
  collector
    .command('start')
    .description('start the collector (Hono) on an embedded store')
    .option('--config <file>', 'collector config (YAML)')
    .option('--host <address>', 'address to listen on (default 127.0.0.1)')
    .option('--port <n>', 'port to listen on (default 8080)', integer('--port'))
    .option('--data <dir>', 'store directory (default ./data)')
    .addOption(
      new Option('--store <kind>', 'where reports go: file (durable, default: the store the config names, the embedded file store unless its store: says postgres) or memory (keeps nothing; for benchmarks)')
        .choices(['file', 'memory'])
        .default('file'),
    )
    .action(async (opts: { config?: string; host?: string; port?: number; data?: string; store: 'file' | 'memory' }) => {
      const config = await loadCollectorConfig(opts.config);
      if (opts.host) config.host = opts.host;
      if (opts.port !== undefined) config.port = opts.port;
      if (opts.data) config.dataDir = opts.data;
      const running = await startCollector(config, { ...(opts.store === 'memory' ? { store: new MemoryStore() } : {}), ...(opts.config ? { configFile: opts.config } : {}) });
      console.log(`collector listening on ${running.url} with ${running.store.size} hosts (store loaded in ${running.loadMs.toFixed(0)} ms)`);
      if (running.secretsGenerated) console.log(`generated secrets saved in ${config.dataDir}/secrets.json`);
      const stop = async () => {
        await running.close();
        process.exit(0);
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
}
