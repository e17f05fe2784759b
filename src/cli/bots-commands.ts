/**
 * `gopy bots …`: the Telegram bots besides BOT_TOKEN's, one per province or group of communes.
 * The messages about a unit's reports go out through its bot to the chats that started it
 * (src/core/bot-choice.ts); BOT_TOKEN's bot serves everything else, as with one bot. A token
 * is a password: it is never printed in full. Running gopy processes read the bots at start.
 */
import { randomBytes } from 'node:crypto';
import { botIdOfToken } from '../channels/telegram/create-driver-intake.ts';
import type { Config } from '../config.ts';
import { AppError } from '../core/errors.ts';
import { createBotsRepository } from '../persistence/bots-repository.ts';
import { createUnitsRepository } from '../persistence/units-repository.ts';
import {
  flagError,
  formatTable,
  parseCommand,
  requireFlag,
  runSubcommand,
  type AdminDatabase,
} from './officials-commands.ts';

export interface BotsCommandDeps {
  prisma: AdminDatabase;
  print: (line: string) => void;
  config: Config;
}

const USAGE = `gopy bots add --token TOKEN --unit CODE[,CODE…]   (a province code or commune codes)
gopy bots list
gopy bots remove BOT_ID`;

/** Runs `gopy bots <add|list|remove> …`. */
export function botsCommand(args: string[], deps: BotsCommandDeps): Promise<void> {
  return runSubcommand(args, deps, { add, list, remove }, USAGE);
}

/** "123456:ABC…xyz" → "123456:…wxyz": enough to tell tokens apart, not to use one. */
export function maskToken(token: string): string {
  const colon = token.indexOf(':');
  return `${token.slice(0, colon)}:…${token.slice(-4)}`;
}

async function add(args: string[], deps: BotsCommandDeps): Promise<void> {
  const { values } = parseCommand('bots add', args, {
    token: { type: 'string' },
    unit: { type: 'string', multiple: true },
  });
  const token = requireFlag('bots add', 'token', values.token);
  const id = /^\d+:[\w-]{20,}$/.test(token) ? botIdOfToken(token) : undefined;
  if (id === undefined)
    throw flagError(
      'token',
      'phải có dạng 123456:ABC-DEF… (từ @BotFather) / must look like 123456:ABC-DEF… (from @BotFather)',
    );
  if (!deps.config.simulator && botIdOfToken(deps.config.botToken) === id)
    throw flagError('token', 'đây là BOT_TOKEN, bot mặc định / this is BOT_TOKEN, the default bot');
  const codes = (values.unit ?? [])
    .flatMap((v) => v.split(','))
    .map((c) => c.trim())
    .filter((c) => c !== '');
  if (codes.length === 0)
    throw flagError('unit', 'bắt buộc / required (a province code or commune codes)');
  const units = createUnitsRepository(deps.prisma);
  for (const code of codes) {
    const known = /^\d{2}$/.test(code)
      ? await deps.prisma.province.findUnique({ where: { code } })
      : /^\d{5}$/.test(code)
        ? await units.get(code)
        : undefined;
    if (!known)
      throw flagError(
        'unit',
        `không có tỉnh hay xã mã "${code}" / no province or commune "${code}"`,
      );
  }
  const repo = createBotsRepository(deps.prisma);
  for (const other of await repo.list()) {
    const taken = other.id === id ? [] : codes.filter((c) => other.units.includes(c));
    if (taken.length)
      throw new AppError(
        'cli_usage',
        `--unit: ${taken.join(', ')} đã do bot ${other.id} phục vụ / already served by bot ${other.id} (gopy bots remove ${other.id}, or add it with other units)`,
      );
  }
  const saved = await repo.save({
    id,
    token,
    units: [...new Set(codes)],
    webhookSecret: randomBytes(24).toString('base64url'),
  });
  deps.print(
    `Bot ${saved.id} (${maskToken(saved.token)}) phục vụ / serves ${saved.units.join(', ')}; webhook /tg/${saved.id}.`,
  );
  deps.print(
    'Khởi động lại gopy để bot chạy; cán bộ cần bấm Start ở bot này để nhận cảnh báo qua nó. / Restart gopy to start it; officials must press Start in this bot to get alerts through it.',
  );
}

async function list(_args: string[], deps: BotsCommandDeps): Promise<void> {
  const bots = await createBotsRepository(deps.prisma).list();
  const chats = await deps.prisma.botChat.groupBy({ by: ['bot'], _count: { _all: true } });
  const chatCount = (bot: string) => String(chats.find((c) => c.bot === bot)?._count._all ?? 0);
  const rows = [
    [
      '(mặc định/default)',
      deps.config.simulator ? '(simulator)' : maskToken(deps.config.botToken),
      'mọi đơn vị khác / every other unit',
      chatCount(''),
      deps.config.telegram.webhookPath,
    ],
    ...bots.map((b) => [
      b.id,
      maskToken(b.token),
      b.units.join(','),
      chatCount(b.id),
      `/tg/${b.id}`,
    ]),
  ];
  for (const line of formatTable(
    ['Bot', 'Token', 'Đơn vị/Units', 'Chat đã bắt đầu/Chats started', 'Webhook'],
    rows,
  ))
    deps.print(line);
}

async function remove(args: string[], deps: BotsCommandDeps): Promise<void> {
  const { positionals } = parseCommand('bots remove', args, {}, true);
  const [id] = positionals;
  if (id === undefined)
    throw new AppError('cli_usage', `bots remove: thiếu BOT_ID / missing BOT_ID\n${USAGE}`);
  if (!(await createBotsRepository(deps.prisma).remove(id)))
    throw new AppError('cli_usage', `bots remove: không có bot ${id} / no bot ${id}`);
  deps.print(
    `Đã xoá bot ${id}; tin nhắn của các đơn vị của nó đi qua bot mặc định sau khi khởi động lại. / Bot ${id} removed; its units' messages go through the default bot after a restart.`,
  );
}
