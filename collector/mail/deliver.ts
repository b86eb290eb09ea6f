/**
 * Delivers a scheduled run's documents by e-mail, retrying with backoff: the first attempt at
 * once, then after `delaySeconds`, doubled each time up to `maxDelaySeconds`, `attempts` in
 * all. Every attempt's outcome is written to the run's delivery record beside the archived
 * documents before the next one starts, so `archive list` shows it and a collector restarted
 * between attempts resumes where it stopped. A failed delivery never touches the documents.
 */
import type { DeliveryRecord } from '../../schema/index.js';
import type { ArchiveStore } from '../archive/store.js';
import type { MailConfig, ScheduleEmail } from '../schedule/config.js';
import { composeMail } from './compose.js';
import type { Mailer } from './transport.js';

export interface DeliveryClock {
  now(): Date;
  sleep(ms: number): Promise<void>;
}

/** The wait before attempt `n + 1` (n attempts made so far, n ≥ 1). */
export const backoffMs = (retry: MailConfig['retry'], attemptsMade: number): number =>
  Math.min(retry.delaySeconds * 2 ** (attemptsMade - 1), retry.maxDelaySeconds) * 1000;

/** What to do about the errors an operator meets, by nodemailer's code. */
const HINTS: Record<string, string> = {
  ETLS: 'the server would not start TLS, which the config requires; fix its TLS, or set insecure: true only for a mail server on this machine',
  EAUTH: 'the server refused the login; check smtp.user and smtp.password in the secrets file',
  ECONNREFUSED: 'nothing accepts connections at mail.host and mail.port',
  ECONNECTION: 'the connection to the mail server failed',
  ETIMEDOUT: 'the mail server did not answer in time',
};

/** One sentence from an SMTP error: nodemailer's code and message (the server's answer if any), then what to do. */
export function describeMailError(err: unknown): string {
  const e = err as { code?: string; message?: string; response?: string };
  const said = [e.code, e.response ?? e.message].filter(Boolean).join(': ');
  // nodemailer reports a refused connection as ESOCKET or ECONNECTION with the errno in the text.
  const code = said.includes('ECONNREFUSED') ? 'ECONNREFUSED' : e.code;
  const hint = /certificate|self[- ]signed|unable to verify/i.test(said) ? "the server's certificate could not be verified; give its CA in mail.ca" : code ? HINTS[code] : undefined;
  return `${said || 'unknown error'}${hint ? ` (${hint})` : ''}`.replace(/\s+/g, ' ').slice(0, 500);
}

export async function deliverRun(opts: {
  record: DeliveryRecord;
  email: ScheduleEmail;
  mail: MailConfig;
  mailer: Mailer;
  archive: ArchiveStore;
  clock: DeliveryClock;
  log: (line: string) => void;
  /** Stops between attempts (collector shutting down); the record stays pending for the next start. */
  stopped?: () => boolean;
}): Promise<DeliveryRecord> {
  let record = opts.record;
  const entries = [];
  for (const id of record.entryIds) {
    const entry = await opts.archive.get(id);
    if (!entry) throw new Error(`archive entry ${id} of run ${record.runId} is missing; the delivery cannot be made`);
    entries.push({ entry, bytes: await opts.archive.read(entry) });
  }
  const message = composeMail({ email: opts.email, scheduleId: record.scheduleId, entries, maxAttachmentBytes: opts.mail.maxAttachmentBytes });
  while (record.status === 'pending') {
    if (record.nextAttemptAt) {
      const wait = Date.parse(record.nextAttemptAt) - opts.clock.now().getTime();
      if (wait > 0) await opts.clock.sleep(wait);
      if (opts.stopped?.()) return record;
    }
    const at = opts.clock.now().toISOString();
    try {
      const sent = await opts.mailer.send(message);
      const rejected = sent.rejected.length ? `; refused for ${sent.rejected.join(', ')}` : '';
      record = { ...record, status: 'sent', nextAttemptAt: null, attempts: [...record.attempts, { at, outcome: 'sent', message: `${sent.response || 'accepted'}${rejected}` }] };
      opts.log(`schedule ${record.scheduleId}: mailed run ${record.runId} to ${[...record.to, ...record.cc].join(', ')} (${sent.response})`);
    } catch (err) {
      const attempts = [...record.attempts, { at, outcome: 'failed' as const, message: describeMailError(err) }];
      const last = attempts.length >= opts.mail.retry.attempts;
      const next = last ? null : new Date(opts.clock.now().getTime() + backoffMs(opts.mail.retry, attempts.length)).toISOString();
      record = { ...record, status: last ? 'failed' : 'pending', nextAttemptAt: next, attempts };
      opts.log(
        `schedule ${record.scheduleId}: ${last ? 'warning: gave up mailing' : 'could not mail'} run ${record.runId} (attempt ${attempts.length} of ${opts.mail.retry.attempts}: ${attempts.at(-1)!.message})${last ? '; the documents stay in the archive' : `; next attempt at ${next}`}`,
      );
    }
    await opts.archive.writeDelivery(record);
  }
  return record;
}
