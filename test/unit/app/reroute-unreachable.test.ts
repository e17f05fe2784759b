/**
 * The fallback when an official cannot be reached (app/reroute-unreachable.ts), on the in-memory
 * ports: the report moves to the next official of the routing list, then to the province's
 * administrator, and stays put when nobody is left.
 */
import { describe, expect, it } from 'vitest';
import { createRerouteUnreachable } from '../../../src/app/reroute-unreachable.ts';
import { HOME, NEIGHBOUR, routingWorld, silentLogger } from '../../support/memory/routing-world.ts';

const NOW = new Date('2026-03-02T03:00:00Z');

function setup() {
  const world = routingWorld();
  const reroute = createRerouteUnreachable({
    workflow: world.reports,
    officials: world.officials,
    rules: world.rules,
    outbox: world.outbox,
    logger: silentLogger,
  });
  // The vice chair in charge of roads comes first, the chair after (core/routing.ts).
  const vice = world.officials.addOfficial({
    unitCode: HOME.code,
    kind: 'vice-chair',
    chatId: '5002',
    fields: ['giao-thong'],
  });
  const chair = world.officials.addOfficial({ unitCode: HOME.code, kind: 'chair', chatId: '5001' });
  /** A road report routed to the vice chair, who has just blocked the bot. */
  const routedToVice = () => {
    const report = world.submitted({
      status: 'routed',
      assignedOfficialId: vice.id,
      assignedPositionId: vice.positionId,
      routedAt: NOW,
    });
    world.officials.markUnreachable(vice.id, NOW);
    return report;
  };
  return { ...world, reroute, vice, chair, routedToVice };
}

describe('rerouteUnreachable', () => {
  it('moves the report to the next official of the list and alerts them, saying why', async () => {
    const w = setup();
    const report = w.routedToVice();

    expect(await w.reroute({ reportId: report.id, officialId: w.vice.id })).toEqual({
      type: 'rerouted',
      fromOfficialId: w.vice.id,
      toOfficialId: w.chair.id,
    });
    expect(await w.reports.get(report.id)).toMatchObject({
      status: 'routed',
      assignedOfficialId: w.chair.id,
      assignedPositionId: w.chair.positionId,
    });
    expect(w.reports.recorded.map((e) => e.type)).toEqual(['rerouted']);
    const alert = w.outbox.to('5001').at(-1);
    expect(alert?.link).toEqual({ kind: 'alert', reportId: report.id, officialId: w.chair.id });
    expect(w.outbox.textsTo('5001').join('\n')).toContain(
      '↪ Chuyển đến Ông/Bà vì Phó Chủ tịch UBND xã không nhận được tin nhắn',
    );
    // The commune's internal fallback is not news to the citizen.
    expect(w.outbox.to('7001')).toEqual([]);
  });

  it('tells a chair who reads English, in English, whose position could not be reached', async () => {
    const w = setup();
    await w.officials.setLangByExternalId('telegram', w.chair.chatId, 'en');
    const report = w.routedToVice();
    await w.reroute({ reportId: report.id, officialId: w.vice.id });
    expect(w.outbox.textsTo('5001').join('\n')).toContain(
      '↪ Sent to you because Vice-chair of the People’s Committee of Xã Bắc Đông Hưng cannot receive messages',
    );
  });

  it('moves it once however many refusals are handled', async () => {
    const w = setup();
    const report = w.routedToVice();
    await w.reroute({ reportId: report.id, officialId: w.vice.id });
    const stored = w.outbox.deliveries.length;

    expect(await w.reroute({ reportId: report.id, officialId: w.vice.id })).toEqual({
      type: 'notAssigned',
    });
    expect(w.outbox.deliveries).toHaveLength(stored);
    expect(w.reports.recorded).toHaveLength(1);
  });

  it("goes to the province's administrator when nobody is left in the commune", async () => {
    const w = setup();
    const report = w.routedToVice();
    w.officials.markUnreachable(w.chair.id, NOW);
    const admin = w.officials.addOfficial({
      unitCode: NEIGHBOUR.code,
      kind: 'chair',
      chatId: '5100',
      role: 'admin',
    });

    expect(await w.reroute({ reportId: report.id, officialId: w.vice.id })).toMatchObject({
      type: 'rerouted',
      toOfficialId: admin.id,
    });
    expect((await w.reports.get(report.id))?.assignedOfficialId).toBe(admin.id);
    expect(w.outbox.to('5100').at(-1)?.link).toMatchObject({ kind: 'alert', officialId: admin.id });
  });

  it('leaves the report parked on the unreachable official when nobody at all can take it', async () => {
    const w = setup();
    const report = w.routedToVice();
    w.officials.markUnreachable(w.chair.id, NOW);

    expect(await w.reroute({ reportId: report.id, officialId: w.vice.id })).toEqual({
      type: 'noOfficial',
      unitCode: HOME.code,
    });
    expect((await w.reports.get(report.id))?.assignedOfficialId).toBe(w.vice.id);
    expect(w.outbox.deliveries).toEqual([]);
    expect(w.reports.recorded).toEqual([]);
  });

  it('does nothing for a report not waiting on that official', async () => {
    const w = setup();
    const report = w.routedToVice();

    expect(await w.reroute({ reportId: report.id, officialId: w.chair.id })).toEqual({
      type: 'notAssigned',
    });
    expect(await w.reroute({ reportId: 999, officialId: w.vice.id })).toEqual({ type: 'missing' });
    expect(w.outbox.deliveries).toEqual([]);
  });
});
