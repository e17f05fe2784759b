/**
 * Renders the current question: its text, its buttons (with the engine's short callback data)
 * or its request keyboard, and records in `state.view` what was offered.
 */
import { assertNever } from '../core/assert-never.ts';
import { html, joinHtml } from '../core/html.ts';
import { encodeButton, type ButtonCode } from './callback-data.ts';
import { evaluateCondition } from './conditions.ts';
import { displayAnswer, renderString, renderText } from './display-answer.ts';
import { pathAnswers } from './flow-path.ts';
import { CONTROL, MSG, SCALE, msg, scaleLabel } from './messages.ts';
import type { QuestionStep, StepOf } from './schema.ts';
import { isQuestion } from './schema.ts';
import { truncate } from './text.ts';
import { ActionFailed, type Turn } from './turn.ts';
import type { Flow, FlowButton, FlowState, Json, PhotoAnswer } from './types.ts';

/** Optional questions offer "Bỏ qua"; a rating always does (the scale's sixth answer). */
export function isOptional(step: QuestionStep): boolean {
  return step.kind === 'rating' || (step.kind !== 'review' && step.optional === true);
}

/** Button makers for one question: its own buttons, and the skip / back / cancel rows. */
export function questionButtons(
  turn: Turn,
  state: FlowState,
  flow: Flow,
  step: QuestionStep,
  canGoBack: boolean,
): {
  button: (label: string, code: ButtonCode) => FlowButton;
  controls: (withSkip: boolean) => FlowButton[][];
} {
  const index = flow.index.get(step.id) ?? 0;
  const button = (label: string, code: ButtonCode): FlowButton => ({
    label,
    data: encodeButton(state.nonce, index, code),
  });
  const controls = (withSkip: boolean): FlowButton[][] => {
    const rows: FlowButton[][] = [];
    if (withSkip && isOptional(step)) rows.push([button(turn.t(CONTROL.skip), { type: 'skip' })]);
    const row = flow.cancellable ? [button(turn.t(CONTROL.cancel), { type: 'cancel' })] : [];
    if (canGoBack) row.unshift(button(turn.t(CONTROL.back), { type: 'back' }));
    if (row.length) rows.push(row);
    return rows;
  };
  return { button, controls };
}

export type AskResult =
  | { type: 'asked' }
  /** A source gave no option: say `text` and go to `next` (null: end the flow). */
  | { type: 'empty'; text: string; next: string | null };

export interface AskOptions {
  /** Keep what the question collected so far (ticks, photos), e.g. for a re-ask. */
  keep?: boolean;
  /** Whether a Back button leads somewhere. */
  canGoBack: boolean;
}

/** Review values longer than this are cut, so the review fits one message (tried in order). */
const REVIEW_VALUE_MAX = [400, 150, 40];

