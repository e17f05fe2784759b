/**
 * `gopy replies …`: canned answers offered to officials. A reply may be tied to a category and
 * to a status; without them it is offered everywhere.
 */
import { assertNever } from '../core/assert-never.ts';
import { createCannedRepliesRepository } from '../persistence/canned-replies-repository.ts';
import {
  flagError,
  formatTable,
  parseCommand,
  requireCategories,
  requireFlag,
  requireUnit,
  removeById,
  runSubcommand,
  type AdminCommandDeps,
} from './officials-commands.ts';

/** Room for the reply inside one Telegram message (4,096 characters) with the report header. */
const MAX_REPLY_LENGTH = 3000;

const USAGE = `gopy replies list [--unit CODE] [--category CODE] [--status STATUS]
gopy replies set --text TEXT [--unit CODE] [--category CODE] [--status STATUS]
gopy replies remove ID
STATUS: the result the reply answers, resolved | not-competent | scheduled (none: any result)`;

/** Runs `gopy replies <list|set|remove> …`. */
export async function repliesCommand(args: string[], deps: AdminCommandDeps): Promise<void> {
  return runSubcommand(args, deps, { list, set, remove }, USAGE);
}

async function list(args: string[], deps: AdminCommandDeps): Promise<void> {
  const { values } = parseCommand('replies list', args, {
    unit: { type: 'string' },
    category: { type: 'string' },
    status: { type: 'string' },
  });
  const categoryCode = await optionalCategory(deps, values.category);
  const status = optionalStatus(values.status);
  const unitCode =
    values.unit === undefined ? undefined : (await requireUnit(deps, values.unit)).code;
  const replies = await createCannedRepliesRepository(deps.prisma).list({
    ...(unitCode === undefined ? {} : { unitCode }),
    ...(categoryCode === undefined ? {} : { categoryCode }),
    ...(status === undefined ? {} : { status }),
  });
  if (replies.length === 0) {
    deps.print('Chưa có câu trả lời mẫu nào. / No canned replies.');
    return;
  }
  const rows = replies.map((r) => [
    String(r.id),
    r.unitCode ?? '*',
    r.categoryCode ?? '*',
    r.status ?? '*',
    r.text.replace(/\s*\n\s*/g, ' ⏎ '),
  ]);
  for (const line of formatTable(
    ['ID', 'Xã/Unit', 'Lĩnh vực/Category', 'Trạng thái/Status', 'Nội dung/Text'],
    rows,
  )) {
    deps.print(line);
  }
  deps.print(`${replies.length} câu trả lời mẫu / canned replies ("*" = tất cả / any)`);
}

async function set(args: string[], deps: AdminCommandDeps): Promise<void> {
  const { values } = parseCommand('replies set', args, {
    text: { type: 'string' },
    unit: { type: 'string' },
    category: { type: 'string' },
    status: { type: 'string' },
  });
  const text = requireFlag('replies set', 'text', values.text);
  if ([...text].length > MAX_REPLY_LENGTH) {
    throw flagError(
      'text',
      `tối đa ${MAX_REPLY_LENGTH} ký tự / at most ${MAX_REPLY_LENGTH} characters`,
    );
  }
  const categoryCode = await optionalCategory(deps, values.category);
  const status = optionalStatus(values.status);
  const unitCode =
    values.unit === undefined ? undefined : (await requireUnit(deps, values.unit)).code;
  const result = await createCannedRepliesRepository(deps.prisma).set({
    text,
    ...(unitCode === undefined ? {} : { unitCode }),
    ...(categoryCode === undefined ? {} : { categoryCode }),
    ...(status === undefined ? {} : { status }),
  });
  const scope = `unit=${unitCode ?? '*'} category=${categoryCode ?? '*'} status=${status ?? '*'}`;
  switch (result.type) {
    case 'created':
      deps.print(
        `Đã thêm câu trả lời mẫu #${result.reply.id} (${scope}). / Added canned reply #${result.reply.id}.`,
      );
      return;
    case 'exists':
      deps.print(
        `Câu trả lời mẫu này đã có: #${result.reply.id} (${scope}). / This canned reply already exists as #${result.reply.id}.`,
      );
      return;
    default:
      return assertNever(result, 'replies set result');
  }
}

async function remove(args: string[], deps: AdminCommandDeps): Promise<void> {
  await removeById(
    'replies remove',
    args,
    deps,
    (id) => createCannedRepliesRepository(deps.prisma).remove(id),
    {
      vi: 'câu trả lời mẫu',
      en: 'canned reply',
    },
  );
}

async function optionalCategory(
  deps: AdminCommandDeps,
  raw: string | undefined,
): Promise<string | undefined> {
  if (raw === undefined) return undefined;
  const [code] = await requireCategories(deps, [raw.trim()], 'category');
  return code;
}

/** Statuses are lower-case codes (resolved, rejected, …): the same spelling the bot stores. */
function optionalStatus(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  const status = raw.trim();
  if (!/^[a-z][a-z0-9-]{0,39}$/.test(status)) {
    throw flagError(
      'status',
      `phải là mã viết thường, ví dụ resolved / must be a lower-case code such as resolved (got "${raw}")`,
    );
  }
  return status;
}
