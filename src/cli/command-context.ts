/** What every CLI command is given (its own file so run-command and run-role share it). */
import type { parseArgs as ParseArgs } from 'node:util';
import type { Config } from '../config.ts';
import type { Logger } from '../logger.ts';

export interface CommandContext {
  config: Config;
  logger: Logger;
  parse: typeof ParseArgs;
}
