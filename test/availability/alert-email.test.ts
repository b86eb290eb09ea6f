/**
 * E-mail alerts for real: the alert service with the e-mail notifier, through issue 18's SMTP
 * transport, to an SMTP server (the `smtp-server` package) on a free loopback port; messages
 * read back with mailparser. One message per alert and per recovery (de-duplicated like the
 * webhook), recipients from the default list and the lists of the unit and its ancestors, a
 * temporary refusal retried, each attempt kept in data/alerts.json.
 */
import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AlertService } from '../../collector/alerts/alerts.js';
import type { AlertRecord } from '../../collector/alerts/alerts.js';
import { alertNotifiers } from '../../collector/alerts/notifier.js';
import { alertRecipients, checkAlertUnits } from '../../collector/alerts/email-notifier.js';
import { ConfigError, parseCollectorConfig } from '../../collector/config.js';
import { createSmtpMailer } from '../../collector/mail/transport.js';
import type { Mailer } from '../../collector/mail/transport.js';
import type { StatusChange } from '../../collector/availability/tracker.js';
import { makeTempDir } from '../helpers/temp-dir.js';

let dir: Awaited<ReturnType<typeof makeTempDir>>;
let server: SMTPServer | undefined;
let mailer: Mailer | undefined;
let alerts: AlertService | undefined;

beforeEach(async () => {
  dir = await makeTempDir('readiness-alert-mail-');
});
afterEach(async () => {
  alerts?.close();
  mailer?.close();
  if (server) await new Promise((ok) => server!.close(() => ok(undefined)));
  server = undefined;
  await dir.remove();
});

interface Received {
  raw: Buffer;
  to: string[];
}

/** A plain SMTP server on loopback keeping what it accepts; the first `refuse` messages get a 451. */
async function smtp(refuse = 0): Promise<{ port: number; received: Received[] }> {
  const received: Received[] = [];
  let refusals = refuse;
  server = new SMTPServer({
    logger: false,
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        if (refusals-- > 0) return cb(Object.assign(new Error('mailbox busy, try later'), { responseCode: 451 }));
        received.push({ raw: Buffer.concat(chunks), to: session.envelope.rcptTo.map((r) => r.address) });
        cb();
      });
    },
  });
  await new Promise<void>((ok) => server!.listen(0, '127.0.0.1', () => ok()));
  return { port: (server.server.address() as AddressInfo).port, received };
}

const CHAIN: Record<string, string[]> = { 'hp-kienan': ['hp-kienan', 'hp'], 'hp-haian': ['hp-haian', 'hp'], hp: ['hp'] };

function configText(port: number, email: string): string {
  return `mail:\n  host: 127.0.0.1\n  port: ${port}\n  insecure: true\n  from: "Hệ thống kiểm tra <readiness@vks.example>"\n  timeoutSeconds: 5\nalerts:\n  attempts: 3\n${email}`;
}
const EMAIL = '  email:\n    to: [vanphong@vks.example]\n    units:\n      hp: [lanhdao@vks.example]\n      hp-kienan: [it.kienan@vks.example, vanphong@vks.example]\n';

async function open(port: number, email = EMAIL): Promise<AlertService> {
  const config = parseCollectorConfig(configText(port, email), 'collector.yaml');
  mailer = await createSmtpMailer(config.mail!, null);
  const org = { unitChain: (u: string) => CHAIN[u] ?? [u], timeZone: 'Asia/Ho_Chi_Minh' };
  alerts = new AlertService(dir.path, alertNotifiers(config, mailer, org), { attempts: config.alerts.attempts, unitName: (u) => (u === 'hp-kienan' ? 'VKSND huyện Kiến An' : u), now: () => new Date(), log: () => {} }).load();
  return alerts;
}

const change = (state: 'up' | 'down', previous: StatusChange['previous'], at: string, unit = 'hp-kienan'): StatusChange => ({ unit, scope: 'wan', state, previous, at, machines: 3, targets: state === 'down' ? ['10.20.0.1', 'qlahs.vks.example'] : [] });

async function settled(service: AlertService, id: string, attempts: number): Promise<AlertRecord> {
  for (let i = 0; i < 200; i++) {
    const a = service.get(id)!;
    if (a.deliveries.length >= attempts) return a;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`alert ${id} has ${service.get(id)!.deliveries.length} deliveries, expected ${attempts}`);
}

