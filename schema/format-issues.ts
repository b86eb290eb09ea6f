/** Turns zod issues into `{path, message}` pairs with dotted paths, e.g. `hardware.disks.0.sizeBytes`. */
import type { z } from 'zod';
import type { ApiIssue } from './api-error.js';

export function formatIssues(error: z.ZodError): ApiIssue[] {
  return error.issues.map((issue) => ({
    path: issue.path.length ? issue.path.map(String).join('.') : '(root)',
    message: issue.message,
  }));
}

/** One line per issue, for CLI and start-up errors: `hardware.cpu.cores: expected number`. */
export function describeIssues(error: z.ZodError): string {
  return formatIssues(error)
    .map((i) => `${i.path}: ${i.message}`)
    .join('; ');
}
