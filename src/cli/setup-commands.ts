/**
 * Setting up a real commune: `gopy setup` (reference data, and the default positions of the
 * communes named), `gopy categories list|set`, `gopy positions list|set --unit CODE` and
 * `gopy units status CODE` (ready or not, and why). Each prints what it did; a bad argument
 * fails naming the flag.
 */
import { createUnitReadiness } from '../app/unit-readiness.ts';
import { DEFAULT_BOT, botForUnit, chooseBot } from '../core/bot-choice.ts';
import { createBotsRepository } from '../persistence/bots-repository.ts';
import { AppError } from '../core/errors.ts';
import { createCategoriesRepository } from '../persistence/categories-repository.ts';
import { isPositionKind, POSITION_KINDS, POSITION_RANKS } from '../core/positions.ts';
import { createOfficialsRepository } from '../persistence/officials-repository.ts';
import { setupReference } from '../persistence/reference-data.ts';
import { createRoutingRulesRepository } from '../persistence/routing-rules-repository.ts';
import {
  flagError,
  formatTable,
  parseCommand,
  requireCategories,
  requireFlag,
  requireUnit,
  runSubcommand,
  splitList,
  type AdminCommandDeps,
} from './officials-commands.ts';

type Deps = Pick<AdminCommandDeps, 'prisma' | 'print'>;

/** `gopy setup [--unit CODE]...` */
export async function setupCommand(args: string[], deps: Deps): Promise<void> {
  const { values } = parseCommand('setup', args, { unit: { type: 'string', multiple: true } });
  const units = [];
  for (const code of splitList(values.unit ?? [])) units.push(await requireUnit(deps, code));
  if ((await deps.prisma.unit.count()) === 0)
    deps.print(
      'Lưu ý: chưa có đơn vị hành chính nào; chạy "gopy units import". / Note: no units yet; run "gopy units import".',
    );
  const r = await setupReference(deps.prisma, { unitCodes: units.map((u) => u.code) });
  deps.print(
    `Đã nạp ${r.categories} lĩnh vực và ${r.cannedReplies} câu trả lời mẫu. / Loaded ${r.categories} categories and ${r.cannedReplies} canned replies.`,
  );
  for (const u of units)
    deps.print(
      `Chức vụ mặc định của ${u.name} (mã ${u.code}) đã sẵn sàng. / Default positions of ${u.code} are in place.`,
    );
}

const CATEGORIES_USAGE = `gopy categories list
gopy categories set --code CODE --name-vi TEXT --name-en TEXT --days N [--on-site true|false] [--active true|false]`;

