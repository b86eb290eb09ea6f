/** The collector's answer to an accepted report: stored now, or already stored before. */
import { z } from 'zod';

export const ReportAck = z.object({ reportId: z.uuid(), status: z.enum(['stored', 'duplicate']) });
export type ReportAck = z.infer<typeof ReportAck>;
