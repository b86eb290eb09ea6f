/**
 * The availability document made as the collector makes it: a real collector (its evaluation
 * worker thread) over a data directory whose availability series already holds an outage, asked
 * through `GET /api/v1/readiness/availability.json`: the worker reads the series from the data
 * directory (the reader's scope is tested in test/reports/availability-document.test.ts).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CollectorConfig } from '../../collector/config.js';
import { startCollector } from '../../collector/server.js';
import type { RunningCollector } from '../../collector/server.js';
import { dayIn } from '../../rules/deadline.js';
import type { ReadinessDocument } from '../../schema/index.js';
import { makeTempDir } from '../helpers/temp-dir.js';

const TOKEN = 'availability-worker-admin-token-0123456789';
const SECRET = 'availability-worker-enroll-secret-0123456789';
const TZ = 'Asia/Ho_Chi_Minh';
/** Yesterday in Hải Phòng, and a wall-clock time on it as an instant. */
const yesterday = dayIn(new Date(Date.now() - 86_400_000), TZ);
const at = (time: string) => new Date(Date.parse(`${yesterday}T${time}:00+07:00`)).toISOString();

let dir: Awaited<ReturnType<typeof makeTempDir>>;
let running: RunningCollector;

beforeAll(async () => {
  dir = await makeTempDir('readiness-availability-worker-');
  const data = join(dir.path, 'data');
  mkdirSync(join(data, 'availability'), { recursive: true });
  const lines = [
    { scope: 'wan', at: at('00:00'), state: 'up', machines: 2, targets: [] },
    { scope: 'wan', at: at('10:00'), state: 'down', machines: 2, targets: ['172.16.0.10'] },
    { scope: 'wan', at: at('10:30'), state: 'up', machines: 2, targets: [] },
  ];
  writeFileSync(join(data, 'availability', 'hp-vanphong.jsonl'), lines.map((l) => JSON.stringify(l) + '\n').join(''));
  running = await startCollector(CollectorConfig.parse({ port: 0, dataDir: data, enrollSecret: SECRET, adminToken: TOKEN }), { log: () => {} });
  for (const unit of ['hp-vanphong', 'hp-kv1']) {
    const res = await fetch(`${running.url}/api/v1/enroll`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ secret: SECRET, unit, hostname: `PC-${unit}` }) });
    expect(res.status).toBe(201);
  }
}, 60_000);
afterAll(async () => {
  await running?.close();
  await dir?.remove();
});

describe('the availability document on the evaluation worker', () => {
  it("reads the series the collector wrote: yesterday's 30-minute WAN outage, exactly", async () => {
    const res = await fetch(`${running.url}/api/v1/readiness/availability.json?period=day&asOf=${yesterday}&link=wan`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(res.status).toBe(200);
    const doc = (await res.json()) as ReadinessDocument;
    const units = doc.parts.find((p) => p.id === 'units')!.rows;
    expect(units.find((r) => r.unit === 'hp-vanphong')).toMatchObject({ wanUp: 1410, wanDown: 30, wanNoData: 0, wanPct: 97.91, wanOutages: 1 });
    // The other unit has no series: no data, never "up".
    expect(units.find((r) => r.unit === 'hp-kv1')).toMatchObject({ wanUp: 0, wanDown: 0, wanNoData: 1440, wanPct: null, wanOutages: 0 });
    expect(doc.parts.find((p) => p.id === 'outages')!.rows).toMatchObject([{ start: at('10:00'), end: at('10:30'), minutes: 30, targets: ['172.16.0.10'], machines: 2 }]);
    const bytes = await fetch(`${running.url}/api/v1/readiness/availability.xlsx?period=month&asOf=${yesterday}`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(bytes.status).toBe(200);
    expect(bytes.headers.get('content-disposition')).toContain(`bao-cao-thoi-gian-hoat-dong-lan-wan-thang-tat-ca-${yesterday}.xlsx`);
  });
});
