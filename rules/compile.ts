/**
 * Turns validated rule packs into a rule set the engine runs: each check compiled against the
 * fact registry, each rule's settings resolved. Errors name the file, the rule and the field:
 * `rules/packs/x.yaml: rule "lan-gateway": field "check.all.0.op": ...`.
 */
import type { AutoTasks, EquipmentPolicy, Role, RuleInfo, RulePack, RuleScope } from '../schema/index.js';
import { compileCondition, ConditionError } from './conditions.js';
import type { CompiledCheck } from './conditions.js';
import { FACTS } from './facts/index.js';
import { compileSoftwarePolicy, EMPTY_SOFTWARE_POLICY, PolicyError } from './software-policy/compile.js';
import type { CompiledSoftwarePolicy } from './software-policy/compile.js';
import { compileScanPolicy, DEFAULT_SCAN_POLICY, ScanPolicyError } from './scan/policy.js';
import type { CompiledScanPolicy } from './scan/policy.js';

export interface CompiledRule {
  info: RuleInfo;
  scope: RuleScope;
  /** Where the rule applies; false means `not_applicable`. */
  when: CompiledCheck | null;
  /** `when` reads only facts of where the host sits: decided once per unit and room. */
  whenFromPlace: boolean;
  check: CompiledCheck;
  /** Reads a probe fact: its status changes only after `hysteresis` reports agree. */
  probeBased: boolean;
  hysteresis: number;
  /** The rule's `owner.role`: who automatic tasks go to. */
  ownerRole: Role | null;
  /** Automatic tasks (the rule's own setting, else its pack's when it has an owner role); null: none. */
  autoTasks: AutoTasks | null;
}

export interface LoadedPack {
  file: string;
  pack: RulePack;
}

export interface RuleSet {
  rules: CompiledRule[];
  /** Hours without a report before a host is stale (from the first pack). */
  heartbeatHours: number;
  packs: LoadedPack[];
  /** Every pack's software policy merged: matched at ingest, read by the software facts. */
  softwarePolicy: CompiledSoftwarePolicy;
  /** The pre-use scan section (validity, acceptance, material changes), read by the scan facts. */
  scanPolicy: CompiledScanPolicy;
  /** Some rule reads a scan fact: evaluations then carry each host's scan standing. */
  readsScans: boolean;
  /** The equipment review's decision table, from the one pack that has it (docs/rules.md). */
  equipment: EquipmentPolicy | null;
}

export class PackError extends Error {}

export const packFieldError = (file: string, rule: string | null, field: string, message: string) =>
  new PackError(`${file}: ${rule ? `rule "${rule}": ` : ''}field "${field}" ${message}`);

export function compilePack(loaded: LoadedPack): CompiledRule[] {
  const { file, pack } = loaded;
  return pack.rules.map((rule) => {
    const compile = (key: 'when' | 'check') => {
      try {
        return compileCondition(rule[key]!, [key]);
      } catch (err) {
        if (err instanceof ConditionError) throw packFieldError(file, rule.id, err.path.join('.'), err.message);
        throw err;
      }
    };
    const when = rule.when ? compile('when') : null;
    const check = compile('check');
    const facts = [...check.facts, ...(when?.facts ?? [])];
    const deviceFact = facts.find((f) => FACTS[f]!.section === 'device');
    if (deviceFact !== undefined && !rule.scope.devices) {
      throw packFieldError(file, rule.id, 'scope', `is missing devices: the rule reads the device fact "${FACTS[deviceFact]!.name}", so it checks devices; add scope.devices with the kinds it covers (e.g. [switch, router, printer])`);
    }
    const info: RuleInfo = {
      id: rule.id,
      title: rule.title,
      remediation: rule.remediation,
      category: rule.category,
      severity: rule.severity,
      deadline: rule.deadline ?? null,
      ...(rule.due === 'per_device' ? { graceDays: rule.graceDays ?? pack.settings.perDeviceGraceDays.value } : {}),
      owner: rule.owner.who,
      atRiskDays: rule.atRiskDays ?? pack.settings.atRiskDays.value,
      lookAheadDays: pack.settings.lookAheadDays.value,
      ...(rule.scope.devices ? { subject: 'devices' as const } : {}),
    };
    return {
      info,
      scope: rule.scope,
      when,
      whenFromPlace: when !== null && when.facts.every((f) => FACTS[f]!.fromPlace === true),
      check,
      probeBased: facts.some((f) => FACTS[f]!.section === 'probes'),
      hysteresis: pack.settings.hysteresisReports.value,
      ownerRole: rule.owner.role ?? null,
      autoTasks: rule.autoTasks === false ? null : (rule.autoTasks ?? (rule.owner.role ? pack.settings.autoTasks.value : null)),
    };
  });
}

