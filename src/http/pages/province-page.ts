/**
 * `/dashboard/province/<code>`: every commune of the province side by side, for its admin.
 * Sorting is server-side (`?sort=c1…c5|overall|received|ontime|name`, `&dir=asc|desc`, links in
 * the column heads), so it works without JavaScript and in print. Sorting orders the table; it
 * is not a rank: a commune gets a tier ("Nhóm 1") only where its interval parts from others',
 * and "chưa đủ ý kiến" below the minimum is neither high nor low (it sorts last).
 */
import { formatInterval, NO_REPORTS_YET } from '../../app/judgement/format.ts';
import { assertNever } from '../../core/assert-never.ts';
import { formatPeriod } from '../../core/judgement-period.ts';
import type {
  ProvinceCommuneRow,
  ProvinceView,
  ProvinceWaitingRow,
  ShareFigure,
} from '../../app/judgement/types.ts';
import { stateLabel, unitWord } from '../../texts/report.ts';
import type { Viewer } from '../../app/web/viewer.ts';
import { html, type SafeHtml } from '../html.ts';
import { durationText, formatDate, officialPage, percent, shareText } from './page-parts.ts';
import { periodPicker, type PeriodChoice } from './period-picker.ts';

/** The head of a column of units: every kind a province has, đặc khu too. */
const UNIT_COLUMN = 'Xã, phường, đặc khu';

export const PROVINCE_SORTS = [
  'name',
  'c1',
  'c2',
  'c3',
  'c4',
  'c5',
  'overall',
  'received',
  'ontime',
] as const;
export type ProvinceSort = (typeof PROVINCE_SORTS)[number];
export type SortDirection = 'asc' | 'desc';

/** The value a column sorts by; undefined (too few answers) always sorts last. */
function sortValue(row: ProvinceCommuneRow, sort: ProvinceSort): number | string | undefined {
  const share = (f: ShareFigure | undefined) => (f?.type === 'shown' ? f.share : undefined);
  switch (sort) {
    case 'name':
      return row.unit.name;
    case 'overall':
      return share(row.overall.figure);
    case 'received':
      return row.reports.received;
    case 'ontime':
      return share(row.reports.onTime);
    case 'c1':
    case 'c2':
    case 'c3':
    case 'c4':
    case 'c5': {
      const number = Number(sort.slice(1));
      return share(row.criteria.find((c) => c.number === number)?.figure);
    }
    default:
      return assertNever(sort, 'province sort');
  }
}

export function sortCommunes(
  rows: readonly ProvinceCommuneRow[],
  sort: ProvinceSort,
  dir: SortDirection,
): ProvinceCommuneRow[] {
  const sign = dir === 'asc' ? 1 : -1;
  return [...rows].sort((a, b) => {
    const x = sortValue(a, sort);
    const y = sortValue(b, sort);
    if (x === undefined || y === undefined)
      return x === y ? a.unit.name.localeCompare(b.unit.name, 'vi') : x === undefined ? 1 : -1;
    const c =
      typeof x === 'string' || typeof y === 'string'
        ? String(x).localeCompare(String(y), 'vi')
        : x - y;
    return c === 0 ? a.unit.name.localeCompare(b.unit.name, 'vi') : sign * c;
  });
}

function cell(figure: ShareFigure, tier: number | null, none?: string): SafeHtml {
  if (figure.type !== 'shown')
    return html`<td class="few"><span class="value">${shareText(figure, none)}</span><span class="n">n = ${figure.n}</span></td>`;
  return html`<td><span class="value">${percent(figure.share)}</span>${tier !== null ? html` <span class="tier">Nhóm ${tier}</span>` : ''}
    <span class="n">n = ${figure.n} · ${formatInterval(figure)}</span></td>`;
}

