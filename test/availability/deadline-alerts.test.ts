/**
 * Deadline and exception alerts with a fixed clock: a unit's rule that turns at risk, then
 * overdue, then done raises one alert per change and a cleared notice, never twice for the same
 * state, even after a restart (the alert store is on disk); an exception raises one alert when
 * it expires at midnight after its last day in the org's time zone, and none for one that ended
 * long ago. Delivered by the real webhook notifier to a receiver on loopback; the e-mail's
 * subject and body in Vietnamese.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AlertService } from '../../collector/alerts/alerts.js';
import { DeadlineWatch } from '../../collector/alerts/deadline-watch.js';
import { composeAlertMail } from '../../collector/alerts/email-notifier.js';
import { webhookNotifier } from '../../collector/alerts/notifier.js';
import type { RollupFigures } from '../../collector/rollup/snapshot.js';
import type { DeadlineStatus, ExceptionRecord } from '../../schema/index.js';
import { makeTempDir } from '../helpers/temp-dir.js';

const TZ = 'Asia/Ho_Chi_Minh';
let dir: Awaited<ReturnType<typeof makeTempDir>>;
let clock: Date;
let received: Array<{ kind: string; rule?: string; exception?: string; recovers: string | null }>;
let close: () => Promise<void>;
let url: string;
const services: AlertService[] = [];

beforeEach(async () => {
  dir = await makeTempDir('readiness-deadline-alerts-');
  clock = new Date('2026-12-15T03:00:00.000Z');
  received = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      received.push(JSON.parse(body) as (typeof received)[number]);
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', () => ok()));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  close = () => new Promise((ok) => server.close(() => ok()));
});
afterEach(async () => {
  for (const s of services.splice(0)) s.close();
  await close();
  await dir.remove();
});

function open(statuses: () => DeadlineStatus, exceptions: ExceptionRecord[] = []) {
  const alerts = new AlertService(dir.path, [webhookNotifier(url)], { attempts: 1, unitName: () => 'VKSND huyện Kiến An', now: () => clock, log: () => {} }).load();
  services.push(alerts);
  const figures = async (): Promise<RollupFigures> => ({
    asOf: clock.toISOString().slice(0, 10),
    rules: [{ id: 'lan-rooms', title: { vi: 'Mạng LAN tới mọi phòng', en: 'LAN in every room' }, deadline: '2026-12-20' }],
    units: [{ unitId: 'hp-kienan', name: 'VKSND huyện Kiến An', level: 'regional', parentId: null, rooms: [], rules: [{ ruleId: 'lan-rooms', expected: 10, reporting: 10, notApplicable: 0, passing: 6, failing: 4, unknown: 0, exempted: 0, missingMachines: 0, status: statuses(), completedOn: null }] }],
    forwarded: [],
  });
  return { alerts, watch: new DeadlineWatch({ alerts, figures, exceptions: () => exceptions, timeZone: TZ, now: () => clock, log: () => {} }) };
}

async function delivered(n: number): Promise<void> {
  for (let i = 0; i < 100 && received.length < n; i++) await new Promise((r) => setTimeout(r, 20));
  expect(received).toHaveLength(n);
}

describe('deadline alerts', () => {
  it('one alert when at risk, one when overdue, one cleared notice when done; nothing repeated, even after a restart', async () => {
    let status: DeadlineStatus = 'on_track';
    const { alerts, watch } = open(() => status);
    expect(await watch.run()).toBe(0);
    status = 'at_risk';
    expect(await watch.run()).toBe(1);
    expect(await watch.run()).toBe(0);
    await delivered(1);
    status = 'overdue';
    clock = new Date('2026-12-21T03:00:00.000Z');
    expect(await watch.run()).toBe(1);
    // No data changes nothing: the overdue alert stays open.
    status = 'unknown';
    expect(await watch.run()).toBe(0);

    // Restarted: the open alert is read back, so the same status raises nothing.
    status = 'overdue';
    const again = open(() => status);
    expect(await again.watch.run()).toBe(0);
    status = 'done';
    expect(await again.watch.run()).toBe(1);
    expect(await again.watch.run()).toBe(0);
    await delivered(3);
    const [risk, overdue, cleared] = again.alerts.all();
    expect([risk, overdue, cleared].map((a) => [a!.kind, a!.rule, a!.status, a!.scope, a!.recovers])).toEqual([
      ['deadline-at-risk', 'lan-rooms', 'at_risk', null, null],
      ['deadline-overdue', 'lan-rooms', 'overdue', null, null],
      ['deadline-cleared', 'lan-rooms', 'done', null, overdue!.id],
    ]);
    expect(received.map((r) => r.kind)).toEqual(['deadline-at-risk', 'deadline-overdue', 'deadline-cleared']);
    expect(overdue!.message.vi).toBe('VKSND huyện Kiến An: tiêu chí "Mạng LAN tới mọi phòng" đã quá hạn 2026-12-20 mà chưa hoàn thành');
    expect(alerts.all()).toHaveLength(2);

    const mail = composeAlertMail(overdue!, ['vanphong@vks.example'], TZ);
    expect(mail.subject).toBe('[Cảnh báo] Quá hạn: Mạng LAN tới mọi phòng — VKSND huyện Kiến An');
    expect(mail.text).toContain('Tiêu chí: Mạng LAN tới mọi phòng (lan-rooms)');
    expect(mail.text).toContain('Hạn hoàn thành: 20/12/2026');
    expect(mail.text).toContain('Trạng thái: Quá hạn');
    expect(mail.text).not.toContain('Số máy ghi nhận');
  });
});

describe('exception expiry alerts', () => {
  const exception = (id: string, expiresOn: string): ExceptionRecord => ({
    id,
    rule: 'lan-rooms',
    target: { unit: 'hp-kienan', room: 'phong-1', host: null },
    reason: 'Phòng đang sửa chữa, chưa kéo cáp',
    reference: 'QĐ 12/QĐ-VKS ngày 01/12/2026',
    approvedBy: { name: 'admin', role: 'admin' },
    createdAt: '2026-12-01T02:00:00.000Z',
    expiresOn,
    revoked: null,
  });

  it('one alert at midnight after its last day in the org\'s time zone; none for one that ended long ago', async () => {
    const list = [exception('ex-aaaaaaaaaa', '2026-12-19'), exception('ex-bbbbbbbbbb', '2026-11-01'), exception('ex-cccccccccc', '2026-12-31')];
    // 23:59 on the 19th in Hải Phòng: still valid.
    clock = new Date('2026-12-19T16:59:00.000Z');
    const { alerts, watch } = open(() => 'on_track', list);
    expect(await watch.run()).toBe(0);
    clock = new Date('2026-12-19T17:00:00.000Z');
    expect(await watch.run()).toBe(1);
    expect(await watch.run()).toBe(0);
    await delivered(1);
    const [alert] = alerts.all();
    expect([alert!.kind, alert!.exception, alert!.rule, alert!.unit]).toEqual(['exception-expired', 'ex-aaaaaaaaaa', 'lan-rooms', 'hp-kienan']);
    expect(alert!.message.vi).toContain('miễn trừ ex-aaaaaaaaaa cho tiêu chí "Mạng LAN tới mọi phòng" (phòng phong-1) đã hết hạn sau ngày 2026-12-19');
    expect(received[0]).toMatchObject({ kind: 'exception-expired', exception: 'ex-aaaaaaaaaa' });
    expect(composeAlertMail(alert!, ['a@x.example'], TZ).subject).toBe('[Thông báo] Hết hạn miễn trừ: Mạng LAN tới mọi phòng — VKSND huyện Kiến An');
  });
});
