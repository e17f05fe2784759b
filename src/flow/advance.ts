/**
 * The flow interpreter: one input in, the next state and the replies out. Pure apart from the
 * named actions, sources and the commune directory it is given; it never sends anything.
 *
 * The state always rests on a question (or is undefined: no active flow). An input either
 * answers that question and the flow runs on (through say, run, jump and end steps) to the next
 * question, or it does not and the question is asked again with a hint.
 */
import { assertNever } from '../core/assert-never.ts';
import {
  askQuestion,
  isOptional,
  lookupUnit,
  questionButtons,
  reviewLabel,
  toPhotos,
} from './ask-question.ts';
import { encodeGo, makeNonce, parseButton, type ButtonCode } from './callback-data.ts';
import { communeButtonLabel, renderString, renderText } from './display-answer.ts';
import {
  holds,
  isAutofilled,
  itemAnswers,
  pathAnswers,
  resolveNext,
  stepById,
  successorId,
} from './flow-path.ts';
import { frameOf, parseFlowState, stateOf } from './flow-state.ts';
import { compactReplies } from './compact-replies.ts';
import { checkText, controlWord, isWord, matchOption, matchScore } from './match-input.ts';
import {
  CONTROL,
  MSG,
  NAME_LIKE_WORDS,
  WORDS,
  expectation,
  msg,
  whatLabel,
  type Expectation,
} from './messages.ts';
import type { QuestionStep, StepOf } from './schema.ts';
import { isQuestion } from './schema.ts';
import { foldVietnamese, foldWords, normalizePhone, textLength, truncate } from './text.ts';
import { ActionFailed, Turn } from './turn.ts';
import type {
  Flow,
  FlowInput,
  FlowOutcome,
  FlowRegistry,
  FlowResult,
  FlowRuntime,
  FlowState,
  Json,
  PhotoAnswer,
} from './types.ts';

/** Flows a session may be inside at once (older jump frames are forgotten). */
const MAX_STACK = 5;
/** Steps kept for Back and the review; a menu visited in a loop must not grow without end. */
const MAX_HISTORY = 200;
/** Say/run/jump steps in one turn before the flow is taken to loop. */
const MAX_AUTO_STEPS = 200;
const MAX_CANDIDATES = 8;

interface Moved {
  state: FlowState | undefined;
  outcome: FlowOutcome;
}

type AnswerInput = Exclude<FlowInput, { type: 'start' }>;

/**
 * Applies one input to the session. `state` is what the previous call returned (as stored, so
 * it is parsed, not trusted); undefined means no active flow. Never throws for anything the
 * citizen does; throws only for programming errors (a runtime missing a named action).
 */
export async function advance(
  registry: FlowRegistry,
  state: FlowState | undefined,
  input: FlowInput,
  runtime: FlowRuntime,
): Promise<FlowResult> {
  const prior = state === undefined ? undefined : parseFlowState(state);
  const turn = new Turn(registry, runtime);
  try {
    const moved = await dispatch(turn, prior, input);
    return finish(turn, prior, moved);
  } catch (e) {
    if (!(e instanceof ActionFailed)) throw e;
    return actionFailed(registry, runtime, prior, e);
  }
}

async function dispatch(
  turn: Turn,
  prior: FlowState | 'invalid' | undefined,
  input: FlowInput,
): Promise<Moved> {
  if (input.type === 'start') return startById(turn, input.flowId, input.params ?? {}, 'started');
  if (prior === undefined) return withoutFlow(turn, input);
  if (prior === 'invalid') {
    turn.note(msg(MSG.restarted, turn.lang));
    return startDefault(turn, {}, 'restarted');
  }
  const state = structuredClone(prior);
  const flow = turn.registry.get(state.flowId, state.flowVersion);
  const found = flow ? stepById(flow, state.stepId) : undefined;
  if (!flow || !found || !isQuestion(found.step)) {
    // The version it started on is gone (or the step was renamed): start again, politely.
    turn.note(msg(MSG.restarted, turn.lang));
    const latest = turn.registry.get(state.flowId);
    return latest
      ? start(turn, latest, state.params, [], 'restarted')
      : startDefault(turn, state.params, 'restarted');
  }
  return handleInput(turn, state, flow, found.step, found.index, input);
}

/** No active flow: a start button starts its flow; anything else opens the default flow. */
async function withoutFlow(turn: Turn, input: AnswerInput): Promise<Moved> {
  if (input.type !== 'button') return startDefault(turn, {}, 'started');
  const parsed = parseButton(input.data);
  if (parsed?.type === 'go') return startById(turn, parsed.flowId, {}, 'started');
  if (parsed) {
    turn.toast = msg(MSG.staleToast, turn.lang);
    turn.note(msg(MSG.staleNoFlow, turn.lang));
    return startDefault(turn, {}, 'stale-button');
  }
  turn.toast = msg(MSG.forgedToast, turn.lang);
  return startDefault(turn, {}, 'forged-button');
}

