/**
 * An answer held by the citizen's channel (app/held-notice.ts), on the in-memory ports: whoever
 * handles the report is told once per report and day that the answer waits; a held status
 * notice tells nobody.
 */
import { describe, expect, it } from 'vitest';
import { createHeldNotice } from '../../../src/app/held-notice.ts';
import type { Delivery } from '../../../src/app/ports/outbox.ts';
import { HOME, WARD, routingWorld } from '../../support/memory/routing-world.ts';

// 23:30 on 2 March in Vietnam, then 00:30 on 3 March: another local day.
const LATE = new Date('2026-03-02T16:30:00Z');
const NEXT_DAY = new Date('2026-03-02T17:30:00Z');

function setup() {
  const world = routingWorld();
  const tellHeld = createHeldNotice({
    workflow: world.reports,
    officials: world.officials,
    outbox: world.outbox,
  });
  const chair = world.officials.addOfficial({ unitCode: HOME.code, kind: 'chair', chatId: '5001' });
  const report = world.submitted({
    status: 'acknowledged',
    citizenChannel: 'zalo',
    assignedOfficialId: chair.id,
    assignedPositionId: chair.positionId,
  });
  const held = (createdAt: Date, kind: 'answer' | 'notice' = 'answer'): Delivery => ({
    id: 1,
    dedupeKey: `${kind}-${report.id}-${createdAt.getTime()}`,
    channel: 'zalo',
    chatId: 'z-7001',
    message: { type: 'text', chatId: 'z-7001', text: 'Xã đã sửa đường.' },
    link: { kind, reportId: report.id },
    state: 'pending',
    attempts: 1,
    reportId: report.id,
    messageIds: [],
    createdAt,
  });
  return { ...world, tellHeld, chair, report, held };
}

describe('held notice', () => {
  it("tells the report's handler once per report and day that the answer waits for the citizen", async () => {
    const w = setup();
    await w.tellHeld(w.held(LATE));
    await w.tellHeld(w.held(LATE));
    await w.tellHeld(w.held(NEXT_DAY));

    const told = w.outbox.to('5001');
    expect(told.map((d) => d.dedupeKey)).toEqual([
      `held-${w.report.id}-${w.chair.id}-2026-03-02`,
      `held-${w.report.id}-${w.chair.id}-2026-03-03`,
    ]);
    expect(w.outbox.textsTo('5001')[0]).toContain(w.report.ticketCode);
  });

  it('names the report’s unit as what it is, in the official’s language', async () => {
    const w = setup();
    const wardChair = w.officials.addOfficial({
      unitCode: WARD.code,
      kind: 'chair',
      chatId: '5101',
    });
    const wardReport = w.submitted({
      unitCode: WARD.code,
      unitName: WARD.name,
      status: 'acknowledged',
      citizenChannel: 'zalo',
      assignedOfficialId: wardChair.id,
      assignedPositionId: wardChair.positionId,
    });
    await w.tellHeld({ ...w.held(LATE), reportId: wardReport.id });
    const [vi] = w.outbox.textsTo('5101');
    expect(vi).toContain('mà Zalo chỉ cho phường trả lời trong 48 giờ');
    expect(vi).toContain('ngay khi người dân nhắn lại cho phường.');
    expect(vi).not.toMatch(/xã/);

    const reader = w.officials.addOfficial({
      unitCode: HOME.code,
      kind: 'vice-chair',
      chatId: '5002',
      lang: 'en',
    });
    const zoneReport = w.submitted({
      unitName: 'Đặc khu Phú Quốc',
      status: 'acknowledged',
      citizenChannel: 'zalo',
      assignedOfficialId: reader.id,
      assignedPositionId: reader.positionId,
    });
    await w.tellHeld({ ...w.held(LATE), reportId: zoneReport.id });
    const [en] = w.outbox.textsTo('5002');
    expect(en).toContain('which lets the special zone answer only within 48 hours');
    expect(en).toContain('as soon as the resident writes to the special zone again.');
  });

  it('says nothing of a held status notice: only an official’s own words need saying', async () => {
    const w = setup();
    await w.tellHeld(w.held(LATE, 'notice'));
    expect(w.outbox.deliveries).toEqual([]);
  });
});
