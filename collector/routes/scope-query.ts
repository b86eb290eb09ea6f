/** The query every read route takes to narrow the caller's scope: `unit`, and `recursive=false` for the unit alone. */
import { z } from 'zod';
import { UnitId } from '../../schema/index.js';

export const ScopeQuery = z.object({
  unit: UnitId.optional(),
  recursive: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
});
