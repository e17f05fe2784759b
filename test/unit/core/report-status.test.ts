import { describe, expect, it } from 'vitest';
import {
  isOpen,
  REPORT_STATUSES,
  transition,
  type ReportCommand,
  type ReportSnapshot,
  type ReportStatus,
} from '../../../src/core/report-status.ts';

const report = (over: Partial<ReportSnapshot> = {}): ReportSnapshot => ({
  status: 'routed',
  kind: 'phan-anh',
  onSite: false,
  reopenCount: 0,
  extendedAt: null,
  escalationLevel: 0,
  ...over,
});

const ANSWER = 'Xã đã cho vá lại ổ gà trước số nhà 12 vào sáng 10/3.';
const photo = { kind: 'photo' as const, fileId: 'AgAD-photo' };
const doc = { kind: 'document' as const, fileId: 'BQAD-doc' };

const resolve = (
  over: Partial<Extract<ReportCommand, { type: 'resolve' }>> = {},
): ReportCommand => ({
  type: 'resolve',
  resultType: 'resolved',
  answer: ANSWER,
  evidence: [],
  ...over,
});

describe('the happy path', () => {
  it('goes submitted → routed → acknowledged → assigned → resolved → closed', () => {
    let r = report({ status: 'submitted' });
    const steps: Array<[ReportCommand, ReportStatus]> = [
      [{ type: 'route', positionId: 2, officialId: 102 }, 'routed'],
      [{ type: 'acknowledge', officialId: 102 }, 'acknowledged'],
      [{ type: 'assign', officialId: 105, positionId: 5 }, 'assigned'],
      [resolve(), 'resolved'],
      [{ type: 'close', verdict: 'yes' }, 'closed'],
    ];
    for (const [command, expected] of steps) {
      const out = transition(r, command);
      expect(out, command.type).toMatchObject({ type: 'ok', status: expected });
      r = { ...r, status: expected };
    }
  });

  it('records what happened as an event for the audit trail', () => {
    expect(transition(report({ status: 'submitted' }), { type: 'route', positionId: 2 })).toEqual({
      type: 'ok',
      status: 'routed',
      event: { type: 'routed', positionId: 2, officialId: null },
    });
    expect(transition(report({ status: 'resolved' }), { type: 'close', verdict: 'none' })).toEqual({
      type: 'ok',
      status: 'closed',
      event: { type: 'closed', verdict: 'none' },
    });
  });

  it('lets an official resolve straight from routed, without acknowledging first', () => {
    expect(transition(report(), resolve())).toMatchObject({ type: 'ok', status: 'resolved' });
  });
});