async function startById(
  turn: Turn,
  flowId: string,
  params: Record<string, string>,
  outcome: FlowOutcome,
): Promise<Moved> {
  const flow = turn.registry.get(flowId);
  if (flow) return start(turn, flow, params, [], outcome);
  turn.note(msg(MSG.unknownFlow, turn.lang));
  return startDefault(turn, params, outcome);
}

async function startDefault(
  turn: Turn,
  params: Record<string, string>,
  outcome: FlowOutcome,
): Promise<Moved> {
  const id = turn.defaultFlowId;
  const flow = id === undefined ? undefined : turn.registry.get(id);
  if (!flow) return { state: undefined, outcome: outcome === 'started' ? 'idle' : outcome };
  return start(turn, flow, params, [], outcome);
}

async function start(
  turn: Turn,
  flow: Flow,
  params: Record<string, string>,
  stack: FlowState['stack'],
  outcome: FlowOutcome,
): Promise<Moved> {
  const state = newState(turn, flow, params, stack);
  return { state: await enterAt(turn, state, flow.steps[0]?.id ?? null), outcome };
}

/** Start parameters come from links anyone can make: a few short strings at most. */
const MAX_PARAMS = 10;
const MAX_PARAM_LENGTH = 64;

function cleanParams(params: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(params).slice(0, MAX_PARAMS)) {
    if (typeof v === 'string' && k.length <= MAX_PARAM_LENGTH && v.length <= MAX_PARAM_LENGTH)
      out[k] = v;
  }
  return out;
}

function newState(
  turn: Turn,
  flow: Flow,
  params: Record<string, string>,
  stack: FlowState['stack'],
): FlowState {
  const now = turn.runtime.now.toISOString();
  return {
    v: 1,
    flowId: flow.id,
    flowVersion: flow.version,
    stepId: flow.steps[0]?.id ?? '',
    nonce: makeNonce(turn.runtime.random ?? Math.random),
    answers: {},
    params: cleanParams(params),
    history: [],
    startedAt: now,
    updatedAt: now,
    stack,
  };
}

// ---------------------------------------------------------------- running steps

/**
 * Runs the flow from step `id` until a question is asked (returns the state resting on it) or
 * the flow ends (returns the calling flow's state, or undefined).
 */
async function enterAt(
  turn: Turn,
  state: FlowState,
  id: string | null,
): Promise<FlowState | undefined> {
  let next = id;
  for (;;) {
    if (++turn.steps > MAX_AUTO_STEPS) {
      throw new Error(`flow ${state.flowId}: ${MAX_AUTO_STEPS} steps without a question (a loop?)`);
    }
    if (next === null) return endFrame(turn, state);
    const flow = turn.flowOf(state);
    const found = stepById(flow, next);
    if (!found) throw new Error(`flow ${flow.id}: no step '${next}'`);
    const { step, index } = found;
    state.stepId = step.id;
    state.view = undefined;
    if (step.when && !holds(step.when, flow, state)) {
      next = successorId(flow, index);
      continue;
    }
    const seenBeforeEdit = state.editing?.history.includes(step.id) ?? false;
    switch (step.kind) {
      case 'say':
        // Re-walking the path after an edit: only notes the citizen has not seen are said.
        if (!seenBeforeEdit) turn.note(renderText(step.text, flow, state, turn.lang));
        pushHistory(state, step.id);
        next = resolveNext(flow, step, undefined, state);
        continue;
      case 'run': {
        const key = step.as ?? step.id;
        if (!(seenBeforeEdit && key in state.answers)) {
          state.answers[key] = await runAction(turn, state, flow, step);
        }
        pushHistory(state, step.id);
        next = resolveNext(flow, step, undefined, state);
        continue;
      }
      case 'end': {
        if (step.text) {
          const menu = (step.buttons ?? []).map((b) => [
            { label: turn.t(b.label), data: encodeGo(b.flow) },
          ]);
          turn.reply({
            text: renderText(step.text, flow, state, turn.lang),
            ...(menu.length ? { buttons: menu } : {}),
          });
        }
        return endFrame(turn, state);
      }
      case 'flow':
        return jump(turn, state, flow, step);
      case 'choice':
      case 'rating':
      case 'multi':
      case 'text':
      case 'photo':
      case 'location':
      case 'contact':
      case 'commune':
      case 'review': {
        if (state.editing) {
          if (step.kind === 'review') {
            state.editing = undefined;
            return present(turn, state, flow, step);
          }
          // Answered before the edit: keep the answer and walk on.
          if (step.id !== state.editing.targetStepId && step.id in state.answers) {
            pushHistory(state, step.id);
            next = resolveNext(flow, step, state.answers[step.id], state);
            continue;
          }
        }
        if (step.kind === 'text' && step.param && !(step.id in state.answers)) {
          // Typed before the question was asked (at the menu): kept, when it would do as an answer.
          const typed = state.params[step.param];
          const checked = typed ? checkText(typed, step.validate ?? {}, turn.lang) : undefined;
          if (checked?.ok) {
            state.answers[step.id] = checked.value;
            pushHistory(state, step.id);
            next = resolveNext(flow, step, checked.value, state);
            continue;
          }
        }
        if (step.kind === 'commune') {
          const code = state.params[step.param ?? 'unitCode'];
          const unit = code ? await lookupUnit(turn, code) : undefined;
          if (unit) {
            // The deep link says which commune: nothing to ask.
            state.answers[step.id] = unit;
            pushHistory(state, step.id);
            next = resolveNext(flow, step, state.answers[step.id], state);
            continue;
          }
        }
        return present(turn, state, flow, step);
      }
      default:
        return assertNever(step, 'step kind');
    }
  }
}

