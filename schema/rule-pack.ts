/**
 * Rule packs (YAML): rollout rules with owners, deadlines and structured checks. A check is
 * conditions `{fact, op, value}` combined with `all` / `any` / `not`, never a string to parse.
 * This schema checks the shape; `rules/compile.ts` then checks facts, operators and values
 * against the fact registry so a bad pack names the rule and field at fault.
 */
import { z } from 'zod';
import { Day } from './common.js';
import { Role } from './access.js';
import { Bilingual, Severity } from './evaluation.js';
import { EquipmentPolicy } from './equipment.js';
import { RuleScope } from './rule-scope.js';
import { PreUseScanPolicy } from './scan-policy.js';
import { SoftwarePolicy } from './software-policy.js';

// In common.ts so that records naming a rule (exceptions, tasks) need not import the pack schema.
export { RuleId } from './common.js';
import { RuleId } from './common.js';

export { OPERATORS, Operator } from './operators.js';
import { OPERATORS, Operator } from './operators.js';

export const Scalar = z.union([z.number(), z.string(), z.boolean()]);
export type Scalar = z.infer<typeof Scalar>;
export const ConditionValue = z.union([Scalar, z.array(z.union([z.number(), z.string()])).max(256)]);
export type ConditionValue = z.infer<typeof ConditionValue>;

/**
 * One node of a check: a leaf `{fact, op, value, reason}` or one of `all`, `any`, `not`.
 * A single object with optional keys (rather than a union) so zod reports the exact field.
 */
export const Condition = z
  .object({
    fact: z.string().min(1).max(128).optional(),
    op: Operator.optional(),
    value: ConditionValue.optional(),
    /** Why this threshold: written beside every value in the default pack. */
    reason: z.string().min(1).max(2000).optional(),
    get all() {
      return z.array(Condition).min(1).max(64).optional();
    },
    get any() {
      return z.array(Condition).min(1).max(64).optional();
    },
    get not() {
      return Condition.optional();
    },
  })
  .strict()
  .superRefine((node, ctx) => {
    const forms = (['fact', 'all', 'any', 'not'] as const).filter((k) => node[k] !== undefined);
    if (forms.length !== 1) {
      ctx.addIssue({
        code: 'custom',
        path: [],
        message: forms.length
          ? `has ${forms.join(' and ')}: a condition is exactly one of {fact, op, value}, all, any or not`
          : 'is empty: write {fact, op, value}, or combine conditions with all, any or not',
      });
      return;
    }
    if (forms[0] !== 'fact' && (node.op !== undefined || node.value !== undefined)) {
      ctx.addIssue({ code: 'custom', path: [], message: `combines ${forms[0]} with op/value: put them in a {fact, op, value} condition inside it` });
    }
    if (forms[0] === 'fact' && node.op === undefined) {
      ctx.addIssue({ code: 'custom', path: ['op'], message: `is missing: choose one of ${OPERATORS.join(', ')}` });
    }
  });
export type Condition = z.infer<typeof Condition>;

// Who a rule applies to lives in rule-scope.ts: the software policy's required entries use it too.
export { RuleScope } from './rule-scope.js';

/** The "5 rõ": clear person, task, responsibility, deadline (the rule's `deadline`), result. */
export const RuleOwner = z
  .object({
    who: z.string().min(1).max(300),
    /**
     * The account role (docs/access.md) that does the work, machine-readable beside the text
     * `who`: the role automatic tasks are assigned to (docs/remediation.md "Automatic tasks").
     */
    role: Role.optional(),
    what: z.string().min(1).max(1000),
    result: z.string().min(1).max(1000),
  })
  .strict();

/**
 * Automatic remediation tasks (docs/remediation.md "Automatic tasks"): `when` a rule's deadline
 * status in a unit reads so (`failing`: any failure, whatever the deadline), one task per
 * failing machine (`level: machine`) or one per unit (`level: unit`), due `dueInDays` after the
 * day it is made, assigned to a user with the rule's `owner.role` whose scope covers the unit.
 */
export const AutoTasks = z
  .object({
    when: z.enum(['overdue', 'at_risk', 'failing']),
    level: z.enum(['machine', 'unit']),
    dueInDays: z.number().int().min(0).max(365),
  })
  .strict();
export type AutoTasks = z.infer<typeof AutoTasks>;

