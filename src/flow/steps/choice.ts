/**
 * choice: one option, by a button, its number or its words; with `allowText`, a typed answer
 * that matches no option is taken as `{ text }`.
 */
import { chunk, isJsonObject } from '../answer-text.ts';
import { checkText, matchOption } from '../match-input.ts';
import type { StepOf } from '../schema.ts';
import { textLength } from '../text.ts';
import { checkOptions, optionLabel, shownOptions, sourceLabel } from './options.ts';
import type { AnswerContext, QuestionKind } from './step-kind.ts';

type Step = StepOf<'choice'>;

/** Takes option `value` (a source's label is remembered for the review). */
function choose(step: Step, option: { value: string; label: string }, ctx: AnswerContext) {
  return ctx.commit(option.value, step.source ? option.label : undefined);
}

export const choice: QuestionKind<'choice'> = {
  question: true,
  expects: 'button',
  optional: (step) => step.optional === true,
  // The main menu takes a typed problem as the start of a report.
  takesText: (step) => step.allowText !== undefined && step.allowText !== false,

  check(step, at, c) {
    if (!checkOptions(step, at, c)) return;
    if (typeof step.allowText === 'object') c.checkRules(`${at}.allowText`, step.allowText);
  },

  async ask(step, ctx) {
    const shown = await shownOptions(step, ctx);
    if (shown.type === 'empty') return shown;
    const { options } = shown;
    ctx.state.view = { options };
    const rows = chunk(
      options.map((o, i) => ctx.button(o.label, { type: 'option', index: i })),
      step.columns ?? 1,
    );
    ctx.turn.reply({ text: ctx.prompt, buttons: [...rows, ...ctx.controls(true)] });
    return { type: 'asked' };
  },

  onText(step, text, ctx) {
    const options = ctx.state.view?.options ?? [];
    // A shown option's aliases are its definition's (an option from a source has none).
    const i = matchOption(
      text,
      options.map((o) => ({
        label: o.label,
        aliases: step.options?.find((d) => d.value === o.value)?.aliases,
      })),
    );
    const option = i === undefined ? undefined : options[i];
    if (option) return choose(step, option, ctx);
    if (step.allowText) {
      const rules = typeof step.allowText === 'object' ? step.allowText : {};
      // Shorter than a typed answer can be ("ok", "xin chào"): a failed try at a button.
      if (rules.minLength !== undefined && textLength(text) < rules.minLength)
        return ctx.reask(ctx.notUnderstood(text));
      const checked = checkText(text, { maxLength: 1000, ...rules }, ctx.lang);
      if (!checked.ok) return ctx.reask(checked.note);
      return ctx.commit({ text: checked.value });
    }
    return ctx.reask(ctx.notUnderstood(text));
  },

  onButton(step, code, ctx) {
    if (code.type !== 'option') return undefined;
    const option = ctx.state.view?.options?.[code.index];
    return option ? choose(step, option, ctx) : undefined;
  },

  display(step, value, frame, lang) {
    if (typeof value === 'string') {
      return step.options ? optionLabel(step, value, lang) : sourceLabel(step, value, frame);
    }
    return isJsonObject(value) && typeof value['text'] === 'string' ? value['text'] : '';
  },
};
