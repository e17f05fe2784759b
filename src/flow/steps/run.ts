/**
 * run: calls a named action (submitReport, saveRating …) and stores its result under `as`.
 * The loader checks the action exists and that the flow provides the answers and args the
 * action declares it reads.
 */
import { list } from './options.ts';
import type { AutoKind } from './step-kind.ts';

export const run: AutoKind<'run'> = {
  question: false,

  check(step, at, c) {
    if (!c.names.actions.includes(step.action)) {
      c.add(`${at}.action`, `unknown action '${step.action}' (known: ${list(c.names.actions)})`);
    } else {
      c.checkActionInputs(at, step);
    }
    c.checkArgs(`${at}.args`, step.args);
  },

  async enter(step, ctx) {
    const key = step.as ?? step.id;
    // Re-walking the path after an edit: an action already run is not run twice.
    if (!(ctx.seenBeforeEdit && key in ctx.state.answers)) {
      ctx.state.answers[key] = await ctx.runAction(step);
    }
    return { type: 'next' };
  },
};
