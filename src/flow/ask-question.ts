/**
 * Renders the current question: its kind (src/flow/steps/) draws its text and buttons or its
 * request keyboard and records in `state.view` what was offered; this file hands it the
 * rendered prompt, the engine's short callback data and the runtime.
 */
import { encodeButton, type ButtonCode } from './callback-data.ts';
import { displayAnswer, renderString, renderText } from './display-answer.ts';
import { pathAnswers } from './flow-path.ts';
import { CONTROL } from '../texts/flow.ts';
import type { QuestionStep, StepOf } from './schema.ts';
import type { AskResult } from './steps/step-kind.ts';
import { questionKind } from './steps/registry.ts';
import { truncate } from './text.ts';
import { ActionFailed, type Turn } from './turn.ts';
import type { CommuneAnswer, Flow, FlowButton, FlowState, Lang } from './types.ts';

export type { AskResult } from './steps/step-kind.ts';

/** Optional questions offer "Bỏ qua"; a rating always does (the scale's sixth answer). */
export function isOptional(step: QuestionStep): boolean {
  return questionKind(step).optional(step);
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

export interface AskOptions {
  /** Keep what the question collected so far (ticks, photos), e.g. for a re-ask. */
  keep?: boolean;
  /** Whether a Back button leads somewhere. */
  canGoBack: boolean;
}

export async function askQuestion(
  turn: Turn,
  state: FlowState,
  flow: Flow,
  step: QuestionStep,
  opts: AskOptions,
): Promise<AskResult> {
  const lang = turn.lang;
  const { button, controls } = questionButtons(turn, state, flow, step, opts.canGoBack);
  const prompt = renderText(step.prompt, flow, state, lang);
  const previous = opts.keep ? state.view : undefined;
  state.view = undefined;
  return questionKind(step).ask(step, {
    turn,
    state,
    flow,
    lang,
    prompt,
    previous,
    canGoBack: opts.canGoBack,
    button,
    controls,
    render: (text) => renderText(text, flow, state, lang),
    pathAnswers: () => pathAnswers(flow, state),
    callSource: (s) => callSource(turn, state, flow, s),
    lookupUnit: (code) => lookupUnit(turn, code),
    display: (s, value) => displayAnswer(s, value, state, lang),
    reviewLabel: (s) => reviewLabel(s, flow, state, lang),
  });
}

/** The short name of a question on the review screen. */
export function reviewLabel(step: QuestionStep, flow: Flow, state: FlowState, lang: Lang): string {
  if (step.label) return renderText(step.label, flow, state, lang);
  const first = renderString(step.prompt[lang], flow, state, lang).split('\n')[0] ?? '';
  return truncate(first, 40);
}

/** The options a step's named source gives now, as its question would show them. */
export async function callSource(
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

export async function lookupUnit(turn: Turn, code: string): Promise<CommuneAnswer | undefined> {
  try {
    const unit = await turn.runtime.communes.get(code);
    return unit ? { code: unit.code, name: unit.name, province: unit.province } : undefined;
  } catch (e) {
    throw new ActionFailed('communes.get', e);
  }
}
