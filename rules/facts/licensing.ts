/**
 * Licence facts. The collector judges every licence entry itself, against its own KMS
 * allow-list (`ctx.licensing`, from the collector config), whatever the agent said: a report
 * written offline (`agent run --output` + `readiness import`) carries no verdict on its KMS
 * host, and an agent may have judged with an older allow-list. The notes say in structured
 * form why an entry is not licensed software, with the agent's own verdict as a hint when it
 * differs.
 */
import type { Bilingual, EvidenceNote, LicenseEntry, MissingCause } from '../../schema/index.js';
import { findLicence } from '../licence-verdict.js';
import { defineFacts, NO_KMS_HOSTS } from './types.js';
import type { FactContext } from './types.js';

interface Verdict {
  licensedSoftware: boolean | null;
  /** Why it is not licensed software (or cannot be told), for the evidence. */
  note: Extract<EvidenceNote, { code: 'licence' }>;
}

/** The collector's verdict on one entry, with the agent's when the two disagree. */
function collectorVerdict(entry: LicenseEntry, ctx: FactContext): Verdict {
  const allowList = (ctx.licensing ?? NO_KMS_HOSTS).kmsAllowList;
  const v = findLicence(entry, allowList);
  // Undecided both ways: the agent's reason is the more specific one (no Office sign-in...).
  const bothUndecided = v.licensedSoftware === null && entry.licensedSoftware === null && !!entry.verdictReason;
  const differs = v.licensedSoftware !== entry.licensedSoftware;
  const note: Verdict['note'] = {
    code: 'licence',
    product: entry.product,
    status: entry.status,
    channel: entry.channel,
    kmsHost: entry.kmsHost,
    problem: bothUndecided ? 'undecided' : (v.problem ?? 'undecided'),
    graceDays: v.problem === 'kms_grace_too_long' ? entry.graceRemainingDays : null,
    allowList: v.problem === 'kms_not_allowed' ? [...allowList] : [],
    agent: bothUndecided || differs ? { licensedSoftware: entry.licensedSoftware, reason: entry.verdictReason || null } : null,
  };
  return { licensedSoftware: v.licensedSoftware, note };
}

/** Judged once per host: several facts read the same entries. */
function verdicts(ctx: FactContext): { windows: Verdict | undefined; office: Verdict[] | undefined } {
  const memo = (ctx.memo ??= new Map());
  const cached = memo.get('licensing.verdicts') as ReturnType<typeof verdicts> | undefined;
  if (cached) return cached;
  const licensing = ctx.report?.licensing;
  const result = {
    windows: licensing?.windows ? collectorVerdict(licensing.windows, ctx) : undefined,
    office: licensing?.office.map((e) => collectorVerdict(e, ctx)),
  };
  memo.set('licensing.verdicts', result);
  return result;
}

/** Why a licensed-software fact is missing: the first entry that cannot be decided says. */
function causeOf(list: readonly Verdict[]): MissingCause | undefined {
  const undecided = list.find((v) => v.licensedSoftware === null);
  if (!undecided) return undefined;
  return undecided.note.problem === 'kms_host_unknown' ? 'kms_host_unknown' : 'licence_undecided';
}

const windows = (ctx: FactContext) => ctx.report?.licensing?.windows ?? undefined;

const STATUS_VALUES: Record<LicenseEntry['status'], Bilingual> = {
  licensed: { vi: 'đã kích hoạt', en: 'licensed' },
  grace: { vi: 'đang trong thời gian gia hạn', en: 'in its grace period' },
  notification: { vi: 'chế độ thông báo (chưa kích hoạt)', en: 'notification mode (not activated)' },
  unlicensed: { vi: 'chưa kích hoạt', en: 'unlicensed' },
  unknown: { vi: 'không xác định', en: 'unknown' },
};

