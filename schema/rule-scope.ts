/** Who a rule (or a required-software entry) applies to, decided from the org and enrollment alone. */
import { z } from 'zod';
import { UnitLevel, RoomNeed } from './org.js';
import { UnitId } from './enrollment.js';

export const RuleScope = z
  .object({
    levels: z.array(UnitLevel).min(1).optional(),
    /** Units and all their descendants. */
    units: z.array(UnitId).min(1).optional(),
    deviceKinds: z.array(z.enum(['workstation', 'laptop', 'server'])).min(1).optional(),
    /** Only rooms that declare every one of these needs in the org file. */
    roomNeeds: z.array(RoomNeed).min(1).optional(),
  })
  .strict();
export type RuleScope = z.infer<typeof RuleScope>;
