/**
 * `gopy officials …`: invite officials to positions, list and revoke them, register a commune's
 * staff group. Every subcommand prints what it did (Vietnamese, then English); a bad argument
 * throws an AppError whose message names the flag.
 *
 * The small argument helpers at the bottom are shared by the other admin commands of this folder.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { positionLabel, INVITE_PAYLOAD_PREFIX } from '../app/register-official.ts';
import { assertNever } from '../core/assert-never.ts';
import { AppError } from '../core/errors.ts';
import { isLang } from '../core/lang.ts';
import { localDateTime } from '../core/local-date.ts';
import { createCategoriesRepository } from '../persistence/categories-repository.ts';
import {
  defaultRoleFor,
  isOfficialRole,
  isPositionKind,
  OFFICIAL_ROLES,
  POSITION_KINDS,
} from '../core/positions.ts';
import { type OfficialRecord } from '../app/ports/official-directory.ts';
import { createOfficialsRepository } from '../persistence/officials-repository.ts';
import { createUnitsRepository } from '../persistence/units-repository.ts';
import type { UnitRecord } from '../app/ports/units.ts';

/** The database client the admin commands build their repositories from. */
export type AdminDatabase = Parameters<typeof createOfficialsRepository>[0];

export interface AdminCommandDeps {
  prisma: AdminDatabase;
  /** The bot's username, with or without "@": deep links are `https://t.me/<bot>?start=…`. */
  botUsername: string;
  print: (line: string) => void;
  now: Date;
}

const USAGE = `gopy officials invite --unit CODE --position ${POSITION_KINDS.join('|')} [--role ${OFFICIAL_ROLES.join('|')}] [--field CATEGORY]...
gopy officials list [--unit CODE]
gopy officials revoke ID
gopy officials group --unit CODE --chat CHAT_ID --title TITLE
gopy officials lang ID vi|en
gopy officials lang --chat CHAT_ID vi|en`;

/** Runs `gopy officials <invite|list|revoke|group|lang> …`. */
export async function officialsCommand(args: string[], deps: AdminCommandDeps): Promise<void> {
  return runSubcommand(args, deps, { invite, list, revoke, group, lang }, USAGE);
}

/** `… remove ID`: removes the row or fails naming the id; prints what it did. */
export async function removeById(
  command: string,
  args: string[],
  deps: AdminCommandDeps,
  remove: (id: number) => Promise<boolean>,
  what: { vi: string; en: string },
): Promise<void> {
  const { positionals } = parseCommand(command, args, {}, true);
  const id = requireId(command, positionals);
  if (!(await remove(id)))
    throw new AppError(
      'cli_usage',
      `${command}: không có ${what.vi} #${id} / no ${what.en} with id ${id}`,
    );
  deps.print(`Đã xóa ${what.vi} #${id}. / Removed ${what.en} #${id}.`);
}

/** Runs `<sub> …rest` with the handler named `sub`; a missing or unknown one shows the usage. */
export async function runSubcommand<D>(
  args: string[],
  deps: D,
  handlers: Record<string, (rest: string[], deps: D) => Promise<void>>,
  usage: string,
): Promise<void> {
  const [sub, ...rest] = args;
  if (sub === undefined) throw usageError('thiếu lệnh con / missing subcommand', usage);
  const handler = Object.hasOwn(handlers, sub) ? handlers[sub] : undefined;
  if (!handler)
    throw usageError(`lệnh con không hợp lệ "${sub}" / unknown subcommand "${sub}"`, usage);
  return handler(rest, deps);
}

/** `https://t.me/<bot>?start=inv_<code>` */
export function inviteDeepLink(botUsername: string, code: string): string {
  return deepLink(botUsername, `${INVITE_PAYLOAD_PREFIX}${code}`);
}

