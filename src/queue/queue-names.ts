/** BullMQ queue names (kebab-case constants, one per kind of work). */
export const QUEUE = {
  routeReport: 'route-report',
  deliver: 'deliver',
  maintenance: 'maintenance',
} as const;

export type QueueName = (typeof QUEUE)[keyof typeof QUEUE];

/**
 * Deterministic job ids: enqueueing the same work twice gives one job. BullMQ rejects ids that
 * are integers or contain ':', hence the word prefix and '-'.
 */
export const jobId = {
  routeReport: (reportId: number) => `route-${reportId}`,
  delivery: (deliveryId: number, attempt = 0) =>
    attempt === 0 ? `delivery-${deliveryId}` : `delivery-${deliveryId}-${attempt}`,
};