export function provincePage(options: {
  view: ProvinceView;
  viewer: Viewer;
  sort: ProvinceSort;
  dir: SortDirection;
  now: Date;
  /** What the official typed in the period form and gopy could not read (the form says why). */
  invalidPeriod?: Extract<PeriodChoice, { type: 'invalid' }>;
}): SafeHtml {
  const { view, sort, dir } = options;
  const base = `/dashboard/province/${view.province.code}`;
  const ky = formatPeriod(view.period);
  const rows = sortCommunes(view.communes, sort, dir);
  const head = (key: ProvinceSort, label: string, title?: string) => {
    const next: SortDirection =
      sort === key && dir === 'desc' ? 'asc' : key === 'name' && sort !== key ? 'asc' : 'desc';
    const mark = sort === key ? (dir === 'desc' ? ' ▼' : ' ▲') : '';
    return html`<th scope="col"${sort === key ? html` aria-sort="${dir === 'desc' ? 'descending' : 'ascending'}"` : ''}${title ? html` title="${title}"` : ''}>
      <a href="${base}?ky=${ky}&amp;sort=${key}&amp;dir=${next}">${label}${mark}</a></th>`;
  };
  // The waiting list is today's, whatever the period: it comes first, above the period's line,
  // so nobody reads it as the quarter's figures (or looks for it after changing the period).
  const body = html`<h1>${view.province.name} <small>${view.communes.length} xã, phường, đặc khu</small></h1>
    ${waitingSection(view.waiting, ky)}
    <section aria-labelledby="h-communes">
    <h2 id="h-communes">Các xã, phường, đặc khu trong tỉnh</h2>
    <p class="lead">Kỳ số liệu: <strong>${view.periodLabel}</strong></p>
    ${periodPicker(base, view.period, view.periodLabel, options.now, options.invalidPeriod)}
    <p class="hint">Mỗi ô ghi chỉ số (tỷ lệ 4–5 điểm), số người trả lời n và khoảng tin cậy 95 %.
      Đơn vị có dưới ${view.minAnswers} ý kiến ghi «chưa đủ ý kiến». Bấm tiêu đề cột để sắp xếp:
      thứ tự sắp xếp <strong>không phải là xếp hạng</strong>. «Nhóm» chỉ được ghi khi khoảng tin cậy
      của các đơn vị tách hẳn nhau; khoảng chồng nhau thì không đơn vị nào hơn đơn vị nào.</p>
    <div class="scroll">
      <table class="province">
        <thead>
          <tr>
            ${head('name', UNIT_COLUMN)}
            ${view.criteria.map((c) => head(`c${c.number}` as ProvinceSort, `TC ${c.number}`, c.nameVi))}
            ${head('overall', 'Hài lòng chung')}
            ${head('received', 'Phản ánh')}
            ${head('ontime', 'Đúng hạn')}
            <th scope="col">Thời gian trả lời</th>
          </tr>
        </thead>
        <tbody>
          ${rows.map(
            (row) => html`<tr>
              <th scope="row"><a href="/dashboard/unit/${row.unit.code}?ky=${ky}">${row.unit.name}</a></th>
              ${row.criteria.map((c) => cell(c.figure, c.tier))}
              ${cell(row.overall.figure, row.overall.tier)}
              <td><span class="value">${row.reports.received}</span></td>
              ${cell(row.reports.onTime, null, NO_REPORTS_YET)}
              <td>${
                row.reports.medianAnswer.hours === null
                  ? html`<span class="value few">chưa có</span>`
                  : html`<span class="value">${durationText(row.reports.medianAnswer.hours)}</span>`
              }<span class="n">n = ${row.reports.medianAnswer.n}</span></td>
            </tr>`,
          )}
        </tbody>
      </table>
    </div>
    <dl class="legend">
      ${view.criteria.map((c) => html`<dt>TC ${c.number}</dt><dd>${c.nameVi}</dd>`)}
    </dl>
    <p class="no-print downloads">
      ${(['reports', 'ratings', 'answers'] as const).map(
        (kind) =>
          html`<a class="button" download href="${base}/export?loai=${kind}&amp;dinh-dang=xlsx&amp;ky=${ky}">Tải ${kind === 'reports' ? 'phản ánh' : kind === 'ratings' ? 'lượt đánh giá' : 'câu trả lời'} (XLSX)</a> `,
      )}
    </p>
    </section>`;
  return officialPage({
    title: `${view.province.name} · ${view.periodLabel}`,
    viewer: options.viewer,
    body,
  });
}

/** Why a report waits for the province, under its state. */
function whyWaiting(row: ProvinceWaitingRow): string {
  const unit = unitWord(row.unitName);
  switch (row.why) {
    case 'parked':
      return 'Chưa chuyển được: không có cán bộ nào nhận được tin';
    case 'noOfficial':
      return `Chuyển lên tỉnh: ${unit} chưa có cán bộ nhận`;
    case 'aboutChair':
      return `Chuyển lên tỉnh: liên quan đến Chủ tịch ${unit}`;
    default:
      return assertNever(row.why, 'why a report waits for the province');
  }
}

/**
 * The reports waiting for the province's administrator, longest waiting first: what the commune
 * dashboard's list shows of a report, never who sent it. Each ticket opens in its commune's
 * dashboard, where its thread is. A table on a desktop; on a phone each row reads as a card
 * (the cells carry their column's name), so nothing scrolls sideways.
 */
function waitingSection(rows: readonly ProvinceWaitingRow[], ky: string): SafeHtml {
  return html`<section aria-labelledby="h-waiting">
      <h2 id="h-waiting">Phiếu đang chờ cấp tỉnh (${rows.length})</h2>
      <p class="hint">Phiếu của các xã, phường, đặc khu chưa có cán bộ nhận, phiếu liên quan đến Chủ tịch UBND cấp xã,
        và phiếu chưa chuyển được cho ai. Chờ lâu nhất ở trên cùng.</p>
      ${
        rows.length === 0
          ? html`<p class="empty">Không có phiếu nào đang chờ cấp tỉnh.</p>`
          : html`<table class="waiting">
        <thead>
          <tr>
            <th scope="col">Mã phiếu</th>
            <th scope="col">${UNIT_COLUMN}</th>
            <th scope="col">Loại</th>
            <th scope="col">Lĩnh vực</th>
            <th scope="col">Ngày gửi</th>
            <th scope="col">Trạng thái</th>
            <th scope="col">Đã chờ</th>
          </tr>
        </thead>
        <tbody>
          ${rows.map(
            (row) => html`<tr>
              <th scope="row"><a href="/dashboard/unit/${row.unitCode}?ky=${ky}#phieu-${row.ticketCode}">${row.ticketCode}</a></th>
              <td data-label="${UNIT_COLUMN}">${row.unitName}</td>
              <td data-label="Loại">${row.kindVi}</td>
              <td data-label="Lĩnh vực">${row.categoryVi}</td>
              <td data-label="Ngày gửi" class="date">${formatDate(row.createdAt)}</td>
              <td data-label="Trạng thái">${stateLabel(row, row.unitName)}<span class="meta">${whyWaiting(row)}</span></td>
              <td data-label="Đã chờ" class="days">${row.daysWaited === 0 ? 'từ hôm nay' : `${row.daysWaited} ngày`}</td>
            </tr>`,
          )}
        </tbody>
      </table>`
      }
    </section>`;
}
