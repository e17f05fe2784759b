/**
 * photo: up to `max` photos, one message each; "Xong" when done, "Xóa ảnh" to start over.
 * Photos received so far live in the question's view until it is answered.
 */
import { toPhotos } from '../answer-text.ts';
import { isWord } from '../match-input.ts';
import { CONTROL, MSG, PHOTO_HINT, WORDS } from '../../texts/flow.ts';
import { msg } from '../../texts/localized.ts';
import type { StepOf } from '../schema.ts';
import type { FlowButton, Json, PhotoAnswer } from '../types.ts';
import type { AnswerContext, Moved, QuestionKind } from './step-kind.ts';

type Step = StepOf<'photo'>;

function finish(step: Step, ctx: AnswerContext): Promise<Moved> {
  const photos = ctx.state.view?.photos ?? toPhotos(ctx.state.answers[step.id]);
  if (photos.length === 0 && step.optional) return ctx.commit(null);
  const min = step.min ?? 1;
  if (photos.length < min) return ctx.reask(msg(MSG.photoNeeded, ctx.lang, { min }));
  return ctx.commit(photos as unknown as Json);
}

export const photo: QuestionKind<'photo'> = {
  question: true,
  // No `expects`: the question's hint says how this channel sends a photo.
  optional: (step) => step.optional === true,

  check(step, at, c) {
    if (step.min !== undefined && step.min > (step.max ?? 5))
      c.add(`${at}.min`, 'min is larger than max');
  },

  ask(step, ctx) {
    const kept = ctx.previous?.photos ?? toPhotos(ctx.state.answers[step.id]);
    const max = step.max ?? 5;
    ctx.state.view = { photos: kept };
    const rows: FlowButton[][] = [];
    if (kept.length > 0) {
      rows.push([ctx.button(ctx.turn.t(CONTROL.done), { type: 'done' })]);
      rows.push([ctx.button(ctx.turn.t(CONTROL.clearPhotos), { type: 'clear' })]);
    }
    const hint = kept.length
      ? msg(MSG.photoKept, ctx.lang, { count: kept.length })
      : msg(PHOTO_HINT[ctx.turn.runtime.photoPicker ?? 'paperclip'], ctx.lang, { max });
    ctx.turn.reply({
      text: `${ctx.prompt}\n\n${hint}`,
      buttons: [...rows, ...ctx.controls(kept.length === 0)],
    });
    return Promise.resolve({ type: 'asked' });
  },

  onText(step, text, ctx) {
    if (isWord(text, WORDS.done)) return finish(step, ctx);
    return ctx.reask(ctx.notUnderstood(text));
  },

  onButton(step, code, ctx) {
    if (code.type === 'done') return finish(step, ctx);
    if (code.type !== 'clear') return undefined;
    delete ctx.state.answers[step.id];
    ctx.state.view = { photos: [] };
    return ctx.present(true, 'updated');
  },

  async onPhoto(step, received, ctx) {
    const lang = ctx.lang;
    const state = ctx.state;
    const photos = [...(state.view?.photos ?? toPhotos(state.answers[step.id]))];
    const key = (p: PhotoAnswer) => p.fileUniqueId ?? p.fileId;
    if (photos.some((p) => key(p) === key(received))) {
      state.view = { photos };
      return ctx.reask(msg(MSG.photoDuplicate, lang), 'updated');
    }
    photos.push(received);
    const max = step.max ?? 5;
    if (photos.length >= max) {
      ctx.turn.note(msg(MSG.photoFull, lang, { max }));
      return ctx.commit(photos as unknown as Json);
    }
    state.view = { photos };
    ctx.turn.reply({
      text: msg(MSG.photoReceived, lang, { count: photos.length, max }),
      buttons: [
        [ctx.button(ctx.turn.t(CONTROL.done), { type: 'done' })],
        [ctx.button(ctx.turn.t(CONTROL.clearPhotos), { type: 'clear' })],
        ...ctx.controls(false),
      ],
    });
    return { state, outcome: 'updated' };
  },

  display: (_step, value, _frame, lang) =>
    Array.isArray(value) ? msg(MSG.reviewPhotos, lang, { count: value.length }) : '',
};
