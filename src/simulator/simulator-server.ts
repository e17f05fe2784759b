/**
 * The local chat simulator served alone on its own port (tests, trying the page out): gopy's web
 * server with only the simulator's routes (src/http/routes/simulator.ts). `gopy start` mounts the
 * same routes on its public server instead.
 */
import { createWebServer } from '../http/create-web-server.ts';
import { listen } from '../http/listen.ts';
import { createLogger } from '../logger.ts';
import type { FakeBotApi } from './fake-bot-api.ts';
import type { SimulatorOptions } from './simulator-people.ts';

export * from './simulator-people.ts';

export interface Simulator {
  url: string;
  port: number;
  close(): Promise<void>;
}

/** Serves the simulator alone on its own port (0 = any free port), on 127.0.0.1 by default. */
export async function createSimulator(opts: {
  fakeApi: FakeBotApi;
  token: string;
  port?: number;
  host?: string;
  options?: SimulatorOptions;
}): Promise<Simulator> {
  const app = await createWebServer({
    logger: createLogger('silent'),
    simulator: { ...opts.options, fakeApi: opts.fakeApi, token: opts.token },
  });
  const host = opts.host ?? '127.0.0.1';
  const port = await listen(app, opts.port ?? 0, host);
  return {
    url: `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`,
    port,
    close: async () => {
      app.server.closeAllConnections();
      await app.close();
    },
  };
}
