/**
 * Exports for the model's periodic reports: reports, ratings (one row per rating) and rating
 * answers (one row per answer), of a commune or a province, over local dates, as CSV or XLSX.
 *
 * Personal data (name, phone, address, and text a citizen wrote) appears only where the viewer
 * may see it: officials get it for the reports the chat would let them view, never for an
 * anonymous citizen or a denouncer (tố cáo: the identity is sealed by law, even from the
 * chair); the public gets none, and no khiếu nại or tố cáo at all; the CLI operator gets it
 * with `--personal` only.
 */
import { NEVER_PUBLIC_KINDS } from '../../core/public-reports.ts';
import { authorizeOfficial } from '../desk/authorize-official.ts';
import {
  HEADLINE_ITEMS,
  IMPROVE_ITEM,
  OVERALL_ITEM,
  RESULT_LABELS_VI,
} from '../../core/judgement-items.ts';
import { periodBounds } from '../../core/judgement-period.ts';
import { timeliness } from '../../core/judgement-stats.ts';
import { isSubmissionKind, submissionKind } from '../../core/submission-kinds.ts';
import { statusLabel } from '../../texts/report.ts';
import type { RatingAnswerExportRow, ReportExportRow } from '../ports/judgement-readings.ts';
import { maySeeCommune } from './commune-dashboard.ts';
import type { JudgementDeps } from './judgement-deps.ts';
import { toCsv, toXlsx, type Column, type Row } from './spreadsheet.ts';
import type { ExportKind, ExportRequest, ExportUseCase, ExportViewer } from './types.ts';

const PUBLIC_KINDS_EXCLUDED = new Set<string>(NEVER_PUBLIC_KINDS);

const SHEET_NAMES: Record<ExportKind, string> = {
  reports: 'Phản ánh',
  ratings: 'Đánh giá',
  answers: 'Câu trả lời',
};

export function createExportData(deps: JudgementDeps): ExportUseCase {
  const { queries } = deps;
  return async (request) => {
    const scope = await resolveScope(deps, request);
    if (scope.type !== 'ok') return scope;
    const bounds = periodBounds({ type: 'custom', from: request.from, to: request.to });
    const personal = mayHavePersonalData(request.viewer);
    let columns: Column[];
    let rows: Row[];
    switch (request.kind) {
      case 'reports': {
        const data = await queries.exportReports(scope.units, bounds);
        columns = reportColumns(personal);
        rows = data
          .filter((r) => request.viewer.type !== 'public' || !PUBLIC_KINDS_EXCLUDED.has(r.kind))
          .map((r) => reportRow(r, request.viewer, deps.now()));
        break;
      }
      case 'ratings': {
        const data = await queries.exportRatingAnswers(scope.units, bounds);
        columns = ratingColumns(personal);
        rows = ratingRows(data, personal);
        break;
      }
      case 'answers': {
        const data = await queries.exportRatingAnswers(scope.units, bounds);
        columns = answerColumns(personal);
        rows = data.map((a) => answerRow(a, personal));
        break;
      }
    }
    const body =
      request.format === 'csv'
        ? toCsv(columns, rows)
        : await toXlsx(SHEET_NAMES[request.kind], columns, rows);
    return {
      type: 'ok',
      file: {
        filename: `gopy-${request.kind}-${scope.code}-${request.from}-${request.to}.${request.format}`,
        contentType:
          request.format === 'csv'
            ? 'text/csv; charset=utf-8'
            : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        body,
        rows: rows.length,
      },
    };
  };
}

async function resolveScope(
  deps: JudgementDeps,
  request: ExportRequest,
): Promise<
  { type: 'ok'; units: string[]; code: string } | { type: 'unknown-scope' } | { type: 'forbidden' }
> {
  const { scope, viewer } = request;
  if (scope.type === 'unit') {
    const unit = await deps.queries.unit(scope.unitCode);
    if (!unit) return { type: 'unknown-scope' };
    if (viewer.type === 'officials' && !maySeeCommune(viewer, unit)) return { type: 'forbidden' };
    return { type: 'ok', units: [unit.code], code: unit.code };
  }
  const province = await deps.queries.province(scope.provinceCode);
  if (!province) return { type: 'unknown-scope' };
  if (
    viewer.type === 'officials' &&
    !viewer.accounts.some((o) => o.role === 'admin' && o.provinceCode === province.code)
  )
    return { type: 'forbidden' };
  const units = await deps.queries.provinceUnits(province.code);
  return { type: 'ok', units: units.map((u) => u.code), code: province.code };
}