/** Compiles every pack; rule ids must be unique across packs. */
export function compileRuleSet(packs: LoadedPack[]): RuleSet {
  if (!packs.length) throw new PackError('no rule pack is configured; list at least one file under rulePacks');
  const rules: CompiledRule[] = [];
  const origin = new Map<string, string>();
  for (const loaded of packs) {
    for (const rule of compilePack(loaded)) {
      const other = origin.get(rule.info.id);
      if (other) throw new PackError(`${loaded.file}: rule "${rule.info.id}" is already defined in ${other}; rule ids must be unique across packs`);
      origin.set(rule.info.id, loaded.file);
      rules.push(rule);
    }
  }
  let softwarePolicy: CompiledSoftwarePolicy;
  try {
    softwarePolicy = compileSoftwarePolicy(packs.map((p) => ({ file: p.file, policy: p.pack.softwarePolicy })));
  } catch (err) {
    if (err instanceof PolicyError) throw new PackError(err.message);
    throw err;
  }
  let scanPolicy: CompiledScanPolicy;
  try {
    scanPolicy = compileScanPolicy(packs.map((p) => ({ file: p.file, policy: p.pack.preUseScan })));
  } catch (err) {
    if (err instanceof ScanPolicyError) throw new PackError(err.message);
    throw err;
  }
  const readsScans = rules.some((r) => [...r.check.facts, ...(r.when?.facts ?? [])].some((f) => FACTS[f]!.section === 'scan'));
  return { rules, heartbeatHours: packs[0]!.pack.settings.heartbeatHours.value, packs, softwarePolicy, scanPolicy, readsScans, equipment: equipmentPolicyOf(packs, rules) };
}

/** The one equipment table of a set, its `rule_fails` rows checked against the set's rules. */
function equipmentPolicyOf(packs: LoadedPack[], rules: CompiledRule[]): EquipmentPolicy | null {
  const holders = packs.filter((p) => p.pack.equipment);
  if (holders.length > 1) {
    throw packFieldError(holders[1]!.file, null, 'equipment', `is already given by ${holders[0]!.file}; keep one equipment table across the packs`);
  }
  const holder = holders[0];
  if (!holder) return null;
  const ids = new Set(rules.map((r) => r.info.id));
  holder.pack.equipment!.decisions.forEach((d, i) => {
    if (d.criterion === 'rule_fails' && !ids.has(d.rule)) {
      throw packFieldError(holder.file, null, `equipment.decisions.${i}.rule`, `names "${d.rule}", which is not a rule of the loaded packs; use one of ${[...ids].join(', ')}`);
    }
  });
  return holder.pack.equipment!;
}

/** No rules at all: evaluations list units and hosts with nothing to check (test doubles, dry runs). */
export const EMPTY_RULE_SET: RuleSet = { rules: [], heartbeatHours: 72, packs: [], softwarePolicy: EMPTY_SOFTWARE_POLICY, scanPolicy: DEFAULT_SCAN_POLICY, readsScans: false, equipment: null };
