/**
 * `npm run bench:posture`: wall time of the four posture collectors (software, licensing,
 * antivirus, security) on this Linux machine, median of several runs, beside a baseline
 * measured in the same run (one `dpkg-query` spawn on its own), and the processes each run
 * starts. Then the Windows path with a stand-in `powershell.exe` that prints a recorded
 * document: one process per run, whatever the number of facts.
 */
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildReport } from '../agent/build-report.js';
import { antivirusCollector } from '../agent/collectors/antivirus.js';
import { licensingCollector } from '../agent/collectors/licensing.js';
import { securityCollector } from '../agent/collectors/security.js';
import { softwareCollector } from '../agent/collectors/software.js';
import type { Collector } from '../agent/collectors/types.js';
import { runCommand, spawnedProcessCount } from '../agent/exec/run-command.js';
import { DPKG_FORMAT, LINUX_KEYS } from '../agent/linux/steps.js';
import { gatherLive, inputsFrom } from '../agent/posture/inputs.js';
import { loadCatalogue } from '../agent/catalogue/catalogue.js';
import { parseWindowsAntivirus } from '../agent/windows/antivirus.js';
import { parseWindowsLicensing } from '../agent/windows/licensing.js';
import { parseWindowsSecurity } from '../agent/windows/security.js';
import { parseWindowsSoftware } from '../agent/windows/software.js';
import { median } from './lib.js';

const RUNS = 9;
const POSTURE = [softwareCollector, licensingCollector, antivirusCollector, securityCollector] as Collector[];
const LINUX_BUDGET_MS = 1000;
const AGENT_ID = '5b0c6c2e-8d8e-4f6a-9a51-0e6f1d2c3b4a';

async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const started = performance.now();
  const value = await fn();
  return { ms: performance.now() - started, value };
}

async function linuxPosture() {
  // One warm-up run loads the catalogue and JIT-compiles the parsers, as a long-running agent has.
  await buildReport({ agentId: AGENT_ID, context: { now: new Date(), config: null, replayDir: null }, collectors: POSTURE });
  const times: number[] = [];
  const spawns: number[] = [];
  let programs = 0;
  for (let i = 0; i < RUNS; i++) {
    const before = spawnedProcessCount();
    const { ms, value } = await timed(() => buildReport({ agentId: AGENT_ID, context: { now: new Date(), config: null, replayDir: null }, collectors: POSTURE }));
    if (value.errors.length) throw new Error(`a posture section failed: ${value.errors.map((e) => e.message).join('; ')}`);
    times.push(ms);
    spawns.push(spawnedProcessCount() - before);
    programs = value.software?.programs.length ?? 0;
  }
  const baseline: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    baseline.push((await timed(() => runCommand({ key: LINUX_KEYS.dpkg, file: 'dpkg-query', args: ['--show', `--showformat=${DPKG_FORMAT}`], timeoutMs: 15_000 }))).ms);
  }
  return { postureMs: median(times), baselineMs: median(baseline), spawns: median(spawns), programs };
}

async function windowsPosture() {
  const dir = await mkdtemp(join(tmpdir(), 'readiness-bench-ps-'));
  const doc = fileURLToPath(new URL('../../test/fixtures/replay/windows-desktop-defender/windows/posture.json', import.meta.url));
  await writeFile(join(dir, 'powershell.exe'), `#!/bin/sh\ncat > /dev/null\ncat "${doc}"\n`);
  await chmod(join(dir, 'powershell.exe'), 0o755);
  const savedPath = process.env.PATH;
  process.env.PATH = `${dir}${delimiter}${savedPath}`;
  const catalogue = loadCatalogue();
  const times: number[] = [];
  const spawns: number[] = [];
  try {
    for (let i = 0; i < RUNS; i++) {
      const before = spawnedProcessCount();
      const { ms } = await timed(async () => {
        const { platform, outputs } = await gatherLive('win32');
        const inputs = inputsFrom(platform, 'win32', new Map(outputs.map((o) => [o.key, o])), new Date());
        if (inputs.platform !== 'windows') throw new Error('expected Windows inputs');
        parseWindowsSoftware(inputs.document);
        parseWindowsLicensing(inputs.document, []);
        parseWindowsAntivirus(inputs.document, catalogue, inputs.asOf);
        parseWindowsSecurity(inputs.document, catalogue, inputs.asOf);
      });
      times.push(ms);
      spawns.push(spawnedProcessCount() - before);
    }
  } finally {
    process.env.PATH = savedPath;
    await rm(dir, { recursive: true, force: true });
  }
  return { ms: median(times), spawns: median(spawns) };
}

const linux = await linuxPosture();
const windows = await windowsPosture();
const ratio = linux.postureMs / linux.baselineMs;
console.log(`posture sections on this Linux machine (median of ${RUNS} runs, ${linux.programs} packages):`);
console.log(`  software + licensing + antivirus + security  ${linux.postureMs.toFixed(1)} ms  (budget ${LINUX_BUDGET_MS} ms: ${linux.postureMs < LINUX_BUDGET_MS ? 'within' : 'OVER'})`);
console.log(`  baseline: one dpkg-query spawn               ${linux.baselineMs.toFixed(1)} ms`);
console.log(`  ratio posture / baseline                     ${ratio.toFixed(2)}`);
console.log(`  processes started per run                    ${linux.spawns}`);
console.log('Windows path with a stand-in powershell.exe printing a recorded document:');
console.log(`  four sections, launch + parse                ${windows.ms.toFixed(1)} ms`);
console.log(`  PowerShell processes per run                 ${windows.spawns}`);
