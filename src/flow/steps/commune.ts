/**
 * commune: the commune or ward, found by a typed name (with or without diacritics, old names
 * too) and picked from buttons; the one chosen last time is offered first, and a deep link's
 * unit code answers it without asking.
 */
import { communeButtonLabel, formatCommune, isJsonObject } from '../answer-text.ts';
import { CONTROL, MSG } from '../../texts/flow.ts';
import { msg } from '../../texts/localized.ts';
import { foldVietnamese, truncate } from '../text.ts';
import type { QuestionKind } from './step-kind.ts';

/** Commune buttons offered for one search. */
const MAX_CANDIDATES = 8;

export const commune: QuestionKind<'commune'> = {
  question: true,
  // No `expects`: the question's hint says what to type.
  optional: (step) => step.optional === true,
  takesText: () => true,

  async prefill(step, ctx) {
    const code = ctx.state.params[step.param ?? 'unitCode'];
    // The deep link says which commune: nothing to ask.
    const unit = code ? await ctx.lookupUnit(code) : undefined;
    return unit ? { code: unit.code, name: unit.name, province: unit.province } : undefined;
  },

  async ask(_step, ctx) {
    const last = await ctx.turn.runtime.lastUnitCode?.();
    const unit = last ? await ctx.lookupUnit(last) : undefined;
    if (unit) {
      ctx.state.view = { candidates: [unit] };
      ctx.turn.reply({
        text: `${ctx.prompt}\n\n${msg(MSG.communeLastHint, ctx.lang)}`,
        buttons: [
          [
            ctx.button(msg(MSG.communeLast, ctx.lang, { name: unit.name }), {
              type: 'candidate',
              index: 0,
            }),
          ],
          ...ctx.controls(true),
        ],
      });
    } else {
      ctx.turn.reply({
        text: `${ctx.prompt}\n\n${msg(MSG.communeHint, ctx.lang)}`,
        buttons: ctx.controls(true),
      });
    }
    return { type: 'asked' };
  },

  async onText(step, text, ctx) {
    const lang = ctx.lang;
    const state = ctx.state;
    const offered = state.view?.candidates ?? [];
    const byNumber = /^\d{1,2}$/.test(text) ? offered[Number(text) - 1] : undefined;
    const byName = offered.find((c) => foldVietnamese(c.name) === foldVietnamese(text));
    const picked = byNumber ?? (offered.length === 1 ? byName : undefined);
    if (picked) return ctx.commit({ ...picked });
    if (foldVietnamese(text).length < 2)
      return ctx.reask(msg(MSG.communeTooShort, lang, { typed: truncate(text, 60) }));

    const found = await ctx.searchCommunes(text);
    const only = found.length === 1 ? found[0] : undefined;
    if (only?.exact) {
      // The name and its province, exactly: a list of one would only cost a tap. Said, with
      // the way back (the review's edit, or Back where the flow has no review).
      const unit = { code: only.code, name: only.name, province: only.province };
      const review = ctx.flow.steps.some((s) => s.kind === 'review');
      ctx.turn.note(
        msg(review ? MSG.communeChosenReview : MSG.communeChosen, lang, {
          commune: formatCommune(unit),
          label: ctx.reviewLabel(step),
        }),
      );
      return ctx.commit(unit);
    }
    const results = found.slice(0, MAX_CANDIDATES);
    if (results.length === 0) {
      state.view = { notFound: true };
      ctx.turn.reply({
        text: msg(MSG.communeNotFound, lang, { query: truncate(text, 60) }),
        buttons: [
          [ctx.button(ctx.turn.t(CONTROL.retrySearch), { type: 'retry' })],
          ...ctx.controls(true),
        ],
      });
      return { state, outcome: 'updated' };
    }
    state.view = {
      candidates: results.map((r) => ({ code: r.code, name: r.name, province: r.province })),
    };
    // A button holds one line on a phone: the commune and its province. Why an old name found it
    // ("trước đây: xã Đông Xá") is said in the message.
    const rows = results.map((r, i) => [
      ctx.button(communeButtonLabel(r.name, r.province), { type: 'candidate', index: i }),
    ]);
    const former = results
      .filter((r) => r.matchedAlias)
      .map(
        (r) =>
          `\n• ${r.name} (${r.province}) — ${msg(MSG.communeFormer, lang, { alias: r.matchedAlias ?? '' })}`,
      )
      .join('');
    const more = found.length >= MAX_CANDIDATES ? `\n${msg(MSG.communeMore, lang)}` : '';
    ctx.turn.reply({
      text: `${msg(MSG.communePick, lang)}${former}${more}`,
      buttons: [...rows, ...ctx.controls(true)],
    });
    return { state, outcome: 'updated' };
  },

  onButton(_step, code, ctx) {
    if (code.type === 'retry') return ctx.present(false, 'reasked');
    if (code.type !== 'candidate') return undefined;
    const unit = ctx.state.view?.candidates?.[code.index];
    if (!unit) return undefined;
    return ctx.commit({ code: unit.code, name: unit.name, province: unit.province });
  },

  display: (_step, value) => (isJsonObject(value) ? formatCommune(value) : ''),
};
