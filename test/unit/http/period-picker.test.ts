/**
 * The period picker of the dashboards (`periodFromQuery`, `periodPicker`): days and months are
 * typed dd/mm/yyyy and mm/yyyy whatever the browser's language, links shared with ISO dates keep
 * working, and what cannot be read is said in Vietnamese with what was typed kept.
 */
import { describe, expect, it } from 'vitest';
import {
  periodFromQuery,
  periodPicker,
  type PeriodChoice,
} from '../../../src/http/pages/period-picker.ts';

const NOW = new Date('2026-12-07T04:00:00Z');

const problemOf = (choice: PeriodChoice) => (choice.type === 'invalid' ? choice.problem : '');

describe('period picker', () => {
  it('reads the form: days as dd/mm/yyyy, months as mm/yyyy', () => {
    expect(periodFromQuery({ loai: 'custom', tu: '01/10/2026', den: '15/10/2026' }, NOW)).toEqual({
      type: 'ok',
      period: { type: 'custom', from: '2026-10-01', to: '2026-10-15' },
    });
    expect(periodFromQuery({ loai: 'custom', tu: '1/3/2026', den: '2/3/2026' }, NOW)).toEqual({
      type: 'ok',
      period: { type: 'custom', from: '2026-03-01', to: '2026-03-02' },
    });
    expect(periodFromQuery({ loai: 'month', thang: '11/2026' }, NOW)).toEqual({
      type: 'ok',
      period: { type: 'month', year: 2026, month: 11 },
    });
    expect(periodFromQuery({}, NOW)).toEqual({
      type: 'ok',
      period: { type: 'quarter', year: 2026, quarter: 4 },
    });
  });

  it('keeps the links shared before: ISO days and months, and ?ky=', () => {
    expect(periodFromQuery({ loai: 'custom', tu: '2026-10-01', den: '2026-10-15' }, NOW)).toEqual({
      type: 'ok',
      period: { type: 'custom', from: '2026-10-01', to: '2026-10-15' },
    });
    expect(periodFromQuery({ loai: 'month', thang: '2026-11' }, NOW)).toEqual({
      type: 'ok',
      period: { type: 'month', year: 2026, month: 11 },
    });
    expect(periodFromQuery({ ky: '2026-10-01..2026-10-15' }, NOW)).toEqual({
      type: 'ok',
      period: { type: 'custom', from: '2026-10-01', to: '2026-10-15' },
    });
    expect(periodFromQuery({ ky: '2026-Q3' }, NOW)).toEqual({
      type: 'ok',
      period: { type: 'quarter', year: 2026, quarter: 3 },
    });
  });

  it('says in Vietnamese what is wrong with what was typed', () => {
    expect(
      problemOf(periodFromQuery({ loai: 'custom', tu: '10/31/2026', den: '15/11/2026' }, NOW)),
    ).toBe(
      'Ngày bắt đầu «10/31/2026» không có trên lịch. Xin nhập ngày trước, tháng sau (dd/mm/yyyy), ví dụ 01/10/2026.',
    );
    expect(problemOf(periodFromQuery({ loai: 'custom', tu: '01/10/2026', den: 'mai' }, NOW))).toBe(
      'Ngày kết thúc «mai» chưa đúng dạng ngày/tháng/năm (dd/mm/yyyy). Xin nhập lại, ví dụ 01/10/2026.',
    );
    expect(problemOf(periodFromQuery({ loai: 'custom', tu: '', den: '15/10/2026' }, NOW))).toBe(
      'Xin nhập ngày bắt đầu theo dạng ngày/tháng/năm (dd/mm/yyyy), ví dụ 01/10/2026.',
    );
    expect(
      problemOf(periodFromQuery({ loai: 'custom', tu: '15/10/2026', den: '01/10/2026' }, NOW)),
    ).toBe('Ngày bắt đầu (15/10/2026) phải trước hoặc trùng ngày kết thúc (01/10/2026).');
    expect(problemOf(periodFromQuery({ loai: 'month', thang: '13/2026' }, NOW))).toBe(
      '«13/2026» không phải là một tháng theo dạng tháng/năm (mm/yyyy). Xin nhập lại, ví dụ 10/2026.',
    );
    const bad = periodFromQuery({ loai: 'custom', tu: '31/02/2026', den: '01/03/2026' }, NOW);
    expect(bad).toMatchObject({ type: 'invalid', query: { tu: '31/02/2026', den: '01/03/2026' } });
  });

  it('shows text fields in dd/mm/yyyy and mm/yyyy, never the browser’s date pickers', () => {
    const page = periodPicker(
      '/dashboard/unit/12694',
      { type: 'custom', from: '2026-10-01', to: '2026-10-15' },
      '01/10/2026 – 15/10/2026',
      NOW,
    ).value;
    expect(page).not.toMatch(/type="date"|type="month"/);
    expect(page).toMatch(
      /<input type="text" name="tu" [^>]*inputmode="numeric"[^>]*placeholder="dd\/mm\/yyyy" pattern="[^"]+"[^>]*value="01\/10\/2026"/,
    );
    expect(page).toMatch(/<input type="text" name="den" [^>]*value="15\/10\/2026"/);
    expect(page).toMatch(
      /<input type="text" name="thang" [^>]*placeholder="mm\/yyyy"[^>]*value="12\/2026"/,
    );
    expect(page).toMatch(/value="custom" checked/);
    expect(page).not.toMatch(/<details class="period no-print" open/);
    expect(page).not.toMatch(/role="alert"/);
    // The fields' pattern takes what the server reads.
    const pattern = /name="tu" [^>]*pattern="([^"]+)"/.exec(page)?.[1] ?? '';
    expect(new RegExp(`^(?:${pattern})$`, 'v').test('01/10/2026')).toBe(true);
    expect(new RegExp(`^(?:${pattern})$`, 'v').test('2026-10-01')).toBe(false);
  });

  it('opens with the problem said and what was typed kept', () => {
    const choice = periodFromQuery({ loai: 'custom', tu: '31/02/2026', den: '01/03/2026' }, NOW);
    if (choice.type !== 'invalid') throw new Error('expected invalid');
    const page = periodPicker(
      '/dashboard/unit/12694',
      { type: 'quarter', year: 2026, quarter: 4 },
      'Quý 4/2026',
      NOW,
      choice,
    ).value;
    expect(page).toMatch(/<details class="period no-print" open>/);
    expect(page).toContain(
      '<p class="period-problem" id="period-problem" role="alert">Ngày bắt đầu «31/02/2026» không có trên lịch. Xin nhập ngày trước, tháng sau (dd/mm/yyyy), ví dụ 01/10/2026.</p>',
    );
    expect(page).toMatch(/name="tu" [^>]*value="31\/02\/2026" aria-describedby="period-problem"/);
    expect(page).toMatch(/value="custom" checked/);
    expect(page).not.toMatch(/value="quarter" checked/);
  });
});
