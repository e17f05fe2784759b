/**
 * `/dashboard/unit/<code>`: a commune's judgement for a period, for its officials. Charts are
 * the chart module's SVG (the same as on paper); every figure carries its n; the open reports
 * come with their thread as `/xem` shows it in chat, for the reports the viewer may read.
 */
import { FLAG_LABELS_VI, type RatingFlag } from '../../core/rating-flags.ts';
import type { Html as ChatHtml } from '../../core/html.ts';
import { formatPeriod } from '../../core/judgement-period.ts';
import { NO_REPORTS_YET } from '../../app/judgement/format.ts';
import type { CommuneDashboard, CountByKey, OpenReportRow } from '../../app/judgement/types.ts';
import { kindHasDeadline } from '../../core/submission-kinds.ts';
import { dueOnReceipt, stateLabel, unitWord } from '../../texts/report.ts';
import type { Viewer } from '../../app/web/viewer.ts';
import { svgForPage } from './svg-for-page.ts';
import { html, safe, type SafeHtml } from '../html.ts';
import { formatDate, medianBlock, officialPage, percent, shareBlock } from './page-parts.ts';
import { periodPicker, type PeriodChoice } from './period-picker.ts';

/** Each chart drawn twice: for a desktop (and paper) and for a phone, where a scaled-down wide chart would have unreadable labels. CSS shows one. */
export interface ChartPair {
  wide: string;
  narrow: string;
}

export interface DashboardCharts {
  criteria: ChartPair;
  trend: ChartPair;
  improve: ChartPair;
}

const FLAGS: readonly RatingFlag[] = ['burst', 'too-fast', 'same-answer'];

export function chartFigure(pair: ChartPair, label: string): SafeHtml {
  return html`<figure class="chart" aria-label="${label}">
    <div class="wide">${safe(svgForPage(pair.wide))}</div>
    <div class="narrow">${safe(svgForPage(pair.narrow))}</div>
  </figure>`;
}

