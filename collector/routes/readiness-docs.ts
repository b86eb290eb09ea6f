/**
 * `GET /api/v1/readiness/<kind>.<format>?unit=&room=&asOf=&lang=&period=&all=&number=&part=&delimiter=&link=`:
 * readiness documents (summary, tracker, hosts, security, progress as html, xlsx, csv, json) of
 * the caller's scope, with the audit chain's head in the footer. The file name says what it is, e.g.
 * `bao-cao-tien-do-ngay-hp-vanphong-2025-12-10.xlsx`.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import { Day, Lang, ReportFormat, ReportKind, ReportPeriod } from '../../schema/index.js';
import { authorize, readScope } from '../access/authorize.js';
import type { AppDeps } from '../deps.js';
import { badRequest, parseOr400 } from '../errors.js';
import { ScopeQuery } from './scope-query.js';
import { LINK_SCOPES } from '../../rules/availability.js';

/** `all=1`, `all=true` or a bare `all`: list every rule of every machine. */
const Flag = z.enum(['', '1', 'true', '0', 'false']).transform((v) => v === '' || v === '1' || v === 'true');

const DocumentQuery = ScopeQuery.extend({
  room: z.string().min(1).max(64).optional(),
  all: Flag.default(false),
  number: z
    .string()
    .regex(/^[0-9A-Za-z.]{1,20}$/, 'a document number is 1 to 20 letters or digits, e.g. 125')
    .optional(),
  asOf: Day.optional(),
  lang: Lang.default('vi'),
  period: ReportPeriod.default('day'),
  part: z.string().min(1).optional(),
  delimiter: z.enum(['comma', 'semicolon']).default('comma'),
  /** Availability: only the LAN or only the WAN. */
  link: z.enum(LINK_SCOPES).optional(),
});

/** Splits `summary.xlsx` into a known kind and format, or says which ones exist. */
function parseDocumentName(name: string): { kind: ReportKind; format: ReportFormat } {
  const dot = name.lastIndexOf('.');
  const kind = ReportKind.safeParse(name.slice(0, dot));
  const format = ReportFormat.safeParse(name.slice(dot + 1));
  if (dot > 0 && kind.success && format.success) return { kind: kind.data, format: format.data };
  throw badRequest(
    `no readiness document "${name}": ask for <kind>.<format>, kind one of ${ReportKind.options.join(', ')} and format one of ${ReportFormat.options.join(', ')} (e.g. /api/v1/readiness/summary.xlsx)`,
  );
}

export const readinessDocumentRoutes = (deps: Pick<AppDeps, 'access' | 'now' | 'readiness' | 'org'>) =>
  // Only names with a dot: `GET /readiness` and its other sub-paths belong to the evaluation routes.
  new Hono().get('/readiness/:doc{[^/]+\\.[^/.]+}', authorize('read'), async (c) => {
    const { kind, format } = parseDocumentName(c.req.param('doc'));
    const q = parseOr400(DocumentQuery, c.req.query(), 'query');
    const scope = readScope(c, q);
    const out = await deps.readiness.document(
      {
        kind,
        format,
        unitId: scope.unitId,
        recursive: scope.recursive,
        roomId: q.room ?? null,
        all: q.all,
        number: q.number ?? null,
        auditHead: (await deps.access.store.audit.head()).hash,
        ...(q.asOf ? { asOf: q.asOf } : {}),
        lang: q.lang,
        period: q.period,
        ...(q.part ? { part: q.part } : {}),
        csvDelimiter: q.delimiter === 'semicolon' ? ';' : ',',
        timeZone: deps.org.timeZone,
        ...(q.link ? { link: q.link } : {}),
      },
      deps.now(),
    );
    return c.body(out.body as Uint8Array<ArrayBuffer>, 200, {
      'content-type': out.contentType,
      'content-disposition': `${out.inline ? 'inline' : 'attachment'}; filename="${out.fileName}"`,
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
    });
  });
