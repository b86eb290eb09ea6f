/**
 * Collector configuration: a YAML file validated once at start-up. A bad file stops start-up
 * with a sentence naming the file and the field. Secrets may come from the environment
 * instead (READINESS_ENROLL_SECRET, READINESS_ADMIN_TOKEN) so they stay out of the file.
 */
import { dirname, resolve } from 'node:path';
import { parseYamlText, readYamlText } from '../util/yaml-file.js';
import { valid } from 'semver';
import { z } from 'zod';
import { formatIssues } from '../schema/index.js';
import { AGENT_VERSION } from '../agent/version.js';
import { DEFAULT_RETAIN_DAYS } from './history-store.js';
import { DevicesConfig } from './devices/config.js';
import { StoreConfig } from './store/config.js';
import { ParentConfig, RollupConfig } from './rollup/config.js';
import { Address, Holidays, MailConfig, Schedules } from './schedule/config.js';
import { UnitId } from '../schema/enrollment.js';

const bucket = (burst: number, perMinute: number) =>
  z
    .object({
      /** Requests that may come at once before the limit starts. */
      burst: z.number().int().min(1).max(1_000_000).default(burst),
      /** Requests allowed per minute once the burst is spent. */
      perMinute: z.number().min(0.1).max(1_000_000).default(perMinute),
    })
    .strict()
    .default({ burst, perMinute });

