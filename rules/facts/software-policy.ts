/**
 * Software-policy facts, from the matches computed at ingest against the pack's lists
 * (schema/software-policy.ts) and, for remote-access tools, the agent's catalogue findings.
 * Matches made against another version of the policy are not used: the facts are missing
 * until the host's next report is matched again.
 */
import type { EvidenceNote, MissingCause, SoftwareMatches } from '../../schema/index.js';
import { outOfScope } from '../scope.js';
import { defineFacts } from './types.js';
import type { FactContext } from './types.js';


function matches(ctx: FactContext): SoftwareMatches | undefined {
  const m = ctx.softwareMatches;
  if (!m || !ctx.policy || !ctx.report || m.policy !== ctx.policy.hash || m.reportId !== ctx.report.reportId) return undefined;
  return m;
}

const foundIds = (m: SoftwareMatches) => new Map(m.found.map((f) => [f.id, f.program]));

/** Why a software fact is missing: the matches are made at each report (docs/rules.md). */
const notMatchedOr = (cause: MissingCause) => (ctx: FactContext): MissingCause => (matches(ctx) ? cause : 'not_matched');

/** Banned programs and the catalogue's remote-access tools, each with its category. */
function bannedItems(ctx: FactContext, m: SoftwareMatches) {
  const items = new Map<string, { name: string; category: string; running: boolean }>();
  for (const t of (ctx.report?.security?.remoteAccessTools ?? []).filter((x) => x.installed || x.running)) items.set(t.name, { name: t.name, category: 'remote-access', running: t.running });
  for (const f of m.found) {
    const e = ctx.policy!.byId.get(f.id);
    if (e?.list === 'banned' && !items.has(f.program)) items.set(f.program, { name: f.program, category: e.category, running: false });
  }
  return [...items.values()];
}

export const softwarePolicyFacts = defineFacts([
  {
    name: 'software.required_missing',
    type: 'list',
    label: { vi: 'phần mềm bắt buộc còn thiếu', en: 'required software missing' },
    section: 'software',
    description: 'Required software (the pack\'s `softwarePolicy.required`, for the host\'s unit, room needs, level and kind) that no installed program matches.',
    resolve: (ctx) => {
      const m = matches(ctx);
      if (!m || !m.programsKnown) return undefined;
      const found = foundIds(m);
      return ctx.policy!.required.filter((r) => outOfScope(r.scope, ctx.place) === null && !found.has(r.id)).map((r) => r.name);
    },
    missing: notMatchedOr('no_program_list'),
  },
  {
    name: 'software.banned',
    type: 'list',
    label: { vi: 'phần mềm bị cấm', en: 'banned software' },
    section: 'software',
    description: 'Installed programs on the pack\'s banned list (remote-access, P2P, games, crypto miners), plus the remote-access tools the agent\'s catalogue found installed or running (each one\'s category is in the evidence).',
    resolve: (ctx) => {
      const m = matches(ctx);
      if (!m) return undefined;
      const all = bannedItems(ctx, m).map((i) => i.name);
      // Without a program list only the catalogue's findings are known: none found is not "none".
      return all.length === 0 && !m.programsKnown ? undefined : all;
    },
    note: (ctx) => {
      const m = matches(ctx);
      const items = m ? bannedItems(ctx, m) : [];
      return items.length ? [{ code: 'software', items }] : undefined;
    },
    missing: notMatchedOr('no_program_list'),
  },
  {
    name: 'antivirus.licensed_edition',
    type: 'boolean',
    label: { vi: 'phiên bản diệt virus có bản quyền', en: 'licensed antivirus edition' },
    section: 'antivirus',
    description: 'True when an installed, non-passive antivirus product is a paid edition (or included with a licensed OS, as Defender is); false when there is none or only free editions; missing when an edition is not in the pack\'s lists.',
    resolve: (ctx) => {
      const m = matches(ctx);
      const products = ctx.report?.antivirus?.products.filter((p) => !p.stale && !p.passive);
      if (!m || !products) return undefined;
      const editions = products.map((p) => m.antivirus.find((a) => a.product === (p.name || p.vendor))?.edition ?? null);
      if (editions.some((e) => e === 'paid' || e === 'included')) return true;
      return editions.every((e) => e === 'free') ? false : undefined;
    },
    note: (ctx): EvidenceNote[] | undefined => {
      const m = matches(ctx);
      return m ? [{ code: 'editions', items: m.antivirus.map((a) => ({ product: a.product, edition: a.edition, evidence: a.evidence })) }] : undefined;
    },
    // Matched but no antivirus section: the report lacks it (the default cause says so).
    missing: (ctx) => (!matches(ctx) ? 'not_matched' : ctx.report?.antivirus ? 'edition_unknown' : undefined),
  },
]);
