/**
 * multi: several options, ticked one by one (buttons, or their numbers typed "1, 3"), then
 * "Xong". A tick edits the question's message in place.
 */
import { chunk, stringify } from '../answer-text.ts';
import { isWord, matchOption } from '../match-input.ts';
import { CONTROL, MSG, WORDS } from '../../texts/flow.ts';
import { msg } from '../../texts/localized.ts';
import type { StepOf } from '../schema.ts';
import { checkOptions, optionLabel, shownOptions } from './options.ts';
import type { AnswerContext, Moved, QuestionKind } from './step-kind.ts';

type Step = StepOf<'multi'>;

async function toggle(step: Step, picks: number[], ctx: AnswerContext): Promise<Moved> {
  const state = ctx.state;
  const options = state.view?.options ?? [];
  const selected = [...(state.view?.selected ?? [])];
  for (const p of picks) {
    const value = options[p]?.value;
    if (value === undefined) continue;
    const at = selected.indexOf(value);
    if (at >= 0) selected.splice(at, 1);
    else if (step.max !== undefined && selected.length >= step.max) {
      ctx.turn.editInPlace = false;
      ctx.turn.note(msg(MSG.multiMax, ctx.lang, { max: step.max }));
    } else selected.push(value);
  }
  state.view = { options, selected };
  return ctx.present(true, 'updated');
}

function finish(step: Step, ctx: AnswerContext): Promise<Moved> {
  const options = ctx.state.view?.options ?? [];
  const selected = ctx.state.view?.selected ?? [];
  if (step.min !== undefined && selected.length < step.min) {
    return ctx.reask(msg(MSG.multiMin, ctx.lang, { min: step.min }));
  }
  // In the order shown, whatever order they were ticked in.
  const chosen = options.filter((o) => selected.includes(o.value));
  const label = step.source ? chosen.map((o) => o.label).join(', ') : undefined;
  return ctx.commit(
    chosen.map((o) => o.value),
    label,
  );
}

export const multi: QuestionKind<'multi'> = {
  question: true,
  // No `expects`: the question's hint says to tick, then “Xong”.
  optional: (step) => step.optional === true,

  check(step, at, c) {
    if (!checkOptions(step, at, c)) return;
    if (step.min !== undefined && step.max !== undefined && step.min > step.max) {
      c.add(`${at}.min`, 'min is larger than max');
    }
    if (step.options && step.max !== undefined && step.max > step.options.length) {
      c.add(`${at}.max`, 'max is larger than the number of options');
    }
  },

  async ask(step, ctx) {
    const shown = await shownOptions(step, ctx);
    if (shown.type === 'empty') return shown;
    const { options } = shown;
    const prior = ctx.state.answers[step.id];
    const selected =
      ctx.previous?.selected ??
      (Array.isArray(prior) ? prior.filter((v): v is string => typeof v === 'string') : []);
    ctx.state.view = { options, selected };
    const rows = chunk(
      options.map((o, i) =>
        ctx.button(selected.includes(o.value) ? `✓ ${o.label}` : o.label, {
          type: 'option',
          index: i,
        }),
      ),
      step.columns ?? 1,
    );
    const chosen = options.filter((o) => selected.includes(o.value)).map((o) => o.label);
    const status = chosen.length
      ? msg(MSG.multiSelected, ctx.lang, { list: chosen.join(', ') })
      : msg(MSG.multiNone, ctx.lang);
    ctx.turn.reply({
      text: `${ctx.prompt}\n\n${msg(MSG.multiHint, ctx.lang)}\n${status}`,
      buttons: [
        ...rows,
        [ctx.button(ctx.turn.t(CONTROL.done), { type: 'done' })],
        ...ctx.controls(true),
      ],
    });
    return { type: 'asked' };
  },

  onText(step, text, ctx) {
    if (isWord(text, WORDS.done)) return finish(step, ctx);
    const options = ctx.state.view?.options ?? [];
    const numbers = text.split(/[\s,;.]+/).filter(Boolean);
    let picks: number[] | undefined;
    if (numbers.length > 0 && numbers.every((n) => /^\d{1,2}$/.test(n))) {
      picks = numbers.map((n) => Number(n) - 1);
      if (picks.some((p) => !options[p])) picks = undefined;
    } else {
      const i = matchOption(
        text,
        options.map((o) => ({
          label: o.label,
          aliases: step.options?.find((d) => d.value === o.value)?.aliases,
        })),
      );
      if (i !== undefined) picks = [i];
    }
    if (!picks) return ctx.reask(ctx.notUnderstood(text));
    return toggle(step, picks, ctx);
  },

  onButton(step, code, ctx) {
    if (code.type === 'done') return finish(step, ctx);
    if (code.type !== 'option' || !ctx.state.view?.options?.[code.index]) return undefined;
    ctx.turn.editInPlace = true;
    return toggle(step, [code.index], ctx);
  },

  display(step, value, frame, lang) {
    if (!Array.isArray(value)) return '';
    if (!step.options) return frame.labels?.[step.id] ?? stringify(value, lang);
    return value.map((v) => (typeof v === 'string' ? optionLabel(step, v, lang) : '')).join(', ');
  },
};
