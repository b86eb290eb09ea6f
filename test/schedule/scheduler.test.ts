/**
 * The scheduler on a fake clock: a day, a week and a month of runs at their times; a collector
 * down over scheduled times makes each missed document once at start-up, as of its day; a run
 * cut short by a crash is finished without remaking what was archived; the archive lists every
 * document with a checksum that matches its bytes.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sha256 } from '../../collector/archive/store.js';
import type { Scheduler } from '../../collector/schedule/scheduler.js';
import { zonedInstant } from '../../collector/schedule/calendar.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { FIXTURE_AUDIT_HEAD, scheduleFixture } from '../helpers/schedule-fixture.js';
import { inProcessJobs } from '../../collector/readiness-jobs.js';

const TZ = 'Asia/Ho_Chi_Minh';
const at = (day: string, time: string) => zonedInstant(day, time, TZ);

const CONFIG = {
  holidays: ['2026-12-25'],
  schedules: [
    { id: 'tracker-daily', kind: 'tracker', formats: ['csv'], unit: 'hp', period: 'day', time: '17:00' },
    { id: 'summary-weekly', kind: 'summary', formats: ['html'], unit: 'hp', period: 'week', time: '16:30', weekday: 'fri' },
    { id: 'summary-monthly', kind: 'summary', formats: ['json'], period: 'month', time: '16:00' },
  ],
};

let dir: Awaited<ReturnType<typeof makeTempDir>>;
let scheduler: Scheduler | undefined;
beforeEach(async () => {
  dir = await makeTempDir('readiness-sched-');
});
afterEach(async () => {
  await scheduler?.close();
  scheduler = undefined;
  await dir.remove();
});

describe('a month of runs on a fake clock', () => {
  it('makes each run once at its time: working days, Fridays, the last working day of each month', async () => {
    const f = await scheduleFixture(dir.path, at('2026-11-30', '08:00'), CONFIG);
    scheduler = await f.open();
    await scheduler.start();
    await scheduler.idle();
    await f.clock.advanceTo(at('2026-12-31', '23:00'), () => scheduler!.idle());

    const entries = await f.archive.entries();
    const made = (id: string) => entries.filter((e) => e.origin.type === 'schedule' && e.origin.scheduleId === id);
    const daily = made('tracker-daily');
    // Mon 30/11, then every Monday–Friday of December but the 25th (a holiday here).
    const weekdays = ['2026-11-30', ...Array.from({ length: 31 }, (_, i) => `2026-12-${String(i + 1).padStart(2, '0')}`).filter((d) => ![0, 6].includes(new Date(`${d}T00:00:00Z`).getUTCDay()) && d !== '2026-12-25')];
    expect(daily.map((e) => e.asOf)).toEqual(weekdays);
    expect(daily.map((e) => e.createdAt)).toEqual(weekdays.map((d) => at(d, '17:00').toISOString()));
    // The weekly one runs on its Friday even when it is a holiday.
    expect(made('summary-weekly').map((e) => [e.asOf, e.createdAt])).toEqual(['04', '11', '18', '25'].map((d) => [`2026-12-${d}`, at(`2026-12-${d}`, '16:30').toISOString()]));
    // Last working days: Monday 30 November, Thursday 31 December.
    expect(made('summary-monthly').map((e) => [e.asOf, e.unitId, e.format])).toEqual([
      ['2026-11-30', null, 'json'],
      ['2026-12-31', null, 'json'],
    ]);
    expect(entries.every((e) => e.origin.type === 'schedule' && !e.origin.late)).toBe(true);

    // The archive lists each with its checksum, and the bytes match it.
    const listed = await f.archive.list();
    expect(listed).toHaveLength(daily.length + 4 + 2);
    for (const e of listed) {
      const bytes = await readFile(join(dir.path, 'archive', 'files', `${e.id}.${e.format}`));
      expect({ id: e.id, size: bytes.byteLength, sha: sha256(bytes) }).toEqual({ id: e.id, size: e.sizeBytes, sha: e.sha256 });
    }
    expect(listed.find((e) => e.kind === 'tracker')).toMatchObject({ fileName: expect.stringMatching(/^theo-doi-lan-wan-hp-2026-1\d-\d\d\.csv$/), period: 'day', lang: 'vi', delivery: null });
    // Scheduled documents carry the audit chain's head, like downloaded ones.
    const monthly = listed.find((e) => e.format === 'json')!;
    const doc = JSON.parse(await readFile(join(dir.path, 'archive', 'files', `${monthly.id}.json`), 'utf8')) as { auditHead: string | null };
    expect(doc.auditHead).toBe(FIXTURE_AUDIT_HEAD);
  });
});

describe('a collector down over scheduled times', () => {
  it('makes each missed run once at start-up, as of its own day from the history', async () => {
    const f = await scheduleFixture(dir.path, at('2026-12-07', '08:00'), CONFIG);
    scheduler = await f.open();
    await scheduler.start();
    await f.clock.advanceTo(at('2026-12-08', '09:00'), () => scheduler!.idle());
    await f.readiness.snapshot(); // the history records 08/12 while the collector runs
    await scheduler.close();

    // Down from Tuesday 09:00 to Thursday noon: Tuesday's and Wednesday's 17:00 runs are missed.
    f.clock.set(at('2026-12-10', '12:00'));
    scheduler = await f.open();
    await scheduler.start();
    await scheduler.idle();
    const daily = async () => (await f.archive.entries()).filter((e) => e.origin.type === 'schedule' && e.origin.scheduleId === 'tracker-daily');
    expect((await daily()).map((e) => [e.asOf, e.origin.type === 'schedule' && e.origin.late, e.createdAt])).toEqual([
      ['2026-12-07', false, at('2026-12-07', '17:00').toISOString()],
      ['2026-12-08', true, at('2026-12-10', '12:00').toISOString()],
      ['2026-12-09', true, at('2026-12-10', '12:00').toISOString()],
    ]);
    expect(f.log.filter((l) => l.includes('late: due'))).toHaveLength(2);

    // Restarted again: nothing is made twice; Thursday's run comes at its time.
    await scheduler.close();
    f.clock.set(at('2026-12-10', '12:05'));
    scheduler = await f.open();
    await scheduler.start();
    await scheduler.idle();
    expect(await daily()).toHaveLength(3);
    await f.clock.advanceTo(at('2026-12-10', '18:00'), () => scheduler!.idle());
    expect((await daily()).map((e) => e.asOf)).toEqual(['2026-12-07', '2026-12-08', '2026-12-09', '2026-12-10']);
  });

  it('owes nothing from before the schedule was first seen, and skips what is more than 35 days late', async () => {
    const f = await scheduleFixture(dir.path, at('2026-10-01', '08:00'), { schedules: [CONFIG.schedules[0]] });
    scheduler = await f.open();
    await scheduler.start();
    await scheduler.close();
    f.clock.set(at('2026-12-10', '12:00'));
    scheduler = await f.open();
    await scheduler.start();
    await scheduler.idle();
    const entries = await f.archive.entries();
    // 1/10–4/11 skipped (more than 35 days before 10/12), then 5/11 onwards made; every run before the history starts fails with a reason.
    const skipped = f.log.filter((l) => l.includes('was not made: it was due more than 35 days'));
    expect(skipped.length).toBeGreaterThan(20);
    expect(skipped[0]).toContain('run of 2026-10-01');
    expect(entries).toHaveLength(0);
    expect(f.log.some((l) => l.includes('the run of 2026-11-05 failed') && l.includes('no history has been recorded yet'))).toBe(true);
  });

  it('finishes a run cut short after some formats were archived, without remaking them', async () => {
    const config = { schedules: [{ id: 'two-formats', kind: 'tracker', formats: ['xlsx', 'html'], unit: 'hp', period: 'day', time: '17:00' }] };
    const f = await scheduleFixture(dir.path, at('2026-12-07', '08:00'), config);
    scheduler = await f.open();
    await scheduler.start();
    await scheduler.close();
    // As if killed after the XLSX was archived, before the HTML and the run record.
    f.clock.set(at('2026-12-07', '17:00'));
    const xlsx = await inProcessJobs(f.readiness).document({ kind: 'tracker', format: 'xlsx', unitId: 'hp', asOf: '2026-12-07', lang: 'vi', period: 'day' }, f.clock.now());
    const kept = await f.archive.put(xlsx, { format: 'xlsx', origin: { type: 'schedule', scheduleId: 'two-formats', scheduledFor: '2026-12-07', late: false }, runId: 'two-formats--2026-12-07', period: 'day' }, f.clock.now());

    f.clock.set(at('2026-12-07', '17:01'));
    scheduler = await f.open();
    await scheduler.start();
    await scheduler.idle();
    const entries = await f.archive.entries();
    expect(entries.map((e) => [e.format, e.runId])).toEqual([
      ['xlsx', 'two-formats--2026-12-07'],
      ['html', 'two-formats--2026-12-07'],
    ]);
    expect(entries[0]!.id).toBe(kept.id);
  });
});
