/**
 * Tables to files a spreadsheet opens correctly: CSV in UTF-8 with a BOM (so Excel reads the
 * Vietnamese right) through csv-stringify, and XLSX through ExcelJS with typed columns (dates
 * as dates, numbers as numbers).
 *
 * Text cells that start with = + - @ (or a tab or carriage return) are prefixed with an
 * apostrophe in CSV: a spreadsheet would otherwise run them as formulas (CSV injection; OWASP's
 * advice). Numbers are never altered. In XLSX a string is a string, never a formula.
 *
 * Times are shown on Vietnam's wall clock: CSV writes "dd/mm/yyyy HH:mm"; XLSX stores the wall
 * time as the cell's date (a spreadsheet has no time zones).
 */
import { stringify } from 'csv-stringify/sync';
import { formatDateTimeVi } from '../../core/local-date.ts';

export type CellValue = string | number | boolean | Date | null;

export interface Column {
  readonly key: string;
  readonly header: string;
  readonly type: 'string' | 'number' | 'date' | 'boolean';
  readonly width?: number;
}

export type Row = Readonly<Record<string, CellValue>>;

const VIETNAM_OFFSET_MS = 7 * 3_600_000;
const FORMULA_START = /^[=+\-@\t\r]/;

/** A text cell made safe to open in a spreadsheet. */
export function escapeCsvText(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

function csvCell(value: CellValue, type: Column['type']): string | number {
  if (value === null) return '';
  if (value instanceof Date) return formatDateTimeVi(value);
  if (typeof value === 'boolean') return value ? 'có' : 'không';
  if (typeof value === 'number' && type === 'number') return value;
  return escapeCsvText(String(value));
}

export function toCsv(columns: readonly Column[], rows: readonly Row[]): Buffer {
  const text = stringify(
    rows.map((row) => columns.map((c) => csvCell(row[c.key] ?? null, c.type))),
    { bom: true, header: true, columns: columns.map((c) => c.header), record_delimiter: 'windows' },
  );
  return Buffer.from(text, 'utf8');
}

export async function toXlsx(
  sheetName: string,
  columns: readonly Column[],
  rows: readonly Row[],
): Promise<Buffer> {
  // ExcelJS loads on the first XLSX export: no role needs it to start.
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'gopy';
  const sheet = workbook.addWorksheet(sheetName, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = columns.map((c) => ({
    header: c.header,
    key: c.key,
    width: c.width ?? (c.type === 'date' ? 18 : 14),
    ...(c.type === 'date' ? { style: { numFmt: 'dd/mm/yyyy hh:mm' } } : {}),
  }));
  sheet.getRow(1).font = { bold: true };
  for (const row of rows) {
    const values: Record<string, string | number | boolean | Date | null> = {};
    for (const c of columns) {
      const v = row[c.key] ?? null;
      values[c.key] = v instanceof Date ? new Date(v.getTime() + VIETNAM_OFFSET_MS) : v;
    }
    sheet.addRow(values);
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
