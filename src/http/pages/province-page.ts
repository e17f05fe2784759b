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
import type { ProvinceCommuneRow, ProvinceView, ShareFigure } from '../../app/judgement/types.ts';
import type { Viewer } from '../../app/web/viewer.ts';
import { html, type SafeHtml } from '../html.ts';
import { durationText, officialPage, percent, shareText } from './page-parts.ts';
import { periodPicker } from './period-picker.ts';

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
  const body = html`<h1>${view.province.name} <small>${view.communes.length} xã, phường, đặc khu</small></h1>
    <p class="lead">Kỳ số liệu: <strong>${view.periodLabel}</strong></p>
    ${periodPicker(base, view.period, view.periodLabel, options.now)}
    <p class="hint">Mỗi ô ghi chỉ số (tỷ lệ 4–5 điểm), số người trả lời n và khoảng tin cậy 95 %.
      Xã có dưới ${view.minAnswers} ý kiến ghi «chưa đủ ý kiến». Bấm tiêu đề cột để sắp xếp:
      thứ tự sắp xếp <strong>không phải là xếp hạng</strong>. «Nhóm» chỉ được ghi khi khoảng tin cậy
      của các xã tách hẳn nhau; khoảng chồng nhau thì không xã nào hơn xã nào.</p>
    <div class="scroll">
      <table class="province">
        <thead>
          <tr>
            ${head('name', 'Xã, phường')}
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
    </p>`;
  return officialPage({
    title: `${view.province.name} · ${view.periodLabel}`,
    viewer: options.viewer,
    body,
  });
}
