/**
 * The cost of matching one report's installed programs against the software policy at
 * ingest (the default pack's lists), at 800 programs: real Debian package names from the
 * linux-debian-clean capture plus Windows display names. Printed beside a baseline measured in
 * the same run: validating the same report with zod, which the ingest does for every report.
 * `npm run bench:ingest` prints it first; `npm run bench:policy` alone.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseDpkg } from '../agent/linux/software.js';
import { DEFAULT_PACK_FILE, loadRuleSet } from '../rules/load-pack.js';
import { matchSoftware } from '../rules/software-policy/match.js';
import { HostReport } from '../schema/index.js';
import { makeReport } from '../test/helpers/report-fixture.js';
import { median } from './lib.js';

const DPKG = fileURLToPath(new URL('../../test/fixtures/replay/linux-debian-clean/linux/dpkg-query.txt', import.meta.url));
const WINDOWS = ['Bkav Pro Internet Security', 'Microsoft Office Professional Plus 2016', 'Google Chrome', 'Cốc Cốc', 'Bộ gõ tiếng Việt EVKey', 'µTorrent', 'Zalo', 'Foxit PDF Reader', 'VGCA Token Manager', 'vSignPDF'];

export async function policyBench(programs = 800, rounds = 2000): Promise<string> {
  const set = await loadRuleSet([DEFAULT_PACK_FILE]);
  const names = [...WINDOWS, ...parseDpkg(readFileSync(DPKG, 'utf8')).map((p) => p.name)];
  const list = Array.from({ length: programs }, (_, i) => ({ name: names[i % names.length]!, version: `${i}.0` }));
  const report = makeReport('55555555-5555-4555-8555-555555555555', {
    software: { source: 'registry', programs: list },
    antivirus: { products: [{ name: 'Bkav', vendor: 'Bkav', enabled: true, realTime: true, upToDate: true, signatureAgeDays: 0, source: 'SecurityCenter2' }] },
  });
  const raw = JSON.parse(JSON.stringify(report)) as unknown;
  const time = (f: () => unknown) => {
    for (let i = 0; i < 200; i++) f();
    const samples: number[] = [];
    for (let i = 0; i < rounds; i++) {
      const t0 = performance.now();
      f();
      samples.push(performance.now() - t0);
    }
    return median(samples);
  };
  const policy = set.softwarePolicy;
  // Cold: every name seen for the first time (a new machine); warm: names the fleet has shown before.
  const cold = time(() => (policy.seen.clear(), matchSoftware(policy, report)));
  const warm = time(() => matchSoftware(policy, report));
  const validating = time(() => HostReport.parse(raw));
  const found = matchSoftware(policy, report).found.length;
  const us = (ms: number) => `${(ms * 1000).toFixed(0)} µs`;
  return [
    `software policy at ingest, ${programs} programs against ${policy.entries.length} policy entries (${found} matches), median of ${rounds}:`,
    `  names never seen before ${us(cold)} a report, names seen before ${us(warm)}; baseline: zod validation of the same report ${us(validating)}`,
    `  ratio to the baseline: ${(cold / validating).toFixed(2)} cold, ${(warm / validating).toFixed(2)} warm (target: well under 1 ms a report)`,
  ].join('\n');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  policyBench().then(
    (line) => console.log(line),
    (err) => {
      console.error(`bench:policy failed: ${(err as Error).message}`);
      process.exit(1);
    },
  );
}
