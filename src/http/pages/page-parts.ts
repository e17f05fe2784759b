/**
 * What the judgement pages share: the officials' page frame (who is signed in, their communes,
 * sign-out), the friendly message page (403, 404, an expired link), and how a figure reads.
 * Every figure shows its n; a share below the minimum reads "chưa đủ ý kiến" instead of a number.
 */
import { formatInterval, formatPercent, formatShare } from '../../app/judgement/format.ts';
import { formatDate, formatDateTime } from '../../app/report-labels.ts';
import type { MedianFigure, ShareFigure } from '../../app/judgement/types.ts';
import type { Viewer } from '../../app/web/viewer.ts';
import { html, htmlDocument, type SafeHtml } from '../html.ts';

export const WEB_STYLESHEET = '/assets/judgement.css';

/** "75,3 %": the same as the charts and the PDF write it. */
export function percent(share: number): string {
  return formatPercent(share);
}

/**
 * The words a share figure is read as: the index, or why there is none (`none` when nothing
 * was counted: NO_REPORTS_YET for a share of reports).
 */
export function shareText(figure: ShareFigure, none?: string): string {
  return formatShare(figure, none);
}

/** A share with its n and 95 % interval, as a block for a card or a table cell. */
export function shareBlock(figure: ShareFigure, none?: string): SafeHtml {
  if (figure.type === 'shown')
    return html`<span class="value">${percent(figure.share)}</span>
      <span class="n">n = ${figure.n} · khoảng tin cậy 95 %: ${formatInterval(figure)}</span>`;
  return html`<span class="value too-few">${shareText(figure, none)}</span>
    <span class="n">n = ${figure.n}${figure.n > 0 ? ` (cần ít nhất ${figure.minAnswers})` : ''}</span>`;
}

/** "25 phút" under an hour, "3,5 giờ" under two days, else "2,4 ngày"; decimal comma. */
export function durationText(hours: number): string {
  const oneDecimal = (x: number) => (Math.round(x * 10) / 10).toString().replace('.', ',');
  if (hours < 1) return `${Math.max(1, Math.round(hours * 60))} phút`;
  return hours < 48 ? `${oneDecimal(hours)} giờ` : `${oneDecimal(hours / 24)} ngày`;
}

export function medianBlock(m: MedianFigure): SafeHtml {
  return m.hours === null || m.n === 0
    ? html`<span class="value too-few">chưa có</span><span class="n">n = 0</span>`
    : html`<span class="value">${durationText(m.hours)}</span><span class="n">trung vị · n = ${m.n}</span>`;
}

export { formatDate, formatDateTime };

/** The frame of every signed-in page. */
export function officialPage(options: {
  title: string;
  viewer: Viewer;
  body: SafeHtml;
  /** A nonced script or other head markup. */
  head?: SafeHtml;
}): SafeHtml {
  const { viewer } = options;
  const places = new Map<string, string>();
  for (const a of viewer.accounts) {
    if (a.role === 'admin') places.set(`/dashboard/province/${a.provinceCode}`, a.provinceName);
    else places.set(`/dashboard/unit/${a.unitCode}`, a.unitName);
  }
  return htmlDocument({
    title: options.title,
    stylesheets: [WEB_STYLESHEET],
    head: options.head,
    body: html`<header class="top no-print">
        <a class="brand" href="/dashboard">Gopy · Số liệu đánh giá</a>
        <nav aria-label="Địa bàn">
          ${[...places].map(([href, name]) => html`<a href="${href}">${name}</a>`)}
        </nav>
        <form method="post" action="/logout" class="signout">
          <span class="who">${viewer.displayName}</span>
          <button type="submit">Đăng xuất</button>
        </form>
      </header>
      <main>${options.body}</main>`,
  });
}

/** A short page that explains, kindly, why there is nothing to show. */
export function messagePage(options: {
  title: string;
  message: string;
  /** A link onward, e.g. back to the viewer's own dashboard. */
  link?: { href: string; label: string };
}): SafeHtml {
  return htmlDocument({
    title: options.title,
    stylesheets: [WEB_STYLESHEET],
    body: html`<main class="message">
      <h1>${options.title}</h1>
      <p>${options.message}</p>
      ${options.link && html`<p><a class="button" href="${options.link.href}">${options.link.label}</a></p>`}
    </main>`,
  });
}

export const FORBIDDEN_PAGE = (home: string): SafeHtml =>
  messagePage({
    title: 'Không có quyền xem trang này',
    message:
      'Trang này thuộc một đơn vị (hoặc tỉnh) khác với nơi Ông/Bà công tác. Mỗi cán bộ chỉ xem được số liệu của đơn vị mình; cán bộ quản trị cấp tỉnh xem được các xã, phường, đặc khu trong tỉnh.',
    link: { href: home, label: 'Về trang số liệu của Ông/Bà' },
  });

export const SIGN_IN_PAGE: SafeHtml = messagePage({
  title: 'Xin đăng nhập',
  message:
    'Trang này dành cho cán bộ xã, phường, đặc khu. Để đăng nhập, Ông/Bà gõ /web trong tin nhắn riêng với bot Gopy trên Telegram rồi bấm vào đường liên kết bot gửi (dùng một lần, trong 10 phút).',
});

export const LINK_INVALID_PAGE: SafeHtml = messagePage({
  title: 'Liên kết đăng nhập không còn dùng được',
  message:
    'Liên kết này đã được dùng, đã quá 10 phút, hoặc không đúng. Xin gõ /web trong tin nhắn riêng với bot Gopy để nhận liên kết mới.',
});

export const NOT_FOUND_PAGE = (what: string): SafeHtml =>
  messagePage({ title: 'Không tìm thấy', message: what });

/** A unit code that names no unit (board, web chat, dashboard), whatever kind was meant. */
export const UNKNOWN_UNIT_PAGE: SafeHtml = NOT_FOUND_PAGE(
  'Không có xã, phường, đặc khu nào mang mã này.',
);
