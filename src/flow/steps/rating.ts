/**
 * rating: a score of 1–5 for a rating item (buttons, or the number typed). Always skippable:
 * "no opinion" is the scale's sixth answer, stored as a null score.
 */
import { matchScore } from '../match-input.ts';
import { MSG, SCALE, scaleLabel } from '../../texts/flow.ts';
import { msg } from '../../texts/localized.ts';
import type { StepOf } from '../schema.ts';
import type { Json } from '../types.ts';
import { isJsonObject } from '../answer-text.ts';
import type { QuestionKind } from './step-kind.ts';

function rated(step: StepOf<'rating'>, score: number | null): Json {
  return { item: step.item, criterion: step.criterion ?? null, score };
}

export const rating: QuestionKind<'rating'> = {
  question: true,
  expects: 'rating',
  optional: () => true,
  skipValue: (step) => rated(step, null),

  ask(_step, ctx) {
    const rows = SCALE.map((s) => [
      ctx.button(scaleLabel(s.score, ctx.lang), { type: 'option', index: s.score }),
    ]);
    ctx.turn.reply({ text: ctx.prompt, buttons: [...rows, ...ctx.controls(true)] });
    return Promise.resolve({ type: 'asked' });
  },

  onText(step, text, ctx) {
    const score = matchScore(text);
    if (score === undefined) return ctx.reask(ctx.notUnderstood(text));
    return ctx.commit(rated(step, score));
  },

  onButton(step, code, ctx) {
    if (code.type !== 'option' || code.index < 1 || code.index > 5) return undefined;
    return ctx.commit(rated(step, code.index));
  },

  display(_step, value, _frame, lang) {
    const score = isJsonObject(value) ? value['score'] : null;
    return typeof score === 'number' ? scaleLabel(score, lang) : msg(MSG.reviewSkipped, lang);
  },
};
