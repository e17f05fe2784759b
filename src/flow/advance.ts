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
  callSource,
  isOptional,
  lookupUnit,
  questionButtons,
  reviewLabel,
} from './ask-question.ts';
import { makeNonce, parseButton, encodeGo, type ButtonCode } from './callback-data.ts';
import { renderString, renderText } from './display-answer.ts';
import {
  holds,
  isAutofilled,
  itemAnswers,
  pathAnswers,
  resolveNext,
  stepById,
  successorId,
} from './flow-path.ts';
import { copyState, frameOf, madeHere, parseFlowState, stateOf } from './flow-state.ts';
import { compactReplies } from './compact-replies.ts';
import { controlWord, isWord } from './match-input.ts';
import { CONTROL, MSG, NAME_LIKE_WORDS, expectation, whatLabel } from '../texts/flow.ts';
import { msg } from '../texts/localized.ts';
import type { QuestionStep, StepOf } from './schema.ts';
import { isQuestion } from './schema.ts';
import { autoKind, questionKind } from './steps/registry.ts';
import type { AnswerContext, Moved } from './steps/step-kind.ts';
import { normalizePhone, truncate } from './text.ts';
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
  Lang,
} from './types.ts';

/** Flows a session may be inside at once (older jump frames are forgotten). */
const MAX_STACK = 5;
/** Steps kept for Back and the review; a menu visited in a loop must not grow without end. */
const MAX_HISTORY = 200;
/** Say/run/jump steps in one turn before the flow is taken to loop. */
const MAX_AUTO_STEPS = 200;

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
  let result: FlowResult;
  try {
    const moved = await dispatch(turn, prior, input);
    result = finish(turn, prior, moved);
  } catch (e) {
    if (!(e instanceof ActionFailed)) throw e;
    result = await actionFailed(registry, runtime, prior, e);
  }
  if (result.state) madeHere(result.state);
  return result;
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
  const state = copyState(prior);
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
    // The runtime's own (the web chat page's commune) hold for every flow, a menu's too.
    params: cleanParams({ ...turn.runtime.startParams, ...params }),
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
    // An edit that changed an answer walks on as the first time did: actions run again (a
    // commune's readiness, reports nearby); say steps already said stay said.
    const seenBeforeEdit = state.editing?.history.includes(step.id) ?? false;
    const redo = seenBeforeEdit && state.editing?.changed === true && step.kind === 'run';
    if (!isQuestion(step)) {
      const key = step.kind === 'run' ? (step.as ?? step.id) : step.id;
      const before = redo ? JSON.stringify(state.answers[key]) : undefined;
      const entered = await autoKind(step).enter(step, {
        turn,
        state,
        flow,
        seenBeforeEdit: seenBeforeEdit && !redo,
        render: (text) => renderText(text, flow, state, turn.lang),
        renderString: (template) => renderString(template, flow, state, turn.lang),
        runAction: (run) => runAction(turn, state, flow, run),
      });
      if (redo && state.editing && JSON.stringify(state.answers[key]) !== before)
        state.editing.rerunChanged = true;
      switch (entered.type) {
        case 'next':
          pushHistory(state, step.id);
          next = resolveNext(flow, step, undefined, state);
          continue;
        case 'end':
          return endFrame(turn, state);
        case 'open':
          return open(turn, state, entered.flowId, entered.params, entered.returns);
        default:
          return assertNever(entered, 'entered');
      }
    }
    if (state.editing) {
      if (step.kind === 'review') {
        state.editing = undefined;
        return present(turn, state, flow, step);
      }
      // Answered before the edit: keep the answer and walk on. Not a question the review does
      // not show (Vẫn gửi to a commune nobody reads) after an action it follows from found
      // something else this time: it was answered for what the action found then, and the
      // review offers no way to change it, so it is asked again. Nor an option of a source
      // the change made it drop (a reception day of the commune chosen before).
      if (
        step.id !== state.editing.targetStepId &&
        step.id in state.answers &&
        !(state.editing.rerunChanged === true && step.review === false) &&
        (state.editing.changed !== true || (await keptOptionStands(turn, state, flow, step)))
      ) {
        pushHistory(state, step.id);
        next = resolveNext(flow, step, state.answers[step.id], state);
        continue;
      }
    }
    const kind = questionKind(step);
    if (kind.prefill) {
      const value = await kind.prefill(step, {
        state,
        lang: turn.lang,
        lookupUnit: (code) => lookupUnit(turn, code),
      });
      if (value !== undefined) {
        state.answers[step.id] = value;
        pushHistory(state, step.id);
        next = resolveNext(flow, step, value, state);
        continue;
      }
    }
    return present(turn, state, flow, step);
  }
}