export async function categoriesCommand(args: string[], deps: Deps): Promise<void> {
  return runSubcommand(
    args,
    deps,
    {
      async list(rest) {
        parseCommand('categories list', rest, {});
        const rows = await deps.prisma.category.findMany({
          orderBy: [{ sortOrder: 'asc' }, { code: 'asc' }],
        });
        if (rows.length === 0) {
          deps.print('Chưa có lĩnh vực nào; chạy "gopy setup". / No categories; run "gopy setup".');
          return;
        }
        for (const line of formatTable(
          ['Mã/Code', 'Ngày làm việc/Days', 'Hiện trường/On site', 'Dùng/Active', 'Tên/Name'],
          rows.map((c) => [
            c.code,
            String(c.deadlineDays),
            c.onSite ? 'có/yes' : 'không/no',
            c.active ? 'có/yes' : 'không/no',
            `${c.nameVi} / ${c.nameEn}`,
          ]),
        ))
          deps.print(line);
        deps.print(`${rows.length} lĩnh vực / categories`);
      },
      async set(rest) {
        const { values } = parseCommand('categories set', rest, {
          code: { type: 'string' },
          'name-vi': { type: 'string' },
          'name-en': { type: 'string' },
          days: { type: 'string' },
          'on-site': { type: 'string' },
          active: { type: 'string' },
        });
        const code = requireFlag('categories set', 'code', values.code);
        if (!/^[a-z][a-z0-9-]{1,39}$/.test(code))
          throw flagError(
            'code',
            `chữ thường, số và - / lower-case letters, digits and - (got "${code}")`,
          );
        const existing = await createCategoriesRepository(deps.prisma).get(code);
        const days = values.days === undefined ? existing?.deadlineDays : Number(values.days);
        if (days === undefined || !Number.isInteger(days) || days < 1 || days > 90)
          throw flagError('days', 'số ngày làm việc từ 1 đến 90 / working days from 1 to 90');
        const nameVi = values['name-vi']?.trim() || existing?.nameVi;
        const nameEn = values['name-en']?.trim() || existing?.nameEn || nameVi;
        if (!nameVi)
          throw flagError('name-vi', 'bắt buộc cho lĩnh vực mới / required for a new category');
        const data = {
          nameVi: nameVi.normalize('NFC'),
          nameEn: (nameEn ?? nameVi).normalize('NFC'),
          deadlineDays: days,
          onSite: bool('on-site', values['on-site']) ?? existing?.onSite ?? false,
          active: bool('active', values.active) ?? true,
        };
        const sortOrder = await deps.prisma.category.count();
        await deps.prisma.category.upsert({
          where: { code },
          create: { code, ...data, sortOrder },
          update: data,
        });
        deps.print(
          `${existing ? 'Đã cập nhật' : 'Đã thêm'} lĩnh vực ${code} «${data.nameVi}»: ${days} ngày làm việc${data.onSite ? ', cần ảnh hiện trường' : ''}${data.active ? '' : ', tạm ngừng'}. / ${existing ? 'Updated' : 'Added'} category ${code}.`,
        );
      },
    },
    CATEGORIES_USAGE,
  );
}

function bool(flag: string, raw: string | undefined): boolean | undefined {
  if (raw === undefined) return undefined;
  if (raw === 'true' || raw === 'yes') return true;
  if (raw === 'false' || raw === 'no') return false;
  throw flagError(flag, `true hoặc false / true or false (got "${raw}")`);
}

const POSITIONS_USAGE = `gopy positions list --unit CODE
gopy positions set --unit CODE --kind ${POSITION_KINDS.join('|')} --title TEXT [--field CATEGORY]...`;

export async function positionsCommand(args: string[], deps: Deps): Promise<void> {
  return runSubcommand(
    args,
    deps,
    {
      async list(rest) {
        const { values } = parseCommand('positions list', rest, { unit: { type: 'string' } });
        const unit = await requireUnit(deps, requireFlag('positions list', 'unit', values.unit));
        const positions = await createOfficialsRepository(deps.prisma).positionsOfUnit(unit.code);
        if (positions.length === 0) {
          deps.print(
            `${unit.name} chưa có chức vụ nào; chạy "gopy setup --unit ${unit.code}". / No positions; run "gopy setup --unit ${unit.code}".`,
          );
          return;
        }
        for (const line of formatTable(
          ['ID', 'Loại/Kind', 'Chức vụ/Title', 'Lĩnh vực/Fields', 'Người giữ/Holders'],
          positions.map((p) => [
            String(p.id),
            p.kind,
            p.title,
            p.fields.join(',') || '—',
            p.officials.filter((o) => o.unreachableAt === null).length > 0
              ? String(p.officials.length)
              : p.officials.length > 0
                ? `${p.officials.length} (không liên lạc được/unreachable)`
                : '0',
          ]),
        ))
          deps.print(line);
        deps.print(`${positions.length} chức vụ của ${unit.name} / positions`);
      },
      async set(rest) {
        const { values } = parseCommand('positions set', rest, {
          unit: { type: 'string' },
          kind: { type: 'string' },
          title: { type: 'string' },
          field: { type: 'string', multiple: true },
        });
        const unit = await requireUnit(deps, requireFlag('positions set', 'unit', values.unit));
        const kind = requireFlag('positions set', 'kind', values.kind);
        if (!isPositionKind(kind))
          throw flagError(
            'kind',
            `một trong ${POSITION_KINDS.join(', ')} / one of ${POSITION_KINDS.join(', ')}`,
          );
        const title = requireFlag('positions set', 'title', values.title).normalize('NFC');
        const fields = await requireCategories(deps, splitList(values.field ?? []));
        const existing = await deps.prisma.position.findFirst({
          where: { unitCode: unit.code, kind, title },
          select: { id: true },
        });
        const row = existing
          ? await deps.prisma.position.update({ where: { id: existing.id }, data: { fields } })
          : await deps.prisma.position.create({
              data: { unitCode: unit.code, kind, title, fields, rank: POSITION_RANKS[kind] },
            });
        deps.print(
          `${existing ? 'Đã cập nhật' : 'Đã thêm'} chức vụ #${row.id} «${title}» của ${unit.name}, lĩnh vực: ${fields.join(', ') || '—'}. / ${existing ? 'Updated' : 'Added'} position #${row.id}.`,
        );
      },
    },
    POSITIONS_USAGE,
  );
}

