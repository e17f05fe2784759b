/**
 * A local TCP port nobody listens on right now, for a server a test or bench starts.
 *
 * Why not `listen(0)`: the kernel hands that out from its ephemeral range, the same range every
 * outbound connection of every test running in parallel draws its local port from. A test that
 * releases such a port and binds it again later (the fault suite restarts its bot and its
 * redis-server on the same ports, since the webhook URL names the port) then finds it taken by
 * somebody's connection to PostgreSQL: EADDRINUSE, once in a few CI runs. Ports below the
 * ephemeral range are only ever taken by a listener that asked for that number, so a random one
 * there, checked free, stays ours for the test's life.
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';

/** Below this, ports belong to services a machine may run (PostgreSQL 5432, Redis 6379, …). */
const LOWEST = 10_000;

/** The first port of the kernel's ephemeral range (Linux), or the IANA default elsewhere. */
function ephemeralStart(): number {
  try {
    const first = Number(
      readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').split(/\s+/)[0],
    );
    if (Number.isInteger(first) && first > LOWEST + 1_000) return first;
  } catch {
    // not Linux: fall through to the IANA range
  }
  return 49_152;
}

const HIGHEST = ephemeralStart() - 1;

function listensFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createServer();
    s.once('error', () => resolve(false));
    s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
  });
}

export async function freePort(): Promise<number> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const port = LOWEST + Math.floor(Math.random() * (HIGHEST - LOWEST + 1));
    if (await listensFree(port)) return port;
  }
  throw new Error(`no free port between ${LOWEST} and ${HIGHEST} after 200 tries`);
}
