/**
 * Exceptions (docs/remediation.md): `data/exceptions.json`, one crash-safe file of records
 * (record-file.ts), each change followed by its audit line before it is answered. An exception
 * is never deleted: revoking it keeps the record with who revoked it, and an expired one stays
 * listed as expired, so a document can always say what was exempted, by whom, until when.
 */
import { join } from 'node:path';
import { ExceptionRecord } from '../../schema/index.js';
import type { Actor, ExceptionView, NewExceptionRequest } from '../../schema/index.js';
import { exceptionState } from '../../rules/exemptions.js';
import type { ChangeBy } from '../access/access-store.js';
import { badRequest, forbidden } from '../errors.js';
import { RecordStore } from './record-file.js';
import { assertRule, auditOf, newId, resolveTarget, todayOf } from './context.js';
import type { RemediationContext } from './context.js';

const actorOf = (a: Actor) => ({ name: a.name, role: a.role });

export class ExceptionStore extends RecordStore<ExceptionRecord> {
  constructor(
    dataDir: string | null,
    private readonly ctx: RemediationContext,
  ) {
    super(dataDir === null ? null : join(dataDir, 'exceptions.json'), ExceptionRecord);
  }

  /** Refuses a caller whose role the pack's `exceptionApprovers` does not name. */
  private assertApprover(by: ChangeBy, what: string): void {
    const role = by.actor.role;
    if (role === null || !this.ctx.approverRoles.includes(role)) {
      throw forbidden(`your role (${role ?? 'none'}) may not ${what} exceptions: the rule pack allows ${this.ctx.approverRoles.join(', ')} (setting exceptionApprovers); ask one of them`);
    }
  }

  view(e: ExceptionRecord, day = todayOf(this.ctx)): ExceptionView {
    return { ...e, state: exceptionState(e, day) };
  }

  /**
   * Records an exception approved by the caller: the rule must exist, the target too, the last
   * day must not be past, and the caller's role must be one the pack allows to approve.
   */
  async add(body: NewExceptionRequest, by: ChangeBy): Promise<ExceptionView> {
    this.assertApprover(by, 'approve');
    assertRule(this.ctx, body.rule);
    const target = resolveTarget(this.ctx, body);
    const today = todayOf(this.ctx);
    if (body.expires < today) throw badRequest(`expires ${body.expires} is already past (today is ${today} in ${this.ctx.timeZone}); give the last day the exception holds`);
    const record: ExceptionRecord = {
      id: newId('ex'),
      rule: body.rule,
      target,
      reason: body.reason,
      reference: body.reference ?? null,
      approvedBy: actorOf(by.actor),
      createdAt: this.ctx.now().toISOString(),
      expiresOn: body.expires,
      revoked: null,
    };
    await this.file.change((all) => ({ records: [...all, record], value: null }));
    await this.ctx.audit(auditOf(by, 'exception.create', record.id, { rule: record.rule, target, expiresOn: record.expiresOn, reason: record.reason }));
    this.changed();
    return this.view(record, today);
  }

  async revoke(id: string, by: ChangeBy): Promise<ExceptionView> {
    this.assertApprover(by, 'revoke');
    const revoked = await this.file.change((all) => {
      const i = all.findIndex((e) => e.id === id);
      const e = all[i]!;
      if (e.revoked) throw badRequest(`exception ${id} was already revoked on ${e.revoked.at} by ${e.revoked.by.name}`);
      const next = { ...e, revoked: { at: this.ctx.now().toISOString(), by: actorOf(by.actor) } };
      const records = [...all];
      records[i] = next;
      return { records, value: next };
    });
    await this.ctx.audit(auditOf(by, 'exception.revoke', id, { rule: revoked.rule, target: revoked.target }));
    this.changed();
    return this.view(revoked);
  }
}