/** `gopy units status CODE`: ready or not, and why (not being ready is an answer, not a failure). */
export async function unitStatusCommand(args: string[], deps: Deps): Promise<void> {
  const { positionals } = parseCommand('units status', args, {}, true);
  const [code] = positionals;
  if (code === undefined) throw new AppError('cli_usage', 'units status: thiếu mã / missing CODE');
  const unit = await requireUnit(deps, code, 'CODE');
  const officials = createOfficialsRepository(deps.prisma);
  const readiness = await createUnitReadiness({
    categories: createCategoriesRepository(deps.prisma),
    officials,
    rules: createRoutingRulesRepository(deps.prisma),
  })(unit);
  const reachable = (await officials.list({ unitCode: unit.code })).filter(
    (o) => o.active && o.unreachableAt === null,
  );
  deps.print(`${unit.name}, ${unit.province} (mã ${unit.code})`);
  deps.print(
    `Cán bộ liên lạc được / reachable officials: ${reachable.map((o) => `${o.positionKind} ${o.displayName}`).join(', ') || '—'}`,
  );
  await printBots(deps, unit, reachable);
  if (readiness.type === 'ready') {
    deps.print('Sẵn sàng nhận phản ánh. / Ready: every category reaches an official.');
    return;
  }
  deps.print('CHƯA SẴN SÀNG / NOT READY:');
  if (readiness.noCategory)
    deps.print('  - chưa có lĩnh vực nào (chạy "gopy setup") / no category (run "gopy setup")');
  if (readiness.unreachableCategories.length > 0)
    deps.print(
      `  - không có cán bộ liên lạc được cho / no reachable official for: ${readiness.unreachableCategories.join(', ')} (gopy officials invite --unit ${unit.code} --position chair)`,
    );
  deps.print(
    readiness.provinceAdmin
      ? '  Phản ánh gửi đến sẽ chuyển cho quản trị viên cấp tỉnh. / Reports go to the province admin meanwhile.'
      : '  Phản ánh gửi đến sẽ được giữ lại đến khi có cán bộ đăng ký. / Reports are kept until an official registers.',
  );
}

/**
 * With several bots: the unit's bot, and the bot each official's alerts go out through. An
 * official who has not started the unit's bot gets them through a bot they did start (the
 * fallback), said here so the commune can ask them to press Start.
 */
async function printBots(
  deps: Deps,
  unit: { code: string; provinceCode: string },
  officials: ReadonlyArray<{ positionKind: string; displayName: string; chatId: string }>,
): Promise<void> {
  const repo = createBotsRepository(deps.prisma);
  const bots = await repo.list();
  if (bots.length === 0) return;
  const name = (bot: string) => (bot === DEFAULT_BOT ? 'mặc định/default' : bot);
  const preferred = botForUnit(bots, unit);
  deps.print(`Bot của đơn vị / unit's bot: ${name(preferred)}`);
  for (const o of officials) {
    const bot = chooseBot(preferred, await repo.botsOfChat(o.chatId));
    deps.print(
      bot === preferred
        ? `  ${o.positionKind} ${o.displayName}: bot ${name(bot)}`
        : `  ${o.positionKind} ${o.displayName}: bot ${name(bot)} (DỰ PHÒNG: chưa bấm Start ở bot ${name(preferred)} / FALLBACK: has not started bot ${name(preferred)})`,
    );
  }
}
