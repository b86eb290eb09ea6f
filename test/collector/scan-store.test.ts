/**
 * The scan store on a data directory, as the collector and `readiness scan` share it: what one
 * appends the other reads at its next look (and tells its listeners, an evaluation worker's
 * mirror), only whole lines, the latest verdict by scan day and then by the order recorded.
 */
import { appendFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ScanStore } from '../../collector/scans/scan-store.js';
import type { HostScanInput, ScanRecord } from '../../schema/index.js';
import { readyReport } from '../helpers/ready-report.js';
import { scanRecordOf } from '../helpers/scan-fixture.js';
import { makeTempDir } from '../helpers/temp-dir.js';

const HOST = '11111111-1111-4111-8111-111111111111';
const report = readyReport(HOST, '2025-12-05T02:00:00.000Z');
const verdict = (extra: Partial<ScanRecord> = {}): ScanRecord => scanRecordOf(report, { scannedOn: '2025-12-05', recordedAt: '2025-12-05T03:00:00.000Z', ...extra });

let dir: Awaited<ReturnType<typeof makeTempDir>> | undefined;
afterEach(async () => dir?.remove());

describe('the scan store on a data directory', () => {
  it('reads what another process appended, whole lines only, and tells its listeners', async () => {
    dir = await makeTempDir('readiness-scan-store-');
    const collector = new ScanStore({ dataDir: dir.path }).load();
    const cli = new ScanStore({ dataDir: dir.path }).load();
    const seen: Array<[string, HostScanInput | null]> = [];
    collector.onVerdicts((host, input) => seen.push([host, input]));

    const first = await cli.append(() => verdict());
    expect(collector.verdicts().get(HOST)?.latest.id).toBe(first.event.id);
    expect(seen.map(([h, i]) => [h, i?.latest.verdict])).toEqual([[HOST, 'pass']]);

    // A later-entered verdict dated earlier does not replace a newer scan; a correction the same day does.
    await cli.append(() => verdict({ verdict: 'fail', scannedOn: '2025-12-04' }));
    expect(collector.verdicts().get(HOST)?.latest.id).toBe(first.event.id);
    const correction = await cli.append(() => verdict({ verdict: 'conditional', conditions: ['x'], dueDate: '2025-12-20', corrects: first.event.id }));
    expect(collector.verdicts().get(HOST)?.latest).toMatchObject({ id: correction.event.id, verdict: 'conditional' });

    // A line still being written is not read until it is whole.
    const line = JSON.stringify(verdict({ verdict: 'fail', scannedOn: '2025-12-06' }));
    await appendFile(join(dir.path, 'scans', 'scans.log'), line.slice(0, 40));
    expect(collector.verdicts().get(HOST)?.latest.verdict).toBe('conditional');
    await appendFile(join(dir.path, 'scans', 'scans.log'), `${line.slice(40)}\n`);
    expect(collector.verdicts().get(HOST)?.latest.verdict).toBe('fail');
    expect(collector.history(HOST).map((s) => s.verdict)).toEqual(['fail', 'conditional', 'fail', 'pass']);
    expect(seen).toHaveLength(4);

    // As recorded by the end of a past day: the verdicts dated and entered by then.
    expect(collector.verdictsAsOf('2025-12-05', 'Asia/Ho_Chi_Minh').get(HOST)?.latest.id).toBe(correction.event.id);
    expect(collector.verdictsAsOf('2025-12-03', 'Asia/Ho_Chi_Minh').get(HOST)).toBeUndefined();
  });
});
