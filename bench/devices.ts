/**
 * `npm run bench:devices`: an SNMP scan of 200 simulated devices (one snmpsim process on
 * loopback, one community per data file) with the default concurrency, beside the same scan
 * one device at a time in the same run: total time, per-device p95, peak RSS of this process.
 * Each device serves the recorded HP ProCurve 2810 walk snmpsim ships (system group, IF-MIB,
 * 350 forwarding-table entries; /usr/share/doc/snmpsim/examples/data/hp_perf.snmprec.gz,
 * BSD-2-Clause), copied to a temporary directory. Results go through the durable device store.
 * `BENCH_DEVICES` changes the count; `BENCH_SIMULATORS=N` spreads the devices over N snmpsim
 * processes (one process is single-threaded Python and limits any concurrency, where real
 * devices each answer on their own). Beside wall time it prints the collector's own CPU time
 * per device. Nothing leaves 127.0.0.1.
 */
import { spawn } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { chmod, chown, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { DevicesConfig } from '../collector/devices/config.js';
import { DeviceScanService } from '../collector/devices/scan-service.js';
import { FileDeviceStore } from '../collector/store/device-store.js';
import { OrgFile } from '../schema/index.js';
import { percentile } from './lib.js';

const COUNT = Number(process.env.BENCH_DEVICES ?? 200);
const SIMULATORS = Math.max(1, Number(process.env.BENCH_SIMULATORS ?? 1));
const WALK = '/usr/share/doc/snmpsim/examples/data/hp_perf.snmprec.gz';

const freePort = () =>
  new Promise<number>((ok) => {
    const s = createSocket('udp4');
    s.bind(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => ok(port));
    });
  });

/** Samples this process's RSS while `work` runs; returns its result and the peak in MB. */
async function sampled<T>(work: () => Promise<T>): Promise<{ value: T; ms: number; cpuMs: number; peakMb: number }> {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  const started = performance.now();
  const cpu = process.cpuUsage();
  try {
    const value = await work();
    const used = process.cpuUsage(cpu);
    return { value, ms: performance.now() - started, cpuMs: (used.user + used.system) / 1000, peakMb: Math.max(peak, process.memoryUsage().rss) / 2 ** 20 };
  } finally {
    clearInterval(timer);
  }
}

async function main() {
  const dir = await mkdtemp(join(tmpdir(), 'readiness-bench-devices-'));
  const walk = gunzipSync(await readFile(WALK)).toString('utf8');
  const names = Array.from({ length: COUNT }, (_, i) => `dev${String(i).padStart(3, '0')}`);
  const root = process.getuid?.() === 0;
  if (root) await chmod(dir, 0o755);
  const sims: Array<{ port: number; child: ReturnType<typeof spawn> }> = [];
  const portOf = new Map<string, number>();
  const started = performance.now();
  try {
    for (let k = 0; k < SIMULATORS; k++) {
      const data = join(dir, `data-${k}`);
      const cache = join(dir, `cache-${k}`);
      await mkdir(data);
      await mkdir(cache);
      const mine = names.filter((_, i) => i % SIMULATORS === k);
      for (const n of mine) await writeFile(join(data, `${n}.snmprec`), walk);
      if (root) {
        await chmod(data, 0o755);
        await chown(cache, 65534, 65534);
      }
      const port = await freePort();
      for (const n of mine) portOf.set(n, port);
      const child = spawn(
        'snmpsimd',
        [`--data-dir=${data}`, `--cache-dir=${cache}`, `--agent-udpv4-endpoint=127.0.0.1:${port}`, '--logging-method=stderr', ...(root ? ['--process-user=nobody', '--process-group=nogroup'] : [])],
        { stdio: ['ignore', 'ignore', 'pipe'] },
      );
      let log = '';
      child.stderr!.on('data', (d) => (log += d));
      sims.push({ port, child });
      while (!log.includes('Listening at')) {
        if (child.exitCode !== null) throw new Error(`snmpsimd exited (${child.exitCode}):\n${log.slice(-2000)}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    console.log(
      `${SIMULATORS} snmpsimd process${SIMULATORS === 1 ? '' : 'es'} serving ${COUNT} devices (indexed in ${((performance.now() - started) / 1000).toFixed(1)} s); load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`,
    );

    const org = OrgFile.parse({
      name: 'bench',
      units: [
        {
          id: 'bench',
          name: 'bench',
          level: 'city',
          devices: names.map((n) => ({ id: n, kind: 'switch', address: '127.0.0.1', snmp: { version: '2c', port: portOf.get(n)!, community: n } })),
        },
      ],
    });
    const secrets = new Map(names.map((n) => [n, n]));
    const run = async (concurrency: number, label: string) => {
      const store = new FileDeviceStore(join(dir, `store-${concurrency}`));
      await store.load();
      const service = new DeviceScanService({ org, secrets, config: DevicesConfig.parse({ concurrency }), store, now: () => new Date() });
      const { value, ms, cpuMs, peakMb } = await sampled(() => service.scan());
      const durations = value.map((s) => s.durationMs).sort((a, b) => a - b);
      const bad = value.filter((s) => s.outcome !== 'ok');
      console.log(
        `${label.padEnd(26)} total ${(ms / 1000).toFixed(2)} s  ${(COUNT / (ms / 1000)).toFixed(1)} devices/s  per device p50 ${percentile(durations, 50)} ms  p95 ${percentile(durations, 95)} ms  max ${durations.at(-1)} ms  collector CPU ${(cpuMs / COUNT).toFixed(1)} ms/device  peak RSS ${peakMb.toFixed(0)} MB` +
          (bad.length ? `  NOT OK: ${bad.length} (${bad[0]!.outcome}: ${bad[0]!.message})` : ''),
      );
      return ms;
    };
    const defaults = DevicesConfig.parse({}).concurrency;
    // One at a time first: the baseline; then the default, whose peak RSS then includes the first run's garbage at most.
    const serial = await run(1, 'one device at a time');
    const parallel = await run(defaults, `default concurrency (${defaults})`);
    console.log(`speed-up ${(serial / parallel).toFixed(2)}x; load average after ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  } finally {
    for (const { child } of sims) {
      if (child.exitCode !== null) continue;
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    }
    await rm(dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(`bench:devices: ${(err as Error).message}`);
  process.exit(1);
});
