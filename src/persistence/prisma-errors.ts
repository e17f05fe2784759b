import { Prisma } from './generated/prisma/client.ts';

/**
 * A unique constraint refused the write: another writer committed the same row first.
 * Repositories turn it into "already there", never into an error for the caller. Prisma says
 * so with P2002; plain SQL on the pg pool (plain-sql.ts) with PostgreSQL's SQLSTATE 23505, and
 * through Prisma's raw queries (the embedded database) as P2010 carrying that code.
 */
export function isUniqueViolation(err: unknown): boolean {
  if (err instanceof Prisma.PrismaClientKnownRequestError)
    return (
      err.code === 'P2002' ||
      (err.code === 'P2010' && JSON.stringify(err.meta ?? {}).includes('23505'))
    );
  return err instanceof Error && 'code' in err && (err as { code?: unknown }).code === '23505';
}