export const CollectorConfig = z
  .object({
    host: z.string().min(1).default('127.0.0.1'),
    port: z.number().int().min(0).max(65535).default(8080),
    dataDir: z.string().min(1).default('./data'),
    /** Where hosts and reports are kept: the embedded file store under dataDir, or PostgreSQL (docs/storage.md). */
    store: StoreConfig.default({ kind: 'file' }),
    /** Agents present this to enroll. At least 16 characters: it guards the whole fleet. */
    enrollSecret: z.string().min(16, 'must be at least 16 characters').optional(),
    /**
     * The bootstrap admin token: it serves the first start and stops working once an admin
     * user exists, unless `keepAdminToken` says otherwise (docs/access.md).
     */
    adminToken: z.string().min(16, 'must be at least 16 characters').optional(),
    /** Keep the bootstrap token working beside admin users, on purpose (automation); said at every start. */
    keepAdminToken: z.boolean().default(false),
    /** Per-unit enrollment secrets only: refuse the global enroll secret (docs/access.md). */
    globalEnrollSecret: z.boolean().default(true),
    /** Serve HTTPS with these PEM files (relative to this file); cookies are then `Secure`. */
    tls: z.object({ cert: z.string().min(1), key: z.string().min(1) }).strict().optional(),
    sessions: z
      .object({
        /** A browser session ends after this long without a request. */
        idleMinutes: z.number().int().min(1).max(1440).default(30),
        /** And after this long in all, however busy. */
        maxHours: z.number().int().min(1).max(168).default(12),
      })
      .strict()
      .default({ idleMinutes: 30, maxHours: 12 }),
    /** Largest accepted report body. */
    maxReportBytes: z.number().int().min(1024).default(1024 * 1024),
    agent: z
      .object({
        /** How often agents report, unless their unit says otherwise. */
        intervalSeconds: z.number().int().min(10).max(86400).default(3600),
        probeCount: z.number().int().min(1).max(100).default(10),
        /**
         * How often agents send a light probe-only report between full ones (docs/availability.md):
         * the collector's LAN/WAN status follows within two of these. 0 turns them off.
         */
        probeIntervalSeconds: z.union([z.literal(0), z.number().int().min(2).max(86400)]).default(300),
        /**
         * The agent version hosts should run (docs/deploy.md, "Upgrading"); older ones fail the
         * `agent-current` rule. Absent: this collector's own version.
         */
        expectedVersion: z
          .string()
          .refine((v) => valid(v) !== null, 'must be a version number such as "0.2.0"')
          .optional(),
      })
      .strict()
      .default({ intervalSeconds: 3600, probeCount: 10, probeIntervalSeconds: 300 }),
    licensing: z
      .object({
        /** The organisation's own KMS hosts; any other KMS host is a pirate activation. */
        kmsAllowList: z.array(z.string().min(1)).default([]),
      })
      .strict()
      .default({ kmsAllowList: [] }),
    /**
     * Where alerts go (docs/availability.md): webhooks get a JSON POST per alert; e-mail goes
     * through the `mail:` server (the reporting cycle's) to `email.to` (every alert) and to the
     * lists `email.units` gives the alert's unit and the units above it.
     */
    alerts: z
      .object({
        webhooks: z
          .array(
            z
              .object({
                url: z.url({ protocol: /^https?$/ }),
                /** Sent as `Authorization: Bearer <token>` when given. */
                token: z.string().min(16).optional(),
              })
              .strict(),
          )
          .max(16)
          .default([]),
        email: z
          .object({
            /** Told of every alert of every unit (Văn phòng, the NOC). */
            to: z.array(Address).max(50).default([]),
            /** A unit's own recipients, told of its alerts and those of the units below it. */
            units: z.record(UnitId, z.array(Address).min(1, 'name at least one recipient').max(50)).default({}),
          })
          .strict()
          .refine((e) => e.to.length > 0 || Object.keys(e.units).length > 0, 'names no recipient: give to: or units:, or leave email out')
          .optional(),
        /** Attempts per delivery (the first included), 1 s, 5 s, 30 s... apart. */
        attempts: z.number().int().min(1).max(10).default(4),
        /** How often deadlines (at risk, overdue) and exceptions (expired) are checked for alerts, on the evaluation worker. */
        watchMinutes: z.number().int().min(1).max(1440).default(60),
      })
      .strict()
      .default({ webhooks: [], attempts: 4, watchMinutes: 60 }),
    /** The org file (YAML); without one, units are those agents enrolled into (docs/org.md). */
    org: z.string().min(1).optional(),
    /** Rule packs (YAML), in order; the built-in default pack when absent (docs/rules.md). */
    rulePacks: z.array(z.string().min(1)).min(1, 'list at least one rule pack, or leave rulePacks out for the default pack').optional(),
    scans: z
      .object({
        /** Largest attachment (the signed minutes as a PDF or photo) accepted with a verdict. */
        maxAttachmentBytes: z.number().int().min(64 * 1024).max(100 * 1024 * 1024).default(10 * 1024 * 1024),
        /** Largest filled-in XLSX security sheet accepted by the import (it may unpack to 16 times this). */
        maxSheetBytes: z.number().int().min(64 * 1024).max(100 * 1024 * 1024).default(10 * 1024 * 1024),
      })
      .strict()
      .default({ maxAttachmentBytes: 10 * 1024 * 1024, maxSheetBytes: 10 * 1024 * 1024 }),
    exceptions: z
      .object({
        /** Largest attachment (the approving decision as a PDF or photo) accepted on an exception. */
        maxAttachmentBytes: z.number().int().min(64 * 1024).max(100 * 1024 * 1024).default(10 * 1024 * 1024),
      })
      .strict()
      .default({ maxAttachmentBytes: 10 * 1024 * 1024 }),
    history: z
      .object({
        /** Days of daily history kept: at least a month back plus today, for month-on-month progress. */
        retainDays: z.number().int().min(32).max(3650).default(DEFAULT_RETAIN_DAYS),
        /** How often today's snapshot is rewritten while the collector runs. */
        snapshotMinutes: z.number().int().min(1).max(1440).default(60),
      })
      .strict()
      .default({ retainDays: DEFAULT_RETAIN_DAYS, snapshotMinutes: 60 }),
    dashboard: z
      .object({
        /** How long the web pages reuse an evaluation before computing it again (0: every page computes it). */
        cacheSeconds: z.number().int().min(0).max(3600).default(60),
      })
      .strict()
      .default({ cacheSeconds: 60 }),
    /** Rate limits (collector/limits.ts, docs/architecture.md): 429 with Retry-After past them. */
    limits: z
      .object({
        /**
         * Per source address: every refused credential (wrong enroll secret, unknown agent key,
         * wrong personal or bootstrap token, wrong password).
         */
        failedCredentials: bucket(30, 10),
        /** Per account name, from any address: wrong passwords. */
        failedLogins: bucket(10, 5),
        /** Per source address: a unit's 300 PCs behind one NAT enroll within a minute. */
        enrollments: bucket(500, 100),
        /** Per agent: a spool of a week's hourly reports flushes in a few minutes. */
        reports: bucket(60, 30),
      })
      .strict()
      .default({
        failedCredentials: { burst: 30, perMinute: 10 },
        failedLogins: { burst: 10, perMinute: 5 },
        enrollments: { burst: 500, perMinute: 100 },
        reports: { burst: 60, perMinute: 30 },
      }),
    /** The HTTP server's timeouts and connection cap (docs/architecture.md). */
    server: z
      .object({
        /** A client must send its request headers within this. */
        headersTimeoutMs: z.number().int().min(1000).max(600_000).default(10_000),
        /** A client must send its whole request (a 1 MiB report over a slow WAN) within this. */
        requestTimeoutMs: z.number().int().min(1000).max(3_600_000).default(120_000),
        /** A connection with no traffic at all for this long is closed. */
        idleTimeoutMs: z.number().int().min(1000).max(3_600_000).default(60_000),
        /** How long a kept-alive connection waits for its next request. */
        keepAliveTimeoutMs: z.number().int().min(100).max(600_000).default(5_000),
        /** Open connections at most; more are refused until one closes. */
        maxConnections: z.number().int().min(16).max(1_000_000).default(2048),
      })
      .strict()
      .default({ headersTimeoutMs: 10_000, requestTimeoutMs: 120_000, idleTimeoutMs: 60_000, keepAliveTimeoutMs: 5_000, maxConnections: 2048 }),
    /** Readiness documents and evaluations, made off the request thread (docs/architecture.md). */
    documents: z
      .object({
        /** Jobs running or waiting at once; more get 503 with Retry-After. */
        maxJobs: z.number().int().min(1).max(64).default(4),
      })
      .strict()
      .default({ maxJobs: 4 }),
    /** Scanning the org file's devices without agents (docs/devices.md). */
    devices: DevicesConfig.default(DevicesConfig.parse({})),
    /** The parent collector this one sends its units' figures to (docs/rollup.md). */
    parent: ParentConfig.optional(),
    /** As a parent: how its children's figures count (docs/rollup.md). */
    rollup: RollupConfig.default(RollupConfig.parse({})),
    /** Documents made on a calendar, archived and optionally mailed (docs/schedules.md). */
    schedules: Schedules.default([]),
    /** Non-working days besides weekends, for daily and last-working-day schedules. */
    holidays: Holidays.default([]),
    /** The office's SMTP server for scheduled documents; credentials come from `secretsFile`. */
    mail: MailConfig.optional(),
    /** Operator secrets (YAML, mode 0600): the SMTP user and password; relative to this file. */
    secretsFile: z.string().min(1).optional(),
  })
  .strict()
  .superRefine((config, ctx) => {
    if (config.alerts.email && !config.mail) {
      ctx.addIssue({ code: 'custom', path: ['alerts', 'email'], message: 'needs a mail server: add a mail: section (host, from) to the config' });
    }
    config.schedules.forEach((s, i) => {
      if (s.email && !config.mail) {
        ctx.addIssue({ code: 'custom', path: ['schedules', i, 'email'], message: 'needs a mail server: add a mail: section (host, from) to the config' });
      }
    });
  });
