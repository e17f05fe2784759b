/**
 * This installation's identity and the lock that lets one replica at a time run upkeep.
 */
import type { PrismaClient } from './generated/prisma/client.ts';

/**
 * The install id: a UUID made by the database on first use and kept in it, so every process of
 * one installation agrees on it and a re-created database gets a new one.
 */
export async function installId(prisma: PrismaClient): Promise<string> {
  await prisma.$executeRaw`INSERT INTO installation (singleton) VALUES (true) ON CONFLICT DO NOTHING`;
  const row = await prisma.installation.findUniqueOrThrow({ where: { singleton: true } });
  return row.id;
}

/** Runs `work` only if no other process holds the lock named `name`; undefined when one does. */
export type ExclusiveRunner = <T>(name: string, work: () => Promise<T>) => Promise<T | undefined>;

/**
 * PostgreSQL advisory lock (pg_try_advisory_xact_lock): held by a transaction that stays open
 * while `work` runs on other connections, and released when it ends, also when the process dies
 * (the connection closes). On the embedded database (one process, one backend) `work` just runs:
 * nothing else could hold the lock, and an open transaction would block its other queries.
 */
export function createExclusiveRunner(
  prisma: PrismaClient,
  kind: 'postgres' | 'embedded',
  options: { timeoutMs?: number } = {},
): ExclusiveRunner {
  return async (name, work) => {
    if (kind === 'embedded') return work();
    return prisma.$transaction(
      async (tx) => {
        const [row] = await tx.$queryRaw<Array<{ locked: boolean }>>`
          SELECT pg_try_advisory_xact_lock(hashtextextended(${`gopy:${name}`}, 0)) AS locked`;
        if (!row?.locked) return undefined;
        return work();
      },
      { maxWait: 10_000, timeout: options.timeoutMs ?? 10 * 60_000 },
    );
  };
}

/** The installation's signing key (made by the database with the row; never shown). */
export async function installSecret(prisma: PrismaClient): Promise<string> {
  await installId(prisma);
  const row = await prisma.installation.findUniqueOrThrow({ where: { singleton: true } });
  return row.secret;
}