describe('resolving needs a real answer', () => {
  it('rejects a resolve without an answer', () => {
    expect(transition(report(), resolve({ answer: '   ' }))).toEqual({
      type: 'rejected',
      reason: 'answer-required',
      status: 'routed',
    });
  });

  it('rejects a vague one-liner', () => {
    expect(transition(report(), resolve({ answer: 'Đã xử lý xong.' }))).toMatchObject({
      type: 'rejected',
      reason: 'answer-too-short',
    });
    expect(
      transition(report(), resolve({ answer: 'Đã xử lý.' }), { minAnswerLength: 5 }),
    ).toMatchObject({
      type: 'ok',
    });
  });

  it('measures letters, so decomposed marks or padding do not stretch a vague answer', () => {
    const vagueNfd = '  Đã   xử   lý   xong.  '.normalize('NFD');
    expect(transition(report(), resolve({ answer: vagueNfd }))).toMatchObject({
      reason: 'answer-too-short',
    });
  });

  it('keeps the answer’s line breaks and stores it composed', () => {
    const answer = `${ANSWER}\nCán bộ phụ trách: Phòng Kinh tế.`;
    const out = transition(report(), resolve({ answer: `  ${answer.normalize('NFD')}  ` }));
    expect(out).toMatchObject({ type: 'ok', event: { type: 'resolved', answer } });
  });

  it('rejects an on-site issue resolved without a photo, even with a document', () => {
    const onSite = report({ onSite: true });
    expect(transition(onSite, resolve())).toMatchObject({
      type: 'rejected',
      reason: 'evidence-required',
    });
    expect(transition(onSite, resolve({ evidence: [doc] }))).toMatchObject({
      type: 'rejected',
      reason: 'evidence-required',
    });
    expect(transition(onSite, resolve({ evidence: [doc, photo] }))).toMatchObject({
      type: 'ok',
      status: 'resolved',
      event: { type: 'resolved', result: { type: 'resolved' }, evidence: [doc, photo] },
    });
  });

  it('does not ask for a photo when the answer is "not ours" or "scheduled"', () => {
    const onSite = report({ onSite: true });
    expect(
      transition(onSite, resolve({ resultType: 'not-competent', target: 'Công ty Điện lực tỉnh' })),
    ).toMatchObject({ type: 'ok' });
    expect(
      transition(onSite, resolve({ resultType: 'scheduled', scheduledFor: '2026-04-15' })),
    ).toMatchObject({
      type: 'ok',
    });
  });

  it('needs a target for "không thuộc thẩm quyền"', () => {
    expect(transition(report(), resolve({ resultType: 'not-competent' }))).toMatchObject({
      type: 'rejected',
      reason: 'target-required',
    });
    expect(
      transition(report(), resolve({ resultType: 'not-competent', target: ' ' })),
    ).toMatchObject({
      type: 'rejected',
      reason: 'target-required',
    });
    expect(
      transition(report(), resolve({ resultType: 'not-competent', target: ' Công an xã ' })),
    ).toMatchObject({
      type: 'ok',
      event: { result: { type: 'not-competent', target: 'Công an xã' } },
    });
  });

  it('needs a real future date for "sẽ giải quyết trước ngày"', () => {
    const now = new Date('2026-03-10T03:00:00Z'); // 10:00 on 10 March in Hà Nội
    const scheduled = (date?: string) =>
      transition(report(), resolve({ resultType: 'scheduled', scheduledFor: date ?? null }), {
        now,
      });
    expect(scheduled()).toMatchObject({ type: 'rejected', reason: 'date-required' });
    expect(scheduled('15/04/2026')).toMatchObject({ type: 'rejected', reason: 'date-invalid' });
    expect(scheduled('2026-02-30')).toMatchObject({ type: 'rejected', reason: 'date-invalid' });
    expect(scheduled('2026-03-10')).toMatchObject({ type: 'rejected', reason: 'date-not-future' });
    expect(scheduled('2026-03-11')).toMatchObject({
      type: 'ok',
      status: 'resolved',
      event: { result: { type: 'scheduled', date: '2026-03-11' } },
    });
  });
});

