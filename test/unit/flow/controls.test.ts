/**
 * Back, cancel and skip work at every question of every flow, as buttons and as typed words
 * (with or without diacritics).
 */
import { describe, expect, it } from 'vitest';
import { isQuestion } from '../../../src/flow/schema.ts';
import {
  Chat,
  currentStep,
  fakeRuntime,
  realFlows,
  resumeAt,
  walk,
  type Checkpoint,
} from './support.ts';

const isLiteral = (chat: Chat) => {
  const { step } = currentStep(chat);
  return step.kind === 'text' && step.literal === true;
};

const flows = realFlows();

const WALKS: Array<{
  name: string;
  start: (chat: Chat) => Promise<unknown>;
  choose?: Record<string, string>;
}> = [
  { name: 'main → report', start: (c) => c.start('main'), choose: { menu: 'report' } },
  { name: 'report (tố cáo)', start: (c) => c.start('report'), choose: { kind: 'to-cao' } },
  {
    name: 'rate-commune (detailed)',
    start: (c) => c.start('rate-commune'),
    choose: { detailed: 'yes' },
  },
  {
    name: 'rate-counter',
    start: (c) => c.start('rate-counter', { unitCode: '12345', counterCode: 'Q1' }),
  },
  {
    name: 'my-reports',
    start: (c) => c.start('my-reports'),
    choose: { after: 'menu', menu: 'mine' },
  },
];

async function checkpoints(w: (typeof WALKS)[number]): Promise<Checkpoint[]> {
  const { runtime } = fakeRuntime();
  const chat = new Chat(flows, runtime);
  // my-reports loops through the menu back into itself: one round and a bit is enough.
  return walk(chat, () => w.start(chat), w.choose, 45);
}

/** Presses a control: an inline button, or the same label typed back from a reply keyboard. */
async function control(chat: Chat, which: 'back' | 'cancel' | 'skip'): Promise<boolean> {
  const code = { back: 'b', cancel: 'x', skip: 's' }[which];
  const button = chat.buttons().find((b) => b.data.endsWith(`.${code}`));
  if (button) {
    await chat.send({ type: 'button', data: button.data });
    return true;
  }
  const request = chat.last.replies.find((r) => r.request)?.request;
  const label =
    request &&
    { back: request.backLabel, cancel: request.cancelLabel, skip: request.skipLabel }[which];
  if (label) {
    await chat.type(label);
    return true;
  }
  return false;
}

describe.each(WALKS)('$name', (w) => {
  it('cancels at every question, by button and by typing "huy" or "Hủy"', async () => {
    const { runtime } = fakeRuntime();
    const points = await checkpoints(w);
    expect(points.length).toBeGreaterThan(2);
    for (const at of points) {
      for (const how of ['button', 'huy', 'Hủy', 'HUY BO']) {
        const chat = resumeAt(flows, runtime, at);
        if (isLiteral(chat) && (how === 'huy' || how === 'Hủy')) {
          // A name question: "Huy" is a name, so only the longer words cancel there.
          await chat.type(how);
          expect(chat.state?.answers[at.stepId]).toBe(how);
          continue;
        }
        if (how === 'button') {
          const cancellable = flows.get(at.flowId)?.cancellable ?? true;
          // The menu offers no "✖ Hủy" (nothing to cancel); typing "hủy" still works there.
          expect(await control(chat, 'cancel'), `${at.stepId}: a cancel control`).toBe(cancellable);
          if (!cancellable) continue;
        } else await chat.type(how);
        expect(chat.last.outcome, `${at.flowId}/${at.stepId} ${how}`).toBe('cancelled');
        expect(chat.state).toBeUndefined();
        expect(chat.text()).toContain('Đã hủy');
      }
    }
  });

  it('goes back to the previous question at every question, by button and by typing "quay lai"', async () => {
    const { runtime } = fakeRuntime();
    const points = await checkpoints(w);
    for (let i = 0; i < points.length; i++) {
      const at = points[i]!;
      const before = points[i - 1];
      for (const how of ['button', 'quay lai', 'Quay lại']) {
        const chat = resumeAt(flows, runtime, at);
        const hasButton =
          how === 'button' ? await control(chat, 'back') : (await chat.type(how), true);
        if (!before || (before.flowId !== at.flowId && at.state.stack.length === 0)) {
          // The first question: no Back button; typing it explains gently.
          expect(hasButton, `${at.stepId}: no back button on the first question`).toBe(
            how !== 'button',
          );
          if (how !== 'button') {
            expect(chat.last.outcome).toBe('reasked');
            expect(chat.text()).toContain('câu hỏi đầu tiên');
            expect(chat.step()).toBe(at.stepId);
          }
          continue;
        }
        expect(hasButton, `${at.flowId}/${at.stepId}: a back control`).toBe(true);
        expect(chat.last.outcome, `${at.flowId}/${at.stepId} ${how}`).toBe('back');
        expect(`${chat.state?.flowId}/${chat.step()}`).toBe(`${before.flowId}/${before.stepId}`);
      }
    }
  });

  it('skips optional questions (and refuses to skip required ones) at every question', async () => {
    const { runtime } = fakeRuntime();
    const points = await checkpoints(w);
    for (const at of points) {
      const chat = resumeAt(flows, runtime, at);
      const { step } = currentStep(chat);
      if (!isQuestion(step)) throw new Error('not a question');
      const optional = step.kind === 'rating' || (step.kind !== 'review' && step.optional === true);
      if (optional) {
        expect(await control(chat, 'skip'), `${at.stepId}: a skip control`).toBe(true);
        expect(['answered', 'ended']).toContain(chat.last.outcome);
        expect(chat.state?.stepId).not.toBe(at.stepId);
        const typed = resumeAt(flows, runtime, at);
        await typed.type('bo qua');
        expect(typed.state?.stepId).not.toBe(at.stepId);
      } else {
        expect(await control(chat, 'skip'), `${at.stepId}: no skip control`).toBe(false);
        await chat.type('bỏ qua');
        expect(chat.last.outcome, at.stepId).toBe('reasked');
        expect(chat.text()).toContain('không bỏ qua được');
        expect(chat.step()).toBe(at.stepId);
      }
    }
  });
});

describe('skipping', () => {
  it('stores a skipped rating as a null score, keeping the item', async () => {
    const { runtime, calls } = fakeRuntime();
    const chat = new Chat(flows, runtime);
    await chat.start('rate-counter', { unitCode: '12345' });
    await chat.press('Bỏ qua');
    await chat.type('bo qua');
    await chat.type('5');
    await chat.type('rat hai long');
    const items = calls.actions[0]?.ctx.items ?? [];
    expect(items.map((i) => i.score)).toEqual([null, null, 5, 5]);
    expect(items[0]).toMatchObject({ itemId: 'c3.polite', criterion: 3 });
  });

  it('removes the reply keyboard when leaving a location question by Back', async () => {
    const { runtime } = fakeRuntime();
    const chat = new Chat(flows, runtime);
    await chat.start('report', { unitCode: '12345' });
    await chat.press('Phản ánh');
    await chat.press('Khác');
    await chat.type('Đèn đường hỏng cả tháng nay.');
    await chat.press('Bỏ qua');
    expect(chat.step()).toBe('location');
    await chat.type('◀ Quay lại');
    expect(chat.step()).toBe('photos');
    expect(chat.last.replies[0]).toMatchObject({ removeKeyboard: true });
    expect(chat.last.replies.at(-1)?.buttons).toBeDefined();
  });
});