/** Asks `step`; a source with no options says so and moves on. */
async function present(
  turn: Turn,
  state: FlowState,
  flow: Flow,
  step: QuestionStep,
  keep = false,
): Promise<FlowState | undefined> {
  state.stepId = step.id;
  const asked = await askQuestion(turn, state, flow, step, {
    keep,
    canGoBack: canGoBack(turn, state),
  });
  if (asked.type === 'asked') return state;
  if (asked.text) turn.note(asked.text);
  return enterAt(turn, state, asked.next);
}

/** The flow ended: go back into a flow that called it, or end the session. */
async function endFrame(turn: Turn, state: FlowState): Promise<FlowState | undefined> {
  const stack = [...state.stack];
  for (let top = stack.pop(); top; top = stack.pop()) {
    if (top.mode === 'jump') continue;
    const parent = stateOf(top.frame, stack, turn.runtime.now);
    const flow = turn.registry.get(parent.flowId, parent.flowVersion);
    const found = flow ? stepById(flow, parent.stepId) : undefined;
    if (!flow || !found) continue;
    pushHistory(parent, found.step.id);
    return enterAt(turn, parent, resolveNext(flow, found.step, undefined, parent));
  }
  return undefined;
}

async function jump(
  turn: Turn,
  state: FlowState,
  flow: Flow,
  step: StepOf<'flow'>,
): Promise<FlowState | undefined> {
  const target = turn.registry.get(step.flow);
  if (!target) throw new Error(`flow ${flow.id}: no flow '${step.flow}'`);
  const params = { ...state.params };
  for (const [k, v] of Object.entries(step.params ?? {})) {
    params[k] = renderString(v, flow, state, turn.lang);
  }
  const parent = frameOf(state);
  parent.view = undefined;
  const stack = [
    ...state.stack,
    { mode: step.return ? ('call' as const) : ('jump' as const), frame: parent },
  ];
  const child = newState(turn, target, params, stack.slice(-MAX_STACK));
  return enterAt(turn, child, target.steps[0]?.id ?? null);
}

async function runAction(
  turn: Turn,
  state: FlowState,
  flow: Flow,
  step: StepOf<'run'>,
): Promise<Json> {
  const action = turn.runtime.actions[step.action];
  if (!action) throw new Error(`flow action '${step.action}' is not provided by the runtime`);
  const answers = pathAnswers(flow, state);
  const args: Record<string, string> = {};
  for (const [k, v] of Object.entries(step.args ?? {}))
    args[k] = renderString(v, flow, state, turn.lang);
  let result: Record<string, unknown>;
  try {
    result = await action({
      flowId: flow.id,
      flowVersion: flow.version,
      stepId: step.id,
      runKey: `${state.nonce}.${step.id}`,
      lang: turn.lang,
      now: turn.runtime.now,
      startedAt: state.startedAt,
      params: { ...state.params },
      args,
      answers,
      items: itemAnswers(flow, answers),
    });
  } catch (e) {
    throw new ActionFailed(step.action, e);
  }
  // Stored in the session: JSON only (a Date becomes its ISO string).
  return JSON.parse(JSON.stringify(result ?? {})) as Json;
}

function pushHistory(state: FlowState, id: string): void {
  state.history.push(id);
  if (state.history.length > MAX_HISTORY)
    state.history.splice(0, state.history.length - MAX_HISTORY);
}

// ---------------------------------------------------------------- back, cancel, skip

/** Where Back leads: the last question asked, in this flow or the one it was opened from. */
function findBack(
  turn: Turn,
  state: FlowState,
): { state: FlowState; historyIndex: number } | undefined {
  const flow = turn.registry.get(state.flowId, state.flowVersion);
  if (!flow) return undefined;
  for (let i = state.history.length - 1; i >= 0; i--) {
    const found = stepById(flow, state.history[i] ?? '');
    if (found && isQuestion(found.step) && !isAutofilled(found.step, state)) {
      return { state, historyIndex: i };
    }
  }
  const top = state.stack[state.stack.length - 1];
  if (!top) return undefined;
  return findBack(turn, stateOf(top.frame, state.stack.slice(0, -1), turn.runtime.now));
}

