import { Prisma } from './generated/prisma/client.ts';

/**
 * A unique constraint refused the write (P2002): another writer committed the same row first.
 * Repositories turn it into "already there", never into an error for the caller.
 */
export function isUniqueViolation(err: unknown): boolean {
  return err instanceof Prisma.PrismaClientKnownRequestError && err.code === 'P2002';
}
