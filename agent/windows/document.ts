/**
 * The JSON document agent/windows/posture.ps1 prints (windows/posture.json in a capture). Its
 * parts are validated one by one by the parser that needs them, so one malformed part costs
 * only the facts built from it. The readers are lenient where PowerShell is inconsistent: a
 * list of one item may arrive as the item itself, numbers may arrive as strings (wmic-style
 * captures), and a failed part is `{"error": "..."}`.
 */
import { z } from 'zod';
import { SectionUnknown } from '../collectors/types.js';
import type { RawOutput } from '../exec/recorded.js';

export const WindowsDocument = z.object({
  formatVersion: z.literal(1),
  collectedAt: z.string().optional(),
  psVersion: z.string().optional(),
  parts: z.record(z.string(), z.unknown()),
});
export type WindowsDocument = z.infer<typeof WindowsDocument>;

/** A part that failed on the machine: the exception message PowerShell gave. */
export const FailedPart = z.object({ error: z.string() });

/** Optional text: null, missing and non-strings become ''. */
export const text = z.unknown().optional().transform((v) => (v === null || v === undefined ? '' : String(v).trim()));

/** A whole number from a number or a numeric string; anything else is null. */
export const int = z.unknown().optional().transform((v) => {
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^-?\d+$/.test(v.trim()) ? Number(v) : NaN;
  return Number.isInteger(n) ? n : null;
});

/** True/False from booleans, 1/0, "True"/"False", "TRUE"/"FALSE"; anything else is null. */
export const flag = z.unknown().optional().transform((v) => {
  if (typeof v === 'boolean') return v;
  if (v === 1 || v === '1' || (typeof v === 'string' && v.trim().toLowerCase() === 'true')) return true;
  if (v === 0 || v === '0' || (typeof v === 'string' && v.trim().toLowerCase() === 'false')) return false;
  return null;
});

/** A list part: one item alone or null also count as a list. */
export const list = <T extends z.ZodType>(item: T) =>
  z.preprocess((v) => (v === null || v === undefined ? [] : Array.isArray(v) ? v : [v]), z.array(item));

export type PartResult<T> = { ok: true; data: T } | { ok: false; error: string };

/**
 * Reads one part of the document with its schema.
 * @example readPart(doc, 'defender', DefenderStatus)
 */
export function readPart<T extends z.ZodType>(doc: WindowsDocument, name: string, schema: T): PartResult<z.infer<T>> {
  const raw = doc.parts[name];
  const failed = FailedPart.safeParse(raw);
  if (failed.success) return { ok: false, error: failed.data.error };
  if (raw === undefined) return { ok: false, error: `the posture document has no "${name}" part` };
  const parsed = schema.safeParse(raw);
  if (!parsed.success) return { ok: false, error: `the "${name}" part of the posture document is malformed (${parsed.error.issues[0]?.message ?? 'invalid'})` };
  return { ok: true, data: parsed.data };
}

/** Turns the PowerShell run into a document, or throws why there is none. */
export function parseWindowsDocument(output: RawOutput | undefined): WindowsDocument {
  if (!output || output.absent) {
    throw new SectionUnknown('powershell.exe was not found; the Windows posture facts need Windows PowerShell 5.1 (part of every supported Windows)', 'not_found');
  }
  if (output.timedOut) {
    throw new SectionUnknown(`the posture PowerShell gave no answer within ${Math.round(output.durationMs / 1000)} s; the machine may be overloaded, try again later`, 'timeout');
  }
  let json: unknown;
  try {
    json = JSON.parse(output.stdout.replace(/^\uFEFF/, ''));
  } catch {
    const why = output.stderr.split('\n').find((l) => l.trim()) ?? `exit code ${output.exitCode}`;
    throw new SectionUnknown(`the posture PowerShell did not print a JSON document (${why.trim()}); run \`readiness agent capture\` and send the directory to support`, 'failed');
  }
  const parsed = WindowsDocument.safeParse(json);
  if (!parsed.success) {
    throw new SectionUnknown('the posture PowerShell printed JSON of an unknown format; this agent and its posture.ps1 do not match, reinstall the agent', 'failed');
  }
  return parsed.data;
}