function mayHavePersonalData(viewer: ExportViewer): boolean {
  switch (viewer.type) {
    case 'public':
      return false;
    case 'officials':
      return true;
    case 'operator':
      return viewer.personalData;
  }
}

/** Whether this viewer may see who sent this report and what they wrote. */
function personalFor(
  r: ReportExportRow,
  viewer: ExportViewer,
): { identity: boolean; text: boolean } {
  const sealed = isSubmissionKind(r.kind) && submissionKind(r.kind).handling.sealedIdentity;
  const hidden = r.anonymous || sealed;
  switch (viewer.type) {
    case 'public':
      return { identity: false, text: false };
    case 'operator':
      return { identity: viewer.personalData && !hidden, text: viewer.personalData };
    case 'officials': {
      const allowed = authorizeOfficial(viewer.accounts, r, 'view').type === 'allowed';
      return { identity: allowed && !hidden, text: allowed };
    }
  }
}

function reportColumns(personal: boolean): Column[] {
  return [
    { key: 'ticket', header: 'Mã phiếu', type: 'string', width: 16 },
    { key: 'unitCode', header: 'Mã đơn vị', type: 'string', width: 10 },
    { key: 'unitName', header: 'Xã, phường, đặc khu', type: 'string', width: 22 },
    { key: 'category', header: 'Lĩnh vực', type: 'string', width: 24 },
    { key: 'kind', header: 'Loại', type: 'string', width: 12 },
    { key: 'status', header: 'Trạng thái', type: 'string', width: 12 },
    { key: 'createdAt', header: 'Ngày nhận', type: 'date' },
    { key: 'acknowledgedAt', header: 'Ngày tiếp nhận', type: 'date' },
    { key: 'dueAt', header: 'Hạn trả lời', type: 'date' },
    { key: 'resolvedAt', header: 'Ngày trả lời', type: 'date' },
    { key: 'closedAt', header: 'Ngày đóng', type: 'date' },
    { key: 'onTime', header: 'Đúng hạn', type: 'string', width: 10 },
    { key: 'reopenCount', header: 'Số lần mở lại', type: 'number' },
    { key: 'resultType', header: 'Kết quả', type: 'string' },
    { key: 'verdict', header: 'Người dân xác nhận', type: 'string' },
    { key: 'anonymous', header: 'Ẩn danh', type: 'boolean', width: 9 },
    ...(personal
      ? ([
          { key: 'citizenName', header: 'Người gửi', type: 'string', width: 20 },
          { key: 'phone', header: 'Điện thoại', type: 'string', width: 14 },
          { key: 'address', header: 'Địa chỉ', type: 'string', width: 24 },
          { key: 'text', header: 'Nội dung', type: 'string', width: 50 },
        ] as const)
      : []),
  ];
}

const TIMELINESS_VI = {
  'on-time': 'đúng hạn',
  late: 'trễ hạn',
  pending: 'chưa đến hạn',
  'no-deadline': 'không có hạn',
} as const;

/** The citizen's verdict as the dashboard's table says it. */
const VERDICTS_VI: Readonly<Record<string, string>> = {
  yes: 'Đã giải quyết',
  partly: 'Giải quyết một phần',
  no: 'Chưa giải quyết',
  none: 'Không trả lời (tự đóng sau 7 ngày)',
};

/** A stored code in words, as every other column is; an unknown one as it is stored. */
const inWords = (labels: Readonly<Record<string, string>>, code: string | null) =>
  code === null ? null : (labels[code] ?? code);

function reportRow(r: ReportExportRow, viewer: ExportViewer, now: Date): Row {
  const see = personalFor(r, viewer);
  const info = isSubmissionKind(r.kind) ? submissionKind(r.kind) : undefined;
  return {
    ticket: r.ticketCode,
    unitCode: r.unitCode,
    unitName: r.unitName,
    category: r.categoryVi,
    kind: info?.nameVi ?? r.kind,
    status: statusLabel(r.status),
    createdAt: r.createdAt,
    acknowledgedAt: r.acknowledgedAt,
    // A góp ý has no deadline: an empty cell, not a date nobody has to keep.
    dueAt: info?.handling.hasDeadline === false ? null : r.dueAt,
    resolvedAt: r.resolvedAt,
    closedAt: r.closedAt,
    onTime:
      TIMELINESS_VI[
        timeliness(
          {
            hasDeadline: info?.handling.hasDeadline ?? true,
            dueAt: r.dueAt,
            answeredAt: r.resolvedAt,
          },
          now,
        )
      ],
    reopenCount: r.reopenCount,
    resultType: inWords(RESULT_LABELS_VI, r.resultType),
    verdict: inWords(VERDICTS_VI, r.verdict),
    anonymous: r.anonymous,
    citizenName: see.identity ? r.citizenName : null,
    phone: see.identity ? r.phone : null,
    address: see.identity ? r.address : null,
    text: see.text ? r.text : null,
  };
}

