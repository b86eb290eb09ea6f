/**
 * Licence facts. The collector judges every licence entry itself, against its own KMS
 * allow-list (`ctx.licensing`, from the collector config), whatever the agent said: a report
 * written offline (`agent run --output` + `readiness import`) carries no verdict on its KMS
 * host, and an agent may have judged with an older allow-list. The agent's own verdict is kept
 * as a hint in the evidence when it differs.
 */
import type { LicenseEntry } from '../../schema/index.js';
import { judgeLicence } from '../licence-verdict.js';
import { defineFacts, NO_KMS_HOSTS } from './types.js';
import type { FactContext } from './types.js';

interface Verdict {
  product: string;
  licensedSoftware: boolean | null;
  reason: string;
}

const said = (v: boolean | null) => (v === true ? 'licensed software' : v === false ? 'not licensed software' : 'undecided');

/** The collector's verdict on one entry, with the agent's when the two disagree. */
function collectorVerdict(entry: LicenseEntry, ctx: FactContext): Verdict {
  const v = judgeLicence(entry, (ctx.licensing ?? NO_KMS_HOSTS).kmsAllowList);
  // Undecided both ways: the agent's sentence is the more specific one (no Office sign-in...).
  if (v.licensedSoftware === null && entry.licensedSoftware === null && entry.verdictReason) {
    return { product: entry.product, licensedSoftware: null, reason: entry.verdictReason };
  }
  const hint = v.licensedSoftware === entry.licensedSoftware ? '' : ` (the agent said: ${said(entry.licensedSoftware)}${entry.verdictReason ? `, ${entry.verdictReason}` : ''})`;
  return { product: entry.product, licensedSoftware: v.licensedSoftware, reason: v.verdictReason + hint };
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

const windows = (ctx: FactContext) => ctx.report?.licensing?.windows ?? undefined;

export const licensingFacts = defineFacts([
  {
    name: 'licensing.windows.status',
    type: 'string',
    label: 'Windows licence status',
    section: 'licensing',
    description: '`licensed`, `grace`, `notification`, `unlicensed` or `unknown` (missing when no Windows licence entry was read).',
    resolve: (ctx) => windows(ctx)?.status,
  },
  {
    name: 'licensing.windows.channel',
    type: 'string',
    label: 'Windows licence channel',
    section: 'licensing',
    description: '`oem`, `retail`, `volume_kms`, `volume_mak`, `subscription` or `unknown`.',
    resolve: (ctx) => windows(ctx)?.channel,
  },
  {
    name: 'licensing.windows.licensed_software',
    type: 'boolean',
    label: 'Windows is licensed software',
    section: 'licensing',
    description:
      "The collector's verdict on the reported licence, against its own `licensing.kmsAllowList`: licensed, and when activated by KMS, by an allow-listed host and with no more than 180 days of grace left. The agent's own verdict is only a hint.",
    resolve: (ctx) => verdicts(ctx).windows?.licensedSoftware ?? undefined,
    note: (ctx) => verdicts(ctx).windows?.reason || undefined,
  },
  {
    name: 'licensing.office.count',
    type: 'number',
    label: 'Office products',
    section: 'licensing',
    description: 'Office licence entries found (0 when Office is not installed).',
    resolve: (ctx) => ctx.report?.licensing?.office.length,
  },
  {
    name: 'licensing.office.licensed_software',
    type: 'boolean',
    label: 'Office is licensed software',
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
    note: (ctx) => {
      const list = verdicts(ctx).office;
      if (list && !list.length) return 'no Office licence found';
      const bad = list?.filter((e) => e.licensedSoftware !== true).map((e) => `${e.product}: ${e.reason}`);
      return bad?.length ? bad.join('; ') : undefined;
    },
  },
  {
    name: 'licensing.office.not_licensed',
    type: 'list',
    label: 'Office products not licensed',
    section: 'licensing',
    description: 'Office products the collector does not judge licensed software (not licensed, or not known to be).',
    resolve: (ctx) => verdicts(ctx).office?.filter((e) => e.licensedSoftware !== true).map((e) => e.product),
  },
]);
