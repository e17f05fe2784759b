/**
 * The gopy CLI: parses the role or admin command, builds what it needs, installs shutdown.
 * Every command prints what it did and fails with a clear message (exit code 1).
 */
import { existsSync } from 'node:fs';
import { loadEnvFile } from 'node:process';
import { parseArgs } from 'node:util';
import { loadConfig, type Config } from './config.ts';
import { AppError } from './core/errors.ts';
import { createLogger, type Logger } from './logger.ts';

const USAGE = `gopy — citizen feedback for commune governments

Usage: gopy <command> [options]

Roles
  start                 everything in one process (simulator when BOT_TOKEN is unset)
  bot                   Telegram intake (webhook or polling) and HTTP
  worker                queue workers (routing, deliveries, deadlines)

Admin
  migrate               apply database migrations
  setup [--unit CODE]...
                        reference data: categories, canned replies, and the default
                        positions of the communes named (idempotent)
  seed                  demo communes and officials (refused with real officials or
                        NODE_ENV=production)
  units import [--units FILE --aliases FILE]
                        load the official unit list (default: the shipped 2025 list)
  units search TEXT     find a commune by name, old name or code
  units status CODE     ready for reports or not, and why
  categories list | set --code CODE --name-vi TEXT --days N [--on-site true|false]
  positions list --unit CODE
  positions set --unit CODE --kind KIND --title TEXT [--field CATEGORY]...
  officials invite --unit CODE --position chair|vice-chair|head|staff
                   [--role leader|staff|admin|observer] [--field CATEGORY]...
  officials list [--unit CODE]
  officials revoke ID
  routing list [--unit CODE]
  routing set --position KIND [--unit CODE] [--category CODE] [--kind KIND] [--order N]
  replies list [--unit CODE] [--category CODE]
  replies set --text TEXT [--unit CODE] [--category CODE] [--status STATUS]
  calendar list [--year YYYY]
  calendar set --date YYYY-MM-DD --kind holiday|workday --name TEXT
  calendar remove --date YYYY-MM-DD
  reception list --unit CODE
  reception set --unit CODE (--weekday thu5 | --date YYYY-MM-DD) --from HH:MM --to HH:MM --slots N [--place TEXT]
  reception remove --unit CODE --id ID
  open311 keys add --name TEXT [--unit CODE | --province CODE]
                        an Open311 client's api_key (printed once; only its hash is kept)
  open311 keys list | open311 keys revoke ID
  bots add --token TOKEN --unit CODE[,CODE…]
                        another Telegram bot for a province (2-digit code) or communes:
                        their reports' messages go out through it (restart to start it)
  bots list | bots remove BOT_ID
  qr --commune CODE [--counter ID] [--staff CODE] [--out DIR]
  export reports|ratings|answers --unit CODE | --province CODE --from YYYY-MM-DD --to YYYY-MM-DD
         --format csv|xlsx --out FILE [--personal]
`;

const ENV_FILE = '.env';

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === 'help' || command === '--help' || command === '-h') {
    process.stdout.write(USAGE);
    return command ? 0 : 1;
  }
  // `gopy seed --help` must print help, never seed: an IT officer asks before running.
  if (rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(usageOf(command));
    return 0;
  }
  let config: Config;
  try {
    // As .env.example promises: a .env in the working directory fills in the variables the
    // environment does not set (the environment wins, as with docker compose's env_file).
    if (existsSync(ENV_FILE)) loadEnvFile(ENV_FILE);
    config = loadConfig();
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n`);
    return 1;
  }
  const logger = createLogger(config.logLevel);
  try {
    const { runCommand } = await import('./cli/run-command.ts');
    return await runCommand(command, rest, { config, logger, parse: parseArgs });
  } catch (err) {
    return reportFailure(err, logger);
  }
}

/** The usage lines of `command` (and what continues them), or all of it for an unknown one. */
function usageOf(command: string): string {
  const lines = USAGE.split('\n');
  const picked: string[] = [];
  let inCommand = false;
  for (const line of lines) {
    if (/^ {2}\S/.test(line)) inCommand = line.trimStart().split(' ')[0] === command;
    else if (!/^ {3,}\S/.test(line)) inCommand = false;
    if (inCommand) picked.push(line);
  }
  return picked.length ? `Usage: gopy <command> [options]\n\n${picked.join('\n')}\n` : USAGE;
}

function reportFailure(err: unknown, logger: Logger): number {
  if (err instanceof AppError) {
    process.stderr.write(`gopy: ${err.message}\n`);
    logger.debug({ err }, 'command failed');
  } else {
    logger.error({ err }, 'command failed');
    process.stderr.write(`gopy: ${(err as Error)?.message ?? String(err)}\n`);
  }
  return 1;
}

const code = await main(process.argv.slice(2));
if (code !== 0) {
  process.exitCode = code;
  // A command that failed half way may leave a connection open (a role whose start failed):
  // it must still exit, so a supervisor restarts it, rather than hang.
  setTimeout(() => process.exit(code), 1_000).unref();
}
