/**
 * review: every answer on the path with an "✏️ Sửa" button each, and "✅ Gửi". An edit re-asks
 * that question and comes back here.
 */
import { chunk, stringify } from '../answer-text.ts';
import { html, joinHtml } from '../../core/html.ts';
import { pathAnswers, stepById } from '../flow-path.ts';
import { isWord } from '../match-input.ts';
import { CONTROL, MSG } from '../../texts/flow.ts';
import { msg } from '../../texts/localized.ts';
import { isQuestion } from '../schema.ts';
import { foldWords, truncate } from '../text.ts';
import type { FlowButton } from '../types.ts';
import type { QuestionKind } from './step-kind.ts';

/** Review values longer than this are cut, so the review fits one message (tried in order). */
const REVIEW_VALUE_MAX = [400, 150, 40];

export const review: QuestionKind<'review'> = {
  question: true,
  // No `expects`: a review's prompt says what to press (see flows/README.md).
  optional: () => false,

  check(step, at, c) {
    c.checkLocalized(`${at}.submitLabel`, step.submitLabel);
  },

  ask(step, ctx) {
    const { state, flow } = ctx;
    // Forget answers the path no longer passes (an edit changed the branch).
    state.answers = pathAnswers(flow, state);
    const entries: Array<{ label: string; value: string }> = [];
    const edits: FlowButton[] = [];
    const seen = new Set<string>();
    for (const id of state.history) {
      if (seen.has(id)) continue;
      seen.add(id);
      const index = flow.index.get(id);
      const s = index === undefined ? undefined : flow.steps[index];
      if (!s || index === undefined || !isQuestion(s) || s.kind === 'review' || s.review === false)
        continue;
      if (!(id in state.answers)) continue;
      const label = ctx.reviewLabel(s);
      const value = ctx.display(s, state.answers[id]);
      entries.push({ label, value });
      edits.push(
        ctx.button(msg(MSG.reviewEdit, ctx.lang, { label }), { type: 'edit', stepIndex: index }),
      );
    }
    const submit = ctx.turn.t(step.submitLabel ?? CONTROL.submit);
    // One message (Telegram's limit is 4096): long answers are cut, shorter if escaping grew them.
    let text = joinHtml([html`${ctx.prompt}`]);
    for (const max of REVIEW_VALUE_MAX) {
      const lines = entries.map((e) => html`• <b>${e.label}</b>: ${truncate(e.value, max)}`);
      text = joinHtml([html`${ctx.prompt}`, ...lines]);
      if (text.value.length <= 4000) break;
    }
    ctx.turn.reply({
      text,
      buttons: [
        [ctx.button(submit, { type: 'submit' })],
        ...chunk(edits, 2),
        ...ctx.controls(false),
      ],
    });
    return Promise.resolve({ type: 'asked' });
  },

  onText(step, text, ctx) {
    const { state, flow, lang } = ctx;
    const submit = ctx.turn.t(step.submitLabel ?? CONTROL.submit);
    if (isWord(text, [foldWords(submit), 'gui', 'send', 'dong y', 'ok'])) return ctx.commit(true);
    const folded = foldWords(text);
    const editWord = msg(MSG.reviewEditWords, lang);
    if (folded.startsWith(`${editWord} `)) {
      const wanted = folded.slice(editWord.length + 1);
      for (const id of state.history) {
        const found = stepById(flow, id);
        if (!found || !isQuestion(found.step) || found.step.kind === 'review') continue;
        if (foldWords(ctx.reviewLabel(found.step)) === wanted) {
          const edited = ctx.startEdit(found.index);
          if (edited) return edited;
        }
      }
    }
    return ctx.reask(ctx.notUnderstood(text));
  },

  onButton(_step, code, ctx) {
    if (code.type === 'submit') return ctx.commit(true);
    if (code.type === 'edit') return ctx.startEdit(code.stepIndex);
    return undefined;
  },

  display: (_step, value, _frame, lang) => stringify(value, lang),
};