async function invite(args: string[], deps: AdminCommandDeps): Promise<void> {
  const { values } = parseCommand('officials invite', args, {
    unit: { type: 'string' },
    position: { type: 'string' },
    role: { type: 'string' },
    field: { type: 'string', multiple: true },
  });
  const position = requireFlag('officials invite', 'position', values.position);
  if (!isPositionKind(position)) {
    throw flagError(
      'position',
      `phải là một trong ${POSITION_KINDS.join(', ')} / must be one of ${POSITION_KINDS.join(', ')} (got "${position}")`,
    );
  }
  const role = values.role ?? defaultRoleFor(position);
  if (!isOfficialRole(role)) {
    throw flagError(
      'role',
      `phải là một trong ${OFFICIAL_ROLES.join(', ')} / must be one of ${OFFICIAL_ROLES.join(', ')} (got "${role}")`,
    );
  }
  const unit = await requireUnit(deps, requireFlag('officials invite', 'unit', values.unit));
  const fields = await requireCategories(deps, splitList(values.field ?? []));

  const officials = createOfficialsRepository(deps.prisma);
  const created = await officials.createInvite({
    unitCode: unit.code,
    positionKind: position,
    role,
    fields,
    now: deps.now,
  });
  const label = positionLabel({ positionKind: position, unitName: unit.name });
  const fieldText = fields.length > 0 ? fields.join(', ') : '—';
  deps.print(`Đã tạo mã mời: ${label} (mã ${unit.code}), vai trò ${role}, lĩnh vực: ${fieldText}`);
  deps.print(
    `Invite created: ${position} of ${unit.name} (${unit.code}), role ${role}, fields: ${fieldText}`,
  );
  deps.print(`Liên kết / Link: ${inviteDeepLink(deps.botUsername, created.code)}`);
  deps.print(
    `Hết hạn / Expires: ${formatVietnamTime(created.expiresAt)} (giờ Việt Nam / Vietnam time)`,
  );
  deps.print('Chỉ gửi liên kết cho đúng người nhận: mỗi liên kết chỉ đăng ký được một tài khoản.');
  deps.print('Send the link to its holder only: it registers exactly one account.');
}

async function list(args: string[], deps: AdminCommandDeps): Promise<void> {
  const { values } = parseCommand('officials list', args, { unit: { type: 'string' } });
  const unitCode =
    values.unit === undefined ? undefined : (await requireUnit(deps, values.unit)).code;
  const officials = await createOfficialsRepository(deps.prisma).list(
    unitCode === undefined ? {} : { unitCode },
  );
  if (officials.length === 0) {
    deps.print('Chưa có cán bộ nào được đăng ký. / No officials registered.');
    return;
  }
  const rows = officials.map((o) => [
    String(o.id),
    `${o.unitCode} ${o.unitName}`,
    o.positionKind,
    o.role,
    o.displayName,
    o.fields.join(',') || '—',
    statusOf(o),
    formatVietnamTime(o.createdAt),
    o.lang,
  ]);
  for (const line of formatTable(
    [
      'ID',
      'Đơn vị/Unit',
      'Chức vụ/Position',
      'Vai trò/Role',
      'Họ tên/Name',
      'Lĩnh vực/Fields',
      'Trạng thái/Status',
      'Từ/Since',
      'Ngôn ngữ/Lang',
    ],
    rows,
  )) {
    deps.print(line);
  }
  deps.print(`${officials.length} cán bộ / officials`);
}

async function revoke(args: string[], deps: AdminCommandDeps): Promise<void> {
  const { positionals } = parseCommand('officials revoke', args, {}, true);
  const id = requireId('officials revoke', positionals);
  const result = await createOfficialsRepository(deps.prisma).revoke(id, deps.now);
  switch (result.type) {
    case 'revoked':
      deps.print(
        `Đã thu hồi: #${id} ${result.official.displayName} — ${positionLabel(result.official)}`,
      );
      deps.print(`Revoked official #${id}: they no longer receive reports.`);
      return;
    case 'alreadyRevoked':
      deps.print(
        `#${id} ${result.official.displayName} đã bị thu hồi trước đó. / Official #${id} was already revoked.`,
      );
      return;
    case 'unknown':
      throw new AppError(
        'cli_usage',
        `officials revoke: không có cán bộ #${id} / no official with id ${id}`,
      );
    default:
      return assertNever(result, 'revoke result');
  }
}