function ratingColumns(personal: boolean): Column[] {
  return [
    { key: 'ratingId', header: 'Mã đánh giá', type: 'number' },
    { key: 'unitCode', header: 'Mã đơn vị', type: 'string', width: 10 },
    { key: 'unitName', header: 'Xã, phường, đặc khu', type: 'string', width: 22 },
    { key: 'kind', header: 'Loại', type: 'string' },
    { key: 'period', header: 'Quý', type: 'string', width: 9 },
    { key: 'createdAt', header: 'Thời điểm', type: 'date' },
    { key: 'counterCode', header: 'Quầy', type: 'string', width: 8 },
    ...([1, 2, 3, 4, 5] as const).map((n): Column => ({
      key: `c${n}`,
      header: `Tiêu chí ${n}`,
      type: 'number',
      width: 10,
    })),
    { key: 'overall', header: 'Hài lòng chung', type: 'number' },
    { key: 'improve', header: 'Cần cải thiện', type: 'string', width: 30 },
    ...(personal ? [{ key: 'comment', header: 'Góp ý', type: 'string', width: 50 } as const] : []),
  ];
}

/** One row per rating: the headline score of each criterion, the overall item, the choices. */
function ratingRows(answers: readonly RatingAnswerExportRow[], personal: boolean): Row[] {
  const byRating = new Map<number, Record<string, string | number | Date | null>>();
  const headline = new Map(Object.entries(HEADLINE_ITEMS).map(([n, item]) => [item, `c${n}`]));
  for (const a of answers) {
    let row = byRating.get(a.ratingId);
    if (!row) {
      row = {
        ratingId: a.ratingId,
        unitCode: a.unitCode,
        unitName: a.unitName,
        kind: a.kind,
        period: a.period,
        createdAt: a.createdAt,
        counterCode: a.counterCode,
      };
      byRating.set(a.ratingId, row);
    }
    const key = headline.get(a.itemId);
    // Counter ratings ask c3.polite too: it is the counter's item, not the commune's criterion.
    if (key && a.kind !== 'counter') row[key] = a.score;
    if (a.itemId === OVERALL_ITEM) row['overall'] = a.score;
    if (a.itemId === IMPROVE_ITEM) row['improve'] = a.choices.join(', ');
    if (a.itemId === 'comment' && personal) row['comment'] = a.text;
  }
  return [...byRating.values()];
}

function answerColumns(personal: boolean): Column[] {
  return [
    { key: 'ratingId', header: 'Mã đánh giá', type: 'number' },
    { key: 'unitCode', header: 'Mã đơn vị', type: 'string', width: 10 },
    { key: 'kind', header: 'Loại', type: 'string' },
    { key: 'createdAt', header: 'Thời điểm', type: 'date' },
    { key: 'counterCode', header: 'Quầy', type: 'string', width: 8 },
    { key: 'itemId', header: 'Câu hỏi', type: 'string', width: 24 },
    { key: 'criterion', header: 'Tiêu chí', type: 'number', width: 9 },
    { key: 'score', header: 'Điểm', type: 'number', width: 7 },
    { key: 'choices', header: 'Lựa chọn', type: 'string', width: 30 },
    ...(personal ? [{ key: 'text', header: 'Văn bản', type: 'string', width: 50 } as const] : []),
  ];
}

function answerRow(a: RatingAnswerExportRow, personal: boolean): Row {
  return {
    ratingId: a.ratingId,
    unitCode: a.unitCode,
    kind: a.kind,
    createdAt: a.createdAt,
    counterCode: a.counterCode,
    itemId: a.itemId,
    criterion: a.criterion,
    score: a.score,
    choices: a.choices.length ? a.choices.join(', ') : null,
    text: personal ? a.text : null,
  };
}
