/**
 * text: a typed answer checked against `validate` (length, links, a phone number). With
 * `param`, text the person typed before (at the menu) is the answer when it would pass. With
 * `voice`, a voice note is an answer too (the caller has checked its length and size).
 */
import { formatDuration } from '../../core/vi-text.ts';
import { checkText } from '../match-input.ts';
import { MSG } from '../../texts/flow.ts';
import { msg } from '../../texts/localized.ts';
import type { StepOf } from '../schema.ts';
import type { Json } from '../types.ts';
import type { QuestionKind } from './step-kind.ts';

/** The one rule for whether a text question takes a voice note: the flow says `voice: true`. */
const takesVoice = (step: StepOf<'text'>): boolean => step.voice === true;

export const text: QuestionKind<'text'> = {
  question: true,
  expects: 'text',
  optional: (step) => step.optional === true,

  check(step, at, c) {
    if (step.validate) c.checkRules(`${at}.validate`, step.validate);
  },

  literal: (step) => step.literal === true,

  takesText: () => true,

  prefill(step, ctx) {
    if (!step.param || step.id in ctx.state.answers) return Promise.resolve(undefined);
    // Typed before the question was asked (at the menu): kept, when it would do as an answer.
    const typed = ctx.state.params[step.param];
    const checked = typed ? checkText(typed, step.validate ?? {}, ctx.lang) : undefined;
    return Promise.resolve(checked?.ok ? checked.value : undefined);
  },

  ask(step, ctx) {
    const recorder = takesVoice(step) ? ctx.turn.runtime.voiceNotes : undefined;
    const hint =
      recorder === undefined
        ? ''
        : `\n${msg(recorder === 'press' ? MSG.voiceHintPress : MSG.voiceHint, ctx.lang)}`;
    ctx.turn.reply({
      text: `${ctx.prompt}${hint}`,
      buttons: ctx.controls(true),
      asksText: true,
      ...(recorder !== undefined ? { voice: true } : {}),
    });
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

  takesVoice,

  onVoice(_step, voice, ctx) {
    return ctx.commit({ voice: { ...voice } });
  },

  display: (_step, value, _frame, lang) => {
    if (typeof value === 'string') return value;
    const voice = voiceOf(value);
    return voice
      ? msg(MSG.reviewVoice, lang, { duration: formatDuration(voice.durationSeconds) })
      : '';
  },
};

function voiceOf(value: Json): { durationSeconds: number } | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const voice = value.voice;
  if (typeof voice !== 'object' || voice === null || Array.isArray(voice)) return undefined;
  return typeof voice.durationSeconds === 'number'
    ? { durationSeconds: voice.durationSeconds }
    : undefined;
}
