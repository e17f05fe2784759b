/**
 * `gopy routing …`: the rules that say which positions receive a report, by unit, category and
 * report kind. A rule slot is (unit, category, kind, order); setting a slot again replaces its
 * position. Omitted unit, category or kind mean "any".
 */
import { assertNever } from '../core/assert-never.ts';
import { SUBMISSION_KINDS, isSubmissionKind } from '../core/submission-kinds.ts';
import { isPositionKind, POSITION_KINDS } from '../core/positions.ts';
import { type RoutingRuleRecord } from '../app/ports/routing-rules.ts';
import { createRoutingRulesRepository } from '../persistence/routing-rules-repository.ts';
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

/** Report kinds a rule can be limited to (Report.kind). */
/** The submission kinds a rule may name (core's list). */
export const REPORT_KINDS = SUBMISSION_KINDS;

const USAGE = `gopy routing list [--unit CODE]
gopy routing set --position ${POSITION_KINDS.join('|')} [--unit CODE] [--category CODE] [--kind ${REPORT_KINDS.join('|')}] [--order N]
gopy routing remove ID`;

/** Runs `gopy routing <list|set|remove> …`. */
export async function routingCommand(args: string[], deps: AdminCommandDeps): Promise<void> {
  return runSubcommand(args, deps, { list, set, remove }, USAGE);
}

async function list(args: string[], deps: AdminCommandDeps): Promise<void> {
  const { values } = parseCommand('routing list', args, { unit: { type: 'string' } });
  const rules = createRoutingRulesRepository(deps.prisma);
  // For one unit, show what applies to it: its own rules and the global ones.
  const rows =
    values.unit === undefined
      ? await rules.list()
      : await rules.forUnit((await requireUnit(deps, values.unit)).code);
  if (rows.length === 0) {
    deps.print('Chưa có quy tắc chuyển phản ánh nào. / No routing rules.');
    return;
  }
  for (const line of formatTable(
    ['ID', 'Đơn vị/Unit', 'Lĩnh vực/Category', 'Loại/Kind', 'Thứ tự/Order', 'Chức vụ/Position'],
    rows.map(ruleRow),
  )) {
    deps.print(line);
  }
  deps.print(`${rows.length} quy tắc / rules ("*" = tất cả / any)`);
}

async function set(args: string[], deps: AdminCommandDeps): Promise<void> {
  const { values } = parseCommand('routing set', args, {
    position: { type: 'string' },
    unit: { type: 'string' },
    category: { type: 'string' },
    kind: { type: 'string' },
    order: { type: 'string' },
  });
  const position = requireFlag('routing set', 'position', values.position);
  if (!isPositionKind(position)) {
    throw flagError(
      'position',
      `phải là một trong ${POSITION_KINDS.join(', ')} / must be one of ${POSITION_KINDS.join(', ')} (got "${position}")`,
    );
  }
  const kind = values.kind?.trim();
  if (kind !== undefined && !isReportKind(kind)) {
    throw flagError(
      'kind',
      `phải là một trong ${REPORT_KINDS.join(', ')} / must be one of ${REPORT_KINDS.join(', ')} (got "${kind}")`,
    );
  }
  const order = parseOrder(values.order);
  const unitCode =
    values.unit === undefined ? undefined : (await requireUnit(deps, values.unit)).code;
  const categoryCode =
    values.category === undefined
      ? undefined
      : (await requireCategories(deps, [values.category.trim()], 'category'))[0];

  const result = await createRoutingRulesRepository(deps.prisma).set({
    ...(unitCode === undefined ? {} : { unitCode }),
    ...(categoryCode === undefined ? {} : { categoryCode }),
    ...(kind === undefined ? {} : { kind }),
    positionKind: position,
    order,
  });
  const slot = describeSlot(result.rule);
  switch (result.type) {
    case 'created':
      deps.print(`Đã thêm quy tắc #${result.rule.id}: ${slot} → ${position}`);
      deps.print(`Added rule #${result.rule.id}: ${slot} → ${position}`);
      return;
    case 'updated':
      deps.print(
        `Đã cập nhật quy tắc #${result.rule.id}: ${slot} → ${position} (trước đây / was ${result.previous})`,
      );
      deps.print(`Updated rule #${result.rule.id}: ${slot} → ${position}`);
      return;
    default:
      return assertNever(result, 'routing set result');
  }
}

async function remove(args: string[], deps: AdminCommandDeps): Promise<void> {
  await removeById(
    'routing remove',
    args,
    deps,
    (id) => createRoutingRulesRepository(deps.prisma).remove(id),
    {
      vi: 'quy tắc',
      en: 'routing rule',
    },
  );
}

function isReportKind(value: string): value is (typeof REPORT_KINDS)[number] {
  return isSubmissionKind(value);
}

function parseOrder(raw: string | undefined): number {
  if (raw === undefined) return 0;
  if (!/^\d{1,3}$/.test(raw.trim())) {
    throw flagError(
      'order',
      `phải là số nguyên từ 0 đến 999 / must be an integer from 0 to 999 (got "${raw}")`,
    );
  }
  return Number(raw.trim());
}

function ruleRow(r: RoutingRuleRecord): string[] {
  return [
    String(r.id),
    r.unitCode ?? '*',
    r.categoryCode ?? '*',
    r.kind ?? '*',
    String(r.order),
    r.positionKind,
  ];
}

function describeSlot(r: RoutingRuleRecord): string {
  return `unit=${r.unitCode ?? '*'} category=${r.categoryCode ?? '*'} kind=${r.kind ?? '*'} order=${r.order}`;
}
