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
import { assertNever } from '../../core/assert-never.ts';
import {
  formatIsoDateVi,
  localDateTime,
  parseDayMonthYear,
  parseMonthYear,
  type IsoDate,
} from '../../core/local-date.ts';
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

/** What the query asks for: a period, or why it is none, said so an official can fix it. */
export type PeriodChoice =
  { type: 'ok'; period: Period } | { type: 'invalid'; problem: string; query: PeriodQuery };

/** An example day and month in the form officials are asked to type. */
const EXAMPLE_DAY = '01/10/2026';
const EXAMPLE_MONTH = '10/2026';

/**
 * The period asked for, this quarter when none. Days are read as dd/mm/yyyy whatever the
 * browser's language (the fields are text, not the browser's date pickers), and months as
 * mm/yyyy; `YYYY-MM-DD` and `YYYY-MM`, which links carried before, still work.
 */
export function periodFromQuery(q: PeriodQuery, now: Date): PeriodChoice {
  const invalid = (problem: string): PeriodChoice => ({ type: 'invalid', problem, query: q });
  const parsed = (text: string | undefined) => {
    const r = parsePeriod(text ?? '');
    return r.type === 'ok'
      ? { type: 'ok' as const, period: r.period }
      : invalid('Xin chọn lại tháng, quý hoặc năm của kỳ số liệu.');
  };
  if (q.ky) return parsed(q.ky);
  switch (q.loai) {
    case undefined:
    case '':
      return { type: 'ok', period: currentPeriod('quarter', now) };
    case 'month': {
      const typed = (q.thang ?? '').trim();
      const month = parseMonthYear(typed);
      if (!month)
        return invalid(
          typed === ''
            ? `Xin nhập tháng theo dạng tháng/năm (mm/yyyy), ví dụ ${EXAMPLE_MONTH}.`
            : `«${typed}» không phải là một tháng theo dạng tháng/năm (mm/yyyy). Xin nhập lại, ví dụ ${EXAMPLE_MONTH}.`,
        );
      return { type: 'ok', period: { type: 'month', ...month } };
    }
    case 'quarter':
      return parsed(q.quy);
    case 'year':
      return parsed(q.nam);
    case 'custom': {
      const from = dayOf(q.tu, 'bắt đầu');
      if (from.type === 'invalid') return invalid(from.problem);
      const to = dayOf(q.den, 'kết thúc');
      if (to.type === 'invalid') return invalid(to.problem);
      const r = customPeriod(from.date, to.date);
      return r.type === 'ok'
        ? { type: 'ok', period: r.period }
        : invalid(
            `Ngày bắt đầu (${formatIsoDateVi(from.date)}) phải trước hoặc trùng ngày kết thúc (${formatIsoDateVi(to.date)}).`,
          );
    }
    default:
      return invalid('Xin chọn lại tháng, quý, năm, hoặc khoảng ngày của kỳ số liệu.');
  }
}

