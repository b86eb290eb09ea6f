/**
 * `npm run bench:reports`: time and peak RSS to produce the host checklist of 20,000 hosts ×
 * 15 rules as XLSX and as HTML, each in a fresh process so peak RSS is its own, beside a
 * baseline measured the same way: JSON.stringify of the same document. Measured with every
 * rule of every machine listed (`--all`, 300,000 checklist rows: the largest the document
 * gets) and as printed by default (passes folded into a line per machine). Targets: HTML and
 * XLSX each under 10 s and 1 GB; XLSX under 6 s.
 *
 * BENCH_HOSTS (default 20000) and BENCH_RUNS (default 1) change the size and the repeats.
 */
import { spawn } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { buildDocument, renderDocument } from '../reports/index.js';
import type { ReportFormat } from '../schema/index.js';
import { median } from './lib.js';
import { syntheticEvaluation } from './synthetic-evaluation.js';

const HOSTS = Number(process.env.BENCH_HOSTS ?? 20_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 1);
const SELF = fileURLToPath(import.meta.url);

interface Measured {
  format: ReportFormat;
  generateMs: number;
  rssAfterGenerateMb: number;
  buildMs: number;
  renderMs: number;
  /** User + system CPU of build and render, all threads (zlib deflates off the main thread). */
  cpuMs: number;
  bytes: number;
  rows: number;
  peakRssMb: number;
}

/** Child mode: generate the evaluation, then build and render one format, and report. */
async function measureHere(format: ReportFormat, all: boolean): Promise<void> {
  let t = performance.now();
  const evaluation = syntheticEvaluation(HOSTS);
  const generateMs = performance.now() - t;
  const rssAfterGenerateMb = process.memoryUsage().rss / 2 ** 20;
  const cpu = process.cpuUsage();
  t = performance.now();
  const doc = buildDocument('hosts', { evaluation }, { lang: 'vi', printedAt: new Date().toISOString(), all });
  const buildMs = performance.now() - t;
  t = performance.now();
  const bytes = await renderDocument(doc, format);
  const renderMs = performance.now() - t;
  const used = process.cpuUsage(cpu);
  const cpuMs = (used.user + used.system) / 1000;
  const rows = doc.parts.reduce((n, p) => n + p.rows.length, 0);
  const result: Measured = { format, generateMs, rssAfterGenerateMb, buildMs, renderMs, cpuMs, bytes: bytes.byteLength, rows, peakRssMb: process.resourceUsage().maxRSS / 1024 };
  process.stdout.write(`BENCH_RESULT ${JSON.stringify(result)}\n`);
}

function measureInChild(format: ReportFormat, all: boolean): Promise<Measured> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [SELF, '--measure', format, all ? 'all' : 'folded'], { stdio: ['ignore', 'pipe', 'pipe'], env: process.env });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('close', (code) => {
      const m = /BENCH_RESULT (.+)/.exec(out);
      if (code !== 0 || !m) return reject(new Error(`measuring ${format} failed (exit ${code}): ${err || out}`));
      resolve(JSON.parse(m[1]!) as Measured);
    });
  });
}

/** What is measured: the baseline and both formats with every rule listed, then both as printed by default. */
const CASES: Array<{ name: string; format: ReportFormat; all: boolean }> = [
  { name: 'json --all', format: 'json', all: true },
  { name: 'html --all', format: 'html', all: true },
  { name: 'xlsx --all', format: 'xlsx', all: true },
  { name: 'html', format: 'html', all: false },
  { name: 'xlsx', format: 'xlsx', all: false },
];

async function main(): Promise<void> {
  const loadBefore = loadavg()[0]!;
  const results = new Map<string, Measured[]>();
  for (let i = 0; i < RUNS; i++) {
    for (const c of CASES) results.set(c.name, [...(results.get(c.name) ?? []), await measureInChild(c.format, c.all)]);
  }
  const summary = (name: string) => {
    const runs = results.get(name)!;
    return {
      totalS: median(runs.map((r) => r.buildMs + r.renderMs)) / 1000,
      cpuS: median(runs.map((r) => r.cpuMs)) / 1000,
      buildS: median(runs.map((r) => r.buildMs)) / 1000,
      renderS: median(runs.map((r) => r.renderMs)) / 1000,
      rssMb: Math.max(...runs.map((r) => r.peakRssMb)),
      inputMb: Math.max(...runs.map((r) => r.rssAfterGenerateMb)),
      generateS: median(runs.map((r) => r.generateMs)) / 1000,
      mb: runs[0]!.bytes / 2 ** 20,
      rows: runs[0]!.rows,
    };
  };
  const base = summary('json --all');
  console.log(`bench:reports — host checklist, ${HOSTS.toLocaleString('en')} hosts × 15 rules, one fresh process per case, ${RUNS} run(s), median time, max peak RSS`);
  console.log(`synthetic evaluation: generated in ${base.generateS.toFixed(2)} s, process RSS after generating ${base.inputMb.toFixed(0)} MB (not counted in the times below)`);
  // Two cores shared with other work: the load average says how much of the wall time was waiting.
  console.log(`1-minute load average on ${cpus().length} cores: ${loadBefore.toFixed(1)} before, ${loadavg()[0]!.toFixed(1)} after`);
  console.log('case           rows   build s  render s  total s    CPU s   output MB  peak RSS MB  time vs json  RSS vs json');
  for (const c of CASES) {
    const s = summary(c.name);
    const ratio = c.name === 'json --all' ? 'baseline' : `${(s.totalS / base.totalS).toFixed(1)}×`;
    const rssRatio = c.name === 'json --all' ? 'baseline' : `${(s.rssMb / base.rssMb).toFixed(2)}×`;
    console.log(
      `${c.name.padEnd(11)} ${String(s.rows).padStart(7)}  ${s.buildS.toFixed(2).padStart(7)}  ${s.renderS.toFixed(2).padStart(8)}  ${s.totalS.toFixed(2).padStart(7)}  ${s.cpuS.toFixed(2).padStart(7)}  ${s.mb.toFixed(1).padStart(10)}  ${s.rssMb.toFixed(0).padStart(11)}  ${ratio.padStart(12)}  ${rssRatio.padStart(11)}`,
    );
  }
  for (const c of CASES.filter((x) => x.format !== 'json')) {
    const s = summary(c.name);
    const limit = c.format === 'xlsx' ? 6 : 10;
    console.log(`target ${c.name}: under ${limit} s wall (${s.totalS < limit ? 'met' : 'NOT met'}), under 1 GB peak RSS (${s.rssMb < 1024 ? 'met' : 'NOT met'})`);
  }
}

const measureAt = process.argv.indexOf('--measure');
(measureAt > 0 ? measureHere(process.argv[measureAt + 1] as ReportFormat, process.argv[measureAt + 2] === 'all') : main()).catch((err) => {
  console.error(`bench:reports failed: ${(err as Error).message}`);
  process.exit(1);
});
