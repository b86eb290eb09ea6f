/**
 * Conditions: every operator, three-valued all/any/not, structured evidence (read back as the
 * English sentences a document prints), compile errors.
 */
import { describe, expect, it } from 'vitest';
import { compileCondition, ConditionError, missingEvidence } from '../../rules/conditions.js';
import type { FactSource } from '../../rules/conditions.js';
import { FACT_INDEX, FACTS, factDictionary } from '../../rules/facts/index.js';
import type { FactValue } from '../../rules/facts/types.js';
import { evidenceWriter } from '../../reports/evidence.js';
import { Condition } from '../../schema/index.js';
import type { Evidence, EvidenceNote } from '../../schema/index.js';

/** Facts by name; a name left out is missing. */
function facts(values: Record<string, FactValue>, notes: Record<string, EvidenceNote[]> = {}): FactSource {
  const byIndex = new Map(Object.entries(values).map(([k, v]) => [FACT_INDEX.get(k)!, v]));
  const noteByIndex = new Map(Object.entries(notes).map(([k, v]) => [FACT_INDEX.get(k)!, v]));
  return { get: (i) => byIndex.get(i), note: (i) => noteByIndex.get(i), missing: (i) => missingEvidence(FACTS[i]!.name, 'not_reported', null) };
}

const english = evidenceWriter(factDictionary(), 'en');

function run(condition: unknown, values: Record<string, FactValue>, notes: Record<string, EvidenceNote[]> = {}) {
  const compiled = compileCondition(Condition.parse(condition));
  const items: Evidence[] = [];
  const result = compiled.check(facts(values, notes), items);
  return { result, evidence: english.lines(items), items };
}

