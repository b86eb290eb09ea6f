/** docs/rules.md stays in step with the code: every fact and every default rule is documented. */
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { FACTS } from '../../rules/facts/index.js';
import { PROBE_ROLES } from '../../rules/facts/host.js';
import { DEFAULT_PACK_FILE, loadRuleSet } from '../../rules/load-pack.js';
import { EquipmentCriterion, OPERATORS, Proposal } from '../../schema/index.js';

describe('docs/rules.md', () => {
  it('names every fact (probe and target facts by their pattern), operator and default rule', async () => {
    const doc = await readFile('docs/rules.md', 'utf8');
    const documented = (name: string) =>
      doc.includes(`\`${name}\``) ||
      doc.includes(`\`${name.replace(/^probes\.[a-z_]+\./, 'probes.<group>.').replace(/^targets\.[a-z_]+\./, 'targets.<role>.')}\``);
    expect(FACTS.map((f) => f.name).filter((n) => !documented(n))).toEqual([]);
    expect([...PROBE_ROLES, 'lan', 'wan'].filter((g) => !doc.includes(`\`${g}\``))).toEqual([]);
    expect(OPERATORS.filter((op) => !doc.includes(`\`${op}\``))).toEqual([]);
    const set = await loadRuleSet([DEFAULT_PACK_FILE]);
    expect(set.rules.map((r) => r.info.id).filter((id) => !doc.includes(`### \`${id}\``))).toEqual([]);
  });

  it('names every criterion and proposal of the equipment table', async () => {
    const doc = await readFile('docs/rules.md', 'utf8');
    expect([...EquipmentCriterion.options, ...Proposal.options].filter((w) => !doc.includes(`\`${w}\``))).toEqual([]);
  });
});
