/**
 * What a sent or refused message means (app/delivery-outcomes.ts), on the in-memory ports: a
 * message that got through makes its official reachable again and links the sent message to its
 * report (so a reply threads); a refused one marks the official unreachable and moves the report
 * to the next official.
 */
import { describe, expect, it } from 'vitest';
import type { Delivery } from '../../../src/app/ports/outbox.ts';
import { createDeliveryOutcomes } from '../../../src/app/delivery-outcomes.ts';
import { createRerouteUnreachable } from '../../../src/app/reroute-unreachable.ts';
import { createMemoryMessageLinks } from '../../support/memory/message-links.ts';
import { HOME, routingWorld, silentLogger } from '../../support/memory/routing-world.ts';

const NOW = new Date('2026-03-02T03:00:00Z');

function setup() {
  const world = routingWorld();
  const links = createMemoryMessageLinks();
  const latencies: number[] = [];
  const outcomes = createDeliveryOutcomes({
    officials: world.officials.reachability,
    workflow: links,
    reroute: createRerouteUnreachable({
      workflow: world.reports,
      officials: world.officials,
      rules: world.rules,
      outbox: world.outbox,
      logger: silentLogger,
    }),
    alertLatency: {
      firstAlertLatencyMs: async () => 1_500,
      observe: (seconds) => void latencies.push(seconds),
    },
    now: () => NOW,
  });
  const vice = world.officials.addOfficial({
    unitCode: HOME.code,
    kind: 'vice-chair',
    chatId: '5002',
    fields: ['giao-thong'],
  });
  const chair = world.officials.addOfficial({ unitCode: HOME.code, kind: 'chair', chatId: '5001' });
  const report = world.submitted({
    status: 'routed',
    assignedOfficialId: vice.id,
    assignedPositionId: vice.positionId,
    routedAt: NOW,
  });
  /** The alert of the report to the vice chair, as the delivery queue stored it. */
  const alert = (overrides: Partial<Delivery> = {}): Delivery => ({
    id: 1,
    dedupeKey: `alert-${report.id}-${vice.id}`,
    channel: 'telegram',
    chatId: '5002',
    message: { type: 'text', chatId: '5002', text: 'Phiếu mới' },
    link: { kind: 'alert', reportId: report.id, officialId: vice.id },
    state: 'sent',
    attempts: 1,
    reportId: report.id,
    officialId: vice.id,
    messageIds: [901],
    createdAt: NOW,
    ...overrides,
  });
  return { ...world, links, latencies, outcomes, vice, chair, report, alert };
}

describe('delivery outcomes', () => {
  it("links a sent alert's message to its report and makes its official reachable again", async () => {
    const w = setup();
    w.officials.markUnreachable(w.vice.id, NOW);

    await w.outcomes.onSent(w.alert(), [900, 901]);

    expect((await w.officials.get(w.vice.id))?.unreachableAt).toBeNull();
    // The last message of the alert is the one a reply quotes.
    expect(await w.links.findLink('5002', 901)).toEqual({
      reportId: w.report.id,
      kind: 'alert',
      officialId: w.vice.id,
    });
    expect(await w.links.findLink('5002', 900)).toBeUndefined();
    expect(w.latencies).toEqual([1.5]);
  });

  it('marks a photo alert sent as one message as captioned (its edits go to the caption)', async () => {
    const w = setup();
    const photo = w.alert({
      message: { type: 'photo', chatId: '5002', fileId: 'ph-1', caption: 'Phiếu mới' },
    });
    await w.outcomes.onSent(photo, [901]);
    expect((await w.links.alertMessages(w.report.id))[0]?.captioned).toBe(true);
  });

  it('marks the official unreachable and moves the report to the next official when refused', async () => {
    const w = setup();

    await w.outcomes.onUnreachable(w.alert({ state: 'unreachable', messageIds: [] }));

    expect((await w.officials.get(w.vice.id))?.unreachableAt).toEqual(NOW);
    expect(await w.reports.get(w.report.id)).toMatchObject({ assignedOfficialId: w.chair.id });
    expect(w.outbox.to('5001')).toHaveLength(1);
  });

  it("changes nothing when a citizen's message is refused (no official, no report to move)", async () => {
    const w = setup();
    const { officialId: _none, ...toCitizen } = w.alert({ chatId: '7001', messageIds: [] });
    const notice: Delivery = {
      ...toCitizen,
      state: 'unreachable',
      link: { kind: 'notice', reportId: w.report.id },
    };

    await w.outcomes.onUnreachable(notice);

    expect(await w.reports.get(w.report.id)).toMatchObject({ assignedOfficialId: w.vice.id });
    expect(w.outbox.deliveries).toHaveLength(0);
  });
});
