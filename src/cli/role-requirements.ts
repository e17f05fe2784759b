/**
 * What each long-running role needs from the configuration before it starts anything: a role
 * that could not do its job fails at once with every missing piece named, instead of starting
 * and failing later (a worker without a bot token would queue deliveries it can never send).
 */
import type { Config } from '../config.ts';
import { assertNever } from '../core/assert-never.ts';

export type Role = 'start' | 'bot' | 'worker';

/** The problems that stop `role` from starting; empty when it can start. */
export function roleRequirements(role: Role, config: Config): string[] {
  const problems: string[] = [];
  switch (role) {
    case 'start':
      // Everything in one process: embedded PostgreSQL and the simulator are fine here.
      break;
    case 'bot':
      if (!config.databaseUrl) problems.push(NEEDS_DATABASE(role));
      if (config.simulator)
        problems.push(
          'gopy bot needs BOT_TOKEN (from @BotFather) and SIMULATOR unset; ' +
            'the simulator runs with `gopy start`.',
        );
      break;
    case 'worker':
      if (!config.databaseUrl) problems.push(NEEDS_DATABASE(role));
      if (config.simulator)
        problems.push(
          'gopy worker delivers alerts and replies through Telegram: it needs BOT_TOKEN ' +
            '(the same token as `gopy bot`) and SIMULATOR unset.',
        );
      break;
    default:
      assertNever(role);
  }
  return problems;
}

const NEEDS_DATABASE = (role: Role) =>
  `gopy ${role} needs DATABASE_URL (postgresql://…); only \`gopy start\` runs on the embedded database.`;
