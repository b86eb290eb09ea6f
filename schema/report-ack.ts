/** The collector's answer to an accepted report: stored now, or already stored before. */
import { z } from 'zod';
import { Uuid } from './common.js';

export const ReportAck = z.object({ reportId: Uuid, status: z.enum(['stored', 'duplicate']) });
export type ReportAck = z.infer<typeof ReportAck>;
