/**
 * location: a shared location from the reply keyboard, or (unless `allowAddress: false`) a
 * typed address.
 */
import { isJsonObject } from '../answer-text.ts';
import { checkText } from '../match-input.ts';
import { CONTROL, LOCATION_HINT, LOCATION_ONLY_HINT, MSG } from '../../texts/flow.ts';
import { msg } from '../../texts/localized.ts';
import { textLength } from '../text.ts';
import type { QuestionKind } from './step-kind.ts';

export const location: QuestionKind<'location'> = {
  question: true,
  // No `expects`: the question's hint says how this channel shares a location.
  keyboard: true,
  optional: (step) => step.optional === true,
  takesText: (step) => step.allowAddress !== false,

  ask(step, ctx) {
    const sharer = ctx.turn.runtime.locationSharer ?? 'keyboardButton';
    // Without a typed address the hint names only the channel's way to share a location.
    const hints = step.allowAddress === false ? LOCATION_ONLY_HINT : LOCATION_HINT;
    ctx.turn.reply({
      text: `${ctx.prompt}\n\n${msg(hints[sharer], ctx.lang)}`,
      request: {
        kind: 'location',
        label: ctx.turn.t(CONTROL.shareLocation),
        ...(step.optional === true ? { skipLabel: ctx.turn.t(CONTROL.skip) } : {}),
        ...(ctx.canGoBack ? { backLabel: ctx.turn.t(CONTROL.back) } : {}),
        cancelLabel: ctx.turn.t(CONTROL.cancel),
      },
    });
    return Promise.resolve({ type: 'asked' });
  },

  onText(step, text, ctx) {
    // What went wrong; the question's hint that follows says how to share the location.
    if (step.allowAddress === false) return ctx.reask(msg(MSG.addressNotTaken, ctx.lang));
    if (textLength(text) < 5) return ctx.reask(msg(MSG.addressTooShort, ctx.lang));
    const checked = checkText(text, { maxLength: 300, noLinks: true }, ctx.lang);
    if (!checked.ok) return ctx.reask(checked.note);
    ctx.turn.leaveNote = msg(MSG.addressReceived, ctx.lang);
    return ctx.commit({ address: checked.value });
  },

  onLocation(_step, at, ctx) {
    ctx.turn.leaveNote = msg(MSG.locationReceived, ctx.lang);
    return ctx.commit({ latitude: at.latitude, longitude: at.longitude });
  },

  display(_step, value, _frame, lang) {
    if (isJsonObject(value) && typeof value['address'] === 'string') return value['address'];
    return msg(MSG.reviewMap, lang);
  },
};