export async function askQuestion(
  turn: Turn,
  state: FlowState,
  flow: Flow,
  step: QuestionStep,
  opts: AskOptions,
): Promise<AskResult> {
  const lang = turn.lang;
  const { button, controls } = questionButtons(turn, state, flow, step, opts.canGoBack);
  const optional = isOptional(step);
  const prompt = renderText(step.prompt, flow, state, lang);
  const previous = opts.keep ? state.view : undefined;
  state.view = undefined;

  switch (step.kind) {
    case 'choice':
    case 'multi': {
      let options: Array<{ value: string; label: string }>;
      if (step.options) {
        const answers = pathAnswers(flow, state);
        options = step.options
          .filter((o) => !o.when || evaluateCondition(o.when, answers, state.params))
          .map((o) => ({ value: o.value, label: o.label[lang] }));
      } else if (previous?.options) {
        // A re-ask of the same question (a tick): what the source gave a moment ago will do.
        options = previous.options;
      } else {
        options = await callSource(turn, state, flow, step);
        if (options.length === 0) {
          return {
            type: 'empty',
            text: step.empty?.text ? renderText(step.empty.text, flow, state, lang) : '',
            next: step.empty?.next ?? null,
          };
        }
      }
      const columns = step.columns ?? 1;
      if (step.kind === 'choice') {
        state.view = { options };
        const rows = chunk(
          options.map((o, i) => button(o.label, { type: 'option', index: i })),
          columns,
        );
        turn.reply({ text: prompt, buttons: [...rows, ...controls(true)] });
        return { type: 'asked' };
      }
      const prior = state.answers[step.id];
      const selected =
        previous?.selected ??
        (Array.isArray(prior) ? prior.filter((v): v is string => typeof v === 'string') : []);
      state.view = { options, selected };
      const rows = chunk(
        options.map((o, i) =>
          button(selected.includes(o.value) ? `✓ ${o.label}` : o.label, {
            type: 'option',
            index: i,
          }),
        ),
        columns,
      );
      const chosen = options.filter((o) => selected.includes(o.value)).map((o) => o.label);
      const status = chosen.length
        ? msg(MSG.multiSelected, lang, { list: chosen.join(', ') })
        : msg(MSG.multiNone, lang);
      turn.reply({
        text: `${prompt}\n\n${msg(MSG.multiHint, lang)}\n${status}`,
        buttons: [...rows, [button(turn.t(CONTROL.done), { type: 'done' })], ...controls(true)],
      });
      return { type: 'asked' };
    }
    case 'rating': {
      const rows = SCALE.map((s) => [
        button(scaleLabel(s.score, lang), { type: 'option', index: s.score }),
      ]);
      turn.reply({ text: prompt, buttons: [...rows, ...controls(true)] });
      return { type: 'asked' };
    }
    case 'text':
      turn.reply({ text: prompt, buttons: controls(true) });
      return { type: 'asked' };
    case 'photo': {
      const kept = previous?.photos ?? toPhotos(state.answers[step.id]);
      const max = step.max ?? 5;
      state.view = { photos: kept };
      const rows: FlowButton[][] = [];
      if (kept.length > 0) {
        rows.push([button(turn.t(CONTROL.done), { type: 'done' })]);
        rows.push([button(turn.t(CONTROL.clearPhotos), { type: 'clear' })]);
      }
      const hint = kept.length
        ? msg(MSG.photoKept, lang, { count: kept.length })
        : msg(MSG.photoHint, lang, { max });
      turn.reply({
        text: `${prompt}\n\n${hint}`,
        buttons: [...rows, ...controls(kept.length === 0)],
      });
      return { type: 'asked' };
    }
    case 'location':
    case 'contact': {
      const isLocation = step.kind === 'location';
      const hint = isLocation
        ? step.allowAddress === false
          ? ''
          : msg(MSG.locationHint, lang)
        : msg(MSG.contactHint, lang);
      turn.reply({
        text: hint ? `${prompt}\n\n${hint}` : prompt,
        request: {
          kind: step.kind,
          label: turn.t(isLocation ? CONTROL.shareLocation : CONTROL.shareContact),
          ...(optional ? { skipLabel: turn.t(CONTROL.skip) } : {}),
          ...(opts.canGoBack ? { backLabel: turn.t(CONTROL.back) } : {}),
          cancelLabel: turn.t(CONTROL.cancel),
        },
      });
      return { type: 'asked' };
    }
    case 'commune': {
      const last = await turn.runtime.lastUnitCode?.();
      const unit = last ? await lookupUnit(turn, last) : undefined;
      if (unit) {
        state.view = { candidates: [unit] };
        turn.reply({
          text: `${prompt}\n\n${msg(MSG.communeLastHint, lang)}`,
          buttons: [
            [
              button(msg(MSG.communeLast, lang, { name: unit.name }), {
                type: 'candidate',
                index: 0,
              }),
            ],
            ...controls(true),
          ],
        });
      } else {
        turn.reply({ text: `${prompt}\n\n${msg(MSG.communeHint, lang)}`, buttons: controls(true) });
      }
      return { type: 'asked' };
    }
    case 'review': {
      askReview(turn, state, flow, step, prompt, button, controls);
      return { type: 'asked' };
    }
    default:
      return assertNever(step, 'question kind');
  }
}

