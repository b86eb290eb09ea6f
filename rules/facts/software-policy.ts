/**
 * Software-policy facts, from the matches computed at ingest against the pack's lists
 * (schema/software-policy.ts) and, for remote-access tools, the agent's catalogue findings.
 * Matches made against another version of the policy are not used: the facts are missing
 * until the host's next report is matched again.
 */
import type { SoftwareMatches } from '../../schema/index.js';
import { outOfScope } from '../scope.js';
import { defineFacts } from './types.js';
import type { FactContext } from './types.js';

/** Why a software fact can be missing; the matches are made at each report (docs/rules.md). */
const NOT_MATCHED = 'the software policy has not been matched since the host last reported (or since the policy changed): it is at the next report';
const NO_PROGRAMS = 'the latest report has no installed-program list';

function matches(ctx: FactContext): SoftwareMatches | undefined {
  const m = ctx.softwareMatches;
  if (!m || !ctx.policy || !ctx.report || m.policy !== ctx.policy.hash || m.reportId !== ctx.report.reportId) return undefined;
  return m;
}

const foundIds = (m: SoftwareMatches) => new Map(m.found.map((f) => [f.id, f.program]));

export const softwarePolicyFacts = defineFacts([
  {
    name: 'software.required_missing',
    type: 'list',
    label: 'required software missing',
    section: 'software',
    description: 'Required software (the pack\'s `softwarePolicy.required`, for the host\'s unit, room needs, level and kind) that no installed program matches.',
    resolve: (ctx) => {
      const m = matches(ctx);
      if (!m || !m.programsKnown) return undefined;
      const found = foundIds(m);
      return ctx.policy!.required.filter((r) => outOfScope(r.scope, ctx.place) === null && !found.has(r.id)).map((r) => r.name);
    },
    missing: `required software: unknown (${NO_PROGRAMS}, or ${NOT_MATCHED})`,
  },
  {
    name: 'software.banned',
    type: 'list',
    label: 'banned software',
    section: 'software',
    description: 'Installed programs on the pack\'s banned list (remote-access, P2P, games, crypto miners), plus the remote-access tools the agent\'s catalogue found installed or running.',
    resolve: (ctx) => {
      const m = matches(ctx);
      if (!m) return undefined;
      const listed = m.found.flatMap((f) => {
        const e = ctx.policy!.byId.get(f.id);
        return e?.list === 'banned' ? [`${f.program} (${e.category})`] : [];
      });
      const catalogue = (ctx.report?.security?.remoteAccessTools ?? []).filter((t) => t.installed || t.running).map((t) => `${t.name} (remote-access${t.running ? ', running' : ''})`);
      const all = [...new Set([...catalogue, ...listed])];
      // Without a program list only the catalogue's findings are known: none found is not "none".
      return all.length === 0 && !m.programsKnown ? undefined : all;
    },
    missing: `banned software: unknown (${NO_PROGRAMS} and no catalogue finding, or ${NOT_MATCHED})`,
  },
  {
    name: 'antivirus.licensed_edition',
    type: 'boolean',
    label: 'licensed antivirus edition',
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
    note: (ctx) => {
      const m = matches(ctx);
      if (!m) return undefined;
      if (!m.antivirus.length) return 'no antivirus product installed';
      return m.antivirus.map((a) => `${a.product}: ${a.edition ?? 'edition unknown'} (${a.evidence})`).join('; ');
    },
    missing: `licensed antivirus edition: unknown (an installed product's edition is not in the pack's antivirusEditions, or ${NOT_MATCHED})`,
  },
]);
