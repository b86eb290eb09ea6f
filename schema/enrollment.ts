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

/** What a host is: decides which rules apply to it (rule scopes' `deviceKinds`). */
export const HostKind = EnrollRequest.shape.deviceKind.unwrap();
export type HostKind = z.infer<typeof HostKind>;

export const EnrollResponse = z.object({
  agentId: AgentId,
  /** `<agentId>.<secret>`: shown once, stored hashed by the collector. */
  agentKey: z.string().min(40),
  /**
   * `re-enrolled`: the agent presented its current key (`Authorization: Bearer`), kept its host
   * record and got a new key; the old one no longer works.
   */
  status: z.enum(['enrolled', 're-enrolled']).default('enrolled'),
  /** Where the machine landed (a per-unit secret decides it, whatever was asked). */
  unit: UnitId.optional(),
  room: RoomId.nullable().optional(),
});
export type EnrollResponse = z.infer<typeof EnrollResponse>;