describe('passing, extending, escalating, reminding', () => {
  it('passes a report to another position with a reason, back to routed', () => {
    const out = transition(report({ status: 'acknowledged' }), {
      type: 'pass',
      toPositionKind: 'vice-chair',
      toPositionId: 3,
      reason: 'Thuộc lĩnh vực văn hóa',
    });
    expect(out).toEqual({
      type: 'ok',
      status: 'routed',
      event: {
        type: 'passed',
        toPositionKind: 'vice-chair',
        toPositionId: 3,
        reason: 'Thuộc lĩnh vực văn hóa',
      },
    });
    expect(
      transition(report(), { type: 'pass', toPositionKind: 'chair', reason: '' }),
    ).toMatchObject({ type: 'rejected', reason: 'reason-required' });
  });

  it('extends a deadline once, with a reason, and refuses a second extension', () => {
    expect(
      transition(report({ status: 'assigned' }), { type: 'extend', reason: 'Chờ vật tư' }),
    ).toEqual({
      type: 'ok',
      status: 'assigned',
      event: { type: 'extended', reason: 'Chờ vật tư' },
    });
    expect(
      transition(report({ extendedAt: new Date('2026-03-01T00:00:00Z') }), {
        type: 'extend',
        reason: 'Lần nữa',
      }),
    ).toEqual({ type: 'rejected', reason: 'already-extended', status: 'routed' });
    expect(transition(report(), { type: 'extend', reason: ' ' })).toMatchObject({
      reason: 'reason-required',
    });
  });

  it('has no deadline to extend or remind about for góp ý', () => {
    const feedback = report({ kind: 'gop-y' });
    expect(transition(feedback, { type: 'extend', reason: 'x' })).toMatchObject({
      reason: 'no-deadline',
    });
    expect(transition(feedback, { type: 'remind' })).toMatchObject({ reason: 'no-deadline' });
    expect(
      transition(feedback, resolve({ answer: 'Cảm ơn ông/bà đã góp ý cho xã.' })),
    ).toMatchObject({ type: 'ok' });
  });

  it('escalates an open report one level up and back to routed', () => {
    expect(
      transition(report({ status: 'acknowledged', escalationLevel: 1 }), {
        type: 'escalate',
        reason: 'overdue',
      }),
    ).toEqual({
      type: 'ok',
      status: 'routed',
      event: { type: 'escalated', reason: 'overdue', level: 2 },
    });
  });

  it('reminds about an open report without changing its status', () => {
    expect(transition(report({ status: 'assigned' }), { type: 'remind' })).toEqual({
      type: 'ok',
      status: 'assigned',
      event: { type: 'reminded' },
    });
  });
});

describe('the citizen’s verdict', () => {
  it('reopens a resolved report when the citizen says it is not resolved', () => {
    expect(
      transition(report({ status: 'resolved' }), {
        type: 'reopen',
        comment: ' Ổ gà vẫn còn ',
        verdict: 'no',
      }),
    ).toEqual({
      type: 'ok',
      status: 'reopened',
      event: {
        type: 'reopened',
        comment: 'Ổ gà vẫn còn',
        verdict: 'no',
        reopenCount: 1,
        escalationRequested: false,
      },
    });
  });

  it('accepts a reopen from a button press with no words', () => {
    expect(
      transition(report({ status: 'resolved' }), { type: 'reopen', comment: '' }),
    ).toMatchObject({
      type: 'ok',
      event: { verdict: 'no', comment: '' },
    });
  });

  it('asks for escalation on the second reopen', () => {
    const out = transition(report({ status: 'resolved', reopenCount: 1 }), {
      type: 'reopen',
      comment: 'Vẫn chưa sửa',
      verdict: 'partly',
    });
    expect(out).toMatchObject({
      type: 'ok',
      status: 'reopened',
      event: { type: 'reopened', reopenCount: 2, escalationRequested: true, verdict: 'partly' },
    });
  });

  it('lets the official answer a reopened report again', () => {
    const reopened = report({ status: 'reopened', reopenCount: 1 });
    expect(transition(reopened, { type: 'acknowledge' })).toMatchObject({
      type: 'ok',
      status: 'acknowledged',
    });
    expect(transition(reopened, resolve())).toMatchObject({ type: 'ok', status: 'resolved' });
  });
});