/**
 * Whether the option kept from before an edit is still one its source gives, now that the
 * edit changed what the source reads: the day picked for one commune is no reception day of
 * another. A kept option takes its label of now (the same day has another time there). Only a
 * choice is checked: a typed answer (`allowText`) and the listed options do not depend on it.
 */
async function keptOptionStands(
  turn: Turn,
  state: FlowState,
  flow: Flow,
  step: QuestionStep,
): Promise<boolean> {
  if (step.kind !== 'choice' || step.source === undefined) return true;
  const kept = state.answers[step.id];
  if (typeof kept !== 'string') return true;
  const option = (await callSource(turn, state, flow, step)).find((o) => o.value === kept);
  if (!option) return false;
  state.labels = { ...state.labels, [step.id]: option.label };
  return true;
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

/** Opens flow `flowId` from `state` (`returns`: this one goes on when that one ends). */
async function open(
  turn: Turn,
  state: FlowState,
  flowId: string,
  params: Record<string, string>,
  returns: boolean,
): Promise<FlowState | undefined> {
  const target = turn.registry.get(flowId);
  if (!target) throw new Error(`flow ${state.flowId}: no flow '${flowId}'`);
  const parent = frameOf(state);
  parent.view = undefined;
  const stack = [
    ...state.stack,
    { mode: returns ? ('call' as const) : ('jump' as const), frame: parent },
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
  const kind = questionKind(step);
  return commit(turn, state, flow, step, kind.skipValue ? kind.skipValue(step) : null);
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
  if (
    state.editing?.targetStepId === step.id &&
    JSON.stringify(state.answers[step.id]) !== JSON.stringify(value)
  )
    state.editing.changed = true;
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
  const kind = questionKind(step);
  switch (input.type) {
    case 'reask':
      // Asked again on purpose (a command, a language change): the question as it was, with
      // a reminder of what the citizen is in the middle of and how to stop (unless the caller
      // has just said why, as a refusal does: one note is enough).
      if (input.quiet)
        return { state: await present(turn, state, flow, step, true), outcome: 'reasked' };
      return reask(turn, state, flow, step, busyNote(turn, flow));
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
      const literal = kind.literal?.(step) === true;
      const word = literal && isWord(text, NAME_LIKE_WORDS) ? undefined : controlWord(text);
      if (word === 'back') return goBack(turn, state, flow, step);
      if (word === 'cancel') return cancel(turn, step);
      if (word === 'skip') return skip(turn, state, flow, step);
      return kind.onText(step, text, answerContext(turn, state, flow, step));
    }
    case 'photo':
      if (!kind.onPhoto) return notHere(turn, state, flow, step, 'photo');
      return kind.onPhoto(
        step,
        {
          fileId: input.fileId,
          ...(input.fileUniqueId !== undefined ? { fileUniqueId: input.fileUniqueId } : {}),
          ...(input.size !== undefined ? { size: input.size } : {}),
        },
        answerContext(turn, state, flow, step),
      );
    case 'voice':
      // Not "gopy cannot listen to that": the description question of a report takes one.
      if (kind.takesVoice?.(step) !== true || !kind.onVoice)
        return notHere(turn, state, flow, step, 'voice');
      return kind.onVoice(step, input.voice, answerContext(turn, state, flow, step));
    case 'location':
      if (!kind.onLocation) return notHere(turn, state, flow, step, 'location');
      return kind.onLocation(
        step,
        { latitude: input.latitude, longitude: input.longitude },
        answerContext(turn, state, flow, step),
      );
    case 'contact': {
      // A shared contact is a phone number Telegram vouches for; foreign numbers are kept as is.
      const phone = normalizePhone(input.phone) ?? input.phone.replace(/[^\d+]/g, '');
      const taken = kind.onContact?.(step, phone, answerContext(turn, state, flow, step));
      return taken ?? notHere(turn, state, flow, step, 'contact');
    }
    case 'refused': {
      const takes =
        input.what === 'photo' ? kind.onPhoto !== undefined : kind.takesVoice?.(step) === true;
      if (!takes) return notHere(turn, state, flow, step, input.what);
      return reask(turn, state, flow, step, withHowTo(step, input.why, lang));
    }
    case 'tooLong': {
      const length = input.length;
      // Where words are the answer, "shorter" is the remedy and the question (its limit, its
      // hint) follows; elsewhere the question's own hint says what to press instead.
      if (kind.takesText?.(step) === true)
        return reask(turn, state, flow, step, msg(MSG.textTooLong, lang, { length }));
      return reask(
        turn,
        state,
        flow,
        step,
        withHowTo(step, msg(MSG.textTooLongUnread, lang, { length }), lang),
      );
    }
    case 'unsupported':
      return reask(
        turn,
        state,
        flow,
        step,
        withHowTo(step, msg(MSG.unsupported, lang, { what: whatLabel(input.what, lang) }), lang),
      );
    default:
      return assertNever(input, 'flow input');
  }
}

/** Back, cancel and skip are the engine's; every other button is the question kind's. */
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
    case 'done':
    case 'clear':
    case 'candidate':
    case 'retry':
    case 'submit':
    case 'edit': {
      const taken = questionKind(step).onButton?.(
        step,
        code,
        answerContext(turn, state, flow, step),
      );
      return taken ?? forged(turn, state, flow, step);
    }
    default:
      return assertNever(code, 'button code');
  }
}

