/** contact: the phone number shared from the reply keyboard, or typed. */
import { formatPhone } from '../../core/vi-text.ts';
import { CONTACT_HINT, CONTROL, MSG } from '../../texts/flow.ts';
import { msg } from '../../texts/localized.ts';
import { normalizePhone, truncate } from '../text.ts';
import type { QuestionKind } from './step-kind.ts';

export const contact: QuestionKind<'contact'> = {
  question: true,
  // No `expects`: the question's hint says how this channel gives a number.
  keyboard: true,
  optional: (step) => step.optional === true,
  takesText: () => true,

  ask(step, ctx) {
    const hint = CONTACT_HINT[ctx.turn.runtime.contactSharer ?? 'keyboardButton'];
    ctx.turn.reply({
      text: `${ctx.prompt}\n\n${msg(hint, ctx.lang)}`,
      request: {
        kind: 'contact',
        label: ctx.turn.t(CONTROL.shareContact),
        ...(step.optional === true ? { skipLabel: ctx.turn.t(CONTROL.skip) } : {}),
        ...(ctx.canGoBack ? { backLabel: ctx.turn.t(CONTROL.back) } : {}),
        cancelLabel: ctx.turn.t(CONTROL.cancel),
      },
    });
    return Promise.resolve({ type: 'asked' });
  },

  onText(_step, text, ctx) {
    const phone = normalizePhone(text);
    // What went wrong; the question's hint that follows says how to give the number.
    if (!phone) return ctx.reask(msg(MSG.phoneNotRead, ctx.lang, { typed: truncate(text, 30) }));
    ctx.turn.leaveNote = msg(MSG.contactReceived, ctx.lang);
    return ctx.commit(phone);
  },

  onContact(_step, phone, ctx) {
    ctx.turn.leaveNote = msg(MSG.contactReceived, ctx.lang);
    return ctx.commit(phone);
  },

  display: (_step, value) => (typeof value === 'string' ? formatPhone(value) : ''),
};
