/**
 * E-mail delivery for real: a scheduled run mailed to an SMTP server (the `smtp-server`
 * package) listening on loopback, with STARTTLS on a certificate made by openssl and the login
 * from a 0600 secrets file; the message and its attachment read back with mailparser. A server
 * that is down is retried with backoff, then recorded as failed, the document still archived;
 * a temporary refusal is retried and then sent; a server without STARTTLS is refused unless
 * the config says `insecure: true`.
 */
import { execFileSync } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import type { SMTPServerOptions } from 'smtp-server';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sha256 } from '../../collector/archive/store.js';
import { ConfigError } from '../../collector/config.js';
import { loadOperatorSecrets } from '../../collector/operator-secrets.js';
import type { Scheduler } from '../../collector/schedule/scheduler.js';
import { zonedInstant } from '../../collector/schedule/calendar.js';
import { systemRequirement } from '../helpers/system.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { scheduleFixture } from '../helpers/schedule-fixture.js';

const req = systemRequirement({ commands: ['openssl'], install: 'apt-get install openssl' });
const START = zonedInstant('2026-12-04', '08:00', 'Asia/Ho_Chi_Minh');
/** Mail backoff waits in real time. */
const REAL = { realTimers: true };

let dir: Awaited<ReturnType<typeof makeTempDir>>;
let tls: { key: string; cert: string; certFile: string };
let servers: SMTPServer[] = [];
let scheduler: Scheduler | undefined;

beforeAll(async () => {
  if (!req.ok) return;
  const certDir = await makeTempDir('readiness-smtp-cert-');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost', '-keyout', join(certDir.path, 'key.pem'), '-out', join(certDir.path, 'cert.pem')], { stdio: 'ignore' });
  tls = { key: await readFile(join(certDir.path, 'key.pem'), 'utf8'), cert: await readFile(join(certDir.path, 'cert.pem'), 'utf8'), certFile: join(certDir.path, 'cert.pem') };
});
beforeEach(async () => {
  dir = await makeTempDir('readiness-mail-');
});
afterEach(async () => {
  await scheduler?.close();
  scheduler = undefined;
  for (const s of servers) await new Promise((ok) => s.close(() => ok(undefined)));
  servers = [];
  await dir.remove();
});

interface Received {
  raw: Buffer;
  from: string | undefined;
  to: string[];
  user: string | undefined;
  secure: boolean;
}

/** An SMTP server on a free loopback port keeping every message it accepts. */
async function smtpServer(options: Partial<SMTPServerOptions>, refuseFirst = 0): Promise<{ port: number; received: Received[] }> {
  const received: Received[] = [];
  let refusals = refuseFirst;
  const server = new SMTPServer({
    logger: false,
    ...options,
    onAuth(auth, _session, cb) {
      if (auth.username === 'vanphong' && auth.password === 'mat-khau-thu-nghiem') cb(null, { user: 'vanphong' });
      else cb(new Error('535 authentication failed'));
    },
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        if (refusals > 0) {
          refusals--;
          const err = new Error('mailbox busy, try later') as Error & { responseCode: number };
          err.responseCode = 451;
          return cb(err);
        }
        received.push({
          raw: Buffer.concat(chunks),
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : undefined,
          to: session.envelope.rcptTo.map((r) => r.address),
          user: session.user as string | undefined,
          secure: session.secure,
        });
        cb();
      });
    },
  });
  servers.push(server);
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', () => ok()));
  return { port: (server.server.address() as AddressInfo).port, received };
}

const schedule = { id: 'tracker-weekly', kind: 'tracker', formats: ['xlsx'], unit: 'hp', period: 'week', time: '16:30', email: { to: ['chanh.vanphong@vks.example'], cc: ['lanh.dao@vks.example'], subject: '[{schedule}] {title} — {unit} — {asOf}' } };
const mailConfig = (port: number, extra: Record<string, unknown> = {}) => ({
  host: '127.0.0.1',
  port,
  from: 'Văn phòng VKSND <vanphong@vks.example>',
  retry: { attempts: 3, delaySeconds: 0.05, maxDelaySeconds: 0.2 },
  timeoutSeconds: 5,
  ...extra,
});
async function secretsFile(mode = 0o600): Promise<string> {
  const file = join(dir.path, 'secrets.yaml');
  await writeFile(file, 'smtp:\n  user: vanphong\n  password: mat-khau-thu-nghiem\n', { mode });
  return file;
}