const CHANNEL_VALUES: Record<LicenseEntry['channel'], Bilingual> = {
  oem: { vi: 'OEM (kèm máy)', en: 'OEM' },
  retail: { vi: 'bán lẻ', en: 'retail' },
  volume_kms: { vi: 'số lượng lớn qua máy chủ KMS', en: 'volume, KMS' },
  volume_mak: { vi: 'số lượng lớn (MAK)', en: 'volume, MAK' },
  subscription: { vi: 'thuê bao', en: 'subscription' },
  unknown: { vi: 'không xác định', en: 'unknown' },
};

export const licensingFacts = defineFacts([
  {
    name: 'licensing.windows.status',
    type: 'string',
    label: { vi: 'trạng thái bản quyền Windows', en: 'Windows licence status' },
    values: STATUS_VALUES,
    section: 'licensing',
    description: '`licensed`, `grace`, `notification`, `unlicensed` or `unknown` (missing when no Windows licence entry was read).',
    resolve: (ctx) => windows(ctx)?.status,
  },
  {
    name: 'licensing.windows.channel',
    type: 'string',
    label: { vi: 'kênh bản quyền Windows', en: 'Windows licence channel' },
    values: CHANNEL_VALUES,
    section: 'licensing',
    description: '`oem`, `retail`, `volume_kms`, `volume_mak`, `subscription` or `unknown`.',
    resolve: (ctx) => windows(ctx)?.channel,
  },
  {
    name: 'licensing.windows.licensed_software',
    type: 'boolean',
    label: { vi: 'Windows có bản quyền hợp lệ', en: 'Windows is licensed software' },
    section: 'licensing',
    description:
      "The collector's verdict on the reported licence, against its own `licensing.kmsAllowList`: licensed, and when activated by KMS, by an allow-listed host and with no more than 180 days of grace left. The agent's own verdict is only a hint.",
    resolve: (ctx) => verdicts(ctx).windows?.licensedSoftware ?? undefined,
    note: (ctx) => {
      const w = verdicts(ctx).windows;
      return w && w.licensedSoftware !== true ? [w.note] : undefined;
    },
    missing: (ctx) => causeOf(verdicts(ctx).windows ? [verdicts(ctx).windows!] : []),
  },
  {
    name: 'licensing.office.count',
    type: 'number',
    label: { vi: 'số sản phẩm Office', en: 'Office products' },
    section: 'licensing',
    description: 'Office licence entries found (0 when Office is not installed).',
    resolve: (ctx) => ctx.report?.licensing?.office.length,
  },
  {
    name: 'licensing.office.licensed_software',
    type: 'boolean',
    label: { vi: 'Office có bản quyền hợp lệ', en: 'Office is licensed software' },
    section: 'licensing',
    description:
      "True when Office is installed and the collector judges every Office entry licensed software; false when Office is missing or any entry is not; missing when it cannot be decided.",
    resolve: (ctx) => {
      const list = verdicts(ctx).office;
      if (!list) return undefined;
      if (!list.length) return false;
      if (list.some((e) => e.licensedSoftware === false)) return false;
      return list.every((e) => e.licensedSoftware === true) ? true : undefined;
    },
    missing: (ctx) => causeOf(verdicts(ctx).office ?? []),
    note: (ctx) => {
      const list = verdicts(ctx).office;
      if (list && !list.length) return [{ code: 'no_office' }];
      const bad = list?.filter((e) => e.licensedSoftware !== true).map((e) => e.note);
      return bad?.length ? bad : undefined;
    },
  },
  {
    name: 'licensing.office.not_licensed',
    type: 'list',
    label: { vi: 'sản phẩm Office chưa có bản quyền hợp lệ', en: 'Office products not licensed' },
    section: 'licensing',
    description: 'Office products the collector does not judge licensed software (not licensed, or not known to be).',
    resolve: (ctx) => verdicts(ctx).office?.filter((e) => e.licensedSoftware !== true).map((e) => e.note.product),
  },
]);
