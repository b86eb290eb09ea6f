/**
 * What the remediation stores need from the rest of the collector, as plain functions, so the
 * stores stay testable without a server: the rule ids, where a host is, which units and rooms
 * exist, who the users are, the clock and calendar, and the audit log.
 */
import { randomBytes } from 'node:crypto';
import type { ChangeBy } from '../access/access-store.js';
import type { AuditFields } from '../access/audit-log.js';
import type { RemediationTarget, Role, UserRecord, UserView } from '../../schema/index.js';
import { dayIn } from '../../rules/deadline.js';
import { badRequest, notFound } from '../errors.js';

export interface RemediationContext {
  ruleIds: ReadonlySet<string>;
  /** The pack's `exceptionApprovers`. */
  approverRoles: readonly Role[];
  timeZone: string;
  now(): Date;
  host(agentId: string): { unit: string; room: string | null } | undefined;
  /** Null when the unit (and room) exist, else the sentence why not. */
  placementProblem(unit: string, room: string | null): string | null;
  user(name: string): UserRecord | undefined;
  /** Every user (without secrets): who automatic tasks may go to. */
  users(): readonly UserView[];
  /** The unit and its ancestors, nearest first. */
  unitChain(unit: string): string[];
  audit(fields: AuditFields): Promise<unknown>;
}

/** Today in the org's calendar. */
export const todayOf = (ctx: RemediationContext) => dayIn(ctx.now(), ctx.timeZone);

export const newId = (prefix: string) => `${prefix}-${randomBytes(8).toString('hex').slice(0, 10)}`;

/** The target a request names: a machine (its unit and room), else a room, else a unit; checked against the org. */
export function resolveTarget(ctx: RemediationContext, body: { unit?: string | undefined; room?: string | null | undefined; host?: string | undefined }): RemediationTarget {
  if (body.host !== undefined) {
    const h = ctx.host(body.host);
    if (!h) throw notFound(`no host ${body.host}; list the hosts with GET /api/v1/hosts`);
    if (body.unit !== undefined && body.unit !== h.unit) throw badRequest(`host ${body.host} is in unit ${h.unit}, not ${body.unit}; leave the unit out or name the host's own`);
    return { unit: h.unit, room: h.room, host: body.host };
  }
  const room = body.room ?? null;
  const problem = ctx.placementProblem(body.unit!, room);
  if (problem) throw badRequest(problem);
  return { unit: body.unit!, room, host: null };
}

export function assertRule(ctx: RemediationContext, rule: string): void {
  if (!ctx.ruleIds.has(rule)) throw badRequest(`no rule "${rule}" in the collector's rule packs; list them with readiness rules facts or GET /api/v1/readiness`);
}

/** The audit line's caller and address, with the action. */
export const auditOf = (by: ChangeBy, action: string, target: string, details: Record<string, unknown>): AuditFields => ({ ...by, action, target, details });
