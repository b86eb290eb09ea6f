/**
 * Licence facts. The agent decides `licensedSoftware` per entry (a KMS activation from a host
 * not on the allow-list is not licensed software); these facts read that verdict, and the
 * notes say in structured form why an entry is not licensed software.
 */
import { defineFacts } from './types.js';
import type { FactContext } from './types.js';
import type { Bilingual, EvidenceNote, LicenceProblem, LicenseEntry } from '../../schema/index.js';

const windows = (ctx: FactContext) => ctx.report?.licensing?.windows ?? undefined;
const office = (ctx: FactContext) => ctx.report?.licensing?.office;

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

/** Why an entry is not licensed software, from its recorded state rather than the agent's sentence. */
function problemOf(e: LicenseEntry): LicenceProblem {
  if (e.status !== 'licensed') return 'not_activated';
  if (e.channel === 'volume_kms' && !e.kmsHost && e.licensedSoftware !== false) return 'kms_host_unknown';
  if (e.licensedSoftware === false) return e.channel === 'volume_kms' ? 'kms_not_allowed' : 'judged_unlicensed';
  return 'undecided';
}

export function licenceNote(e: LicenseEntry): EvidenceNote {
  return { code: 'licence', product: e.product, status: e.status, channel: e.channel, kmsHost: e.kmsHost, problem: problemOf(e) };
}

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
    description: "The agent's verdict: licensed, and not activated by a KMS host outside the allow-list.",
    resolve: (ctx) => windows(ctx)?.licensedSoftware ?? undefined,
    note: (ctx) => {
      const w = windows(ctx);
      return w && w.licensedSoftware !== true ? [licenceNote(w)] : undefined;
    },
  },
  {
    name: 'licensing.office.count',
    type: 'number',
    label: { vi: 'số sản phẩm Office', en: 'Office products' },
    section: 'licensing',
    description: 'Office licence entries found (0 when Office is not installed).',
    resolve: (ctx) => office(ctx)?.length,
  },
  {
    name: 'licensing.office.licensed_software',
    type: 'boolean',
    label: { vi: 'Office có bản quyền hợp lệ', en: 'Office is licensed software' },
    section: 'licensing',
    description:
      'True when Office is installed and every Office entry is licensed software; false when Office is missing or any entry is not; missing when the agent could not decide.',
    resolve: (ctx) => {
      const list = office(ctx);
      if (!list) return undefined;
      if (!list.length) return false;
      if (list.some((e) => e.licensedSoftware === false)) return false;
      return list.every((e) => e.licensedSoftware === true) ? true : undefined;
    },
    note: (ctx) => {
      const list = office(ctx);
      if (list && !list.length) return [{ code: 'no_office' }];
      const bad = list?.filter((e) => e.licensedSoftware !== true).map(licenceNote);
      return bad?.length ? bad : undefined;
    },
  },
  {
    name: 'licensing.office.not_licensed',
    type: 'list',
    label: { vi: 'sản phẩm Office chưa có bản quyền hợp lệ', en: 'Office products not licensed' },
    section: 'licensing',
    description: 'Office products whose licence is not (or not known to be) licensed software.',
    resolve: (ctx) => office(ctx)?.filter((e) => e.licensedSoftware !== true).map((e) => e.product),
  },
]);