function canGoBack(turn: Turn, state: FlowState): boolean {
  return state.editing !== undefined || findBack(turn, state) !== undefined;
}

async function goBack(
  turn: Turn,
  state: FlowState,
  flow: Flow,
  step: QuestionStep,
): Promise<Moved> {
  if (isKeyboardStep(step)) turn.leaveNote = msg(MSG.backNote, turn.lang);
  if (state.editing && state.editing.targetStepId === state.stepId) {
    // Back while editing from the review: nothing changes, back to the review.
    const { reviewStepId, history } = state.editing;
    state.editing = undefined;
    state.history = history;
    const review = stepById(flow, reviewStepId);
    if (review && isQuestion(review.step)) {
      return { state: await present(turn, state, flow, review.step), outcome: 'back' };
    }
  }
  const back = findBack(turn, state);
  if (!back) {
    turn.leaveNote = undefined;
    turn.note(msg(MSG.firstQuestion, turn.lang));
    return { state: await present(turn, state, flow, step, true), outcome: 'reasked' };
  }
  const target = back.state;
  const id = target.history[back.historyIndex] ?? '';
  target.history = target.history.slice(0, back.historyIndex);
  const targetFlow = turn.flowOf(target);
  const found = stepById(targetFlow, id);
  if (!found || !isQuestion(found.step))
    throw new Error(`flow ${targetFlow.id}: no question '${id}'`);
  return { state: await present(turn, target, targetFlow, found.step), outcome: 'back' };
}

function cancel(turn: Turn, step: QuestionStep): Moved {
  const menu = turn.defaultFlowId;
  // A message carries one keyboard: leaving a location/contact question, it removes that one.
  const buttons =
    menu && !isKeyboardStep(step)
      ? [[{ label: turn.t(CONTROL.menu), data: encodeGo(menu) }]]
      : undefined;
  turn.reply({ text: msg(MSG.cancelled, turn.lang), ...(buttons ? { buttons } : {}) });
  return { state: undefined, outcome: 'cancelled' };
}

async function skip(turn: Turn, state: FlowState, flow: Flow, step: QuestionStep): Promise<Moved> {
  if (!isOptional(step)) return reask(turn, state, flow, step, msg(MSG.notOptional, turn.lang));
  if (isKeyboardStep(step)) turn.leaveNote = msg(MSG.skipped, turn.lang);
  const value: Json =
    step.kind === 'rating'
      ? { item: step.item, criterion: step.criterion ?? null, score: null }
      : null;
  return commit(turn, state, flow, step, value);
}

// ---------------------------------------------------------------- answers

async function commit(
  turn: Turn,
  state: FlowState,
  flow: Flow,
  step: QuestionStep,
  value: Json,
  label?: string,
): Promise<Moved> {
  state.answers[step.id] = value;
  if (label !== undefined) state.labels = { ...state.labels, [step.id]: label };
  pushHistory(state, step.id);
  state.view = undefined;
  const next = resolveNext(flow, step, value, state);
  return { state: await enterAt(turn, state, next), outcome: 'answered' };
}

async function reask(
  turn: Turn,
  state: FlowState,
  flow: Flow,
  step: QuestionStep,
  note: string,
  outcome: FlowOutcome = 'reasked',
): Promise<Moved> {
  turn.note(note);
  return { state: await present(turn, state, flow, step, true), outcome };
}

