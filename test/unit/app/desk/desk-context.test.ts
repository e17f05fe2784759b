import { describe, expect, it } from 'vitest';
import { contentOf, createTurn, PENDING_TTL_MS } from '../../../../src/app/desk/desk-context.ts';
import type { InboundEvent } from '../../../../src/channels/types.ts';

const NOW = new Date('2026-03-02T03:00:00Z');

function event(overrides: Partial<InboundEvent> = {}): InboundEvent {
  return {
    channel: 'telegram',
    updateId: 1,
    chatId: '-100900',
    chatType: 'group',
    user: { id: '9001', firstName: 'A' },
    at: NOW,
    body: { type: 'text', text: 'Lý do chuyển' },
    ...overrides,
  };
}

const asked = (minutesAgo: number) => new Date(NOW.getTime() - minutesAgo * 60_000).toISOString();

describe('the input a person was asked for', () => {
  const stateWith = (inputs: Record<string, unknown>, extra: object = {}) =>
    ({ lang: 'vi', deskInput: inputs, ...extra }) as never;

  it('is answered by the person who was asked, while fresh', () => {
    const pending = { type: 'extend', reportId: 1, by: '9001', since: asked(5) };
    expect(createTurn(event(), stateWith({ '9001': pending }), NOW).pending()).toEqual(pending);
  });

  it('is kept for each person of a group: someone else’s answer does not take it', () => {
    const mine = { type: 'extend', reportId: 1, by: '9001', since: asked(5) };
    const theirs = { type: 'pass', reportId: 2, positionId: 3, by: '9002', since: asked(1) };
    const state = stateWith({ '9001': mine, '9002': theirs });
    const other = createTurn(event({ user: { id: '9002', firstName: 'B' } }), state, NOW);
    expect(other.pending()).toEqual(theirs);
    other.setPending(undefined);
    expect(other.done().state).toEqual({ lang: 'vi', deskInput: { '9001': mine } });
    const stranger = createTurn(event({ user: { id: '7000', firstName: 'C' } }), state, NOW);
    expect(stranger.pending()).toBeUndefined();
  });

  it('is forgotten after a while, so a later message is not taken as its answer', () => {
    const stale = {
      type: 'extend',
      reportId: 1,
      by: '9001',
      since: asked(PENDING_TTL_MS / 60_000 + 1),
    };
    const turn = createTurn(event(), stateWith({ '9001': stale }), NOW);
    expect(turn.pending()).toBeUndefined();
    turn.setPending(undefined);
    expect(turn.done().state).toEqual({ lang: 'vi' });
  });

  it('gives way to a conversation the citizen started after being asked', () => {
    const pending = { type: 'citizenReply', reportId: 1, since: asked(10) };
    const state = stateWith({ '9001': pending }, { flowTouchedAt: asked(2) });
    expect(createTurn(event({ chatType: 'private' }), state, NOW).pending()).toBeUndefined();
  });

  it('discards what an older version stored, in another shape', () => {
    const turn = createTurn(
      event(),
      { lang: 'vi', pending: { type: 'resolve', reportId: 1, resultType: 'done' } } as never,
      NOW,
    );
    expect(turn.pending()).toBeUndefined();
    expect(turn.done().state).toEqual({ lang: 'vi' });
  });
});

describe('contentOf', () => {
  it('takes text, photos and documents with their captions', () => {
    expect(contentOf(event())).toEqual({ text: 'Lý do chuyển', files: [] });
    expect(
      contentOf(event({ body: { type: 'photo', photo: { fileId: 'p1' }, caption: 'Ảnh' } })),
    ).toEqual({ text: 'Ảnh', files: [{ kind: 'photo', fileId: 'p1' }] });
    expect(contentOf(event({ body: { type: 'document', document: { fileId: 'd1' } } }))).toEqual({
      text: '',
      files: [{ kind: 'document', fileId: 'd1' }],
    });
    expect(contentOf(event({ body: { type: 'unsupported', what: 'sticker' } }))).toBeUndefined();
    expect(contentOf(event({ body: { type: 'text', text: '   ' } }))).toBeUndefined();
  });
});