describe('a leaf condition', () => {
  it.each([
    // fact, op, value, fact value, result, evidence
    ['probes.wan.max_loss_pct', 'lte', 1, 20, false, 'WAN loss 20% > 1%'],
    ['probes.wan.max_loss_pct', 'lte', 1, 0, true, 'WAN loss 0% ≤ 1%'],
    ['probes.wan.max_loss_pct', 'lte', 1, 1, true, 'WAN loss 1% ≤ 1%'],
    ['probes.lan.max_median_ms', 'lt', 10, 10, false, 'LAN median RTT 10 ms ≥ 10 ms'],
    ['probes.lan.max_median_ms', 'gt', 10, 12.345, true, 'LAN median RTT 12.35 ms > 10 ms'],
    ['hardware.memory_gib', 'gte', 7.5, 3.9, false, 'Memory 3.9 GiB < 7.5 GiB'],
    ['antivirus.active_count', 'eq', 1, 2, false, 'Antivirus products enabled 2 ≠ 1'],
    ['antivirus.active_count', 'ne', 0, 0, false, 'Antivirus products enabled 0 = 0'],
    ['os.platform', 'eq', 'windows', 'linux', false, 'OS platform: Linux (expected Windows)'],
    ['os.platform', 'ne', 'windows', 'linux', true, 'OS platform: Linux'],
    ['os.platform', 'in', ['windows', 'linux'], 'darwin', false, 'OS platform: macOS (expected one of Windows, Linux)'],
    ['os.platform', 'not_in', ['darwin'], 'darwin', false, 'OS platform: macOS (expected none of macOS)'],
    ['hardware.cpu_cores', 'in', [4, 8], 8, true, 'CPU logical cores: 8'],
    ['security.firewall_enabled', 'eq', true, false, false, 'Firewall on: no (expected yes)'],
    ['security.firewall_enabled', 'ne', false, true, true, 'Firewall on: yes'],
    ['antivirus.products', 'contains', 'Bkav Pro', ['Kaspersky'], false, 'Antivirus products: Kaspersky (expected to include Bkav Pro)'],
    ['antivirus.products', 'not_contains', 'Bkav Pro', ['Kaspersky'], true, 'Antivirus products: Kaspersky'],
    ['security.remote_access_tools', 'empty', undefined, ['UltraViewer', 'AnyDesk'], false, 'Remote-access tools: UltraViewer, AnyDesk (expected none)'],
    ['security.remote_access_tools', 'empty', undefined, [], true, 'Remote-access tools: none'],
    ['antivirus.products', 'not_empty', undefined, [], false, 'Antivirus products: none (expected at least one)'],
  ] as const)('%s %s %j with %j is %s: "%s"', (fact, op, value, actual, result, sentence) => {
    const out = run({ fact, op, ...(value === undefined ? {} : { value }) }, { [fact]: actual as FactValue });
    expect(out.result).toBe(result);
    expect(out.evidence).toEqual([sentence]);
  });

  it('records the fact, operator, expected and actual values, and whether it holds', () => {
    expect(run({ fact: 'probes.wan.max_loss_pct', op: 'lte', value: 1 }, { 'probes.wan.max_loss_pct': 20 }).items).toEqual([
      { kind: 'check', fact: 'probes.wan.max_loss_pct', op: 'lte', expected: 1, actual: 20, holds: false, notes: [] },
    ]);
  });

  it('is unknown when its fact is missing, and says which', () => {
    const out = run({ fact: 'security.firewall_enabled', op: 'eq', value: true }, {});
    expect(out.result).toBeUndefined();
    expect(out.items).toEqual([{ kind: 'missing', fact: 'security.firewall_enabled', cause: 'not_reported', errorCode: null }]);
    expect(out.evidence).toEqual(['Firewall on: not reported — the agent could not tell']);
  });

  it("adds the fact's notes to a failing check only", () => {
    const condition = { fact: 'licensing.windows.licensed_software', op: 'eq', value: true };
    const note: EvidenceNote = { code: 'licence', product: 'Windows 10 Pro', status: 'licensed', channel: 'volume_kms', kmsHost: 'kms.pirate.example', problem: 'kms_not_allowed', graceDays: null, allowList: ['kms.vks.example'], agent: null };
    const notes = { 'licensing.windows.licensed_software': [note] };
    expect(run(condition, { 'licensing.windows.licensed_software': false }, notes).evidence).toEqual([
      "Windows is licensed software: no (expected yes) — Windows 10 Pro: activated by KMS host kms.pirate.example, which is not on the organisation's KMS allow-list (kms.vks.example): not licensed software",
    ]);
    expect(run(condition, { 'licensing.windows.licensed_software': true }, notes).evidence).toEqual(['Windows is licensed software: yes']);
  });

  it('shares one frozen item among hosts with the same value, and copies list values', () => {
    const compiled = compileCondition(Condition.parse({ fact: 'probes.wan.max_loss_pct', op: 'lte', value: 1 }));
    const a: Evidence[] = [];
    const b: Evidence[] = [];
    compiled.check(facts({ 'probes.wan.max_loss_pct': 0 }), a);
    compiled.check(facts({ 'probes.wan.max_loss_pct': 0 }), b);
    expect(a[0]).toBe(b[0]);
    expect(Object.isFrozen(a[0])).toBe(true);
    const tools = ['UltraViewer'];
    const list: Evidence[] = [];
    compileCondition(Condition.parse({ fact: 'security.remote_access_tools', op: 'empty' })).check(facts({ 'security.remote_access_tools': tools }), list);
    tools.push('AnyDesk');
    expect(list[0]).toMatchObject({ actual: ['UltraViewer'] });
  });
});

