/**
 * drain(): new connections are refused at once, a request in flight is answered, and one that
 * outlasts the bound has its connection cut (the client sees no answer: Telegram redelivers).
 */
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { createWebServer } from '../../../src/http/create-web-server.ts';
import { drain, listen } from '../../../src/http/listen.ts';
import { until } from '../../support/until.ts';

const silent = pino({ level: 'silent' });

async function slowServer() {
  let release: (() => void) | undefined;
  let started: () => void = () => undefined;
  const inFlight = new Promise<void>((resolve) => (started = resolve));
  const app = await createWebServer({ logger: silent });
  app.get('/slow', async () => {
    started();
    await new Promise<void>((resolve) => (release = resolve));
    return { ok: true };
  });
  const port = await listen(app, 0, '127.0.0.1');
  const url = `http://127.0.0.1:${port}`;
  return { app, url, inFlight, release: () => release?.() };
}

describe('drain', () => {
  it('answers the request in flight and refuses new connections', async () => {
    const s = await slowServer();
    const pending = fetch(`${s.url}/slow`);
    await s.inFlight;
    const drained = drain(s.app, 60_000, silent);
    // Closing starts on the next turns of the event loop; from then on nobody gets in.
    await until('the port to refuse connections', () =>
      fetch(`${s.url}/healthz`).then(
        () => false,
        () => true,
      ),
    );
    s.release();
    const res = await pending;
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true });
    await drained;
  });

  it('cuts a request that outlasts the bound, and still closes', async () => {
    const s = await slowServer();
    const pending = fetch(`${s.url}/slow`);
    await s.inFlight;
    await drain(s.app, 50, silent);
    await expect(pending).rejects.toThrow();
    s.release();
  });
});
