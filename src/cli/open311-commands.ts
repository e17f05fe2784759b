/**
 * `gopy open311 keys …`: the api_keys of Open311 clients. `add` prints the key once (gopy keeps
 * only its SHA-256: a lost key is revoked and replaced, never shown again); a key may act for
 * one commune (--unit), one province (--province) or, with neither, every commune.
 */
import { AppError } from '../core/errors.ts';
import { newApiKey } from '../app/open311/api-keys.ts';
import { createOpen311Repository } from '../persistence/open311-repository.ts';
import {
  flagError,
  formatTable,
  formatVietnamTime,
  parseCommand,
  requireFlag,
  requireId,
  requireUnit,
  runSubcommand,
  usageError,
  type AdminCommandDeps,
} from './officials-commands.ts';

const USAGE = `gopy open311 keys add --name TEXT [--unit CODE | --province CODE]
gopy open311 keys list
gopy open311 keys revoke ID`;

/** Runs `gopy open311 keys <add|list|revoke> …`. */
export async function open311Command(args: string[], deps: AdminCommandDeps): Promise<void> {
  const [group, ...rest] = args;
  if (group !== 'keys')
    throw usageError(
      group === undefined
        ? 'thiếu lệnh con / missing subcommand'
        : `lệnh con không hợp lệ "${group}" / unknown subcommand "${group}"`,
      USAGE,
    );
  return runSubcommand(rest, deps, { add, list, revoke }, USAGE);
}

async function add(args: string[], deps: AdminCommandDeps): Promise<void> {
  const { values } = parseCommand('open311 keys add', args, {
    name: { type: 'string' },
    unit: { type: 'string' },
    province: { type: 'string' },
  });
  const name = requireFlag('open311 keys add', 'name', values.name);
  if ([...name].length > 100) throw flagError('name', 'tối đa 100 ký tự / at most 100 characters');
  if (values.unit !== undefined && values.province !== undefined)
    throw new AppError(
      'cli_usage',
      'open311 keys add: chỉ một trong --unit, --province / give --unit or --province, not both',
    );
  const unit = values.unit === undefined ? undefined : await requireUnit(deps, values.unit);
  let provinceCode: string | undefined;
  if (values.province !== undefined) {
    const code = values.province.trim().padStart(2, '0');
    const province = await deps.prisma.province.findUnique({ where: { code } });
    if (!province)
      throw flagError('province', `không có tỉnh mã ${code} / no province with code ${code}`);
    provinceCode = province.code;
  }
  const { key, hash } = newApiKey();
  const row = await createOpen311Repository(deps.prisma).addKey({
    name,
    keyHash: hash,
    ...(unit ? { unitCode: unit.code } : {}),
    ...(provinceCode ? { provinceCode } : {}),
  });
  const scope = unit
    ? `${unit.name} (${unit.code})`
    : provinceCode
      ? `tỉnh mã ${provinceCode} / province ${provinceCode}`
      : 'mọi xã, phường / every commune';
  deps.print(`Đã tạo khóa Open311 #${row.id} «${name}», phạm vi: ${scope}.`);
  deps.print(`Created Open311 key #${row.id} "${name}".`);
  deps.print('');
  deps.print(`  api_key: ${key}`);
  deps.print('');
  deps.print(
    'Khóa chỉ hiện một lần này; Gopy chỉ lưu mã băm. / The key is shown this once; gopy keeps only its hash.',
  );
}

async function list(args: string[], deps: AdminCommandDeps): Promise<void> {
  parseCommand('open311 keys list', args, {});
  const keys = await createOpen311Repository(deps.prisma).listKeys();
  if (keys.length === 0) {
    deps.print('Chưa có khóa Open311 nào. / No Open311 keys.');
    return;
  }
  const rows = keys.map((k) => [
    String(k.id),
    k.name,
    k.unitCode ? `xã/unit ${k.unitCode}` : k.provinceCode ? `tỉnh/province ${k.provinceCode}` : '*',
    formatVietnamTime(k.createdAt),
    k.revokedAt ? `thu hồi/revoked ${formatVietnamTime(k.revokedAt)}` : 'hoạt động/active',
  ]);
  for (const line of formatTable(
    ['ID', 'Tên/Name', 'Phạm vi/Scope', 'Tạo lúc/Created', 'Trạng thái/State'],
    rows,
  ))
    deps.print(line);
}

async function revoke(args: string[], deps: AdminCommandDeps): Promise<void> {
  const { positionals } = parseCommand('open311 keys revoke', args, {}, true);
  const id = requireId('open311 keys revoke', positionals);
  if (!(await createOpen311Repository(deps.prisma).revokeKey(id, deps.now)))
    throw new AppError(
      'cli_usage',
      `open311 keys revoke: không có khóa #${id} đang hoạt động / no active key with id ${id}`,
    );
  deps.print(`Đã thu hồi khóa Open311 #${id}. / Revoked Open311 key #${id}.`);
}
