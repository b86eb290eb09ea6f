/**
 * `readiness up` (what `npm start` runs): a collector on the embedded store in ./data, with
 * this machine's own agent enrolled into it and reporting at the collector's interval.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { loadCollectorConfig } from '../../collector/config.js';
import { startCollector } from '../../collector/server.js';
import { enrollAgent } from '../../agent/enroll.js';
import { loadAgentState } from '../../agent/state.js';
import { runLoop, runOnce } from '../../agent/run.js';
import { integer } from '../options.js';
import { summariseReport } from '../summary.js';
import { bootstrapAdmin } from '../bootstrap-admin.js';

interface UpFlags {
  config?: string;
  port?: number;
  data?: string;
  unit: string;
  room?: string;
  probeGateway?: boolean;
}

export function registerUp(program: Command): void {
  program
    .command('up')
    .description('start a collector on ./data with this machine\'s own agent reporting to it (npm start)')
    .option('--config <file>', 'collector config (YAML)')
    .option('--port <n>', 'port (default 8080, or PORT)', integer('--port'))
    .option('--data <dir>', 'store directory (default ./data)')
    .option('--unit <id>', 'unit this machine enrolls into', 'local')
    .option('--room <id>', 'room this machine enrolls into')
    .option('--probe-gateway', 'also ping this machine\'s default gateway (off by default: `up` is a local demo and sends nothing off the machine)')
    .action(async (o: UpFlags) => {
      // `up` runs collector and agent on one machine; unless asked, its agent probes only what the
      // collector's org names, never the real router (READINESS_PROBE_GATEWAY, agent/probes/gateway.ts).
      if (!o.probeGateway && process.env.READINESS_PROBE_GATEWAY === undefined) process.env.READINESS_PROBE_GATEWAY = 'off';
      const config = await loadCollectorConfig(o.config);
      if (o.data) config.dataDir = o.data;
      const envPort = process.env.PORT ? integer('PORT')(process.env.PORT) : undefined;
      config.port = o.port ?? envPort ?? config.port;
      const running = await startCollector(config, o.config ? { configFile: o.config } : {});
      const statePath = join(resolve(config.dataDir), 'local-agent.json');

      // Re-enroll when the saved key belongs to another collector's store (e.g. data wiped).
      let state = existsSync(statePath) ? await loadAgentState(statePath).catch(() => null) : null;
      if (state && (!running.store.getHost(state.agentId) || state.collectorUrl !== running.url)) state = null;
      state ??= await enrollAgent({
        collectorUrl: running.url,
        secret: running.enrollSecret,
        unit: o.unit,
        room: o.room ?? null,
        statePath,
        // Under TLS the local agent trusts the collector's own certificate file (self-signed, or holding its chain).
        ...(config.tls ? { ca: await readFile(config.tls.cert, 'utf8') } : {}),
      });

      const first = await runOnce({ state });
      if (first.deliveryError) throw first.deliveryError;
      const admin = await bootstrapAdmin(running.access.store, (u, r) => running.readiness.placementProblem(u, r));
      console.log(
        [
          `readiness collector listening on ${running.url}`,
          `  open       ${running.url}/ in a browser (the dashboard, in Vietnamese; English with one click)`,
          `  data       ${resolve(config.dataDir)} (${running.store.size} hosts)`,
          ...(admin.password
            ? [`  sign in    user ${admin.name}, password ${admin.password}   (shown once; change it with \`readiness user passwd ${admin.name}\`)`]
            : [`  sign in    user ${admin.name} exists (its password was printed when it was created; reset it with \`readiness user passwd ${admin.name}\`)`]),
          `  try        TOKEN=$(node bin/readiness.js token create --user ${admin.name} --data ${config.dataDir}); curl -H "Authorization: Bearer $TOKEN" ${running.url}/api/v1/hosts`,
          `this machine reported as agent ${state.agentId} (report ${first.report.reportId}, ${first.ack?.status}):`,
          summariseReport(first.report),
          `reporting again every ${first.config?.intervalSeconds ?? config.agent.intervalSeconds} s; Ctrl-C stops.`,
        ].join('\n'),
      );

      const controller = new AbortController();
      const stop = async () => {
        controller.abort();
        await running.close();
        process.exit(0);
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      const interval = first.config?.intervalSeconds ?? config.agent.intervalSeconds;
      await new Promise((r) => setTimeout(r, interval * 1000).unref());
      await runLoop({ state, intervalSeconds: interval, signal: controller.signal });
    });
}