describe('e-mail alerts to a real SMTP server on loopback', () => {
  it('mails one alert and one recovery in Vietnamese to the default list and the unit\'s and its parent\'s lists, once each', async () => {
    const box = await smtp();
    const service = await open(box.port);
    const down = (await service.onStatusChange(change('down', 'up', '2026-12-01T02:05:00.000Z')))!;
    const recorded = await settled(service, down.id, 1);
    expect(recorded.deliveries).toEqual([{ at: expect.any(String), notifier: 'email', target: 'vanphong@vks.example, it.kienan@vks.example, lanhdao@vks.example', ok: true, error: null }]);
    expect(box.received).toHaveLength(1);
    expect(box.received[0]!.to.sort()).toEqual(['it.kienan@vks.example', 'lanhdao@vks.example', 'vanphong@vks.example']);
    const mail = await simpleParser(box.received[0]!.raw);
    expect(mail.subject).toBe('[Cảnh báo] Mất kết nối mạng WAN — VKSND huyện Kiến An');
    expect(mail.text).toContain('Đơn vị: VKSND huyện Kiến An (hp-kienan)');
    // 02:05 UTC is 09:05 in Hải Phòng.
    expect(mail.text).toContain('Thời điểm: 01/12/2026 09:05 (giờ Asia/Ho_Chi_Minh)');
    expect(mail.text).toContain('Địa chỉ không trả lời: 10.20.0.1, qlahs.vks.example');
    expect(mail.text).toContain(`Mã cảnh báo: ${down.id}`);

    // De-duplicated: the same outage seen again after a spell without data raises nothing.
    expect(await service.onStatusChange(change('down', 'unknown', '2026-12-01T02:30:00.000Z'))).toBeNull();
    const up = (await service.onStatusChange(change('up', 'down', '2026-12-01T02:50:00.000Z')))!;
    await settled(service, up.id, 1);
    expect(box.received).toHaveLength(2);
    const recovery = await simpleParser(box.received[1]!.raw);
    expect(recovery.subject).toBe('[Khôi phục] mạng WAN đã kết nối lại — VKSND huyện Kiến An');
    expect(recovery.text).toContain('Thời gian mất kết nối: 45 phút');
    expect(recovery.text).toContain(`khôi phục cho cảnh báo ${down.id}`);

    // The attempts are on disk: a restarted collector reads them back.
    const reread = new AlertService(dir.path, [], { attempts: 1, unitName: (u) => u, now: () => new Date(), log: () => {} }).load();
    expect(reread.all().map((a) => [a.kind, a.deliveries.map((d) => [d.notifier, d.ok])])).toEqual([
      ['link-down', [['email', true]]],
      ['link-recovered', [['email', true]]],
    ]);
  });

  it('retries a temporary refusal and records each attempt', async () => {
    const box = await smtp(1);
    const service = await open(box.port);
    const down = (await service.onStatusChange(change('down', 'up', '2026-12-01T02:05:00.000Z', 'hp-haian')))!;
    const recorded = await settled(service, down.id, 2);
    expect(recorded.deliveries.map((d) => [d.target, d.ok])).toEqual([
      ['vanphong@vks.example, lanhdao@vks.example', false],
      ['vanphong@vks.example, lanhdao@vks.example', true],
    ]);
    expect(recorded.deliveries[0]!.error).toMatch(/did not take the alert: .*451/);
    expect(box.received).toHaveLength(1);
  });

  it('mails nobody, and records no attempt, for a unit no list covers', async () => {
    const box = await smtp();
    const service = await open(box.port, '  email:\n    units:\n      hp-kienan: [it.kienan@vks.example]\n');
    const other = (await service.onStatusChange(change('down', 'up', '2026-12-01T02:05:00.000Z', 'hp-haian')))!;
    const own = (await service.onStatusChange(change('down', 'up', '2026-12-01T02:06:00.000Z', 'hp-kienan')))!;
    await settled(service, own.id, 1);
    expect(box.received.map((m) => m.to)).toEqual([['it.kienan@vks.example']]);
    expect(service.get(other.id)!.deliveries).toEqual([]);
  });
});

describe('the alerts.email settings', () => {
  it('lists each address once, default list first', () => {
    expect(alertRecipients({ to: ['a@x.example'], units: { hp: ['b@x.example', 'a@x.example'], k: ['c@x.example'] } }, ['k', 'hp'])).toEqual(['a@x.example', 'c@x.example', 'b@x.example']);
  });

  it('stop start-up with the file and the field: no mail server, no recipient, a bad address, an unknown unit', () => {
    expect(() => parseCollectorConfig('alerts:\n  email:\n    to: [vanphong@vks.example]\n', 'collector.yaml')).toThrow(/collector\.yaml.*alerts\.email.*needs a mail server/s);
    expect(() => parseCollectorConfig(configText(25, '  email: {}\n'), 'collector.yaml')).toThrow(/alerts\.email.*names no recipient/s);
    expect(() => parseCollectorConfig(configText(25, '  email:\n    to: [not-an-address]\n'), 'collector.yaml')).toThrow(/alerts\.email\.to\.0.*not an e-mail address/s);
    const config = parseCollectorConfig(configText(25, '  email:\n    units:\n      hp-nowhere: [a@x.example]\n'), 'collector.yaml');
    expect(() => checkAlertUnits(config, new Set(['hp', 'hp-kienan']), 'collector.yaml')).toThrow(ConfigError);
    expect(() => checkAlertUnits(config, new Set(['hp', 'hp-kienan']), 'collector.yaml')).toThrow(/collector\.yaml: field "alerts\.email\.units\.hp-nowhere" names a unit the org file does not have/);
  });
});