describe('all, any and not', () => {
  const T = { fact: 'os.platform', op: 'eq', value: 'windows' };
  const F = { fact: 'os.platform', op: 'eq', value: 'linux' };
  const U = { fact: 'security.firewall_enabled', op: 'eq', value: true };
  const values = { 'os.platform': 'windows' };

  it.each([
    ['all of true, true', { all: [T, T] }, true],
    ['all of true, false', { all: [T, F] }, false],
    ['all of true, unknown', { all: [T, U] }, undefined],
    ['all of false, unknown', { all: [F, U] }, false],
    ['any of false, true', { any: [F, T] }, true],
    ['any of false, false', { any: [F, F] }, false],
    ['any of false, unknown', { any: [F, U] }, undefined],
    ['any of true, unknown', { any: [T, U] }, true],
    ['not true', { not: T }, false],
    ['not unknown', { not: U }, undefined],
    ['not all of true, false', { not: { all: [T, F] } }, true],
    ['not any of false, unknown', { not: { any: [F, U] } }, undefined],
    ['nested any of all', { any: [{ all: [T, F] }, { all: [T, T] }] }, true],
  ] as const)('%s is %s', (_name, condition, expected) => {
    expect(run(condition, values).result).toBe(expected);
  });

  it('evaluates every part so the evidence shows everything that was checked', () => {
    const out = run({ all: [F, U, T] }, values);
    expect(out.evidence).toEqual(['OS platform: Windows (expected Linux)', 'Firewall on: not reported — the agent could not tell', 'OS platform: Windows']);
  });

  it('pushes not down to the leaves, so the evidence reads the right way round', () => {
    const out = run({ not: { fact: 'probes.wan.max_loss_pct', op: 'gt', value: 1 } }, { 'probes.wan.max_loss_pct': 20 });
    expect(out).toMatchObject({ result: false, evidence: ['WAN loss 20% > 1%'], items: [{ op: 'lte', holds: false }] });
  });
});

describe('compiling a condition', () => {
  const path = (condition: unknown) => {
    try {
      compileCondition(Condition.parse(condition), ['check']);
    } catch (err) {
      if (err instanceof ConditionError) return `${err.path.join('.')}: ${err.message}`;
      throw err;
    }
    return 'compiled';
  };

  it.each([
    [{ fact: 'probes.gatway.max_loss_pct', op: 'lte', value: 1 }, 'check.fact: names no known fact "probes.gatway.max_loss_pct" (did you mean "probes.gateway.max_loss_pct"?)'],
    [{ all: [{ fact: 'os.platform', op: 'gt', value: 1 }] }, 'check.all.0.op: "gt" does not apply to the string fact "os.platform"'],
    [{ fact: 'hardware.memory_gib', op: 'gte' }, 'check.value: is missing: "gte" compares the fact "hardware.memory_gib" with a value'],
    [{ fact: 'antivirus.products', op: 'empty', value: 'x' }, 'check.value: must be left out: "empty" takes no value'],
    [{ fact: 'hardware.memory_gib', op: 'gte', value: '8' }, 'check.value: must be a number for the number fact "hardware.memory_gib", not "8"'],
    [{ fact: 'os.platform', op: 'in', value: 'windows' }, 'check.value: must be a list of strings for "in" on the string fact "os.platform"'],
    [{ not: { any: [{ fact: 'security.firewall_enabled', op: 'eq', value: 'yes' }] } }, 'check.not.any.0.value: must be a boolean'],
    [{ all: [{ fact: 'os.platform', op: 'eq', value: 'windows' }] }, 'compiled'],
  ])('%j → %s', (condition, expected) => {
    expect(path(condition)).toContain(expected);
  });

  it.each([
    [{}, 'is empty'],
    [{ fact: 'os.platform', op: 'eq', value: 'windows', all: [] }, 'a condition is exactly one of'],
    [{ all: [{ fact: 'os.platform', op: 'eq', value: 'x' }], op: 'eq' }, 'combines all with op/value'],
    [{ fact: 'os.platform', value: 'x' }, 'choose one of eq'],
    [{ fact: 'os.platform', op: 'eq', value: 'x', extra: 1 }, 'Unrecognized key'],
  ])('the schema refuses %j (%s)', (condition, message) => {
    const parsed = Condition.safeParse(condition);
    expect(parsed.success).toBe(false);
    expect(parsed.error!.issues.map((i) => i.message).join(' ')).toContain(message);
  });
});