function askReview(
  turn: Turn,
  state: FlowState,
  flow: Flow,
  step: StepOf<'review'>,
  prompt: string,
  button: (label: string, code: ButtonCode) => FlowButton,
  controls: (withSkip: boolean) => FlowButton[][],
): void {
  const lang = turn.lang;
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
    const label = reviewLabel(s, flow, state, lang);
    const value = displayAnswer(s, state.answers[id], state, lang);
    entries.push({ label, value });
    edits.push(button(msg(MSG.reviewEdit, lang, { label }), { type: 'edit', stepIndex: index }));
  }
  const submit = step.submitLabel ? turn.t(step.submitLabel) : turn.t(CONTROL.submit);
  // One message (Telegram's limit is 4096): long answers are cut, shorter if escaping grew them.
  let text = joinHtml([html`${prompt}`]);
  for (const max of REVIEW_VALUE_MAX) {
    const lines = entries.map((e) => html`• <b>${e.label}</b>: ${truncate(e.value, max)}`);
    text = joinHtml([html`${prompt}`, ...lines]);
    if (text.value.length <= 4000) break;
  }
  turn.reply({
    text,
    buttons: [[button(submit, { type: 'submit' })], ...chunk(edits, 2), ...controls(false)],
  });
}

/** The short name of a question on the review screen. */
export function reviewLabel(
  step: QuestionStep,
  flow: Flow,
  state: FlowState,
  lang: 'vi' | 'en',
): string {
  if (step.label) return renderText(step.label, flow, state, lang);
  const first = renderString(step.prompt[lang], flow, state, lang).split('\n')[0] ?? '';
  return truncate(first, 40);
}

async function callSource(
  turn: Turn,
  state: FlowState,
  flow: Flow,
  step: StepOf<'choice'> | StepOf<'multi'>,
): Promise<Array<{ value: string; label: string }>> {
  const name = step.source ?? '';
  const source = turn.runtime.sources[name];
  if (!source) throw new Error(`flow source '${name}' is not provided by the runtime`);
  const args: Record<string, string> = {};
  for (const [k, v] of Object.entries(step.args ?? {}))
    args[k] = renderString(v, flow, state, turn.lang);
  try {
    const options = await source({
      flowId: flow.id,
      stepId: step.id,
      lang: turn.lang,
      now: turn.runtime.now,
      params: state.params,
      args,
      answers: pathAnswers(flow, state),
    });
    return options.slice(0, 30);
  } catch (e) {
    throw new ActionFailed(name, e);
  }
}

export async function lookupUnit(
  turn: Turn,
  code: string,
): Promise<{ code: string; name: string; province: string } | undefined> {
  try {
    const unit = await turn.runtime.communes.get(code);
    return unit ? { code: unit.code, name: unit.name, province: unit.province } : undefined;
  } catch (e) {
    throw new ActionFailed('communes.get', e);
  }
}

/** Photos stored as an answer (a JSON array), typed. */
export function toPhotos(value: Json | undefined): PhotoAnswer[] {
  if (!Array.isArray(value)) return [];
  const photos: PhotoAnswer[] = [];
  for (const p of value) {
    if (p === null || typeof p !== 'object' || Array.isArray(p) || typeof p['fileId'] !== 'string')
      continue;
    photos.push({
      fileId: p['fileId'],
      ...(typeof p['fileUniqueId'] === 'string' ? { fileUniqueId: p['fileUniqueId'] } : {}),
      ...(typeof p['size'] === 'number' ? { size: p['size'] } : {}),
    });
  }
  return photos;
}

export function chunk<T>(items: readonly T[], size: number): T[][] {
  const rows: T[][] = [];
  for (let i = 0; i < items.length; i += size) rows.push(items.slice(i, i + size));
  return rows;
}