/** The engine's moves, bound to the question in hand, for its kind to read an input with. */
function answerContext(
  turn: Turn,
  state: FlowState,
  flow: Flow,
  step: QuestionStep,
): AnswerContext {
  const back = canGoBack(turn, state);
  const { button, controls } = questionButtons(turn, state, flow, step, back);
  return {
    turn,
    state,
    flow,
    lang: turn.lang,
    commit: (value, label) => commit(turn, state, flow, step, value, label),
    reask: (note, outcome) => reask(turn, state, flow, step, note, outcome),
    present: async (keep, outcome) => ({
      state: await present(turn, state, flow, step, keep),
      outcome,
    }),
    forged: () => forged(turn, state, flow, step),
    notUnderstood: (text) =>
      withHowTo(step, msg(MSG.notUnderstood, turn.lang, { typed: truncate(text, 60) }), turn.lang),
    startEdit: (stepIndex) => startEdit(turn, state, flow, stepIndex),
    canGoBack: back,
    button,
    controls,
    reviewLabel: (s) => reviewLabel(s, flow, state, turn.lang),
    searchCommunes: async (query) => {
      try {
        return await turn.runtime.communes.search(query);
      } catch (e) {
        throw new ActionFailed('communes.search', e);
      }
    },
  };
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

/**
 * A re-ask's note: what went wrong, then what the question wants when the question does not say
 * it itself (a location, photo or phone question's hint does, naming the channel's way).
 */
function withHowTo(step: QuestionStep, wrong: string, lang: Lang): string {
  const expects = questionKind(step).expects;
  return expects === undefined ? wrong : `${wrong} ${expectation(expects, lang)}`;
}

async function notHere(
  turn: Turn,
  state: FlowState,
  flow: Flow,
  step: QuestionStep,
  what: 'photo' | 'voice' | 'location' | 'contact',
): Promise<Moved> {
  const lang = turn.lang;
  // Where a photo, a recording, a location or a phone number reaches nobody (the menu), that is
  // what the citizen must hear: "this question needs none" would not say it went nowhere.
  if (step.mediaHint) {
    const unsent = {
      photo: MSG.photoNotSent,
      voice: MSG.voiceNotSent,
      location: MSG.locationNotSent,
      contact: MSG.contactNotSent,
    }[what];
    return reask(turn, state, flow, step, `${msg(unsent, lang)} ${turn.t(step.mediaHint)}`);
  }
  const names = {
    photo: { vi: 'ảnh', en: 'a photo' },
    voice: { vi: 'ghi âm', en: 'a voice message' },
    location: { vi: 'vị trí', en: 'a location' },
    contact: { vi: 'số điện thoại', en: 'a phone number' },
  } as const;
  const note = withHowTo(step, msg(MSG.notExpectedHere, lang, { what: names[what][lang] }), lang);
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
  // "đang … dở" is half-way through a task; a flow that only shows things says its own.
  const doing = flow.busy ? turn.t(flow.busy) : msg(MSG.busyDoing, turn.lang, { activity });
  return msg(MSG.busyElsewhere, turn.lang, { doing });
}

function isKeyboardStep(step: QuestionStep | undefined): boolean {
  return step !== undefined && questionKind(step).keyboard === true;
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
    const copy = copyState(state);
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
