/** say: a note, then on. */
import type { AutoKind } from './step-kind.ts';

export const say: AutoKind<'say'> = {
  question: false,

  check(step, at, c) {
    c.checkLocalized(`${at}.text`, step.text);
  },

  enter(step, ctx) {
    // Re-walking the path after an edit: only notes the citizen has not seen are said.
    if (!ctx.seenBeforeEdit) ctx.turn.note(ctx.render(step.text));
    return Promise.resolve({ type: 'next' });
  },
};
