/**
 * The message a scheduled run sends: the subject from the schedule's template, a short body in
 * the document's language (what is attached, as of when, each file's size and SHA-256 so the
 * receiver can check it against the archive), and the archived files as attachments unless
 * together they exceed `maxAttachmentBytes` (then the body gives their archive ids instead).
 */
import type { ArchiveEntry } from '../../schema/index.js';
import { formatterFor } from '../../reports/format.js';
import { labelsFor } from '../../reports/i18n.js';
import type { ScheduleEmail } from '../schedule/config.js';
import type { OutgoingMail } from './transport.js';

/** `{title} — {unit} — {asOf}` with the entry's values; `{asOf}` reads as the language writes days. */
export function renderSubject(template: string, entry: ArchiveEntry, scheduleId: string): string {
  const fmt = formatterFor({ lang: entry.lang, timeZone: 'UTC' });
  const periodWord = entry.period ? labelsFor(entry.lang).periodName[entry.period] : '';
  const values: Record<string, string> = { title: entry.title, unit: entry.unitName, asOf: fmt.day(entry.asOf), period: periodWord, schedule: scheduleId };
  // One line: a subject with a line break would start new headers.
  return template.replace(/\{([a-zA-Z]+)\}/g, (all, key: string) => values[key] ?? all).replace(/[\r\n]+/g, ' ').trim();
}

export function composeMail(opts: {
  email: ScheduleEmail;
  scheduleId: string;
  entries: Array<{ entry: ArchiveEntry; bytes: Uint8Array }>;
  maxAttachmentBytes: number;
}): OutgoingMail {
  const first = opts.entries[0]!.entry;
  const L = labelsFor(first.lang).mail;
  const fmt = formatterFor({ lang: first.lang, timeZone: 'UTC' });
  const total = opts.entries.reduce((n, e) => n + e.entry.sizeBytes, 0);
  const attach = total <= opts.maxAttachmentBytes;
  const lines = opts.entries.map(({ entry }) => `- ${L.file(entry.fileName, entry.sizeBytes, entry.sha256)}${attach ? '' : ` — ${entry.id}`}`);
  return {
    to: opts.email.to,
    cc: opts.email.cc,
    subject: renderSubject(opts.email.subject, first, opts.scheduleId),
    text: [L.intro(first.title, first.unitName, fmt.day(first.asOf)), '', attach ? L.attached : L.notAttached, ...lines, '', L.footer(opts.scheduleId), ''].join('\n'),
    attachments: attach ? opts.entries.map(({ entry, bytes }) => ({ filename: entry.fileName, content: bytes, contentType: entry.contentType })) : [],
  };
}
