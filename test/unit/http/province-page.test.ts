/**
 * The province page's list of reports waiting for the province (`provincePage`): every text is
 * escaped, a ward reads as a ward, nobody waiting says so, and nothing names who sent a report.
 */
import { describe, expect, it } from 'vitest';
import type { ProvinceView, ProvinceWaitingRow } from '../../../src/app/judgement/types.ts';
import { viewerOf } from '../../../src/app/web/viewer.ts';
import { provincePage } from '../../../src/http/pages/province-page.ts';
import { anOfficial } from '../../support/report-fixture.ts';

const NOW = new Date('2026-12-07T04:00:00Z');

function view(waiting: ProvinceWaitingRow[]): ProvinceView {
  return {
    province: { code: '33', name: 'Tỉnh Hưng Yên' },
    period: { type: 'quarter', year: 2026, quarter: 4 },
    periodLabel: 'Quý 4/2026',
    minAnswers: 30,
    criteria: [],
    communes: [],
    waiting,
  };
}

function waitingRow(overrides: Partial<ProvinceWaitingRow> = {}): ProvinceWaitingRow {
  return {
    reportId: 7,
    ticketCode: 'PA-2026-000007',
    unitCode: '11983',
    unitName: 'Phường Sơn Nam',
    provinceCode: '33',
    categoryVi: 'Giao thông, đường sá',
    kind: 'phan-anh',
    kindVi: 'Phản ánh',
    status: 'routed',
    createdAt: new Date('2026-12-02T17:30:00Z'), // 02/12 in UTC, 03/12 in Vietnam
    awaitingOfficialAt: null,
    why: 'noOfficial',
    waitingSince: new Date('2026-12-02T17:30:00Z'),
    daysWaited: 4,
    anonymous: true,
    aboutOfficialId: null,
    assignedOfficialId: 1,
    ...overrides,
  };
}

const render = (waiting: ProvinceWaitingRow[]) =>
  provincePage({
    view: view(waiting),
    viewer: viewerOf([anOfficial({ role: 'admin' })]),
    sort: 'name',
    dir: 'asc',
    now: NOW,
  }).value;

describe('provincePage: reports waiting for the province', () => {
  it('says when nothing waits', () => {
    const page = render([]);
    expect(page).toContain('Phiếu đang chờ cấp tỉnh (0)');
    expect(page).toContain('<p class="empty">Không có phiếu nào đang chờ cấp tỉnh.</p>');
    expect(page).not.toContain('<table class="waiting">');
  });

  it('lists each with its commune, kind, field, date in Vietnam, state and days waited, escaped', () => {
    const page = render([
      waitingRow({ unitName: 'Phường <b>Sơn</b> & Nam', categoryVi: '<script>x()</script>' }),
      waitingRow({
        reportId: 8,
        ticketCode: 'PA-2026-000008',
        unitCode: '11980',
        unitName: 'Phường Hồng Châu',
        status: 'submitted',
        awaitingOfficialAt: new Date('2026-12-06T01:00:00Z'),
        why: 'parked',
        daysWaited: 0,
      }),
    ]);
    expect(page).toContain('Phiếu đang chờ cấp tỉnh (2)');
    expect(page).toContain(
      '<a href="/dashboard/unit/11983?ky=2026-Q4#phieu-PA-2026-000007">PA-2026-000007</a>',
    );
    expect(page).toContain(
      '<td data-label="Xã, phường, đặc khu">Phường &lt;b&gt;Sơn&lt;/b&gt; &amp; Nam</td>',
    );
    expect(page).toContain('&lt;script&gt;x()&lt;/script&gt;');
    expect(page).not.toContain('<script>x()');
    expect(page).toContain('<td data-label="Ngày gửi" class="date">03/12/2026</td>');
    expect(page).toContain(
      'Mới, chờ tiếp nhận<span class="meta">Chuyển lên tỉnh: phường chưa có cán bộ nhận</span>',
    );
    expect(page).toContain('>4 ngày</td>');
    expect(page).toContain('Chờ phường có cán bộ nhận<span class="meta">Chưa chuyển được');
    expect(page).toContain('>từ hôm nay</td>');
  });

  it('names every kind of unit, đặc khu too, in its hints and column heads', () => {
    const page = render([waitingRow()]);
    expect(page).toContain('<th scope="col">Xã, phường, đặc khu</th>');
    expect(page).toContain(
      '<p class="hint">Phiếu của các xã, phường, đặc khu chưa có cán bộ nhận,',
    );
    expect(page).toContain('<h2 id="h-communes">Các xã, phường, đặc khu trong tỉnh</h2>');
    expect(page).toMatch(/>Xã, phường, đặc khu ?[▲▼]?<\/a><\/th>/);
    expect(page).toContain('Đơn vị có dưới 30 ý kiến ghi «chưa đủ ý kiến».');
    expect(page).toMatch(/khoảng chồng nhau thì không đơn vị nào hơn đơn vị nào\./);
    // «xã» alone only in «cấp xã», the level every kind of unit belongs to.
    expect(page.replace(/cấp xã|xã, phường, đặc khu/giu, '')).not.toMatch(
      /(?<!\p{L})xã(?!\p{L})/iu,
    );
  });

  it('comes before the period’s line and picker, outside the figures of the period', () => {
    const page = render([waitingRow()]);
    const waiting = page.indexOf('<h2 id="h-waiting">');
    const waitingEnd = page.indexOf('</section>', waiting);
    const period = page.indexOf('Kỳ số liệu: <strong>Quý 4/2026</strong>');
    const picker = page.indexOf('Đổi kỳ số liệu');
    expect(waiting).toBeGreaterThan(page.indexOf('<h1>'));
    expect(waitingEnd).toBeGreaterThan(page.indexOf('PA-2026-000007'));
    // The whole list closes before the period is named; the period heads the communes' figures.
    expect(period).toBeGreaterThan(waitingEnd);
    expect(period).toBeGreaterThan(page.indexOf('<h2 id="h-communes">'));
    expect(picker).toBeGreaterThan(period);
  });
});
