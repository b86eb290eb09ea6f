/**
 * Turns zod issues into `{path, message}` pairs with dotted paths, e.g. `hardware.disks.0.sizeBytes`.
 * Bounded: at most `MAX_ISSUES` entries plus one saying how many more there were, each path and
 * message cut to a line, so a hostile body cannot make the answer megabytes long.
 */
import type { z } from 'zod';
import type { ApiIssue } from './api-error.js';

export const MAX_ISSUES = 50;
const MAX_PATH = 200;
const MAX_MESSAGE = 300;

const cut = (s: string, max: number) => (s.length > max ? `${s.slice(0, max - 1)}…` : s);

export function formatIssues(error: z.ZodError, max = MAX_ISSUES): ApiIssue[] {
  const shown = error.issues.slice(0, max).map((issue) => ({
    path: issue.path.length ? cut(issue.path.map(String).join('.'), MAX_PATH) : '(root)',
    message: cut(issue.message, MAX_MESSAGE),
  }));
  const more = error.issues.length - shown.length;
  if (more > 0) shown.push({ path: '(more)', message: `and ${more} more problem${more === 1 ? '' : 's'}` });
  return shown;
}

/** One line per issue, for CLI and start-up errors: `hardware.cpu.cores: expected number`. */
export function describeIssues(error: z.ZodError): string {
  return formatIssues(error)
    .map((i) => `${i.path}: ${i.message}`)
    .join('; ');
}