describe.skipIf(!req.ok)('e-mail delivery to a real SMTP server on loopback', () => {
  it('sends over STARTTLS with the login from the secrets file; the attachment is the archived document', async () => {
    const smtp = await smtpServer({ key: tls.key, cert: tls.cert });
    const f = await scheduleFixture(dir.path, START, { schedules: [schedule], mail: mailConfig(smtp.port, { ca: tls.certFile }), secretsFile: await secretsFile() }, REAL);
    scheduler = await f.open();
    const outcome = await scheduler.runNow('tracker-weekly');
    const delivery = await outcome.delivery!;
    expect(delivery.status).toBe('sent');
    expect(delivery.attempts).toEqual([{ at: expect.any(String), outcome: 'sent', message: expect.stringMatching(/^250/) }]);

    expect(smtp.received).toHaveLength(1);
    const got = smtp.received[0]!;
    expect({ secure: got.secure, user: got.user, from: got.from, to: got.to }).toEqual({ secure: true, user: 'vanphong', from: 'vanphong@vks.example', to: ['chanh.vanphong@vks.example', 'lanh.dao@vks.example'] });
    const mail = await simpleParser(got.raw);
    expect(mail.subject).toBe('[tracker-weekly] Theo dõi tiến độ hoàn thành mạng LAN/WAN — VKSND thành phố Hải Phòng — 04/12/2026');
    expect(mail.text).toContain('số liệu tính đến ngày 04/12/2026');
    const entry = outcome.entries[0]!;
    expect(mail.text).toContain(entry.sha256);
    expect(mail.attachments.map((a) => [a.filename, a.contentType, sha256(a.content)])).toEqual([[entry.fileName, entry.contentType, entry.sha256]]);

    // The outcome is kept beside the archived document and listed with it.
    const listed = await f.archive.list();
    expect(listed.map((e) => [e.id, e.delivery?.status, e.delivery?.attempts.length])).toEqual([[entry.id, 'sent', 1]]);
  });

  it('refuses a server that does not offer STARTTLS: TLS is required unless insecure: true', async () => {
    const smtp = await smtpServer({ hideSTARTTLS: true, disabledCommands: ['STARTTLS'], authOptional: true });
    const f = await scheduleFixture(dir.path, START, { schedules: [schedule], mail: mailConfig(smtp.port) }, REAL);
    scheduler = await f.open();
    const outcome = await scheduler.runNow('tracker-weekly');
    const delivery = await outcome.delivery!;
    expect(delivery.status).toBe('failed');
    // nodemailer insists on STARTTLS (requireTLS) and the server refuses the command.
    expect(delivery.attempts.map((a) => `${a.outcome}: ${a.message}`)).toEqual(
      Array(3).fill('failed: ETLS: 500 Error: command not recognized (the server would not start TLS, which the config requires; fix its TLS, or set insecure: true only for a mail server on this machine)'),
    );
    expect(smtp.received).toHaveLength(0);

    const plain = await scheduleFixture(join(dir.path, 'plain'), START, { schedules: [schedule], mail: mailConfig(smtp.port, { insecure: true }) }, REAL);
    await scheduler.close();
    scheduler = await plain.open();
    expect(plain.log.join('\n')).toContain('mail.insecure is true: scheduled documents go to 127.0.0.1');
    expect((await (await scheduler.runNow('tracker-weekly')).delivery!).status).toBe('sent');
    expect(smtp.received.map((r) => r.secure)).toEqual([false]);
  });

  it('retries a server that is down with backoff, then records the failure; the document stays archived', async () => {
    const closed = await smtpServer({ authOptional: true });
    const port = closed.port;
    await new Promise((ok) => servers.pop()!.close(() => ok(undefined)));
    const f = await scheduleFixture(dir.path, START, { schedules: [schedule], mail: mailConfig(port, { insecure: true }) }, REAL);
    scheduler = await f.open();
    const outcome = await scheduler.runNow('tracker-weekly');
    const delivery = await outcome.delivery!;
    expect(delivery.status).toBe('failed');
    expect(delivery.attempts.map((a) => a.outcome)).toEqual(['failed', 'failed', 'failed']);
    expect(delivery.attempts[0]!.message).toMatch(/ECONNREFUSED.*\(nothing accepts connections at mail.host and mail.port\)$/);
    const gaps = delivery.attempts.slice(1).map((a, i) => Date.parse(a.at) - Date.parse(delivery.attempts[i]!.at));
    expect(gaps[0]!).toBeGreaterThanOrEqual(45);
    expect(gaps[1]!).toBeGreaterThanOrEqual(95);
    expect(f.log.some((l) => l.includes('gave up mailing') && l.includes('the documents stay in the archive'))).toBe(true);

    const [entry] = await f.archive.list();
    expect(entry).toMatchObject({ id: outcome.entries[0]!.id, delivery: { status: 'failed' } });
    expect(sha256(await f.archive.read(entry!))).toBe(entry!.sha256);
  });

  it('retries after a temporary refusal and then sends', async () => {
    const smtp = await smtpServer({ hideSTARTTLS: true, authOptional: true }, 1);
    const f = await scheduleFixture(dir.path, START, { schedules: [schedule], mail: mailConfig(smtp.port, { insecure: true }) }, REAL);
    scheduler = await f.open();
    const delivery = await (await scheduler.runNow('tracker-weekly')).delivery!;
    expect(delivery.attempts.map((a) => a.outcome)).toEqual(['failed', 'sent']);
    expect(delivery.attempts[0]!.message).toContain('451');
    expect(smtp.received).toHaveLength(1);
  });
});

describe('the secrets file', () => {
  it('is refused when other users can read it', async () => {
    const file = await secretsFile(0o644);
    await expect(loadOperatorSecrets(file)).rejects.toThrow(ConfigError);
    await expect(loadOperatorSecrets(file)).rejects.toThrow(`the secrets file ${file} can be read by other users (mode 644); run chmod 600 ${file}`);
  });

  it('never echoes a value in its errors', async () => {
    const file = join(dir.path, 'bad.yaml');
    await writeFile(file, 'smtp:\n  user: vanphong\n  password: 12345678\n', { mode: 0o600 });
    const err = (await loadOperatorSecrets(file).catch((e: Error) => e)) as Error;
    expect(err.message).toContain('field "smtp.password"');
    expect(err.message).not.toContain('12345678');
  });
});
