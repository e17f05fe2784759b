/**
 * Routing a committed report (app/route-report.ts) on the in-memory ports: who is alerted, what
 * the report becomes, what the citizen is told, and what happens when nobody can take it.
 */
import { describe, expect, it } from 'vitest';
import { createRerouteUnreachable } from '../../../src/app/reroute-unreachable.ts';
import { createRouteReport } from '../../../src/app/route-report.ts';
import { HOME, NEIGHBOUR, routingWorld, silentLogger } from '../../support/memory/routing-world.ts';
import { DEFAULT_CALENDAR } from '../../../src/core/working-days.ts';

const NOW = new Date('2026-03-02T03:00:00Z');

function setup() {
  const world = routingWorld();
  const deps = {
    workflow: world.reports,
    officials: world.officials,
    rules: world.rules,
    outbox: world.outbox,
    logger: silentLogger,
  };
  const reroute = createRerouteUnreachable(deps);
  const route = createRouteReport({ ...deps, reroute, calendar: DEFAULT_CALENDAR, now: () => NOW });
  return { ...world, route };
}

describe('routeReport', () => {
  it('alerts the vice chair in charge of the field, marks the report routed and tells the citizen where it went', async () => {
    const w = setup();
    const vice = w.officials.addOfficial({
      unitCode: HOME.code,
      kind: 'vice-chair',
      chatId: '5002',
      fields: ['giao-thong'],
    });
    const chair = w.officials.addOfficial({ unitCode: HOME.code, kind: 'chair', chatId: '5001' });
    w.officials.addGroup({ unitCode: HOME.code, chatId: '-1005' });
    const report = w.submitted();

    expect(await w.route(report.id)).toEqual({
      type: 'routed',
      officialIds: [vice.id],
      groups: 1,
    });

    // The vice chair and the staff group get the alert with the report's text; the chair does not.
    const alert = w.outbox.to('5002').at(-1);
    expect(alert?.link).toEqual({ kind: 'alert', reportId: report.id, officialId: vice.id });
    expect(w.outbox.textsTo('5002').join('\n')).toContain(report.ticketCode);
    expect(w.outbox.to('-1005').at(-1)?.link).toMatchObject({ kind: 'alert', reportId: report.id });
    expect(w.outbox.to(chair.chatId)).toEqual([]);

    expect(await w.reports.get(report.id)).toMatchObject({
      status: 'routed',
      assignedOfficialId: vice.id,
      assignedPositionId: vice.positionId,
      routedAt: NOW,
    });
    expect(w.reports.recorded.map((e) => e.type)).toEqual(['routed']);

    const notice = w.outbox.textsTo('7001');
    expect(notice).toHaveLength(1);
    expect(notice[0]).toContain(`Phản ánh ${report.ticketCode} của Ông/Bà đã được chuyển đến`);
    expect(notice[0]).toContain('Phó Chủ tịch UBND xã Bắc Đông Hưng');
  });

  it('follows the routing rules of the commune', async () => {
    const w = setup();
    w.officials.addOfficial({ unitCode: HOME.code, kind: 'chair', chatId: '5001' });
    const head = w.officials.addOfficial({ unitCode: HOME.code, kind: 'head', chatId: '5003' });
    w.rules.add({
      unitCode: HOME.code,
      categoryCode: 'giao-thong',
      kind: null,
      positionKind: 'head',
      order: 0,
    });
    const report = w.submitted();

    expect(await w.route(report.id)).toMatchObject({ type: 'routed', officialIds: [head.id] });
    expect(w.outbox.to('5003').at(-1)?.link).toMatchObject({ kind: 'alert', officialId: head.id });
  });

  it('runs once: a second run finds the report routed and alerts nobody again', async () => {
    const w = setup();
    w.officials.addOfficial({ unitCode: HOME.code, kind: 'chair', chatId: '5001' });
    const report = w.submitted();
    await w.route(report.id);
    const stored = w.outbox.deliveries.length;

    expect(await w.route(report.id)).toEqual({ type: 'alreadyRouted' });
    expect(w.outbox.deliveries).toHaveLength(stored);
    expect(w.reports.recorded).toHaveLength(1);
  });

  it("goes to the province's administrator when nobody in the commune can take it", async () => {
    const w = setup();
    const chair = w.officials.addOfficial({ unitCode: HOME.code, kind: 'chair', chatId: '5001' });
    w.officials.markUnreachable(chair.id, NOW);
    const admin = w.officials.addOfficial({
      unitCode: NEIGHBOUR.code,
      kind: 'chair',
      chatId: '5100',
      role: 'admin',
    });
    const report = w.submitted();

    expect(await w.route(report.id)).toMatchObject({ type: 'routed', officialIds: [admin.id] });
    expect(w.outbox.to('5100').at(-1)?.link).toMatchObject({ kind: 'alert', officialId: admin.id });
    expect(w.outbox.to('5001')).toEqual([]);
  });

  it('a parked report the province admin then takes counts from the day the province received it, not the commune', async () => {
    for (const lang of ['vi', 'en'] as const) {
      const w = setup();
      w.officials.addOfficial({
        unitCode: NEIGHBOUR.code,
        kind: 'chair',
        chatId: '5100',
        role: 'admin',
      });
      // Parked for a week while nobody could take it: its placeholder deadline has passed.
      const report = w.submitted({
        waitedForOfficial: true,
        dueAt: new Date('2026-02-27T10:00:00Z'),
        citizenLang: lang,
      });
      await w.route(report.id);
      const notice = w.outbox.textsTo('7001');
      expect(notice).toHaveLength(1);
      expect(notice[0]).toBe(
        lang === 'vi'
          ? `Phản ánh ${report.ticketCode} của Ông/Bà đã được chuyển đến cán bộ cấp tỉnh (tỉnh Hưng Yên) ` +
              'vì xã chưa có cán bộ nhận phản ánh. Thời hạn được tính từ ngày cán bộ cấp tỉnh nhận phiếu ' +
              '(02/03/2026), không tính những ngày phiếu phải chờ: hạn trả lời là 09/03/2026.'
          : `Your report ${report.ticketCode} has been passed to a province official (Tỉnh Hưng Yên), ` +
              'as the commune has no official to receive it yet. The time limit counts from the day the province ' +
              'official received it (02/03/2026), not the days it waited: answer due 09/03/2026.',
      );
      expect(notice[0]).not.toMatch(/xã nhận phiếu|commune received/);
      // The reason is given once: never «… vì xã chưa có … . Vì phiếu phải chờ …».
      expect(notice[0]?.match(/(?<!\p{L})(vì|as)(?!\p{L})/giu) ?? []).toHaveLength(1);
    }
  });

  it('parks a report nobody can take: still submitted, nothing sent, the citizen not told yet', async () => {
    const w = setup();
    const chair = w.officials.addOfficial({ unitCode: HOME.code, kind: 'chair', chatId: '5001' });
    w.officials.markUnreachable(chair.id, NOW);
    const report = w.submitted();

    expect(await w.route(report.id)).toEqual({ type: 'noOfficial', unitCode: HOME.code });
    expect((await w.reports.get(report.id))?.status).toBe('submitted');
    expect(w.outbox.deliveries).toEqual([]);
    expect(w.reports.recorded).toEqual([]);
  });

  it('never sends a tố cáo to the shared staff group', async () => {
    const w = setup();
    const chair = w.officials.addOfficial({ unitCode: HOME.code, kind: 'chair', chatId: '5001' });
    w.officials.addGroup({ unitCode: HOME.code, chatId: '-1005' });
    const report = w.submitted({
      kind: 'to-cao',
      ticketCode: 'TC-2026-000009',
      citizen: undefined,
    });

    expect(await w.route(report.id)).toEqual({
      type: 'routed',
      officialIds: [chair.id],
      groups: 0,
    });
    expect(w.outbox.to('-1005')).toEqual([]);
  });
});