export function dashboardPage(options: {
  dashboard: CommuneDashboard;
  viewer: Viewer;
  charts: DashboardCharts;
  /** The thread of each open report the viewer may read, as chat shows it. */
  threads: ReadonlyMap<number, ChatHtml>;
  now: Date;
  /** What the official typed in the period form and gopy could not read (the form says why). */
  invalidPeriod?: Extract<PeriodChoice, { type: 'invalid' }>;
}): SafeHtml {
  const { dashboard: d, viewer, charts, threads } = options;
  const base = `/dashboard/unit/${d.unit.code}`;
  const ky = formatPeriod(d.period);
  const r = d.reports;
  const body = html`<h1>${d.unit.name} <small>${d.unit.provinceName}</small></h1>
    <p class="lead">Kỳ số liệu: <strong>${d.periodLabel}</strong> · ${d.ratings} lượt đánh giá ·
      ${r.received} phản ánh, kiến nghị nhận được</p>
    ${
      d.flagged.total > 0
        ? html`<p class="hint" id="flagged">⚑ ${d.flagged.total} lượt đánh giá bị gắn cờ, được tính
          riêng, không đưa vào các chỉ số dưới đây:
          ${FLAGS.filter((f) => (d.flagged.byFlag[f] ?? 0) > 0)
            .map((f) => `${d.flagged.byFlag[f] ?? 0} lượt ${FLAG_LABELS_VI[f]}`)
            .join('; ')}.</p>`
        : ''
    }
    ${periodPicker(base, d.period, d.periodLabel, options.now, options.invalidPeriod)}

    <section aria-labelledby="h-criteria">
      <h2 id="h-criteria">Năm tiêu chí của mô hình</h2>
      <p class="hint">Chỉ số = tỷ lệ người trả lời «Hài lòng» hoặc «Rất hài lòng» (4–5 điểm).
        n là số người trả lời; khoảng tin cậy 95 % cho biết chỉ số có thể dao động trong khoảng nào.
        Dưới ${d.minAnswers} ý kiến, số liệu chưa được công khai.</p>
      ${chartFigure(charts.criteria, 'Biểu đồ năm tiêu chí')}
      <ol class="cards">
        ${d.criteria.map(
          (c) => html`<li class="card${c.belowPublicMinimum ? ' few' : ''}">
            <span class="label">Tiêu chí ${c.number}. ${c.nameVi}</span>${shareBlock(c.figure)}
          </li>`,
        )}
        <li class="card overall${d.overall.belowPublicMinimum ? ' few' : ''}">
          <span class="label">${d.overall.nameVi}</span>${shareBlock(d.overall.figure)}
        </li>
      </ol>
    </section>

    <section aria-labelledby="h-trend">
      <h2 id="h-trend">Diễn biến theo tháng</h2>
      ${chartFigure(charts.trend, 'Biểu đồ diễn biến theo tháng')}
    </section>

    <section aria-labelledby="h-improve">
      <h2 id="h-improve">Người dân mong xã cải thiện điều gì nhất</h2>
      <p class="hint">${d.improve.respondents} người đã chọn (mỗi người chọn được nhiều ý).</p>
      ${
        d.improve.respondents > 0
          ? html`${chartFigure(charts.improve, 'Biểu đồ điều cần cải thiện')}
            <ol class="ranked">
              ${d.improve.choices.map(
                (c) =>
                  html`<li>${c.labelVi}: <strong>${c.count}</strong> người (${c.figure.type === 'shown' ? percent(c.figure.share) : 'chưa đủ ý kiến'})</li>`,
              )}
            </ol>`
          : html`<p class="empty">Chưa có ý kiến nào trong kỳ này.</p>`
      }
    </section>

    <section aria-labelledby="h-counters">
      <h2 id="h-counters">Đánh giá tại quầy tiếp nhận</h2>
      ${
        d.counters.length === 0
          ? html`<p class="empty">Chưa có đánh giá tại quầy trong kỳ này.</p>`
          : html`<div class="scroll"><table>
            <thead><tr><th>Quầy</th><th>Lượt đánh giá</th>${d.counters[0]?.items.map((i) => html`<th>${i.labelVi}</th>`)}</tr></thead>
            <tbody>
              ${d.counters.map(
                (c) => html`<tr><th scope="row">${c.counterCode}</th><td>${c.ratings}</td>
                  ${c.items.map((i) => html`<td>${shareBlock(i.figure)}</td>`)}</tr>`,
              )}
            </tbody>
          </table></div>`
      }
    </section>

    <section aria-labelledby="h-reports">
      <h2 id="h-reports">Phản ánh, kiến nghị</h2>
      <ul class="cards">
        <li class="card"><span class="label">Nhận được</span><span class="value">${r.received}</span><span class="n">trong kỳ</span></li>
        <li class="card"><span class="label">Trả lời đúng hạn (ngày làm việc)</span>${shareBlock(r.onTime, NO_REPORTS_YET)}</li>
        <li class="card"><span class="label">Thời gian tiếp nhận</span>${medianBlock(r.medianAck)}</li>
        <li class="card"><span class="label">Thời gian trả lời</span>${medianBlock(r.medianAnswer)}</li>
        <li class="card"><span class="label">Bị người dân mở lại</span>${shareBlock(r.reopened, NO_REPORTS_YET)}</li>
        <li class="card"><span class="label">Hài lòng với câu trả lời</span>${shareBlock(r.answerSatisfaction)}</li>
      </ul>
      <div class="columns">
        ${countTable('Theo loại', r.byKind)}
        ${countTable('Theo lĩnh vực', r.byCategory)}
        <table class="counts">
          <caption>Người dân xác nhận kết quả</caption>
          <tbody>
            <tr><th scope="row">Đã giải quyết</th><td>${r.verdicts.yes}</td></tr>
            <tr><th scope="row">Giải quyết một phần</th><td>${r.verdicts.partly}</td></tr>
            <tr><th scope="row">Chưa giải quyết</th><td>${r.verdicts.no}</td></tr>
            <tr><th scope="row">Không trả lời (tự đóng sau 7 ngày)</th><td>${r.verdicts.none}</td></tr>
            <tr><th scope="row">Đang chờ người dân xác nhận</th><td>${r.verdicts.waiting}</td></tr>
          </tbody>
        </table>
      </div>
    </section>

    <section aria-labelledby="h-open">
      <h2 id="h-open">Phiếu đang mở (${d.openReports.length})</h2>
      ${
        d.openReports.length === 0
          ? html`<p class="empty">Không có phiếu nào đang mở.</p>`
          : html`<ol class="reports">${d.openReports.map((row) => openReport(row, d.unit.name, threads.get(row.reportId)))}</ol>`
      }
    </section>

    <section aria-labelledby="h-export" class="no-print">
      <h2 id="h-export">Tải số liệu kỳ này</h2>
      <p class="downloads">
        ${(['reports', 'ratings', 'answers'] as const).map((kind) =>
          (['xlsx', 'csv'] as const).map(
            (format) =>
              html`<a class="button" download href="${base}/export?loai=${kind}&amp;dinh-dang=${format}&amp;ky=${ky}">${EXPORT_NAMES[kind]} (${format.toUpperCase()})</a> `,
          ),
        )}
      </p>
      <p><a href="/board/${d.unit.code}">Bảng công khai của xã</a> ·
        <a href="/board/${d.unit.code}.pdf">Bản in A4 (PDF)</a></p>
    </section>`;
  return officialPage({ title: `${d.unit.name} · ${d.periodLabel}`, viewer, body });
}