async function handleInput(
  turn: Turn,
  state: FlowState,
  flow: Flow,
  step: QuestionStep,
  index: number,
  input: AnswerInput,
): Promise<Moved> {
  const lang = turn.lang;
  switch (input.type) {
    case 'button': {
      const parsed = parseButton(input.data);
      if (!parsed) return forged(turn, state, flow, step);
      if (parsed.type === 'go') {
        turn.toast = msg(MSG.staleToast, lang);
        return reask(turn, state, flow, step, busyNote(turn, flow), 'stale-button');
      }
      if (parsed.nonce !== state.nonce || parsed.stepIndex !== index) {
        turn.toast = msg(MSG.staleToast, lang);
        return reask(turn, state, flow, step, msg(MSG.staleNote, lang), 'stale-button');
      }
      return onButton(turn, state, flow, step, parsed.code);
    }
    case 'text': {
      const text = input.text.normalize('NFC').trim();
      const literal = step.kind === 'text' && step.literal === true;
      const word = literal && isWord(text, NAME_LIKE_WORDS) ? undefined : controlWord(text);
      if (word === 'back') return goBack(turn, state, flow, step);
      if (word === 'cancel') return cancel(turn, step);
      if (word === 'skip') return skip(turn, state, flow, step);
      return onText(turn, state, flow, step, text);
    }
    case 'photo':
      if (step.kind !== 'photo') return notHere(turn, state, flow, step, 'photo');
      return addPhoto(turn, state, flow, step, {
        fileId: input.fileId,
        ...(input.fileUniqueId !== undefined ? { fileUniqueId: input.fileUniqueId } : {}),
        ...(input.size !== undefined ? { size: input.size } : {}),
      });
    case 'location':
      if (step.kind !== 'location') return notHere(turn, state, flow, step, 'location');
      turn.leaveNote = msg(MSG.locationReceived, lang);
      return commit(turn, state, flow, step, {
        latitude: input.latitude,
        longitude: input.longitude,
      });
    case 'contact': {
      const accepts =
        step.kind === 'contact' || (step.kind === 'text' && step.validate?.phone === true);
      if (!accepts) return notHere(turn, state, flow, step, 'contact');
      // A shared contact is a phone number Telegram vouches for; foreign numbers are kept as is.
      const phone = normalizePhone(input.phone) ?? input.phone.replace(/[^\d+]/g, '');
      if (step.kind === 'contact') turn.leaveNote = msg(MSG.contactReceived, lang);
      return commit(turn, state, flow, step, phone);
    }
    case 'unsupported':
      return reask(
        turn,
        state,
        flow,
        step,
        `${msg(MSG.unsupported, lang, { what: whatLabel(input.what, lang) })} ${expectation(expectationOf(step), lang)}`,
      );
    default:
      return assertNever(input, 'flow input');
  }
}

async function onButton(
  turn: Turn,
  state: FlowState,
  flow: Flow,
  step: QuestionStep,
  code: ButtonCode,
): Promise<Moved> {
  switch (code.type) {
    case 'back':
      if (!canGoBack(turn, state)) return forged(turn, state, flow, step);
      return goBack(turn, state, flow, step);
    case 'cancel':
      return cancel(turn, step);
    case 'skip':
      return isOptional(step) ? skip(turn, state, flow, step) : forged(turn, state, flow, step);
    case 'option':
      if (step.kind === 'choice') {
        const option = state.view?.options?.[code.index];
        if (!option) return forged(turn, state, flow, step);
        return commit(
          turn,
          state,
          flow,
          step,
          option.value,
          step.source ? option.label : undefined,
        );
      }
      if (step.kind === 'rating') {
        if (code.index < 1 || code.index > 5) return forged(turn, state, flow, step);
        return commit(turn, state, flow, step, rating(step, code.index));
      }
      if (step.kind === 'multi') {
        if (!state.view?.options?.[code.index]) return forged(turn, state, flow, step);
        turn.editInPlace = true;
        return toggle(turn, state, flow, step, [code.index]);
      }
      return forged(turn, state, flow, step);
    case 'done':
      if (step.kind === 'multi') return finishMulti(turn, state, flow, step);
      if (step.kind === 'photo') return finishPhotos(turn, state, flow, step);
      return forged(turn, state, flow, step);
    case 'clear':
      if (step.kind !== 'photo') return forged(turn, state, flow, step);
      delete state.answers[step.id];
      state.view = { photos: [] };
      return { state: await present(turn, state, flow, step, true), outcome: 'updated' };
    case 'candidate': {
      const unit = step.kind === 'commune' ? state.view?.candidates?.[code.index] : undefined;
      if (!unit) return forged(turn, state, flow, step);
      return commit(turn, state, flow, step, {
        code: unit.code,
        name: unit.name,
        province: unit.province,
      });
    }
    case 'retry':
      if (step.kind !== 'commune') return forged(turn, state, flow, step);
      return { state: await present(turn, state, flow, step), outcome: 'reasked' };
    case 'submit':
      if (step.kind !== 'review') return forged(turn, state, flow, step);
      return commit(turn, state, flow, step, true);
    case 'edit':
      if (step.kind !== 'review') return forged(turn, state, flow, step);
      return startEdit(turn, state, flow, code.stepIndex) ?? forged(turn, state, flow, step);
    default:
      return assertNever(code, 'button code');
  }
}

