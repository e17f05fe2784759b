import { Prisma } from './generated/prisma/client.ts';

/** PostgreSQL's SQLSTATE for a unique violation. */
const UNIQUE_VIOLATION = '23505';

/**
 * A unique constraint refused the write: another writer committed the same row first.
 * Repositories turn it into "already there", never into an error for the caller. Prisma's ORM
 * says so with P2002; its raw queries (plain SQL on the embedded database) with P2010 carrying
 * the driver's code; plain SQL on the pg pool (plain-sql.ts) with pg's error and the SQLSTATE.
 */
export function isUniqueViolation(err: unknown): boolean {
  if (err instanceof Prisma.PrismaClientKnownRequestError) {
    if (err.code === 'P2002') return true;
    const cause = (err.meta?.['driverAdapterError'] as { cause?: { originalCode?: unknown } })
      ?.cause;
    return err.code === 'P2010' && cause?.originalCode === UNIQUE_VIOLATION;
  }
  return err instanceof Error && (err as { code?: unknown }).code === UNIQUE_VIOLATION;
}
