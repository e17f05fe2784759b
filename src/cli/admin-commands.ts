/**
 * Admin commands over the database: seed, units, officials, routing, canned replies, QR codes,
 * exports.
 * Each prints what it did; bad arguments fail with a message naming the flag.
 */
import { SIMULATOR_BOT_USERNAME, type Config } from '../config.ts';
import { AppError } from '../core/errors.ts';
import type { Database } from '../persistence/database.ts';
import { calendarCommand } from './calendar-commands.ts';
import { officialsCommand } from './officials-commands.ts';
import { qrCommand } from './qr-command.ts';
import { repliesCommand } from './replies-commands.ts';
import { receptionCommand } from './reception-commands.ts';
import { routingCommand } from './routing-commands.ts';
import {
  categoriesCommand,
  positionsCommand,
  setupCommand,
  unitStatusCommand,
} from './setup-commands.ts';

export interface AdminContext {
  prisma: Database['prisma'];
  print: (line: string) => void;
  /** Warnings a person must see (stderr), apart from what the command printed. */
  warn?: (line: string) => void;
  config: Config;
}

export async function runAdminCommand(
  command: string,
  args: string[],
  ctx: AdminContext,
): Promise<number> {
  const { prisma, print } = ctx;
  const deps = async () => ({
    prisma,
    print,
    now: new Date(),
    botUsername: await botUsername(ctx.config, ctx.warn ?? print),
  });
  switch (command) {
    case 'seed': {
      const { seedDemo } = await import('../persistence/seed-demo.ts');
      const r = await seedDemo(prisma, { production: ctx.config.production });
      print(
        `Seeded: ${r.categories} categories, ${r.positions} positions, ${r.officials} officials, ${r.groups} staff groups, ${r.cannedReplies} canned replies.`,
      );
      return 0;
    }
    case 'setup':
      await setupCommand(args, ctx);
      return 0;
    case 'categories':
      await categoriesCommand(args, ctx);
      return 0;
    case 'positions':
      await positionsCommand(args, ctx);
      return 0;
    case 'units': {
      const [sub, ...rest] = args;
      if (sub === 'status') {
        await unitStatusCommand(rest, ctx);
        return 0;
      }
      if (sub === 'import') {
        const { importUnits, SHIPPED_UNITS_FILES } = await import('../persistence/units-import.ts');
        const { parseArgs } = await import('node:util');
        const { values } = parseArgs({
          args: rest,
          options: { units: { type: 'string' }, aliases: { type: 'string' } },
        });
        if (Boolean(values.units) !== Boolean(values.aliases))
          throw new AppError(
            'usage',
            '--units and --aliases go together (both files, same columns as prisma/seed/).',
          );
        const r = await importUnits(
          prisma,
          values.units && values.aliases
            ? { unitsCsv: values.units, aliasesCsv: values.aliases }
            : SHIPPED_UNITS_FILES,
        );
        print(
          `Imported ${r.provinces} provinces, ${r.units} units and ${r.aliases} old names in ${r.durationMs} ms (${r.inserted} inserted, ${r.updated} updated).`,
        );
        return 0;
      }
      if (sub === 'search') {
        const { createUnitsRepository } = await import('../persistence/units-repository.ts');
        const matches = await createUnitsRepository(prisma).search(rest.join(' '));
        if (matches.length === 0) print('Không tìm thấy / nothing found.');
        for (const m of matches)
          print(
            `${m.code}  ${m.name}, ${m.province}${m.matchedAlias ? `  (trước đây: ${m.matchedAlias})` : ''}`,
          );
        return 0;
      }
      throw new AppError(
        'usage',
        'gopy units import [--units FILE --aliases FILE] | gopy units search TEXT | gopy units status CODE',
      );
    }
    case 'officials':
      await officialsCommand(args, await deps());
      return 0;
    case 'routing':
      await routingCommand(args, await deps());
      return 0;
    case 'replies':
      await repliesCommand(args, await deps());
      return 0;
    case 'calendar':
      await calendarCommand(args, await deps());
      return 0;
    case 'reception':
      await receptionCommand(args, await deps());
      return 0;
    case 'export': {
      const { exportCommand } = await import('./export-command.ts');
      await exportCommand(args, {
        prisma,
        print,
        minAnswers: ctx.config.publicMinAnswers,
        now: new Date(),
      });
      return 0;
    }
    case 'open311': {
      const { open311Command } = await import('./open311-commands.ts');
      // Keys need no bot: no username lookup (and no warning about one).
      await open311Command(args, { prisma, print, now: new Date(), botUsername: '' });
      return 0;
    }
    case 'bots': {
      const { botsCommand } = await import('./bots-commands.ts');
      await botsCommand(args, { prisma, print, config: ctx.config });
      return 0;
    }
    case 'qr':
      await qrCommand(args, {
        ...(await deps()),
        outDir: `${ctx.config.dataDir}/qr`,
        publicUrl: ctx.config.publicUrl,
      });
      return 0;
    default:
      throw new AppError('usage', `Unknown command "${command}". Run \`gopy help\` for the list.`);
  }
}

/**
 * The username deep links and QR codes name: BOT_USERNAME, else Telegram's answer to getMe for
 * BOT_TOKEN. Without either, the links open the local simulator's bot: said loudly, since such
 * a link printed for a real commune would lead its chair nowhere.
 */
async function botUsername(config: Config, warn: (line: string) => void): Promise<string> {
  if (config.botUsername) return config.botUsername;
  if (config.simulator) {
    warn(
      `CẢNH BÁO / WARNING: không có BOT_TOKEN hay BOT_USERNAME: liên kết dưới đây mở bot của trình mô phỏng (@${SIMULATOR_BOT_USERNAME}), không phải bot của xã. / No BOT_TOKEN or BOT_USERNAME: links below open the local simulator's bot, not your commune's. Set BOT_USERNAME (or BOT_TOKEN) for real links.`,
    );
    return SIMULATOR_BOT_USERNAME;
  }
  try {
    const res = await fetch(`${config.telegram.apiRoot}/bot${config.botToken}/getMe`);
    const body = (await res.json()) as { ok: boolean; result?: { username?: string } };
    if (body.ok && body.result?.username) return body.result.username;
  } catch {
    // fall through to the clear error below
  }
  throw new AppError(
    'telegram',
    'Could not ask Telegram for the bot username (getMe); check BOT_TOKEN and TELEGRAM_API_ROOT, or set BOT_USERNAME.',
  );
}
