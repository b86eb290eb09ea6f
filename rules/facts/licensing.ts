/**
 * Licence facts. The agent decides `licensedSoftware` per entry (a KMS activation from a host
 * not on the allow-list is not licensed software); these facts read that verdict.
 */
import { defineFacts } from './types.js';
import type { FactContext } from './types.js';

const windows = (ctx: FactContext) => ctx.report?.licensing?.windows ?? undefined;
const office = (ctx: FactContext) => ctx.report?.licensing?.office;

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
    description: "The agent's verdict: licensed, and not activated by a KMS host outside the allow-list.",
    resolve: (ctx) => windows(ctx)?.licensedSoftware ?? undefined,
    note: (ctx) => windows(ctx)?.verdictReason || undefined,
  },
  {
    name: 'licensing.office.count',
    type: 'number',
    label: 'Office products',
    section: 'licensing',
    description: 'Office licence entries found (0 when Office is not installed).',
    resolve: (ctx) => office(ctx)?.length,
  },
  {
    name: 'licensing.office.licensed_software',
    type: 'boolean',
    label: 'Office is licensed software',
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
      if (list && !list.length) return 'no Office licence found';
      const bad = list?.filter((e) => e.licensedSoftware !== true).map((e) => `${e.product}: ${e.verdictReason || e.status}`);
      return bad?.length ? bad.join('; ') : undefined;
    },
  },
  {
    name: 'licensing.office.not_licensed',
    type: 'list',
    label: 'Office products not licensed',
    section: 'licensing',
    description: 'Office products whose licence is not (or not known to be) licensed software.',
    resolve: (ctx) => office(ctx)?.filter((e) => e.licensedSoftware !== true).map((e) => e.product),
  },
]);
