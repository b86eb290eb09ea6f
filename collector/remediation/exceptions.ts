/**
 * Exceptions (docs/remediation.md): `data/exceptions.json`, one crash-safe file of records
 * (record-file.ts), each change followed by its audit line before it is answered. An exception
 * is never deleted: revoking it keeps the record with who revoked it, and an expired one stays
 * listed as expired, so a document can always say what was exempted, by whom, until when. The
 * approving decision may be attached as a PDF or photo, its bytes beside the file by SHA-256.
 */
import { join } from 'node:path';
import { ExceptionRecord } from '../../schema/index.js';
import type { Actor, ExceptionAttachment, ExceptionView, NewExceptionRequest } from '../../schema/index.js';
import { exceptionView } from '../../rules/exemptions.js';
import type { ChangeBy } from '../access/access-store.js';
import { ApiError, badRequest, forbidden, notFound } from '../errors.js';
import { AttachmentBlobs, checkAttachment, sha256Of } from '../scans/attachment.js';
import { RecordStore } from './record-file.js';
import { assertRule, auditOf, newId, resolveTarget, todayOf } from './context.js';
import type { RemediationContext } from './context.js';

const actorOf = (a: Actor) => ({ name: a.name, role: a.role });

/** Files one exception may carry: the decision and a few pages or photos of it, not an archive. */
export const MAX_EXCEPTION_ATTACHMENTS = 20;

export class ExceptionStore extends RecordStore<ExceptionRecord> {
  /** The attachments' bytes: `<data>/exceptions/attachments/<sha256>.<ext>`. */
  private readonly blobs: AttachmentBlobs;

  constructor(
    dataDir: string | null,
    private readonly ctx: RemediationContext,
  ) {
    super(dataDir === null ? null : join(dataDir, 'exceptions.json'), ExceptionRecord);
    this.blobs = new AttachmentBlobs(dataDir === null ? null : join(dataDir, 'exceptions', 'attachments'));
  }

  /** Refuses a caller whose role the pack's `exceptionApprovers` does not name. */
  private assertApprover(by: ChangeBy, what: string): void {
    const role = by.actor.role;
    if (role === null || !this.ctx.approverRoles.includes(role)) {
      throw forbidden(`your role (${role ?? 'none'}) may not ${what} exceptions: the rule pack allows ${this.ctx.approverRoles.join(', ')} (setting exceptionApprovers); ask one of them`);
    }
  }

  view(e: ExceptionRecord, day = todayOf(this.ctx)): ExceptionView {
    return exceptionView(e, day);
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
      attachments: [],
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

  /**
   * Adds the approving decision (a PDF or a photo, known by its first bytes) to a stored
   * exception: the bytes are written and fsynced first, then the record naming them, then the
   * audit line, and only then is it answered. The route lets the callers holding
   * `exceptions.approve` over the exception's unit (its approver among them). The same file
   * twice is kept once (`added` false).
   */
  async attach(id: string, bytes: Uint8Array, fileName: string, by: ChangeBy): Promise<{ exception: ExceptionView; attachment: ExceptionAttachment; added: boolean }> {
    const full = (have: readonly ExceptionAttachment[]) =>
      have.length >= MAX_EXCEPTION_ATTACHMENTS ? new ApiError(409, 'conflict', `exception ${id} already has ${have.length} attachments, the most one may carry; nothing was stored`) : null;
    const current = this.get(id);
    if (!current) throw notFound(`no exception ${id}; list them with GET /api/v1/exceptions`);
    const type = checkAttachment(bytes, 'the approving decision');
    const sha256 = sha256Of(bytes);
    // A full exception is refused before any byte is written (and again below, for a change that came between).
    const tooMany = current.attachments?.some((a) => a.sha256 === sha256) ? null : full(current.attachments ?? []);
    if (tooMany) throw tooMany;
    await this.blobs.put(bytes, type);
    const { record, attachment, added } = await this.file.change((all) => {
      const i = all.findIndex((e) => e.id === id);
      const e = all[i]!;
      const have = e.attachments ?? [];
      const same = have.find((a) => a.sha256 === sha256);
      if (same) return { records: [...all], value: { record: e, attachment: same, added: false } };
      const refused = full(have);
      if (refused) throw refused;
      const attachment: ExceptionAttachment = { sha256, type, bytes: bytes.length, fileName: fileName.slice(0, 255), by: actorOf(by.actor), at: this.ctx.now().toISOString() };
      const next = { ...e, attachments: [...have, attachment] };
      const records = [...all];
      records[i] = next;
      return { records, value: { record: next, attachment, added: true } };
    });
    if (added) {
      await this.ctx.audit(auditOf(by, 'exception.attach', id, { sha256, type, bytes: attachment.bytes, rule: record.rule, target: record.target }));
      this.changed();
    }
    return { exception: this.view(record), attachment, added };
  }

  /** An attachment's record and bytes, or null when the exception does not carry it. */
  async attachment(id: string, sha256: string): Promise<{ attachment: ExceptionAttachment; bytes: Uint8Array } | null> {
    const attachment = this.get(id)?.attachments?.find((a) => a.sha256 === sha256);
    const bytes = attachment ? await this.blobs.read(attachment.sha256, attachment.type) : null;
    return attachment && bytes ? { attachment, bytes } : null;
  }
}
