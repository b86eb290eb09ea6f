/**
 * Pre-use security scans (rà quét an ninh trước khi đưa vào sử dụng): the security team's
 * verdict on a device, bound to the report it judged and to a fingerprint of the device's
 * security posture then. Kept append-only (docs/scans.md): a correction is a new verdict, an
 * attachment (the signed minutes) and an acceptance by a second person are events of their own.
 */
import { z } from 'zod';
import { Day, Timestamp } from './common.js';
import { RoomId, UnitId } from './enrollment.js';
import { AgentId } from './host-report.js';
import { Role, UserName } from './access.js';

export const ScanVerdict = z.enum(['pass', 'fail', 'conditional']);
export type ScanVerdict = z.infer<typeof ScanVerdict>;

/** The officer's mark on one item of the security sheet (a rule of its categories). */
export const ScanMark = z.enum(['pass', 'fail', 'not_applicable']);
export type ScanMark = z.infer<typeof ScanMark>;

export const ScanId = z.string().regex(/^scan-[a-z0-9]{12}$/, 'a scan id looks like scan-1a2b3c4d5e6f');

const Line = (max: number) => z.string().trim().min(1).max(max);

export const ScanItem = z
  .object({
    /** The rule of the security sheet the mark is about, e.g. `firewall-on`. */
    id: z.string().regex(/^[a-z][a-z0-9-]{0,63}$/, 'name a rule of the security sheet, e.g. "firewall-on"'),
    mark: ScanMark,
    note: z.string().trim().max(1000).default(''),
  })
  .strict();
export type ScanItem = z.infer<typeof ScanItem>;

/** The unit's representative present at the scan. */
export const Representative = z.object({ name: Line(200), title: Line(200) }).strict();
export type Representative = z.infer<typeof Representative>;

/**
 * The security-relevant posture of one report, one value per aspect (rules/posture/aspects.ts):
 * a text, a switch, or a list of names; null where the report could not tell.
 */
export const PostureValue = z.union([z.string().max(512), z.boolean(), z.array(z.string().max(512)).max(512), z.null()]);
export type PostureValue = z.infer<typeof PostureValue>;
export const PostureSnapshot = z.record(z.string().regex(/^[a-z][a-z_.]{0,63}$/), PostureValue);
export type PostureSnapshot = z.infer<typeof PostureSnapshot>;

export const Sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'a SHA-256 is 64 lowercase hex digits');

/** Who recorded or accepted: a user with the security officer role. */
export const ScanActor = z.object({ name: UserName, role: Role }).strict();
export type ScanActor = z.infer<typeof ScanActor>;

/** The verdict itself: one line of the scan log. */
export const ScanRecord = z
  .object({
    kind: z.literal('verdict'),
    id: ScanId,
    hostId: AgentId,
    /** The host's name and place when it was scanned (it may move or be renamed later). */
    hostname: z.string().max(255),
    unit: UnitId,
    room: RoomId.nullable(),
    /** The report the officer judged and when the agent collected it. */
    reportId: z.string().min(1).max(64),
    collectedAt: Timestamp,
    /** The posture of that report, and its SHA-256 (canonical JSON, sorted keys). */
    posture: PostureSnapshot,
    fingerprint: Sha256,
    verdict: ScanVerdict,
    /** For `conditional`: what must be done, and by when. */
    conditions: z.array(Line(500)).max(20),
    dueDate: Day.nullable(),
    items: z.array(ScanItem).max(64),
    note: z.string().max(2000),
    representative: Representative.nullable(),
    officer: ScanActor,
    /** The day of the scan, in the org's time zone (as officers date it on paper). */
    scannedOn: Day,
    recordedAt: Timestamp,
    /** How it was entered. */
    via: z.enum(['api', 'cli', 'sheet', 'dashboard']),
    /** The earlier verdict this one corrects, if any. */
    corrects: ScanId.nullable(),
  })
  .strict();
