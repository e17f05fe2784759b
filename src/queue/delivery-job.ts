/**
 * The deliver job's data: the delivery row's id and nothing else. The row in PostgreSQL holds the
 * message, so a job lost with Redis is rebuilt from the row and a stale job never sends stale
 * text.
 */
import { z } from 'zod';

export const deliveryJobSchema = z.object({ deliveryId: z.number().int().positive() }).strict();

export type DeliveryJobData = z.infer<typeof deliveryJobSchema>;

/** Builds the job data (validated, so a producer bug fails at the producer). */
export function deliveryJobData(deliveryId: number): DeliveryJobData {
  return deliveryJobSchema.parse({ deliveryId });
}
