/** Requests that end or join hosts: retire one (`DELETE /hosts/:id`), merge one into another. */
import { z } from 'zod';
import { AgentId } from './host-report.js';

export const RetireHostRequest = z
  .object({
    /** Why, in words a reader of the documents understands: printed beside the host. */
    reason: z.string().trim().min(3, 'say why the host is retired (at least 3 characters)').max(500),
  })
  .strict();
export type RetireHostRequest = z.infer<typeof RetireHostRequest>;

export const MergeHostRequest = z
  .object({
    /** The host that stays: the one whose agent still reports. */
    into: AgentId,
  })
  .strict();
export type MergeHostRequest = z.infer<typeof MergeHostRequest>;