export const Rule = z
  .object({
    id: RuleId,
    title: Bilingual,
    remediation: Bilingual,
    category: z.string().regex(/^[a-z][a-z0-9_-]{0,31}$/, 'use a short lowercase word such as "lan" or "licensing"'),
    severity: Severity,
    /** The day it must be complete; or `due: per_device` below. */
    deadline: Day.optional(),
    /**
     * `per_device`: due for each device on its own, `graceDays` after its first report, instead
     * of on one calendar day (the pre-use scan: "before it is put into use", whenever it arrives).
     */
    due: z.literal('per_device').optional(),
    /** Overrides the pack's `perDeviceGraceDays` for this rule (`due: per_device` only). */
    graceDays: z.number().int().min(0).max(365).optional(),
    /** Where the deadline comes from (the resolution or plan), for readers of the pack. */
    source: z.string().min(1).max(1000).optional(),
    /** Overrides the pack's `atRiskDays` for this rule. */
    atRiskDays: z.number().int().min(0).max(365).optional(),
    owner: RuleOwner,
    /** Overrides the pack's `autoTasks` setting for this rule; `false` turns them off for it. */
    autoTasks: z.union([AutoTasks, z.literal(false)]).optional(),
    scope: RuleScope.default({}),
    /** Applies only where this holds (e.g. Windows machines); false means `not_applicable`. */
    when: Condition.optional(),
    check: Condition,
  })
  .strict()
  .superRefine((rule, ctx) => {
    if ((rule.deadline === undefined) === (rule.due === undefined)) {
      ctx.addIssue({
        code: 'custom',
        path: ['deadline'],
        message: rule.deadline === undefined ? 'is missing: give the day it must be complete (YYYY-MM-DD), or due: per_device' : 'and due: per_device are both given: keep one',
      });
    }
    if (rule.autoTasks && !rule.owner.role) {
      ctx.addIssue({ code: 'custom', path: ['autoTasks'], message: 'needs owner.role: the role whose user is assigned the tasks (e.g. owner.role: unit_manager)' });
    }
    if (rule.graceDays !== undefined && rule.due === undefined) {
      ctx.addIssue({ code: 'custom', path: ['graceDays'], message: 'applies to a rule with due: per_device only' });
    }
  });
export type Rule = z.infer<typeof Rule>;

/** A pack setting: a whole number with the reason for it written beside. */
const setting = (min: number, max: number, fallback: number) =>
  z
    .object({ value: z.number().int().min(min).max(max), reason: z.string().min(1).max(2000) })
    .strict()
    .default({ value: fallback, reason: 'not set in this pack: the built-in default' });

export const PackSettings = z
  .object({
    /** Days before a deadline when an incomplete rule turns `at_risk`. */
    atRiskDays: setting(0, 365, 7),
    /** Consecutive reports that must agree before a probe-based rule changes status. */
    hysteresisReports: setting(1, 10, 2),
    /** Hours without a report after which a host is stale and its rules `unknown`. */
    heartbeatHours: setting(1, 24 * 90, 72),
    /** Days after a device's first report when a `due: per_device` rule falls due for it. */
    perDeviceGraceDays: setting(0, 365, 14),
    /** Roles whose users may approve an exception (docs/remediation.md); from the first pack. */
    exceptionApprovers: z
      .object({ value: z.array(Role).min(1).max(4), reason: z.string().min(1).max(2000) })
      .strict()
      .default({ value: ['admin'], reason: 'not set in this pack: the built-in default (admins only, so no unit exempts itself)' }),
    /**
     * Automatic tasks for every rule of this pack with an `owner.role` (a rule's own
     * `autoTasks` overrides it); null (the default): none.
     */
    autoTasks: z
      .object({ value: AutoTasks.nullable(), reason: z.string().min(1).max(2000) })
      .strict()
      .default({ value: null, reason: 'not set in this pack: no automatic tasks' }),
    /**
     * Days of history whose completion rate projects the day a rule will be complete: an
     * incomplete rule whose projection falls after its deadline is `at_risk`. 0 turns it off.
     */
    lookAheadDays: setting(0, 365, 14),
  })
  .strict();
export type PackSettings = z.infer<typeof PackSettings>;

export const RulePack = z
  .object({
    pack: z
      .object({
        id: RuleId,
        title: Bilingual,
        description: z.string().max(4000).optional(),
      })
      .strict(),
    settings: PackSettings.default(PackSettings.parse({})),
    /** Required and banned software and antivirus editions, matched at ingest (docs/rules.md). */
    softwarePolicy: SoftwarePolicy.optional(),
    /** Pre-use scans: how long a verdict lasts, acceptance, material changes (docs/scans.md). */
    preUseScan: PreUseScanPolicy.optional(),
    rules: z.array(Rule).min(1, 'list at least one rule'),
    /** The equipment review's decision table (docs/rules.md); at most one pack of a set carries one. */
    equipment: EquipmentPolicy.optional(),
  })
  .strict()
  .superRefine((pack, ctx) => {
    const seen = new Set<string>();
    pack.rules.forEach((rule, i) => {
      if (seen.has(rule.id)) ctx.addIssue({ code: 'custom', path: ['rules', i, 'id'], message: `rule id "${rule.id}" is used twice` });
      seen.add(rule.id);
    });
  });
export type RulePack = z.infer<typeof RulePack>;
