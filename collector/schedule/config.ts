/**
 * The `schedules:`, `holidays:` and `mail:` keys of the collector config: documents made on a
 * calendar, archived, and optionally mailed through the office's SMTP server. Validated with
 * the rest of the config at start-up, so a typo names the file and the field before anything
 * runs (docs/schedules.md).
 */
import { z } from 'zod';
import { Day, Lang, ReportFormat, ReportKind, ReportPeriod } from '../../schema/index.js';
import { UnitId } from '../../schema/enrollment.js';

export const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
export const Weekday = z.enum(WEEKDAYS);
export type Weekday = z.infer<typeof Weekday>;

/** The words a subject template may name, each in braces: `{title} — {unit} — {asOf}`. */
export const SUBJECT_FIELDS = ['title', 'unit', 'asOf', 'period', 'schedule'] as const;
export const DEFAULT_SUBJECT = '{title} — {unit} — {asOf}';

export const Address = z.email('is not an e-mail address');

export const ScheduleEmail = z
  .object({
    to: z.array(Address).min(1, 'name at least one recipient').max(50),
    cc: z.array(Address).max(50).default([]),
    subject: z
      .string()
      .min(1)
      .max(300)
      .default(DEFAULT_SUBJECT)
      .superRefine((text, ctx) => {
        for (const m of text.matchAll(/\{([^}]*)\}/g)) {
          if (!(SUBJECT_FIELDS as readonly string[]).includes(m[1]!)) {
            ctx.addIssue({ code: 'custom', message: `names {${m[1]}}, which is not one of ${SUBJECT_FIELDS.map((f) => `{${f}}`).join(', ')}` });
          }
        }
      }),
  })
  .strict();
export type ScheduleEmail = z.infer<typeof ScheduleEmail>;

export const ScheduleId = z.string().regex(/^[a-z][a-z0-9-]{0,63}$/, 'use lowercase letters, digits and dashes (e.g. "tracker-daily")');

export const Schedule = z
  .object({
    id: ScheduleId,
    kind: ReportKind,
    formats: z.array(ReportFormat).min(1, 'list at least one format').max(4),
    /** The unit and its descendants; every unit when left out. */
    unit: UnitId.optional(),
    /** How often: every (working) day, once a week, once a month. Progress reports compare with the previous period. */
    period: ReportPeriod,
    /** Local time of day in the org's time zone, `HH:MM` (24-hour). */
    time: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'write the time of day as HH:MM, e.g. "17:00"'),
    lang: Lang.default('vi'),
    /** Daily schedules: the days of the week they run on (Monday to Friday unless told). */
    weekdays: z.array(Weekday).min(1).max(7).optional(),
    /** Weekly schedules: the day of the week (Friday unless told). */
    weekday: Weekday.optional(),
    /** Monthly schedules: a day of the month (clamped to short months) or the last working day. */
    dayOfMonth: z.union([z.number().int().min(1).max(31), z.literal('last-working-day')]).optional(),
    email: ScheduleEmail.optional(),
  })
  .strict()
  .superRefine((s, ctx) => {
    const misplaced = (key: 'weekdays' | 'weekday' | 'dayOfMonth', period: string) => {
      if (s[key] !== undefined && s.period !== period) {
        ctx.addIssue({ code: 'custom', path: [key], message: `applies to ${period === 'day' ? 'daily' : period === 'week' ? 'weekly' : 'monthly'} schedules only (this one has period "${s.period}")` });
      }
    };
    misplaced('weekdays', 'day');
    misplaced('weekday', 'week');
    misplaced('dayOfMonth', 'month');
    if (new Set(s.formats).size !== s.formats.length) ctx.addIssue({ code: 'custom', path: ['formats'], message: 'lists a format twice' });
  });
export type Schedule = z.infer<typeof Schedule>;

export const Schedules = z
  .array(Schedule)
  .max(200)
  .superRefine((list, ctx) => {
    const seen = new Set<string>();
    list.forEach((s, i) => {
      if (seen.has(s.id)) ctx.addIssue({ code: 'custom', path: [i, 'id'], message: `schedule id "${s.id}" is used twice` });
      seen.add(s.id);
    });
  });

/** Non-working days besides Saturdays and Sundays (Tết, national holidays). */
export const Holidays = z.array(Day).max(1000);

export const MailRetry = z
  .object({
    /** Attempts in all, the first included. */
    attempts: z.number().int().min(1).max(20).default(5),
    /** Wait before the second attempt; doubled after each failure up to `maxDelaySeconds`. */
    delaySeconds: z.number().min(0).max(86_400).default(60),
    maxDelaySeconds: z.number().min(0).max(86_400).default(1800),
  })
  .strict();

export const MailConfig = z
  .object({
    host: z.string().min(1),
    /** Default 587 (STARTTLS), or 465 with `tls: implicit`, or 25 when `insecure`. */
    port: z.number().int().min(1).max(65535).optional(),
    /** `starttls`: plain connection upgraded with STARTTLS, refused if the server does not offer it. `implicit`: TLS from the first byte (port 465). */
    tls: z.enum(['starttls', 'implicit']).default('starttls'),
    /** Send in clear, without TLS. Only for a mail server on the same machine or a lab: a unit's weaknesses must not cross the network in clear. */
    insecure: z.boolean().default(false),
    /** PEM file of the CA that signed the server's certificate (an internal CA), relative to the config file. */
    ca: z.string().min(1).optional(),
    from: z.string().min(3).max(300),
    /** Larger documents are not attached: the message names them in the archive instead. */
    maxAttachmentBytes: z.number().int().min(1024).max(100 * 1024 * 1024).default(10 * 1024 * 1024),
    timeoutSeconds: z.number().min(1).max(600).default(30),
    retry: MailRetry.default(MailRetry.parse({})),
  })
  .strict()
  .superRefine((m, ctx) => {
    if (m.insecure && m.tls === 'implicit') ctx.addIssue({ code: 'custom', path: ['insecure'], message: 'cannot be combined with tls: implicit; leave insecure out to use TLS' });
  });
export type MailConfig = z.infer<typeof MailConfig>;

/** The port a mail config connects to when it names none. */
export const mailPort = (m: MailConfig): number => m.port ?? (m.tls === 'implicit' ? 465 : m.insecure ? 25 : 587);