async function onText(
  turn: Turn,
  state: FlowState,
  flow: Flow,
  step: QuestionStep,
  text: string,
): Promise<Moved> {
  const lang = turn.lang;
  const notUnderstood = (kind: Expectation) =>
    `${msg(MSG.notUnderstood, lang, { typed: truncate(text, 60) })} ${expectation(kind, lang)}`;
  switch (step.kind) {
    case 'choice': {
      const options = state.view?.options ?? [];
      const i = matchOption(
        text,
        options.map((o) => o.label),
      );
      const option = i === undefined ? undefined : options[i];
      if (option)
        return commit(
          turn,
          state,
          flow,
          step,
          option.value,
          step.source ? option.label : undefined,
        );
      if (step.allowText) {
        const rules = typeof step.allowText === 'object' ? step.allowText : {};
        // Shorter than a typed answer can be ("ok", "xin chào"): a failed try at a button.
        if (rules.minLength !== undefined && textLength(text) < rules.minLength)
          return reask(turn, state, flow, step, notUnderstood('button'));
        const checked = checkText(text, { maxLength: 1000, ...rules }, lang);
        if (!checked.ok) return reask(turn, state, flow, step, checked.note);
        return commit(turn, state, flow, step, { text: checked.value });
      }
      return reask(turn, state, flow, step, notUnderstood('button'));
    }
    case 'rating': {
      const score = matchScore(text);
      if (score === undefined) return reask(turn, state, flow, step, notUnderstood('rating'));
      return commit(turn, state, flow, step, rating(step, score));
    }
    case 'multi': {
      if (isWord(text, WORDS.done)) return finishMulti(turn, state, flow, step);
      const options = state.view?.options ?? [];
      const numbers = text.split(/[\s,;.]+/).filter(Boolean);
      let picks: number[] | undefined;
      if (numbers.length > 0 && numbers.every((n) => /^\d{1,2}$/.test(n))) {
        picks = numbers.map((n) => Number(n) - 1);
        if (picks.some((p) => !options[p])) picks = undefined;
      } else {
        const i = matchOption(
          text,
          options.map((o) => o.label),
        );
        if (i !== undefined) picks = [i];
      }
      if (!picks) return reask(turn, state, flow, step, notUnderstood('multi'));
      return toggle(turn, state, flow, step, picks);
    }
    case 'text': {
      const checked = checkText(text, step.validate ?? {}, lang);
      if (!checked.ok) return reask(turn, state, flow, step, checked.note);
      return commit(turn, state, flow, step, checked.value);
    }
    case 'photo':
      if (isWord(text, WORDS.done)) return finishPhotos(turn, state, flow, step);
      return reask(turn, state, flow, step, expectation('photo', lang));
    case 'location': {
      if (step.allowAddress === false)
        return reask(turn, state, flow, step, expectation('location', lang));
      if (textLength(text) < 5)
        return reask(turn, state, flow, step, msg(MSG.addressTooShort, lang));
      const checked = checkText(text, { maxLength: 300, noLinks: true }, lang);
      if (!checked.ok) return reask(turn, state, flow, step, checked.note);
      turn.leaveNote = msg(MSG.addressReceived, lang);
      return commit(turn, state, flow, step, { address: checked.value });
    }
    case 'contact': {
      const phone = normalizePhone(text);
      if (!phone) return reask(turn, state, flow, step, msg(MSG.badPhone, lang));
      turn.leaveNote = msg(MSG.contactReceived, lang);
      return commit(turn, state, flow, step, phone);
    }
    case 'commune':
      return searchCommune(turn, state, flow, step, text);
    case 'review': {
      const submit = step.submitLabel ? turn.t(step.submitLabel) : turn.t(CONTROL.submit);
      if (isWord(text, [foldWords(submit), 'gui', 'send', 'dong y', 'ok'])) {
        return commit(turn, state, flow, step, true);
      }
      const folded = foldWords(text);
      const editWord = msg(MSG.reviewEditWords, lang);
      if (folded.startsWith(`${editWord} `)) {
        const wanted = folded.slice(editWord.length + 1);
        for (const id of state.history) {
          const found = stepById(flow, id);
          if (!found || !isQuestion(found.step) || found.step.kind === 'review') continue;
          if (foldWords(reviewLabel(found.step, flow, state, lang)) === wanted) {
            const edited = startEdit(turn, state, flow, found.index);
            if (edited) return edited;
          }
        }
      }
      return reask(turn, state, flow, step, notUnderstood('review'));
    }
    default:
      return assertNever(step, 'question kind');
  }
}

function startEdit(
  turn: Turn,
  state: FlowState,
  flow: Flow,
  stepIndex: number,
): Promise<Moved> | undefined {
  const target = flow.steps[stepIndex];
  if (!target || !isQuestion(target) || target.kind === 'review') return undefined;
  const at = state.history.lastIndexOf(target.id);
  if (at < 0) return undefined;
  state.editing = {
    reviewStepId: state.stepId,
    targetStepId: target.id,
    history: [...state.history],
  };
  state.history = state.history.slice(0, at);
  return present(turn, state, flow, target).then((s) => ({
    state: s,
    outcome: 'answered' as const,
  }));
}

