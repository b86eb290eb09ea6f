/**
 * The document archive over HTTP: `GET /archive` lists what was kept (with each scheduled
 * run's delivery outcome), `GET /archive/:id` one entry, `GET /archive/:id/file` the archived
 * bytes as they were made, `POST /archive` makes a document of the caller's scope exactly
 * as the document route would and keeps it ("archive this"). Readers see only the documents
 * they could have asked the document route for (`visibleEntries`); another unit's document
 * is a 404, so its existence does not leak either.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import { ArchiveId, ArchiveRequest, Day, ReportKind } from '../../schema/index.js';
import type { Context } from 'hono';
import { authorize, principalOf, readScope } from '../access/authorize.js';
import { readerOf, visibleEntries } from '../archive/scope.js';
import type { ArchiveStore } from '../archive/store.js';
import { limitBody, SMALL_BODY_BYTES } from '../body-limit.js';
import type { AppDeps } from '../deps.js';
import { ApiError, notFound, parseOr400 } from '../errors.js';

const ListQuery = z.object({
  unit: z.string().min(1).optional(),
  kind: ReportKind.optional(),
  schedule: z.string().min(1).optional(),
  from: Day.optional(),
  to: Day.optional(),
});

export const archiveRoutes = (deps: AppDeps) => {
  const mayRead = (c: Context) => readerOf(principalOf(c).grant, (u) => deps.org.unitChain(u));
  const archive = (): ArchiveStore => {
    if (!deps.archive) throw new ApiError(503, 'unavailable', 'this collector keeps no document archive (it runs without a data directory)');
    return deps.archive;
  };
  const entryOr404 = async (c: Context, id: string) => {
    const parsedId = ArchiveId.safeParse(id);
    const entry = parsedId.success ? await archive().get(parsedId.data) : undefined;
    if (!entry || !mayRead(c)(entry)) throw notFound(`no archived document ${id}; list them with GET /api/v1/archive`);
    return entry;
  };
  return new Hono()
    .get('/archive', authorize('read'), async (c) => {
      const q = parseOr400(ListQuery, c.req.query(), 'query');
      const listed = await archive().list({ ...(q.unit ? { unitId: q.unit } : {}), ...(q.kind ? { kind: q.kind } : {}), ...(q.schedule ? { scheduleId: q.schedule } : {}), ...(q.from ? { from: q.from } : {}), ...(q.to ? { to: q.to } : {}) });
      return c.json({ entries: visibleEntries(listed, mayRead(c)) });
    })
    .get('/archive/:id', authorize('read'), async (c) => {
      const entry = await entryOr404(c, c.req.param('id'));
      const delivery = entry.runId ? await archive().delivery(entry.runId) : null;
      return c.json({ entry, delivery });
    })
    .get('/archive/:id/file', authorize('read'), async (c) => {
      const entry = await entryOr404(c, c.req.param('id'));
      const bytes = await archive().read(entry);
      return c.body(bytes as Uint8Array<ArrayBuffer>, 200, {
        'content-type': entry.contentType,
        'content-disposition': `attachment; filename="${entry.fileName}"`,
        'x-content-sha256': entry.sha256,
        'cache-control': 'no-store',
        'x-content-type-options': 'nosniff',
      });
    })
    // Keeping a copy of a document is reading it: whoever may read it may keep it.
    .post('/archive', authorize('read'), limitBody(SMALL_BODY_BYTES, 'an archive request'), async (c) => {
      const body = parseOr400(ArchiveRequest, await c.req.json().catch(() => undefined), 'archive request ({"kind": "tracker", "format": "xlsx", ...})');
      const scope = readScope(c, { unit: body.unit, recursive: body.recursive });
      const store = archive();
      // Made as the document route makes it: on the evaluation worker in the collector.
      const out = await deps.readiness.document(
        {
          kind: body.kind,
          format: body.format,
          unitId: scope.unitId,
          recursive: scope.recursive,
          auditHead: (await deps.access.store.audit.head()).hash,
          ...(body.asOf ? { asOf: body.asOf } : {}),
          lang: body.lang,
          period: body.period,
          timeZone: deps.org.timeZone,
        },
        deps.now(),
      );
      const entry = await store.put(out, { format: body.format, origin: { type: 'request' }, period: body.kind === 'progress' ? body.period : null, recursive: scope.recursive }, deps.now());
      return c.json({ entry }, 201);
    });
};