describe('refusals', () => {
  it('refuses assigning to the official who has it already, not to another one', () => {
    const assigned = report({ status: 'assigned', assignedOfficialId: 7 });
    expect(transition(assigned, { type: 'assign', officialId: 7 })).toEqual({
      type: 'rejected',
      reason: 'already-assigned',
      status: 'assigned',
    });
    expect(transition(assigned, { type: 'assign', officialId: 8 })).toMatchObject({ type: 'ok' });
    // Acknowledged by the chair who holds it: giving it to someone is still to do.
    const acked = report({ status: 'acknowledged', assignedOfficialId: 7 });
    expect(transition(acked, { type: 'assign', officialId: 7 })).toMatchObject({ type: 'ok' });
  });

  it('refuses every command on a closed report', () => {
    const closed = report({ status: 'closed' });
    const commands: ReportCommand[] = [
      { type: 'route', positionId: 1 },
      { type: 'acknowledge' },
      { type: 'assign', officialId: 1 },
      resolve(),
      { type: 'pass', toPositionKind: 'chair', reason: 'x' },
      { type: 'extend', reason: 'x' },
      { type: 'reopen', comment: 'x' },
      { type: 'close', verdict: 'yes' },
      { type: 'escalate', reason: 'manual' },
      { type: 'remind' },
    ];
    for (const c of commands) {
      expect(transition(closed, c), c.type).toEqual({
        type: 'rejected',
        reason: 'closed',
        status: 'closed',
      });
    }
  });

  it('refuses to handle a report nobody has yet', () => {
    const submitted = report({ status: 'submitted' });
    for (const c of [
      { type: 'acknowledge' },
      resolve(),
      { type: 'remind' },
      { type: 'escalate', reason: 'overdue' },
    ] as ReportCommand[]) {
      expect(transition(submitted, c), c.type).toMatchObject({
        type: 'rejected',
        reason: 'not-routed',
      });
    }
  });

  it('refuses to route twice (a retried routing job does nothing)', () => {
    expect(transition(report(), { type: 'route', positionId: 1 })).toMatchObject({
      reason: 'already-routed',
    });
  });

  it('refuses to acknowledge twice', () => {
    expect(transition(report({ status: 'acknowledged' }), { type: 'acknowledge' })).toMatchObject({
      reason: 'already-acknowledged',
    });
    expect(transition(report({ status: 'assigned' }), { type: 'acknowledge' })).toMatchObject({
      reason: 'already-acknowledged',
    });
  });

  it('refuses to act on an answered report except for the citizen’s verdict', () => {
    const resolved = report({ status: 'resolved' });
    for (const c of [
      resolve(),
      { type: 'assign', officialId: 1 },
      { type: 'extend', reason: 'x' },
      { type: 'remind' },
    ] as ReportCommand[]) {
      expect(transition(resolved, c), c.type).toMatchObject({
        type: 'rejected',
        reason: 'already-resolved',
      });
    }
  });

  it('refuses to close or reopen a report that was not answered', () => {
    for (const status of ['submitted', 'routed', 'acknowledged', 'assigned', 'reopened'] as const) {
      expect(
        transition(report({ status }), { type: 'close', verdict: 'yes' }),
        status,
      ).toMatchObject({
        reason: 'not-resolved',
      });
      expect(transition(report({ status }), { type: 'reopen', comment: '' }), status).toMatchObject(
        {
          reason: 'not-resolved',
        },
      );
    }
  });
});

describe('isOpen', () => {
  it('is true while an official is expected to act', () => {
    expect(REPORT_STATUSES.filter(isOpen)).toEqual([
      'routed',
      'acknowledged',
      'assigned',
      'reopened',
    ]);
  });
});

describe('reroute: a report waiting on someone who cannot be reached', () => {
  const reroute = {
    type: 'reroute',
    fromOfficialId: 101,
    toOfficialId: 102,
    toPositionId: 2,
    reason: 'unreachable',
  } as const;

  it('moves while the report waits to be taken up, and keeps its status', () => {
    for (const status of ['routed', 'reopened'] as const) {
      expect(transition(report({ status }), reroute)).toEqual({
        type: 'ok',
        status,
        event: { type: 'rerouted', from: 101, to: 102, toPositionId: 2, reason: 'unreachable' },
      });
    }
  });

  it('is refused once someone took it up, before routing, after the answer, and when closed', () => {
    expect(transition(report({ status: 'acknowledged' }), reroute)).toMatchObject({
      type: 'rejected',
      reason: 'already-acknowledged',
    });
    expect(transition(report({ status: 'assigned' }), reroute)).toMatchObject({
      type: 'rejected',
      reason: 'already-acknowledged',
    });
    expect(transition(report({ status: 'submitted' }), reroute)).toMatchObject({
      reason: 'not-routed',
    });
    expect(transition(report({ status: 'resolved' }), reroute)).toMatchObject({
      reason: 'already-resolved',
    });
    expect(transition(report({ status: 'closed' }), reroute)).toMatchObject({ reason: 'closed' });
  });
});
