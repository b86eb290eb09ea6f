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
    /** Required with the global secret; a per-unit secret places the machine in its own unit. */
    unit: UnitId.optional(),
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
  /** Where the machine landed (a per-unit secret decides it, whatever was asked). */
  unit: UnitId.optional(),
  room: RoomId.nullable().optional(),
});
export type EnrollResponse = z.infer<typeof EnrollResponse>;
