/**
 * Antivirus facts. Products listed as stale (uninstalled, lingering in SecurityCenter2) are
 * ignored; a passive Defender beside another product is neither a failure nor protection.
 * A section with no products means "none found": counts are 0, protection facts false.
 */
import { defineFacts } from './types.js';
import type { FactContext } from './types.js';
import type { AntivirusProduct } from '../../schema/index.js';

const installed = (ctx: FactContext): AntivirusProduct[] | undefined => ctx.report?.antivirus?.products.filter((p) => !p.stale);
const active = (ctx: FactContext): AntivirusProduct[] | undefined =>
  installed(ctx)?.filter((p) => !p.passive && p.enabled === true);

/** True when any active product has the flag, false when none does, missing when only unknowns remain. */
function anyActive(ctx: FactContext, flag: 'realTime' | 'upToDate'): boolean | undefined {
  const list = active(ctx);
  if (!list) return undefined;
  if (list.some((p) => p[flag] === true)) return true;
  return list.some((p) => p[flag] === null) ? undefined : false;
}

/** A product with neither name nor vendor is named by its source, so the evidence still says where it was seen. */
const names = (list: AntivirusProduct[] | undefined) => list?.map((p) => p.name || p.vendor || p.source);

export const antivirusFacts = defineFacts([
  {
    name: 'antivirus.products',
    type: 'list',
    label: { vi: 'phần mềm diệt virus', en: 'antivirus products' },
    section: 'antivirus',
    description: 'Names of the installed antivirus products (stale entries left out).',
    resolve: (ctx) => names(installed(ctx)),
  },
  {
    name: 'antivirus.installed_count',
    type: 'number',
    label: { vi: 'số phần mềm diệt virus đã cài', en: 'antivirus products installed' },
    section: 'antivirus',
    description: 'Installed antivirus products, passive ones included, stale ones not.',
    resolve: (ctx) => installed(ctx)?.length,
  },
  {
    name: 'antivirus.active_count',
    type: 'number',
    label: { vi: 'số phần mềm diệt virus đang bật', en: 'antivirus products enabled' },
    section: 'antivirus',
    description: 'Installed products that are enabled and not passive.',
    resolve: (ctx) => active(ctx)?.length,
    note: (ctx) => {
      const off = installed(ctx)?.filter((p) => !p.passive && p.enabled !== true);
      return off?.length ? [{ code: 'not_enabled', products: names(off)! }] : undefined;
    },
  },
  {
    name: 'antivirus.real_time',
    type: 'boolean',
    label: { vi: 'bảo vệ thời gian thực', en: 'real-time protection' },
    section: 'antivirus',
    description: 'Whether an enabled product protects in real time.',
    resolve: (ctx) => anyActive(ctx, 'realTime'),
  },
  {
    name: 'antivirus.up_to_date',
    type: 'boolean',
    label: { vi: 'mẫu nhận diện virus được cập nhật', en: 'antivirus signatures up to date' },
    section: 'antivirus',
    description: 'Whether an enabled product reports its signatures up to date.',
    resolve: (ctx) => anyActive(ctx, 'upToDate'),
  },
  {
    name: 'antivirus.signature_age_days',
    type: 'number',
    label: { vi: 'tuổi của mẫu nhận diện virus', en: 'antivirus signature age' },
    unit: 'days',
    section: 'antivirus',
    description: 'Age in days of the freshest signatures among enabled products (missing when none says).',
    resolve: (ctx) => {
      const ages = active(ctx)
        ?.map((p) => p.signatureAgeDays)
        .filter((a): a is number => a !== null);
      return ages?.length ? Math.min(...ages) : undefined;
    },
  },
]);
