/** Enrollment: an agent trades the organisation's enroll secret for its own id and key. */
import { z } from 'zod';
import { AgentId } from './host-report.js';

/** Unit and room ids: lowercase letters, digits, dashes (e.g. `hp-vanphong`, `phong-1`). */
export const UnitId = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'use lowercase letters, digits and dashes (e.g. "hp-khuvuc-1")');
export const RoomId = UnitId;

export const EnrollRequest = z
  .object({
    secret: z.string().min(1).max(512),
    unit: UnitId,
    room: RoomId.nullable().default(null),
    hostname: z.string().min(1).max(255),
    deviceKind: z.enum(['workstation', 'laptop', 'server']).default('workstation'),
  })
  .strict();
export type EnrollRequest = z.infer<typeof EnrollRequest>;

export const EnrollResponse = z.object({
  agentId: AgentId,
  /** `<agentId>.<secret>`: shown once, stored hashed by the collector. */
  agentKey: z.string().min(40),
  /**
   * `re-enrolled`: the agent presented its current key (`Authorization: Bearer`), kept its host
   * record and got a new key; the old one no longer works.
   */
  status: z.enum(['enrolled', 're-enrolled']).default('enrolled'),
});
export type EnrollResponse = z.infer<typeof EnrollResponse>;