export type CollectorConfig = z.infer<typeof CollectorConfig>;

/** The agent version this collector asks for (`agent.expectedVersion`, else its own version). */
export const expectedAgentVersion = (config: CollectorConfig): string => config.agent.expectedVersion ?? AGENT_VERSION;

export class ConfigError extends Error {}
const configError = (message: string) => new ConfigError(message);

/** Parses and validates config text; `file` is named in every error. */
export function parseCollectorConfig(text: string, file: string): CollectorConfig {
  // An empty config file means every default.
  const raw = parseYamlText(text, file, configError) ?? {};
  const parsed = CollectorConfig.safeParse(raw);
  if (!parsed.success) {
    const list = formatIssues(parsed.error).map((i) => `field "${i.path}" ${i.message}`);
    throw new ConfigError(`${file} is not a valid collector config: ${list.join('; ')}`);
  }
  // Files the config names are found beside it, wherever the collector is started from.
  const base = dirname(resolve(file));
  const config = parsed.data;
  if (config.org) config.org = resolve(base, config.org);
  if (config.rulePacks) config.rulePacks = config.rulePacks.map((p) => resolve(base, p));
  if (config.mail?.ca) config.mail.ca = resolve(base, config.mail.ca);
  if (config.secretsFile) config.secretsFile = resolve(base, config.secretsFile);
  if (config.tls) config.tls = { cert: resolve(base, config.tls.cert), key: resolve(base, config.tls.key) };
  if (config.devices.secretsFile) config.devices.secretsFile = resolve(base, config.devices.secretsFile);
  return config;
}

export async function loadCollectorConfig(file: string | undefined): Promise<CollectorConfig> {
  if (!file) return CollectorConfig.parse({});
  return parseCollectorConfig(await readYamlText(file, 'collector config', configError), file);
}
