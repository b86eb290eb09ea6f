/**
 * `GET /api/v1/audit?after=&limit=` (admins): audit lines after line `after` (oldest first),
 * or the last `limit` lines without `after`; and the chain's head, to note down as an anchor.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import { authorize } from '../access/authorize.js';
import { parseOr400 } from '../errors.js';
import type { AppDeps } from '../deps.js';

const AuditQuery = z
  .object({
    after: z.coerce.number().int().nonnegative().optional(),
    limit: z.coerce.number().int().min(1).max(1000).default(100),
  })
  .strict();

export const auditRoutes = (deps: AppDeps) =>
  new Hono().get('/audit', authorize('audit.read'), async (c) => {
    const q = parseOr400(AuditQuery, c.req.query(), 'query (use ?after=<line>&limit=<1..1000>)');
    const log = deps.access.store.audit;
    const [entries, head] = await Promise.all([log.read({ afterSeq: q.after ?? null, limit: q.limit }), log.head()]);
    return c.json({ head, entries });
  });
