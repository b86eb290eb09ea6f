import { describe, expect, it } from 'vitest';
import { loadRuleSet } from '../../rules/load-pack.js';
import { DEFAULT_PACK_FILE } from '../../rules/load-pack.js';
import { categoryLabel } from '../../reports/i18n.js';

describe('category labels', () => {
  it.each(['vi', 'en'] as const)('names every category of the default pack in %s', async (lang) => {
    const rules = await loadRuleSet([DEFAULT_PACK_FILE]);
    const categories = [...new Set(rules.rules.map((r) => r.info.category))];
    expect(categories).toEqual(expect.arrayContaining(['lan', 'wan', 'licensing', 'antivirus', 'hardware', 'security', 'signing']));
    expect(categories.filter((c) => categoryLabel(lang, c) === c)).toEqual([]);
  });
});
