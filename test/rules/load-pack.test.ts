/** Loading rule packs: the default pack, and errors that name the file, the rule and the field. */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDocument, stringify } from 'yaml';
import { compileRuleSet, PackError } from '../../rules/compile.js';
import { DEFAULT_PACK_FILE, loadPack, loadRuleSet, parsePack } from '../../rules/load-pack.js';
import { makeTempDir } from '../helpers/temp-dir.js';

const rule = (id = 'lan-gateway', extra: object = {}) => ({
  id,
  title: { vi: 'Mạng LAN', en: 'LAN' },
  remediation: { vi: 'Sửa', en: 'Fix' },
  category: 'lan',
  severity: 'high',
  deadline: '2025-12-10',
  owner: { who: 'Văn phòng', what: 'LAN', result: 'LAN chạy' },
  check: { all: [{ fact: 'probes.gateway.max_loss_pct', op: 'lte', value: 1 }] },
  ...extra,
});
const pack = (rules: object[], extra: object = {}) => ({ pack: { id: 'test', title: { vi: 'Thử', en: 'Test' } }, rules, ...extra });

const errorOf = (text: string, file = 'rules/packs/x.yaml') => {
  try {
    compileRuleSet([parsePack(text, file)]);
  } catch (err) {
    expect(err).toBeInstanceOf(PackError);
    return (err as Error).message;
  }
  return 'loaded';
};

describe('the default pack', () => {
  it('loads, with the settings it names', async () => {
    const set = await loadRuleSet([DEFAULT_PACK_FILE]);
    expect(set.rules.map((r) => r.info.id)).toEqual([
      'lan-gateway',
      'lan-servers',
      'wan-endpoint',
      'wan-dns',
      'windows-licensed',
      'office-licensed',
      'antivirus-active',
      'antivirus-updated',
      'hardware-minimum',
      'equipment-depreciation',
      'firewall-on',
      'no-remote-access',
      'os-supported',
      'signing-token',
      'no-internet-path',
      'signing-ready',
      'software-policy',
      'antivirus-licensed',
      'clock-skew',
      'lan-devices',
      'device-depreciation',
      'agent-current',
    ]);
    expect(set.heartbeatHours).toBe(72);
    expect(set.rules.filter((r) => r.probeBased).map((r) => r.hysteresis)).toEqual([2, 2, 2, 2, 2]);
    const deadlines = Object.fromEntries(set.rules.map((r) => [r.info.id, r.info.deadline]));
    expect([deadlines['lan-gateway'], deadlines['wan-endpoint'], deadlines['windows-licensed']]).toEqual(['2025-12-10', '2025-12-26', '2026-12-31']);
  });
});

describe('a bad pack', () => {
  it.each([
    ['an unknown operator', pack([rule('lan-gateway', { check: { all: [{ fact: 'probes.gateway.max_loss_pct', op: 'less', value: 1 }] } })]), 'rules/packs/x.yaml: rule "lan-gateway": field "check.all.0.op" Invalid option'],
    ['an operator that does not fit the fact', pack([rule('lan-gateway', { check: { all: [{ fact: 'probes.gateway.max_loss_pct', op: 'contains', value: 1 }] } })]), 'rules/packs/x.yaml: rule "lan-gateway": field "check.all.0.op" "contains" does not apply to the number fact'],
    ['an unknown fact', pack([rule('wan-dns', { check: { fact: 'probes.wan_dns.lost', op: 'lte', value: 1 } })]), 'rule "wan-dns": field "check.fact" names no known fact "probes.wan_dns.lost"'],
    ['a value of the wrong type in when', pack([rule('x', { when: { fact: 'os.platform', op: 'eq', value: 7 } })]), 'rule "x": field "when.value" must be a string'],
    ['a malformed deadline', pack([rule('lan-gateway', { deadline: '10/12/2025' })]), 'rule "lan-gateway": field "deadline" Invalid ISO date'],
    ['a missing English title', pack([rule('lan-gateway', { title: { vi: 'Mạng LAN' } })]), 'rule "lan-gateway": field "title.en"'],
    ['a rule without an id', pack([{ ...rule(), id: undefined }]), 'rule "#1": field "id"'],
    ['the same rule twice', pack([rule('a'), rule('a')]), 'rule "a": field "id" rule id "a" is used twice'],
    ['an unknown scope level', pack([rule('a', { scope: { levels: ['district'] } })]), 'rule "a": field "scope.levels.0" Invalid option'],
    ['a setting without its reason', pack([rule()], { settings: { atRiskDays: { value: 7 } } }), 'field "settings.atRiskDays.reason"'],
    ['no rules', pack([]), 'field "rules" list at least one rule'],
  ])('%s', (_name, content, message) => {
    expect(errorOf(stringify(content))).toContain(message);
  });

  it('that is not YAML says so with the file name', () => {
    expect(errorOf('rules: [\n  - id: x\n    title: : :', 'broken.yaml')).toMatch(/^broken\.yaml is not valid YAML: /);
  });

  it('that repeats a rule of an earlier pack names both files', () => {
    const a = parsePack(stringify(pack([rule('lan-gateway')])), 'a.yaml');
    const b = parsePack(stringify(pack([rule('lan-gateway')])), 'b.yaml');
    expect(() => compileRuleSet([a, b])).toThrow('b.yaml: rule "lan-gateway" is already defined in a.yaml');
  });
});

describe('loading from disk', () => {
  let dir: Awaited<ReturnType<typeof makeTempDir>>;
  beforeAll(async () => {
    dir = await makeTempDir();
  });
  afterAll(() => dir.remove());

  it('names a file it cannot read', async () => {
    await expect(loadPack(join(dir.path, 'missing.yaml'))).rejects.toThrow(`cannot read the rule pack ${join(dir.path, 'missing.yaml')}: ENOENT`);
  });

  it('gives rules of later packs their own pack\'s settings', async () => {
    const extra = join(dir.path, 'extra.yaml');
    const doc = parseDocument(stringify(pack([rule('extra-rule')], { settings: { atRiskDays: { value: 30, reason: 'licences take a month to buy' } } })));
    await writeFile(extra, doc.toString());
    const set = await loadRuleSet([DEFAULT_PACK_FILE, extra]);
    const info = (id: string) => set.rules.find((r) => r.info.id === id)!.info;
    expect([info('lan-gateway').atRiskDays, info('extra-rule').atRiskDays]).toEqual([7, 30]);
  });
});