async function toggle(
  turn: Turn,
  state: FlowState,
  flow: Flow,
  step: StepOf<'multi'>,
  picks: number[],
): Promise<Moved> {
  const options = state.view?.options ?? [];
  const selected = [...(state.view?.selected ?? [])];
  for (const p of picks) {
    const value = options[p]?.value;
    if (value === undefined) continue;
    const at = selected.indexOf(value);
    if (at >= 0) selected.splice(at, 1);
    else if (step.max !== undefined && selected.length >= step.max) {
      turn.editInPlace = false;
      turn.note(msg(MSG.multiMax, turn.lang, { max: step.max }));
    } else selected.push(value);
  }
  state.view = { options, selected };
  return { state: await present(turn, state, flow, step, true), outcome: 'updated' };
}

async function finishMulti(
  turn: Turn,
  state: FlowState,
  flow: Flow,
  step: StepOf<'multi'>,
): Promise<Moved> {
  const options = state.view?.options ?? [];
  const selected = state.view?.selected ?? [];
  if (step.min !== undefined && selected.length < step.min) {
    return reask(turn, state, flow, step, msg(MSG.multiMin, turn.lang, { min: step.min }));
  }
  // In the order shown, whatever order they were ticked in.
  const chosen = options.filter((o) => selected.includes(o.value));
  const label = step.source ? chosen.map((o) => o.label).join(', ') : undefined;
  return commit(
    turn,
    state,
    flow,
    step,
    chosen.map((o) => o.value),
    label,
  );
}

async function addPhoto(
  turn: Turn,
  state: FlowState,
  flow: Flow,
  step: StepOf<'photo'>,
  photo: PhotoAnswer,
): Promise<Moved> {
  const lang = turn.lang;
  const photos = [...(state.view?.photos ?? toPhotos(state.answers[step.id]))];
  const key = (p: PhotoAnswer) => p.fileUniqueId ?? p.fileId;
  if (photos.some((p) => key(p) === key(photo))) {
    state.view = { photos };
    return reask(turn, state, flow, step, msg(MSG.photoDuplicate, lang), 'updated');
  }
  photos.push(photo);
  const max = step.max ?? 5;
  if (photos.length >= max) {
    turn.note(msg(MSG.photoFull, lang, { max }));
    return commit(turn, state, flow, step, photos as unknown as Json);
  }
  state.view = { photos };
  const { button, controls } = questionButtons(turn, state, flow, step, canGoBack(turn, state));
  turn.reply({
    text: msg(MSG.photoReceived, lang, { count: photos.length, max }),
    buttons: [
      [button(turn.t(CONTROL.done), { type: 'done' })],
      [button(turn.t(CONTROL.clearPhotos), { type: 'clear' })],
      ...controls(false),
    ],
  });
  return { state, outcome: 'updated' };
}

async function finishPhotos(
  turn: Turn,
  state: FlowState,
  flow: Flow,
  step: StepOf<'photo'>,
): Promise<Moved> {
  const photos = state.view?.photos ?? toPhotos(state.answers[step.id]);
  if (photos.length === 0 && step.optional) return commit(turn, state, flow, step, null);
  const min = step.min ?? 1;
  if (photos.length < min) {
    return reask(turn, state, flow, step, msg(MSG.photoNeeded, turn.lang, { min }));
  }
  return commit(turn, state, flow, step, photos as unknown as Json);
}

async function searchCommune(
  turn: Turn,
  state: FlowState,
  flow: Flow,
  step: StepOf<'commune'>,
  text: string,
): Promise<Moved> {
  const lang = turn.lang;
  const offered = state.view?.candidates ?? [];
  const byNumber = /^\d{1,2}$/.test(text) ? offered[Number(text) - 1] : undefined;
  const byName = offered.find((c) => foldVietnamese(c.name) === foldVietnamese(text));
  const picked = byNumber ?? (offered.length === 1 ? byName : undefined);
  if (picked) return commit(turn, state, flow, step, { ...picked });
  if (foldVietnamese(text).length < 2)
    return reask(turn, state, flow, step, msg(MSG.communeTooShort, lang));

  let found: Awaited<ReturnType<FlowRuntime['communes']['search']>>;
  try {
    found = await turn.runtime.communes.search(text);
  } catch (e) {
    throw new ActionFailed('communes.search', e);
  }
  const results = found.slice(0, MAX_CANDIDATES);
  const { button, controls } = questionButtons(turn, state, flow, step, canGoBack(turn, state));
  if (results.length === 0) {
    state.view = { notFound: true };
    turn.reply({
      text: msg(MSG.communeNotFound, lang, { query: truncate(text, 60) }),
      buttons: [[button(turn.t(CONTROL.retrySearch), { type: 'retry' })], ...controls(true)],
    });
    return { state, outcome: 'updated' };
  }
  state.view = {
    candidates: results.map((r) => ({ code: r.code, name: r.name, province: r.province })),
  };
  // A button holds one line on a phone: the commune and its province. Why an old name found it
  // ("trước đây: xã Đông Xá") is said in the message.
  const rows = results.map((r, i) => [
    button(communeButtonLabel(r.name, r.province), { type: 'candidate', index: i }),
  ]);
  const former = results
    .filter((r) => r.matchedAlias)
    .map(
      (r) =>
        `\n• ${r.name} (${r.province}) — ${msg(MSG.communeFormer, lang, { alias: r.matchedAlias ?? '' })}`,
    )
    .join('');
  const more = found.length >= MAX_CANDIDATES ? `\n${msg(MSG.communeMore, lang)}` : '';
  turn.reply({
    text: `${msg(MSG.communePick, lang)}${former}${more}`,
    buttons: [...rows, ...controls(true)],
  });
  return { state, outcome: 'updated' };
}

