/**
 * The period a dashboard shows, from its query string, and the form that picks one (works
 * without JavaScript: a GET form). Links carry `?ky=2026-Q4` (parsePeriod's notation); the form
 * sends `loai` and the field of that type. No choice: this quarter.
 */
import {
  currentPeriod,
  customPeriod,
  formatPeriod,
  parsePeriod,
  type Period,
} from '../../core/judgement-period.ts';
import { isIsoDate, localDateTime } from '../../core/local-date.ts';
import { html, type SafeHtml } from '../html.ts';

export interface PeriodQuery {
  ky?: string | undefined;
  loai?: string | undefined;
  thang?: string | undefined;
  quy?: string | undefined;
  nam?: string | undefined;
  tu?: string | undefined;
  den?: string | undefined;
}

/** The period asked for, this quarter when none; undefined when what was asked is not a period. */
export function periodFromQuery(q: PeriodQuery, now: Date): Period | undefined {
  const parsed = (text: string | undefined) => {
    const r = parsePeriod(text ?? '');
    return r.type === 'ok' ? r.period : undefined;
  };
  if (q.ky) return parsed(q.ky);
  switch (q.loai) {
    case undefined:
    case '':
      return currentPeriod('quarter', now);
    case 'month':
      return parsed(q.thang);
    case 'quarter':
      return parsed(q.quy);
    case 'year':
      return parsed(q.nam);
    case 'custom': {
      if (!q.tu || !q.den || !isIsoDate(q.tu) || !isIsoDate(q.den)) return undefined;
      const r = customPeriod(q.tu, q.den);
      return r.type === 'ok' ? r.period : undefined;
    }
    default:
      return undefined;
  }
}

/** The last eight quarters and five years, newest first, for the selects. */
function recentChoices(now: Date): { quarters: string[]; years: string[] } {
  const local = localDateTime(now);
  const quarters: string[] = [];
  let year = local.year;
  let quarter = Math.ceil(local.month / 3);
  for (let i = 0; i < 8; i++) {
    quarters.push(`${year}-Q${quarter}`);
    quarter--;
    if (quarter === 0) {
      quarter = 4;
      year--;
    }
  }
  const years = [0, 1, 2, 3, 4].map((i) => String(local.year - i));
  return { quarters, years };
}

/** Folded by default: on a phone the figures come first; a tap opens the choices. */
export function periodPicker(action: string, period: Period, label: string, now: Date): SafeHtml {
  const { quarters, years } = recentChoices(now);
  const value = formatPeriod(period);
  const local = localDateTime(now);
  const thisMonth = `${local.year}-${String(local.month).padStart(2, '0')}`;
  const checked = (type: Period['type']) => (period.type === type ? html` checked` : html``);
  const selected = (v: string) => (v === value ? html` selected` : html``);
  return html`<details class="period no-print">
    <summary>Đổi kỳ số liệu (đang xem: ${label})</summary>
    <form class="period" method="get" action="${action}">
    <fieldset>
      <legend>Chọn kỳ số liệu</legend>
      <div class="opt">
        <label><input type="radio" name="loai" value="month"${checked('month')} /> Tháng</label>
        <input type="month" name="thang" aria-label="Tháng" value="${period.type === 'month' ? value : thisMonth}" />
      </div>
      <div class="opt">
        <label><input type="radio" name="loai" value="quarter"${checked('quarter')} /> Quý</label>
        <select name="quy" aria-label="Quý">
          ${quarters.map((q) => html`<option value="${q}"${selected(q)}>${q.replace(/^(\d+)-Q(\d)$/, 'Quý $2/$1')}</option>`)}
        </select>
      </div>
      <div class="opt">
        <label><input type="radio" name="loai" value="year"${checked('year')} /> Năm</label>
        <select name="nam" aria-label="Năm">
          ${years.map((y) => html`<option value="${y}"${selected(y)}>${y}</option>`)}
        </select>
      </div>
      <div class="opt custom">
        <label><input type="radio" name="loai" value="custom"${checked('custom')} /> Từ ngày</label>
        <input type="date" name="tu" aria-label="Từ ngày" value="${period.type === 'custom' ? period.from : ''}" />
        <span>đến</span>
        <input type="date" name="den" aria-label="Đến ngày" value="${period.type === 'custom' ? period.to : ''}" />
      </div>
      <button type="submit">Xem số liệu</button>
    </fieldset>
  </form>
  </details>`;
}