async function group(args: string[], deps: AdminCommandDeps): Promise<void> {
  const { values } = parseCommand('officials group', args, {
    unit: { type: 'string' },
    chat: { type: 'string' },
    title: { type: 'string' },
  });
  const chatId = requireFlag('officials group', 'chat', values.chat);
  // Telegram group and supergroup ids are negative integers (-100… for supergroups).
  if (!/^-?\d{1,20}$/.test(chatId)) {
    throw flagError(
      'chat',
      `phải là mã nhóm Telegram dạng số, ví dụ -1001234567890 / must be a numeric Telegram chat id, e.g. -1001234567890 (got "${chatId}")`,
    );
  }
  const title = requireFlag('officials group', 'title', values.title).trim();
  if (title === '') throw flagError('title', 'không được để trống / must not be empty');
  const unit = await requireUnit(deps, requireFlag('officials group', 'unit', values.unit));
  const saved = await createOfficialsRepository(deps.prisma).registerGroup({
    unitCode: unit.code,
    chatId,
    title,
  });
  deps.print(
    `Đã đăng ký nhóm "${saved.title}" (${saved.chatId}) nhận thông báo của ${unit.name} (mã ${unit.code}).`,
  );
  deps.print(
    `Registered group #${saved.id} "${saved.title}" (${saved.chatId}) for the alerts of ${unit.name}.`,
  );
  deps.print(
    'Hãy thêm bot vào nhóm nếu chưa thêm. / Add the bot to the group if it is not there yet.',
  );
}

/**
 * `lang ID vi|en`: the language an official reads alerts, digests and answers in (what they set
 * themselves with /lang); `lang --chat CHAT_ID vi|en`: a staff group's.
 */
async function lang(args: string[], deps: AdminCommandDeps): Promise<void> {
  const { values, positionals } = parseCommand(
    'officials lang',
    args,
    { chat: { type: 'string' } },
    true,
  );
  const wanted = values.chat === undefined ? positionals[1] : positionals[0];
  if (wanted === undefined || !isLang(wanted))
    throw usageError(
      `ngôn ngữ phải là vi hoặc en / the language must be vi or en (got "${wanted ?? ''}")`,
      USAGE,
    );
  const officials = createOfficialsRepository(deps.prisma);
  if (values.chat !== undefined) {
    if (!(await officials.setGroupLang(values.chat, wanted)))
      throw flagError('chat', `không có nhóm ${values.chat} / no registered group ${values.chat}`);
    deps.print(
      `Nhóm ${values.chat}: ngôn ngữ ${wanted}. / Group ${values.chat} now reads ${wanted}.`,
    );
    return;
  }
  const id = requireId('officials lang', positionals.slice(0, 1));
  if (!(await officials.setLang(id, wanted)))
    throw new AppError(
      'cli_usage',
      `officials lang: không có cán bộ #${id} / no official with id ${id}`,
    );
  deps.print(`Cán bộ #${id}: ngôn ngữ ${wanted}. / Official #${id} now reads ${wanted}.`);
}

function statusOf(o: OfficialRecord): string {
  if (!o.active) return 'đã thu hồi/revoked';
  if (o.unreachableAt !== null) return 'không liên lạc được/unreachable';
  return 'hoạt động/active';
}

// ---------------------------------------------------------------- helpers shared by cli/ admin commands

type Options = NonNullable<ParseArgsConfig['options']>;

/** node:util parseArgs, strict, with its errors turned into an AppError naming the command. */
export function parseCommand<O extends Options>(
  command: string,
  args: string[],
  options: O,
  allowPositionals = false,
) {
  try {
    const parsed = parseArgs({
      args: joinNegativeValues(args, options),
      options,
      strict: true,
      allowPositionals,
    });
    return { values: parsed.values, positionals: parsed.positionals };
  } catch (err) {
    throw new AppError('cli_usage', `${command}: ${(err as Error).message}`, { cause: err });
  }
}

/**
 * `--chat -1001234567890` → `--chat=-1001234567890`. Telegram group ids are negative, and
 * parseArgs refuses a value that looks like an option unless it is attached with "=".
 */
function joinNegativeValues(args: readonly string[], options: Options): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    const next = args[i + 1];
    const option = arg.startsWith('--') ? options[arg.slice(2)] : undefined;
    if (option?.type === 'string' && next !== undefined && /^-\d/.test(next)) {
      out.push(`${arg}=${next}`);
      i++;
    } else {
      out.push(arg);
    }
  }
  return out;
}