async function notHere(
  turn: Turn,
  state: FlowState,
  flow: Flow,
  step: QuestionStep,
  what: 'photo' | 'location' | 'contact',
): Promise<Moved> {
  const lang = turn.lang;
  const names = {
    photo: { vi: 'ảnh', en: 'a photo' },
    location: { vi: 'vị trí', en: 'a location' },
    contact: { vi: 'số điện thoại', en: 'a phone number' },
  } as const;
  const note = `${msg(MSG.notExpectedHere, lang, { what: names[what][lang] })} ${expectation(expectationOf(step), lang)}`;
  return reask(turn, state, flow, step, note);
}

async function forged(
  turn: Turn,
  state: FlowState,
  flow: Flow,
  step: QuestionStep,
): Promise<Moved> {
  turn.toast = msg(MSG.forgedToast, turn.lang);
  return reask(turn, state, flow, step, msg(MSG.forgedNote, turn.lang), 'forged-button');
}

function busyNote(turn: Turn, flow: Flow): string {
  const activity = flow.activity
    ? turn.t(flow.activity)
    : turn.t(flow.title).toLocaleLowerCase('vi-VN');
  return msg(MSG.busyElsewhere, turn.lang, { activity });
}

// ---------------------------------------------------------------- matching typed text

function rating(step: StepOf<'rating'>, score: number): Json {
  return { item: step.item, criterion: step.criterion ?? null, score };
}

function expectationOf(step: QuestionStep): Expectation {
  return step.kind === 'choice' ? 'button' : step.kind;
}

function isKeyboardStep(step: QuestionStep | undefined): boolean {
  return step?.kind === 'location' || step?.kind === 'contact';
}

// ---------------------------------------------------------------- result

function currentQuestion(
  registry: FlowRegistry,
  state: FlowState | undefined,
): QuestionStep | undefined {
  if (!state) return undefined;
  const flow = registry.get(state.flowId, state.flowVersion);
  const found = flow ? stepById(flow, state.stepId) : undefined;
  return found && isQuestion(found.step) ? found.step : undefined;
}

function finish(turn: Turn, prior: FlowState | 'invalid' | undefined, moved: Moved): FlowResult {
  const before = prior === 'invalid' ? undefined : currentQuestion(turn.registry, prior);
  const replies = turn.replies;
  // Leaving a question that showed a reply keyboard: take that keyboard away.
  if (isKeyboardStep(before) && !replies.some((r) => r.request)) {
    const plain = replies.find((r) => !r.buttons && !r.request);
    if (turn.leaveNote || !plain) {
      replies.unshift({
        text: turn.leaveNote ?? msg(MSG.keyboardClosed, turn.lang),
        removeKeyboard: true,
      });
    } else {
      plain.removeKeyboard = true;
    }
  }
  const state = moved.state
    ? { ...moved.state, updatedAt: turn.runtime.now.toISOString() }
    : undefined;
  let outcome = moved.outcome;
  if (!state && (outcome === 'answered' || outcome === 'started' || outcome === 'back'))
    outcome = 'ended';
  const compacted = compactReplies(replies);
  return {
    state,
    replies: compacted,
    outcome,
    ...(turn.toast !== undefined ? { toast: turn.toast } : {}),
    ...(turn.editInPlace && compacted.length === 1 ? { editInPlace: true } : {}),
  };
}

async function actionFailed(
  registry: FlowRegistry,
  runtime: FlowRuntime,
  prior: FlowState | 'invalid' | undefined,
  error: ActionFailed,
): Promise<FlowResult> {
  // Nothing of the failed turn is kept: the citizen retries from where they were.
  const turn = new Turn(registry, runtime);
  turn.note(msg(MSG.actionFailed, runtime.lang));
  let state = prior === 'invalid' ? undefined : prior;
  const step = currentQuestion(registry, state);
  if (state && step) {
    const copy = structuredClone(state);
    try {
      state = await present(turn, copy, turn.flowOf(copy), step, true);
    } catch {
      // The question needs the same failing service: the apology alone will do.
    }
  }
  return {
    state,
    replies: compactReplies(turn.replies),
    outcome: 'action-failed',
    error: error.cause,
  };
}
