import { describe, expect, it } from 'vitest';
import {
  applyReportCommand,
  rejectionIn,
  rejectionText,
} from '../../../../src/app/apply-report-command.ts';
import type { RejectionReason } from '../../../../src/core/report-status.ts';
import type {
  ChangeEffects,
  ChangeGuard,
  ReportChange,
  ReportEventInput,
  ReportForOfficials,
} from '../../../../src/app/ports/report-store.ts';
import { aReport } from '../../../support/report-fixture.ts';

const AT = new Date('2026-03-03T02:00:00Z');

/**
 * The repository's contract in memory: a change wins only from the expected status and guard,
 * and stores the deliveries its effects build from the report it left.
 */
function memoryWorkflow(initial: ReportForOfficials) {
  let current = initial;
  const events: ReportEventInput[] = [];
  const queued: string[] = [];
  return {
    events,
    queued,
    current: () => current,
    outbox: {
      async enqueue(input: { dedupeKey: string }) {
        queued.push(input.dedupeKey);
        return { id: queued.length, created: true };
      },
    },
    workflow: {
      async get() {
        return current;
      },
      async record(
        _id: number,
        from: readonly string[],
        change: ReportChange,
        event: ReportEventInput,
        guard: ChangeGuard = {},
        effects: ChangeEffects = {},
      ) {
        if (!from.includes(current.status)) return undefined;
        for (const [k, v] of Object.entries(guard))
          if (current[k as keyof ReportForOfficials] !== v) return undefined;
        current = { ...current, ...change };
        events.push(event);
        const after = { eventId: events.length, report: current };
        return { ...after, deliveries: effects.deliveries?.(after) ?? [] };
      },
    },
  };
}

describe('applyReportCommand', () => {
  it('records what the status machine decided, with who did it', async () => {
    const mem = memoryWorkflow(aReport());
    const outcome = await applyReportCommand(
      mem,
      mem.current(),
      { type: 'acknowledge', officialId: 1 },
      { kind: 'official', id: 1 },
      { at: AT },
    );
    expect(outcome.type).toBe('ok');
    expect(mem.current()).toMatchObject({ status: 'acknowledged', acknowledgedAt: AT });
    expect(mem.events).toEqual([
      { type: 'acknowledged', actorKind: 'official', actorId: 1, data: { officialId: 1 } },
    ]);
  });

  it('stores the messages of the change with it, built from the report as it left it, then queues them', async () => {
    const mem = memoryWorkflow(aReport());
    const outcome = await applyReportCommand(
      mem,
      mem.current(),
      { type: 'acknowledge', officialId: 1 },
      { kind: 'official', id: 1 },
      {
        at: AT,
        effects: {
          deliveries: ({ report, eventId, event }) => [
            {
              dedupeKey: `notice-${report.status}-${event.type}-${eventId}`,
              chatId: '42',
              message: { type: 'text', chatId: '42', text: 'Đã tiếp nhận' },
            },
          ],
        },
      },
    );
    expect(outcome.type).toBe('ok');
    expect(mem.queued).toEqual(['notice-acknowledged-acknowledged-1']);
  });

  it('refuses what the machine refuses and writes nothing', async () => {
    const mem = memoryWorkflow(aReport());
    const outcome = await applyReportCommand(
      mem,
      mem.current(),
      { type: 'resolve', resultType: 'resolved', answer: 'Đã sửa xong đoạn đường.', evidence: [] },
      { kind: 'official', id: 1 },
      { at: AT },
    );
    expect(outcome).toEqual({ type: 'rejected', reason: 'evidence-required' });
    expect(mem.events).toEqual([]);
    expect(mem.queued).toEqual([]);
  });

  it('extends once even when two officials press at the same moment', async () => {
    const report = aReport({ status: 'acknowledged' });
    const mem = memoryWorkflow(report);
    const extend = () =>
      applyReportCommand(
        mem,
        report, // both read the report before either wrote
        { type: 'extend', reason: 'Chờ vật tư' },
        { kind: 'official', id: 1 },
        { at: AT, change: { dueAt: new Date('2026-03-16T10:00:00Z') } },
      );
    const results = [await extend(), await extend()];
    expect(results.map((r) => r.type)).toEqual(['ok', 'conflict']);
    expect(mem.events).toHaveLength(1);
  });

  it('keeps the first acknowledgement time and adds the fields the machine does not decide', async () => {
    const first = new Date('2026-03-02T05:00:00Z');
    const mem = memoryWorkflow(aReport({ status: 'acknowledged', acknowledgedAt: first }));
    await applyReportCommand(
      mem,
      mem.current(),
      { type: 'assign', officialId: 3, positionId: 9 },
      { kind: 'official', id: 1 },
      { at: AT },
    );
    expect(mem.current()).toMatchObject({
      status: 'assigned',
      assignedOfficialId: 3,
      assignedPositionId: 9,
      acknowledgedAt: first,
    });
  });

  it('records a reopen without the citizen’s words (those live in the thread)', async () => {
    const mem = memoryWorkflow(aReport({ status: 'resolved', reopenCount: 1 }));
    const outcome = await applyReportCommand(
      mem,
      mem.current(),
      { type: 'reopen', comment: 'Vẫn còn ổ gà', verdict: 'no' },
      { kind: 'citizen' },
      { at: AT },
    );
    expect(outcome.type === 'ok' && outcome.event).toMatchObject({ escalationRequested: true });
    expect(mem.events[0]?.data).toEqual({
      verdict: 'no',
      reopenCount: 2,
      escalationRequested: true,
    });
    expect(JSON.stringify(mem.events)).not.toContain('ổ gà');
  });
});

describe('rejectionText', () => {
  it('explains every refusal of the machine in Vietnamese', () => {
    const reasons: RejectionReason[] = [
      'closed',
      'not-routed',
      'already-routed',
      'already-acknowledged',
      'already-resolved',
      'not-resolved',
      'answer-required',
      'answer-too-short',
      'evidence-required',
      'target-required',
      'date-required',
      'date-invalid',
      'date-not-future',
      'reason-required',
      'already-extended',
      'no-deadline',
    ];
    const texts = reasons.map((reason) => rejectionText(reason, 'Xã Bắc Đông Hưng'));
    expect(new Set(texts).size).toBe(reasons.length);
    for (const t of texts)
      expect(t).toMatch(/[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]/);
  });

  it('names the report’s unit as what it is, in both languages', () => {
    expect(rejectionText('not-routed', 'Xã Bắc Đông Hưng')).toBe(
      'Phiếu này chưa được chuyển đến xã.',
    );
    expect(rejectionText('not-routed', 'Phường Sơn Nam')).toBe(
      'Phiếu này chưa được chuyển đến phường.',
    );
    expect(rejectionIn('not-routed', 'en', 'Đặc khu Phú Quốc')).toBe(
      'This ticket has not reached the special zone yet.',
    );
    expect(rejectionText('answer-too-short', 'Đặc khu Phú Quốc')).toMatch(
      /: xin nêu rõ đặc khu đã làm gì và kết quả ra sao\.$/,
    );
    expect(rejectionIn('answer-too-short', 'en', 'Phường Sơn Nam')).toMatch(
      /: say what the ward did and with what result\.$/,
    );
  });
});
