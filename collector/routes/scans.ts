/**
 * Pre-use scans (docs/scans.md): a device's verdicts and where it stands
 * (`GET /hosts/:id/scans`), recording one (`POST /hosts/:id/scans`), the signed minutes
 * (`POST|GET .../attachments`), a second person's acceptance, the filled-in XLSX security
 * sheet (`POST /scans/import`) and the security team's queue (`GET /scans/queue`). Reading
 * is for every reader of the device's unit; recording for its security officers only.
 */
import { Hono } from 'hono';
import type { Context } from 'hono';
import { authorize, changeBy, principalOf, readScope, unitOf } from '../access/authorize.js';
import { limitBody, SMALL_BODY_BYTES } from '../body-limit.js';
import type { AppDeps } from '../deps.js';
import { notFound, parseOr400 } from '../errors.js';
import { attachmentHeaders } from '../scans/attachment.js';
import type { Officer } from '../scans/service.js';
import { importScanSheet } from '../scans/sheet-import.js';
import { ScopeQuery } from './scope-query.js';

/** A verdict with its items, conditions and note: a few KiB; 64 KiB leaves room and no more. */
export const VERDICT_BODY_BYTES = 64 * 1024;

const jsonOrUndefined = (text: string): unknown => {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
};

/** The caller as the scan service sees an officer (the dashboard's scan forms ask the same). */
export const officerOf = (c: Context): Officer => {
  const p = principalOf(c);
  return { name: p.user?.name ?? p.actor.name, role: p.grant.role, grant: p.grant };
};

export const scanRoutes = (deps: AppDeps) => {
  const hostOr404 = (c: Context) => {
    const id = c.req.param('id')!.toLowerCase();
    if (!deps.scans.subject(id)) throw notFound(`no host with id ${id}; list them with GET /api/v1/hosts (machines audited over SSH: GET /api/v1/devices, scanned under the agentId of their host report)`);
    return id;
  };
  // A host, or a machine audited over SSH under its host report's agent id (docs/scans.md).
  const fromHost = unitOf('this host', (c) => deps.scans.subject((c.req.param('id') ?? '').toLowerCase())?.unit);
  return new Hono()
    .get('/hosts/:id/scans', authorize('read', { unit: fromHost }), (c) => {
      const id = hostOr404(c);
      return c.json({ hostId: id, ...deps.scans.history(id) });
    })
    .post('/hosts/:id/scans', limitBody(VERDICT_BODY_BYTES, 'a scan verdict'), authorize('scans.record', { unit: fromHost }), async (c) => {
      const id = hostOr404(c);
      const req = deps.scans.parseRequest(await c.req.json().catch(() => undefined));
      const scan = await deps.scans.record(id, req, officerOf(c), changeBy(c), { via: 'api' });
      return c.json({ scan, standing: deps.scans.standing(id) }, 201);
    })
    .post(
      '/hosts/:id/scans/:scanId/attachments',
      limitBody(deps.config.scans.maxAttachmentBytes, 'a scan attachment'),
      authorize('scans.record', { unit: fromHost }),
      async (c) => {
        const id = hostOr404(c);
        const bytes = new Uint8Array(await c.req.arrayBuffer());
        const scan = await deps.scans.attach(id, c.req.param('scanId'), bytes, c.req.query('name') ?? '', officerOf(c), changeBy(c));
        return c.json({ scan }, 201);
      },
    )
    .get('/hosts/:id/scans/:scanId/attachments/:sha256', authorize('read', { unit: fromHost }), async (c) => {
      const id = hostOr404(c);
      const scan = deps.scans.store.getScan(c.req.param('scanId'));
      const attachment = scan?.hostId === id ? scan.attachments.find((a) => a.sha256 === c.req.param('sha256')) : undefined;
      const bytes = attachment ? await deps.scans.store.readAttachment(attachment.sha256, attachment.type) : null;
      if (!attachment || !bytes) throw notFound(`no such attachment of scan ${c.req.param('scanId')}; list them with GET /api/v1/hosts/${id}/scans`);
      return c.body(bytes as Uint8Array<ArrayBuffer>, 200, attachmentHeaders(attachment.type, attachment.fileName, `bien-ban-${attachment.sha256.slice(0, 12)}`));
    })
    .post('/hosts/:id/scans/:scanId/acceptance', limitBody(SMALL_BODY_BYTES, 'an acceptance'), authorize('scans.record', { unit: fromHost }), async (c) => {
      const id = hostOr404(c);
      // No body is an acceptance without a note; a body that is not JSON is refused, never taken for none.
      const text = await c.req.text();
      const body: unknown = text.trim() ? jsonOrUndefined(text) : {};
      const scan = await deps.scans.accept(id, c.req.param('scanId'), body as never, officerOf(c), changeBy(c));
      return c.json({ scan, standing: deps.scans.standing(id) }, 201);
    })
    .post('/scans/import', limitBody(deps.config.scans.maxSheetBytes, 'a security sheet'), authorize('scans.record'), async (c) => {
      const bytes = new Uint8Array(await c.req.arrayBuffer());
      const result = await importScanSheet(deps.scans, bytes, officerOf(c), changeBy(c), { maxUnpackedBytes: deps.config.scans.maxSheetBytes * 16 });
      return c.json(result);
    })
    .get('/scans/queue', authorize('read'), async (c) => {
      const q = parseOr400(ScopeQuery, c.req.query(), 'query');
      const scope = readScope(c, q);
      // Made where evaluations are made (the worker thread): the queue reads the scope's whole evaluation.
      const json = await deps.readiness.scanQueueJson({ unitId: scope.unitId, recursive: scope.recursive });
      return c.body(json as Uint8Array<ArrayBuffer>, 200, { 'content-type': 'application/json; charset=UTF-8' });
    });
};