export type ScanRecord = z.infer<typeof ScanRecord>;

export const AttachmentType = z.enum(['pdf', 'jpeg', 'png']);
export type AttachmentType = z.infer<typeof AttachmentType>;

/** A stored file as every record that carries one names it (scan minutes, an exception's decision): spread into each record's object. */
export const ATTACHMENT_FILE = {
  sha256: Sha256,
  type: AttachmentType,
  bytes: z.number().int().positive(),
  fileName: z.string().max(255),
} as const;

/** The signed minutes (biên bản rà quét) or a photo of them, added to a verdict. */
export const ScanAttachment = z
  .object({
    kind: z.literal('attachment'),
    scanId: ScanId,
    hostId: AgentId,
    ...ATTACHMENT_FILE,
    by: ScanActor,
    at: Timestamp,
  })
  .strict();
export type ScanAttachment = z.infer<typeof ScanAttachment>;

/** A second person's acceptance, when the pack asks for one (`preUseScan.acceptance`). */
export const ScanAcceptance = z
  .object({
    kind: z.literal('acceptance'),
    scanId: ScanId,
    hostId: AgentId,
    by: ScanActor,
    at: Timestamp,
    note: z.string().max(2000),
  })
  .strict();
export type ScanAcceptance = z.infer<typeof ScanAcceptance>;

export const ScanEvent = z.discriminatedUnion('kind', [ScanRecord, ScanAttachment, ScanAcceptance]);
export type ScanEvent = z.infer<typeof ScanEvent>;

/** `POST /api/v1/hosts/:id/scans` (and what `readiness scan record` and the sheet import send). */
export const NewScanRequest = z
  .object({
    verdict: ScanVerdict,
    /** The report judged; the host's latest when left out. */
    reportId: z.string().min(1).max(64).optional(),
    items: z.array(ScanItem).max(64).default([]),
    note: z.string().trim().max(2000).default(''),
    conditions: z.array(Line(500)).max(20).default([]),
    dueDate: Day.optional(),
    representative: Representative.optional(),
    /** Default: today in the org's time zone. */
    scannedOn: Day.optional(),
    corrects: ScanId.optional(),
  })
  .strict();
export type NewScanRequest = z.infer<typeof NewScanRequest>;

export const AcceptScanRequest = z.object({ note: z.string().trim().max(2000).default('') }).strict();

/** A verdict with what was added to it since. */
export interface ScanView extends ScanRecord {
  attachments: Array<Omit<ScanAttachment, 'kind' | 'scanId' | 'hostId'>>;
  acceptance: Omit<ScanAcceptance, 'kind' | 'scanId' | 'hostId'> | null;
}

/** What evaluation needs of one host's scans: small and serialisable (a worker's input). */
export const ScanSummary = z.object({
  id: ScanId,
  verdict: ScanVerdict,
  scannedOn: Day,
  officer: z.string(),
  conditions: z.array(z.string()),
  dueDate: Day.nullable(),
  reportId: z.string(),
  collectedAt: Timestamp,
  posture: PostureSnapshot,
  accepted: z.boolean(),
});
export type ScanSummary = z.infer<typeof ScanSummary>;

export const HostScanInput = z.object({
  /** The latest verdict (by scan day, then by the order recorded). */
  latest: ScanSummary,
  /** The latest accepted one (used when the pack asks for acceptance). */
  latestAccepted: ScanSummary.nullable(),
});
export type HostScanInput = z.infer<typeof HostScanInput>;

/** The posture aspects (rules/posture/aspects.ts, docs/scans.md), each a part of the fingerprint a change can be named in. */
export const PostureAspectId = z.enum([
  'hardware.serial',
  'hardware.disks',
  'network.macs',
  'antivirus.products',
  'antivirus.protection',
  'licensing.windows',
  'licensing.office',
  'security.firewall',
  'security.disk_encryption',
  'security.local_admins',
  'security.remote_access_tools',
  'peripherals.usb_storage',
  'security.signing_tokens',
  'os.build',
]);
export type PostureAspectId = z.infer<typeof PostureAspectId>;

