/**
 * Listening and closing for gopy's Fastify servers: the port actually bound (port 0 picks a
 * free one), and a close that drains within a bound.
 */
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import type { Logger } from '../logger.ts';

/** Listens and resolves with the bound port. */
export async function listen(app: FastifyInstance, port: number, host: string): Promise<number> {
  await app.listen({ port, host });
  return (app.server.address() as AddressInfo).port;
}

/**
 * Drains the server: it stops accepting connections at once, answers 503 to requests that still
 * arrive on open connections, and waits for the requests in flight (a webhook update is answered
 * only once it is handled, so Telegram does not redeliver it). After `boundMs` the connections
 * left are cut: their requests get no answer, so Telegram redelivers those updates, and the
 * handling still under way finishes before gopy stops its intake (its dedupe drops the repeat).
 */
export async function drain(app: FastifyInstance, boundMs: number, logger: Logger): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const cut = new Promise<'cut'>((resolve) => {
    timer = setTimeout(() => resolve('cut'), boundMs);
  });
  const closed = app.close().then(() => 'closed' as const);
  if ((await Promise.race([closed, cut])) === 'cut') {
    logger.warn({ boundMs }, 'http drain: requests still in flight, closing their connections');
    app.server.closeAllConnections();
  }
  clearTimeout(timer);
  await closed;
}