/** One end of a custom period, typed dd/mm/yyyy; `which`: «bắt đầu» or «kết thúc». */
function dayOf(
  text: string | undefined,
  which: string,
): { type: 'ok'; date: IsoDate } | { type: 'invalid'; problem: string } {
  const typed = (text ?? '').trim();
  if (typed === '')
    return {
      type: 'invalid',
      problem: `Xin nhập ngày ${which} theo dạng ngày/tháng/năm (dd/mm/yyyy), ví dụ ${EXAMPLE_DAY}.`,
    };
  const r = parseDayMonthYear(typed);
  switch (r.type) {
    case 'ok':
      return r;
    case 'not-a-date':
      return {
        type: 'invalid',
        problem: `Ngày ${which} «${typed}» chưa đúng dạng ngày/tháng/năm (dd/mm/yyyy). Xin nhập lại, ví dụ ${EXAMPLE_DAY}.`,
      };
    case 'no-such-day':
      return {
        type: 'invalid',
        problem: `Ngày ${which} «${typed}» không có trên lịch. Xin nhập ngày trước, tháng sau (dd/mm/yyyy), ví dụ ${EXAMPLE_DAY}.`,
      };
    default:
      return assertNever(r, 'typed day');
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

/**
 * Folded by default: on a phone the figures come first; a tap opens the choices. Days and months
 * are text fields showing dd/mm/yyyy and mm/yyyy: a browser's own date picker follows the
 * browser's language (mm/dd/yyyy in English), and gopy writes dates one way everywhere. With
 * `invalid` (what was typed could not be read) the form opens, says why, and keeps what was
 * typed.
 */
export function periodPicker(
  action: string,
  period: Period,
  label: string,
  now: Date,
  invalid?: Extract<PeriodChoice, { type: 'invalid' }>,
): SafeHtml {
  const { quarters, years } = recentChoices(now);
  const value = formatPeriod(period);
  const local = localDateTime(now);
  const typed = invalid?.query;
  const loai = typed ? typed.loai : period.type;
  const checked = (type: Period['type']) => (loai === type ? html` checked` : html``);
  const selected = (field: 'quy' | 'nam', v: string) =>
    (typed ? typed[field] : value) === v ? html` selected` : html``;
  const month = typed
    ? (typed.thang ?? '')
    : period.type === 'month'
      ? `${String(period.month).padStart(2, '0')}/${period.year}`
      : `${String(local.month).padStart(2, '0')}/${local.year}`;
  const day = (field: 'tu' | 'den', iso: IsoDate | undefined) =>
    typed ? (typed[field] ?? '') : iso ? formatIsoDateVi(iso) : '';
  const from = day('tu', period.type === 'custom' ? period.from : undefined);
  const to = day('den', period.type === 'custom' ? period.to : undefined);
  const problemId = 'period-problem';
  const described = invalid ? html` aria-describedby="${problemId}"` : html``;
  return html`<details class="period no-print"${invalid ? html` open` : html``}>
    <summary>Đổi kỳ số liệu (đang xem: ${label})</summary>
    <form class="period" method="get" action="${action}">
    <fieldset>
      <legend>Chọn kỳ số liệu</legend>
      ${invalid ? html`<p class="period-problem" id="${problemId}" role="alert">${invalid.problem}</p>` : html``}
      <div class="opt">
        <label><input type="radio" name="loai" value="month"${checked('month')} /> Tháng</label>
        <input type="text" name="thang" aria-label="Tháng (tháng/năm)" inputmode="numeric" autocomplete="off" placeholder="mm/yyyy" pattern="[0-9]{1,2}/[0-9]{4}" title="Tháng/năm, ví dụ ${EXAMPLE_MONTH}" size="8" maxlength="7" value="${month}"${described} />
      </div>
      <div class="opt">
        <label><input type="radio" name="loai" value="quarter"${checked('quarter')} /> Quý</label>
        <select name="quy" aria-label="Quý">
          ${quarters.map((q) => html`<option value="${q}"${selected('quy', q)}>${q.replace(/^(\d+)-Q(\d)$/, 'Quý $2/$1')}</option>`)}
        </select>
      </div>
      <div class="opt">
        <label><input type="radio" name="loai" value="year"${checked('year')} /> Năm</label>
        <select name="nam" aria-label="Năm">
          ${years.map((y) => html`<option value="${y}"${selected('nam', y)}>${y}</option>`)}
        </select>
      </div>
      <div class="opt custom">
        <label><input type="radio" name="loai" value="custom"${checked('custom')} /> Từ ngày</label>
        <input type="text" name="tu" aria-label="Từ ngày (ngày/tháng/năm)" inputmode="numeric" autocomplete="off" placeholder="dd/mm/yyyy" pattern="[0-9]{1,2}/[0-9]{1,2}/[0-9]{4}" title="Ngày/tháng/năm, ví dụ ${EXAMPLE_DAY}" size="10" maxlength="10" value="${from}"${described} />
        <span>đến</span>
        <input type="text" name="den" aria-label="Đến ngày (ngày/tháng/năm)" inputmode="numeric" autocomplete="off" placeholder="dd/mm/yyyy" pattern="[0-9]{1,2}/[0-9]{1,2}/[0-9]{4}" title="Ngày/tháng/năm, ví dụ ${EXAMPLE_DAY}" size="10" maxlength="10" value="${to}"${described} />
      </div>
      <button type="submit">Xem số liệu</button>
    </fieldset>
  </form>
  </details>`;
}