/** An AppError whose message starts with the flag. */
export function flagError(flag: string, message: string): AppError {
  return new AppError('cli_usage', `--${flag}: ${message}`);
}

export function usageError(message: string, usage: string): AppError {
  return new AppError('cli_usage', `${message}\n${usage}`);
}

export function requireFlag(command: string, flag: string, value: string | undefined): string {
  if (value === undefined || value.trim() === '') {
    throw new AppError(
      'cli_usage',
      `--${flag}: bắt buộc cho "${command}" / required by "${command}"`,
    );
  }
  return value.trim();
}

/** The single positional numeric id of `… remove ID` / `… revoke ID`. */
export function requireId(command: string, positionals: string[]): number {
  const [raw, ...extra] = positionals;
  if (raw === undefined) throw new AppError('cli_usage', `${command}: thiếu ID / missing ID`);
  if (extra.length > 0) {
    throw new AppError(
      'cli_usage',
      `${command}: chỉ nhận một ID / takes one ID (got ${positionals.join(' ')})`,
    );
  }
  if (!/^\d{1,9}$/.test(raw) || Number(raw) === 0) {
    throw new AppError(
      'cli_usage',
      `${command}: ID phải là số nguyên dương / ID must be a positive integer (got "${raw}")`,
    );
  }
  return Number(raw);
}

/** The current unit for a code; a superseded code resolves to its successor, with a note. */
export async function requireUnit(
  deps: { prisma: AdminDatabase; print: (line: string) => void },
  code: string,
  flag = 'unit',
): Promise<UnitRecord> {
  const trimmed = code.trim();
  if (!/^\d{5}$/.test(trimmed)) {
    throw flagError(flag, `mã đơn vị gồm 5 chữ số / a unit code has 5 digits (got "${code}")`);
  }
  const unit = await createUnitsRepository(deps.prisma).get(trimmed);
  if (!unit) {
    throw flagError(
      flag,
      `không có đơn vị hành chính mã ${trimmed} / no administrative unit ${trimmed} (run "gopy units search")`,
    );
  }
  if (unit.code !== trimmed) {
    deps.print(
      `Lưu ý: mã ${trimmed} đã sáp nhập vào ${unit.name} (mã ${unit.code}). / Note: ${trimmed} was merged into ${unit.code}.`,
    );
  }
  return unit;
}

/** Checks that every category code exists; names the unknown ones. */
export async function requireCategories(
  deps: { prisma: AdminDatabase },
  codes: readonly string[],
  flag = 'field',
): Promise<string[]> {
  const categories = createCategoriesRepository(deps.prisma);
  const unique = [...new Set(codes)];
  const missing: string[] = [];
  for (const code of unique) {
    if (!(await categories.get(code))) missing.push(code);
  }
  if (missing.length > 0) {
    const known = (await categories.listActive()).map((c) => c.code).join(', ') || '—';
    throw flagError(
      flag,
      `không có lĩnh vực ${missing.join(', ')} / unknown category ${missing.join(', ')} (known: ${known})`,
    );
  }
  return unique;
}

/** Accepts repeated flags and comma-separated values alike: `--field a --field b,c`. */
export function splitList(values: readonly string[]): string[] {
  return values
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter((v) => v !== '');
}

/** `https://t.me/<bot>?start=<payload>` */
export function deepLink(botUsername: string, payload: string): string {
  const bot = botUsername.replace(/^@/, '');
  return `https://t.me/${bot}?start=${payload}`;
}

/** Aligned columns; the header is followed by a rule. */
export function formatTable(
  header: readonly string[],
  rows: ReadonlyArray<readonly string[]>,
): string[] {
  const widths = header.map((h, i) => Math.max(width(h), ...rows.map((r) => width(r[i] ?? ''))));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c + ' '.repeat((widths[i] ?? 0) - width(c))))
      .join('  ')
      .trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)];
}

/** Characters as a terminal shows them (NFC, so "ệ" counts once). */
function width(text: string): number {
  return [...text.normalize('NFC')].length;
}

/** dd/mm/yyyy HH:MM on the wall in Vietnam. */
export function formatVietnamTime(instant: Date): string {
  const t = localDateTime(instant);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(t.day)}/${p(t.month)}/${t.year} ${p(t.hour)}:${p(t.minute)}`;
}
