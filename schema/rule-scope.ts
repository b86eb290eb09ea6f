/** Who a rule (or a required-software entry) applies to, decided from the org and enrollment alone. */
import { z } from 'zod';
import { UnitLevel, RoomNeed } from './org.js';
import { UnitId } from './enrollment.js';
import { DeviceKind } from './org-device.js';

export const RuleScope = z
  .object({
    levels: z.array(UnitLevel).min(1).optional(),
    /** Units and all their descendants. */
    units: z.array(UnitId).min(1).optional(),
    /** Machines enrolled (or, `other`, audited over SSH) as these kinds. */
    deviceKinds: z.array(z.enum(['workstation', 'laptop', 'server', 'other'])).min(1).optional(),
    /** Only rooms that declare every one of these needs in the org file. */
    roomNeeds: z.array(RoomNeed).min(1).optional(),
    /**
     * Makes the rule a device rule: it checks the org file's devices of these kinds (switches,
     * printers, UPSs...) scanned by the collector, instead of machines with agents.
     */
    devices: z.array(DeviceKind).min(1).optional(),
  })
  .strict()
  .superRefine((scope, ctx) => {
    if (scope.devices && scope.deviceKinds) {
      ctx.addIssue({ code: 'custom', path: ['deviceKinds'], message: 'cannot be combined with devices: a rule checks either machines (deviceKinds) or devices (devices)' });
    }
  });
export type RuleScope = z.infer<typeof RuleScope>;
