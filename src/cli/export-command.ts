/**
 * `gopy export reports|ratings|answers --unit CODE | --province CODE --from YYYY-MM-DD
 * --to YYYY-MM-DD --format csv|xlsx --out FILE [--personal]`: the judgement's data for the
 * model's periodic reports. Without --personal no personal data is written (no names, phones,
 * addresses or citizen text); with it, still never for an anonymous citizen or a denouncer.
 */
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { createExportData } from '../app/judgement/export-data.ts';
import type { ExportKind, ExportScope } from '../app/judgement/types.ts';
import { isIsoDate, type IsoDate } from '../core/local-date.ts';
import { createJudgementQueries } from '../persistence/judgement-queries.ts';
import type { AdminDatabase } from './officials-commands.ts';
import { flagError, parseCommand, requireFlag, usageError } from './officials-commands.ts';

const USAGE =
  'gopy export reports|ratings|answers --unit CODE | --province CODE --from YYYY-MM-DD --to YYYY-MM-DD --format csv|xlsx --out FILE [--personal]';
const KINDS: readonly ExportKind[] = ['reports', 'ratings', 'answers'];

export interface ExportCommandDeps {
  prisma: AdminDatabase;
  print: (line: string) => void;
  minAnswers: number;
  now: Date;
}

export async function exportCommand(args: string[], deps: ExportCommandDeps): Promise<void> {
  const [kind, ...rest] = args;
  if (!kind || !(KINDS as readonly string[]).includes(kind))
    throw usageError(`Unknown export "${kind ?? ''}".`, USAGE);
  const { values } = parseCommand(`export ${kind}`, rest, {
    unit: { type: 'string' },
    province: { type: 'string' },
    from: { type: 'string' },
    to: { type: 'string' },
    format: { type: 'string', default: 'xlsx' },
    out: { type: 'string' },
    personal: { type: 'boolean', default: false },
  });
  if (Boolean(values.unit) === Boolean(values.province))
    throw usageError('Give either --unit or --province.', USAGE);
  const scope: ExportScope = values.unit
    ? { type: 'unit', unitCode: values.unit.trim() }
    : { type: 'province', provinceCode: (values.province ?? '').trim() };
  const from = date('from', requireFlag(`export ${kind}`, 'from', values.from));
  const to = date('to', requireFlag(`export ${kind}`, 'to', values.to));
  if (to < from) throw flagError('to', `trước --from / before --from (${from})`);
  const format = values.format;
  if (format !== 'csv' && format !== 'xlsx') throw flagError('format', 'csv | xlsx');
  const out = resolve(requireFlag(`export ${kind}`, 'out', values.out));

  const exportData = createExportData({
    queries: createJudgementQueries(deps.prisma),
    minAnswers: deps.minAnswers,
    botUsername: () => Promise.resolve(''),
    now: () => deps.now,
  });
  const result = await exportData({
    kind: kind as ExportKind,
    scope,
    from,
    to,
    format,
    viewer: { type: 'operator', personalData: values.personal },
  });
  switch (result.type) {
    case 'ok':
      await writeFile(out, result.file.body);
      deps.print(
        `Đã xuất ${result.file.rows} dòng / exported ${result.file.rows} rows: ${out}${values.personal ? ' (có dữ liệu cá nhân / with personal data)' : ''}`,
      );
      return;
    case 'unknown-scope':
      throw flagError(values.unit ? 'unit' : 'province', 'không tìm thấy / not found');
    case 'forbidden':
      throw flagError(values.unit ? 'unit' : 'province', 'không được phép / not allowed');
  }
}

function date(flag: string, text: string): IsoDate {
  const t = text.trim();
  if (!isIsoDate(t)) throw flagError(flag, `YYYY-MM-DD (got "${text}")`);
  return t;
}
