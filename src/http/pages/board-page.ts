/**
 * `/board/<communeCode>`: the commune's public transparency board, for anyone, no sign-in.
 * Large type for older readers, printable. It shows only what the public board use case gives:
 * figures above the public minimum, and answered reports as category, dates and result type
 * (no text written by a citizen, no person, never a khiếu nại or tố cáo).
 */
import { formatDecimal, formatShare, NO_REPORTS_YET } from '../../app/judgement/format.ts';
import type { PublicBoard } from '../../app/judgement/types.ts';
import type { IsoDate } from '../../core/local-date.ts';
import { chartFigure, type ChartPair } from './dashboard-page.ts';
import { unitWords } from '../../texts/report.ts';
import { html, htmlDocument, safe, type SafeHtml } from '../html.ts';
import { formatDateTime, percent, WEB_STYLESHEET } from './page-parts.ts';

const dmy = (d: IsoDate) => d.split('-').reverse().join('/');

export function boardPage(options: {
  board: PublicBoard;
  /** The chart module's SVG of the five criteria, for a desktop and for a phone. */
  criteriaChart: ChartPair;
  /** A QR code (SVG) of the rating link. */
  qrSvg: string;
}): SafeHtml {
  const { board: b } = options;
  const r = b.reports;
  // The unit as what it is («phường», «đặc khu»), not «xã» for every unit.
  const kind = unitWords(b.unit.name);
  // `counted` names what n counts: people who rated, or reports that were answered. A share of
  // reports is shown from the first one (its own minimum), so it reads "chưa có" until then and
  // asks for no minimum: only opinions wait for PUBLIC_MIN_ANSWERS.
  const figure = (f: PublicBoard['overall'], counted = 'người trả lời', none?: string) =>
    f.type === 'shown'
      ? html`<span class="value">${percent(f.share)}</span><span class="n">${f.n} ${counted}</span>`
      : html`<span class="value too-few">${formatShare(f, none)}</span><span class="n">${f.n} ${counted}${f.minAnswers > 1 ? ` (cần ít nhất ${f.minAnswers})` : ''}</span>`;
  const body = html`<main class="board">
    <header>
      <p class="kicker">Bảng công khai · Chính quyền thân thiện vì nhân dân phục vụ</p>
      <h1>${b.unit.name}</h1>
      <p class="lead">${b.unit.provinceName} · <strong>${b.periodLabel}</strong></p>
    </header>

    <section aria-labelledby="h-criteria">
      <h2 id="h-criteria">Người dân đánh giá chính quyền ${kind.unit}</h2>
      <p class="hint">Tỷ lệ người dân «Hài lòng» hoặc «Rất hài lòng» với từng tiêu chí.</p>
      <ol class="cards big">
        ${b.criteria.map(
          (c) =>
            html`<li class="card"><span class="label">${c.number}. ${c.nameVi}</span>${figure(c.figure)}</li>`,
        )}
        <li class="card overall"><span class="label">Hài lòng chung</span>${figure(b.overall)}</li>
      </ol>
      ${
        b.criteria.some((c) => c.figure.type === 'shown')
          ? chartFigure(options.criteriaChart, 'Biểu đồ năm tiêu chí')
          : html`<p class="hint">Số liệu được công bố khi có từ ${b.minAnswers} ý kiến trở lên.</p>`
      }
    </section>

    <section aria-labelledby="h-reports">
      <h2 id="h-reports">Phản ánh, kiến nghị của người dân</h2>
      <ul class="cards big">
        <li class="card"><span class="label">Đã nhận</span><span class="value">${r.received}</span><span class="n">trong ${b.periodLabel.toLowerCase()}</span></li>
        <li class="card"><span class="label">Trả lời đúng hạn</span>${figure(r.onTime, 'phản ánh đến hạn', NO_REPORTS_YET)}</li>
        <li class="card"><span class="label">Thời gian trả lời (trung vị)</span>${
          r.medianDaysToAnswer.days === null
            ? html`<span class="value too-few">chưa có</span>`
            : html`<span class="value">${r.medianDaysToAnswer.days < 1 ? 'dưới 1 ngày' : `${formatDecimal(r.medianDaysToAnswer.days)} ngày`}</span>`
        }<span class="n">${r.medianDaysToAnswer.n} phản ánh đã trả lời</span></li>
        <li class="card"><span class="label">Bị người dân mở lại</span>${figure(r.reopened, 'phản ánh đã trả lời', NO_REPORTS_YET)}</li>
      </ul>
    </section>

    <section aria-labelledby="h-done">
      <h2 id="h-done">${kind.Unit} đã trả lời gần đây</h2>
      ${
        b.latestAnswered.length === 0
          ? html`<p class="empty">Chưa có phản ánh nào được trả lời trong kỳ này.</p>`
          : html`<div class="scroll"><table class="answered">
            <thead><tr><th scope="col">Lĩnh vực</th><th scope="col">Ngày nhận</th><th scope="col">Ngày trả lời</th><th scope="col">Kết quả</th></tr></thead>
            <tbody>${b.latestAnswered.map(
              (a) =>
                html`<tr><td>${a.categoryVi}</td><td>${dmy(a.receivedOn)}</td><td>${dmy(a.answeredOn)}</td><td>${a.resultVi}</td></tr>`,
            )}</tbody>
          </table></div>`
      }
    </section>

    <section class="rate" aria-labelledby="h-rate">
      <div class="qr">${safe(options.qrSvg)}</div>
      <div>
        <h2 id="h-rate">Ông/Bà đánh giá chính quyền ${kind.unit}</h2>
        <p>Quét mã QR bằng điện thoại (Telegram) hoặc mở
          <a href="${b.ratingLink}">${b.ratingLink}</a>. Ý kiến của Ông/Bà được giữ kín.</p>
      </div>
    </section>
    <p class="no-print actions"><a class="button" href="/board/${b.unit.code}.pdf">Tải bản in A4 (PDF)</a></p>
    <footer><p>Số liệu cập nhật lúc ${formatDateTime(b.asOf)}.</p></footer>
  </main>`;
  return htmlDocument({
    title: `Bảng công khai · ${b.unit.name}`,
    stylesheets: [WEB_STYLESHEET],
    body,
  });
}