/**
 * One material change of a device's posture: an `item` `added` to or `removed` from a list
 * aspect, a switch turned `off` or `on`, a text `changed` from `before` to `after` (an empty
 * text: none). Said in each language by `postureChangeText` (reports/i18n.ts).
 */
export const PostureChange = z.object({
  aspect: PostureAspectId,
  change: z.enum(['added', 'removed', 'off', 'on', 'changed']),
  item: z.string().nullable(),
  before: z.string().nullable(),
  after: z.string().nullable(),
});
export type PostureChange = z.infer<typeof PostureChange>;

/** A material change since a pre-use scan: the change and the day of the scan it is since. */
export const ScanChange = PostureChange.extend({ since: Day });
export type ScanChange = z.infer<typeof ScanChange>;

/**
 * Where a device stands with its pre-use scan at the evaluated day (rules/scan/standing.ts):
 * `never` scanned, `passed`, `conditional` (before its due date), `failed`, `lapsed` (a
 * conditional verdict past its due date), `expired` (older than the pack allows), `changed`
 * (a material change since the scan), `awaiting_acceptance`.
 */
export const ScanStatus = z.enum(['never', 'passed', 'conditional', 'failed', 'lapsed', 'expired', 'changed', 'awaiting_acceptance']);
export type ScanStatus = z.infer<typeof ScanStatus>;

export const ScanStanding = z.object({
  status: ScanStatus,
  /** The verdict the status is about (the one that counts, or the one awaiting acceptance). */
  scan: z
    .object({
      id: ScanId,
      verdict: ScanVerdict,
      scannedOn: Day,
      officer: z.string(),
      conditions: z.array(z.string()),
      dueDate: Day.nullable(),
      reportId: z.string(),
      accepted: z.boolean(),
    })
    .nullable(),
  /** Material changes since the judged report, structured (`scanChangesText` says them); null when they cannot be told. */
  changes: z.array(ScanChange).nullable(),
  /** Days since the scan. */
  ageDays: z.number().int().nullable(),
});
export type ScanStanding = z.infer<typeof ScanStanding>;

/**
 * What a printed security sheet carries in its hidden columns for one device, so a filled-in
 * sheet can be imported: the report it was printed from and that report's posture (deflated
 * canonical JSON, base64url) with its SHA-256.
 */
export const SheetBinding = z.object({
  reportId: z.string(),
  collectedAt: Timestamp,
  fingerprint: Sha256,
  posture: z.string(),
});
export type SheetBinding = z.infer<typeof SheetBinding>;

/** One row of an imported security sheet: what was recorded, and why not where it was not. */
export interface ScanImportRow {
  /** The row number in the sheet, as Excel shows it. */
  row: number;
  hostId: string | null;
  hostname: string;
  outcome: 'recorded' | 'refused' | 'skipped';
  reason: string | null;
  scanId: string | null;
  verdict: ScanVerdict | null;
}

export interface ScanImportResult {
  sheet: string;
  recorded: number;
  refused: number;
  skipped: number;
  rows: ScanImportRow[];
}

/** One device the security team has to see (`GET /api/v1/scans/queue`, collector/scans/queue.ts). */
export interface ScanQueueItem {
  agentId: string;
  hostname: string;
  unitId: string;
  roomId: string | null;
  /** Why it is in the queue. */
  status: Exclude<ScanStatus, 'passed' | 'conditional'>;
  /** The day its scan falls due (first report + grace), null for a device that never reported. */
  dueOn: string | null;
  overdue: boolean;
  /** The verdict the status is about, if any, and what changed since. */
  scan: ScanStanding['scan'];
  changes: ScanChange[] | null;
}
