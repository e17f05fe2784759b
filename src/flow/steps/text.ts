/**
 * text: a typed answer checked against `validate` (length, links, a phone number). With
 * `param`, text the person typed before (at the menu) is the answer when it would pass.
 */
import { checkText } from '../match-input.ts';
import type { QuestionKind } from './step-kind.ts';

export const text: QuestionKind<'text'> = {
  question: true,
  expects: 'text',
  optional: (step) => step.optional === true,

  check(step, at, c) {
    if (step.validate) c.checkRules(`${at}.validate`, step.validate);
  },

  literal: (step) => step.literal === true,

  prefill(step, ctx) {
    if (!step.param || step.id in ctx.state.answers) return Promise.resolve(undefined);
    // Typed before the question was asked (at the menu): kept, when it would do as an answer.
    const typed = ctx.state.params[step.param];
    const checked = typed ? checkText(typed, step.validate ?? {}, ctx.lang) : undefined;
    return Promise.resolve(checked?.ok ? checked.value : undefined);
  },

  ask(_step, ctx) {
    ctx.turn.reply({ text: ctx.prompt, buttons: ctx.controls(true) });
    return Promise.resolve({ type: 'asked' });
  },

  onText(step, typed, ctx) {
    const checked = checkText(typed, step.validate ?? {}, ctx.lang);
    if (!checked.ok) return ctx.reask(checked.note);
    return ctx.commit(checked.value);
  },

  onContact(step, phone, ctx) {
    // A phone question written as text takes a shared contact too.
    return step.validate?.phone === true ? ctx.commit(phone) : undefined;
  },

  display: (_step, value) => (typeof value === 'string' ? value : ''),
};
