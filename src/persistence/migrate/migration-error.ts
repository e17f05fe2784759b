import { AppError } from '../../core/errors.ts';

/**
 * Migrations could not be applied. `prismaCode` is the engine's user-facing code when it has
 * one (P3009: a failed migration blocks the history, P1001: server unreachable…), so an
 * operator can look it up in Prisma's error reference.
 */
export class MigrationError extends AppError {
  constructor(
    message: string,
    readonly prismaCode?: string,
    options?: { cause?: unknown },
  ) {
    super('migration', prismaCode ? `${prismaCode}: ${message}` : message, options);
  }
}
