import { pino, type Logger } from 'pino';

export type { Logger };

/**
 * Structured logs (JSON lines). Bind update, job and report ids with child loggers; never log
 * phone numbers, exact locations or message text at info level.
 */
export function createLogger(level: string, name = 'gopy'): Logger {
  return pino({ name, level, base: { pid: process.pid } });
}
