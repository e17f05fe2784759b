/** BullMQ queue names (kebab-case constants, one per kind of work). */
export const QUEUE = {
  routeReport: 'route-report',
  deliver: 'deliver',
  maintenance: 'maintenance',
  zaloInbound: 'zalo-inbound',
} as const;

export type QueueName = (typeof QUEUE)[keyof typeof QUEUE];

/**
 * Deterministic job ids: enqueueing the same work twice gives one job. BullMQ rejects ids that
 * are integers or contain ':', hence the word prefix and '-'. `scope` is the install id
 * (persistence/installation.ts): row ids repeat across databases, so a re-created database
 * sharing a Redis prefix must not find its new rows' ids held by the old one's finished jobs.
 */
export const jobId = {
  routeReport: (reportId: number, scope = '') => `route-${scoped(scope)}${reportId}`,
  zaloInbound: (eventId: number, scope = '') => `zalo-${scoped(scope)}${eventId}`,
  delivery: (deliveryId: number, scope = '', attempt = 0) =>
    attempt === 0
      ? `delivery-${scoped(scope)}${deliveryId}`
      : `delivery-${scoped(scope)}${deliveryId}-${attempt}`,
};

function scoped(scope: string): string {
  return scope ? `${scope}-` : '';
}
