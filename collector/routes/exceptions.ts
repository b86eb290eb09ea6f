/**
 * Exceptions (docs/remediation.md): `GET /api/v1/exceptions?unit=&recursive=&state=` (those of
 * the caller's scope, each with its state today and its attachments), `POST /exceptions`
 * (recorded by the caller as approver: a role the pack's `exceptionApprovers` names, over the
 * target's unit), `DELETE /exceptions/:id` (revoke: the record stays, marked revoked), `POST
 * /exceptions/:id/attachments` (the approving decision as a PDF or photo, raw body, by anyone
 * holding `exceptions.approve` over its unit) and `GET .../attachments/:sha256` (for the
 * readers of its unit). Every change is an audit line.
 */
import { Hono } from 'hono';
import { ExceptionState, NewExceptionRequest } from '../../schema/index.js';
import { assertUnitInScope, authorize, changeBy, readScope, scopeFilter, unitOf } from '../access/authorize.js';
import { limitBody, SMALL_BODY_BYTES } from '../body-limit.js';
import { notFound, parseOr400 } from '../errors.js';
import { attachmentHeaders } from '../scans/attachment.js';
import type { AppDeps } from '../deps.js';
import { ScopeQuery } from './scope-query.js';

export const fromException = unitOf('this exception', (c, deps) => (deps as AppDeps).remediation.exceptions.get(c.req.param('id') ?? '')?.target.unit);

const ListQuery = ScopeQuery.extend({ state: ExceptionState.optional() });

/** The unit a body names: the host's when it names a host (an unknown host is the store's 404). */
export const bodyUnit = (deps: AppDeps, body: { unit?: string | undefined; host?: string | undefined }): string | undefined =>
  body.host !== undefined ? deps.store.getHost(body.host)?.unit : body.unit;

export const exceptionRoutes = (deps: AppDeps) =>
  new Hono()
    .get('/exceptions', authorize('read'), (c) => {
      const q = parseOr400(ListQuery, c.req.query(), 'query (unit, recursive, state)');
      const sees = scopeFilter(readScope(c, q), deps.org);
      const exceptions = deps.remediation.exceptions
        .all()
        .filter((e) => sees(e.target.unit))
        .map((e) => deps.remediation.exceptions.view(e))
        .filter((e) => !q.state || e.state === q.state);
      return c.json({ exceptions });
    })
    .post('/exceptions', limitBody(SMALL_BODY_BYTES, 'a new exception'), authorize('exceptions.approve'), async (c) => {
      const body = parseOr400(NewExceptionRequest, await c.req.json().catch(() => undefined), 'new exception ({"rule", "host"? or "unit" and "room"?, "reason", "expires": "YYYY-MM-DD", "reference"?})');
      const unit = bodyUnit(deps, body);
      if (unit !== undefined) assertUnitInScope(c, unit);
      return c.json({ exception: await deps.remediation.exceptions.add(body, changeBy(c)) }, 201);
    })
    .delete('/exceptions/:id', authorize('exceptions.approve', { unit: fromException }), async (c) => {
      const id = c.req.param('id');
      if (!deps.remediation.exceptions.get(id)) throw notFound(`no exception ${id}; list them with GET /api/v1/exceptions`);
      return c.json({ exception: await deps.remediation.exceptions.revoke(id, changeBy(c)) });
    })
    .post(
      '/exceptions/:id/attachments',
      limitBody(deps.config.exceptions.maxAttachmentBytes, 'an exception attachment'),
      authorize('exceptions.approve', { unit: fromException }),
      async (c) => {
        const bytes = new Uint8Array(await c.req.arrayBuffer());
        const { exception, attachment, added } = await deps.remediation.exceptions.attach(c.req.param('id'), bytes, c.req.query('name') ?? '', changeBy(c));
        return c.json({ exception, attachment }, added ? 201 : 200);
      },
    )
    .get('/exceptions/:id/attachments/:sha256', authorize('read', { unit: fromException }), async (c) => {
      const id = c.req.param('id');
      const found = await deps.remediation.exceptions.attachment(id, c.req.param('sha256'));
      if (!found) throw notFound(`no such attachment of exception ${id}; list them with GET /api/v1/exceptions`);
      const { attachment, bytes } = found;
      return c.body(bytes as Uint8Array<ArrayBuffer>, 200, attachmentHeaders(attachment.type, attachment.fileName, `quyet-dinh-${attachment.sha256.slice(0, 12)}`));
    });