const EXPORT_NAMES = {
  reports: 'Phản ánh',
  ratings: 'Lượt đánh giá',
  answers: 'Câu trả lời đánh giá',
} as const;

function countTable(caption: string, rows: readonly CountByKey[]): SafeHtml {
  return html`<table class="counts">
    <caption>${caption}</caption>
    <tbody>
      ${
        rows.length === 0
          ? html`<tr><td>Chưa có</td></tr>`
          : rows.map((x) => html`<tr><th scope="row">${x.labelVi}</th><td>${x.count}</td></tr>`)
      }
    </tbody>
  </table>`;
}

/**
 * When the commune received it: as sent, or, for a report that waited for the commune's first
 * official, when it reached one (the day its deadline counts from). One not yet routed was only
 * sent (its state says what it waits for).
 */
function received(row: OpenReportRow, unitName: string): string {
  if (row.status === 'submitted') return `Gửi ${formatDate(row.createdAt)}`;
  return row.lateReceivedAt
    ? `Gửi ${formatDate(row.createdAt)} · ${unitWord(unitName)} nhận ${formatDate(row.lateReceivedAt)}`
    : `Nhận ${formatDate(row.createdAt)}`;
}

/** Its deadline; a parked report has none yet (it counts from the day an official gets it). */
function deadline(row: OpenReportRow, unitName: string): string {
  if (!kindHasDeadline(row.kind)) return 'không có hạn';
  return row.awaitingOfficialAt ? `hạn ${dueOnReceipt(unitName)}` : `hạn ${formatDate(row.dueAt)}`;
}

/**
 * One open report of the dashboard's unit (`unitName`): its lines name the unit as what it is
 * («phường nhận», «Chờ phường có cán bộ nhận») to a ward's officials too.
 */
function openReport(row: OpenReportRow, unitName: string, thread: ChatHtml | undefined): SafeHtml {
  return html`<li class="report${row.overdue ? ' overdue' : ''}" id="phieu-${row.ticketCode}">
    <details>
      <summary>
        <strong>${row.ticketCode}</strong> · ${row.kindVi} · ${row.categoryVi}
        ${row.overdue ? html`<span class="badge late">Quá hạn</span>` : ''}
        <span class="meta">${received(row, unitName)} · ${deadline(row, unitName)} · ${stateLabel(row, unitName)}</span>
      </summary>
      ${
        thread
          ? // Telegram's HTML subset, built by the chat's own escaping `html` tag: safe as markup.
            html`<div class="thread">${safe(thread.value)}</div>`
          : html`<p class="empty">Ông/Bà không được xem nội dung phiếu này.</p>`
      }
    </details>
  </li>`;
}
