/**
 * What one kind of step is: how it is checked when flows load, asked, answered and displayed.
 * Each kind lives in its own file beside this one and is listed in ./registry.ts, whose type
 * makes a kind without a module a compile error. A kind imports nothing of the engine: what it
 * needs of it (rendering, the buttons, the engine's moves) comes in the context it is handed, so
 * the kinds stay leaves of the module graph.
 */
import type { ButtonCode } from '../callback-data.ts';
import type { Expectation } from '../../texts/flow.ts';
import type {
  Condition,
  Localized,
  Next,
  QuestionStep,
  Step,
  StepKind,
  StepOf,
} from '../schema.ts';
import type { Turn } from '../turn.ts';
import type {
  CommuneAnswer,
  CommuneMatch,
  Flow,
  FlowButton,
  FlowFrame,
  FlowOutcome,
  FlowState,
  Json,
  Lang,
  PhotoAnswer,
  VoiceAnswer,
} from '../types.ts';

/** Where an input left the session, and what it amounted to. */

/** A step that starts another flow, checked once every flow is loaded. */
export interface FlowRef {
  path: string;
  flowId: string;
}

export interface Moved {
  state: FlowState | undefined;
  outcome: FlowOutcome;
}

// ---------------------------------------------------------------- checking at load

/** The flows another flow points to (jump steps, end buttons), with where they are named. */
export interface FlowRef {
  path: string;
  flowId: string;
}

/** The checks a kind can ask for; each adds problems at the given path. */
export interface CheckContext {
  add(path: string, message: string): void;
  checkLocalized(path: string, text: Localized | undefined): void;
  checkArgs(path: string, args: Record<string, string> | undefined): void;
  checkStepRef(path: string, id: string): void;
  checkNext(path: string, next: Next | undefined): void;
  checkCondition(path: string, condition: Condition): void;
  checkRules(path: string, rules: { minLength?: number; maxLength?: number }): void;
  /** A flow this one points to (checked once every flow is loaded). */
  flowRef(ref: FlowRef): void;
  /** Names the runtime provides, and the inputs each action declares. */
  readonly names: {
    readonly actions: readonly string[];
    readonly sources: readonly string[];
  };
  /** Step ids and run result names of the flow. */
  readonly answerNames: ReadonlySet<string>;
  /** Checks a run step against what its action declares it reads. */
  checkActionInputs(path: string, step: StepOf<'run'>): void;
}

// ---------------------------------------------------------------- asking

export type AskResult =
  | { type: 'asked' }
  /** A source gave no option: say `text` and go to `next` (null: end the flow). */
  | { type: 'empty'; text: string; next: string | null };

/** What asking a question may use: the rendered prompt, the button makers, the runtime. */
export interface AskContext {
  turn: Turn;
  state: FlowState;
  flow: Flow;
  lang: Lang;
  /** The question, `{{name}}` filled in. */
  prompt: string;
  /** What the question collected before (ticks, photos, source options) when it is kept. */
  previous: FlowFrame['view'];
  canGoBack: boolean;
  button(label: string, code: ButtonCode): FlowButton;
  /** The skip / back / cancel rows. */
  controls(withSkip: boolean): FlowButton[][];
  render(text: Localized): string;
  /** Answers on the path taken. */
  pathAnswers(): Record<string, Json>;
  /** The options of a step that lists them from a named source. */
  callSource(
    step: StepOf<'choice'> | StepOf<'multi'>,
  ): Promise<Array<{ value: string; label: string }>>;
  lookupUnit(code: string): Promise<CommuneAnswer | undefined>;
  /** How an answer of another step reads (the review lists them). */
  display(step: Step, value: Json | undefined): string;
  /** The short name of a question on the review screen. */
  reviewLabel(step: QuestionStep): string;
}

// ---------------------------------------------------------------- reading the answer

/** The engine's moves a kind uses when it reads an input. */
export interface AnswerContext {
  turn: Turn;
  state: FlowState;
  flow: Flow;
  lang: Lang;
  /** Takes `value` as the answer and runs on (`label`: how a source's option reads). */
  commit(value: Json, label?: string): Promise<Moved>;
  /** Says `note` and asks the same question again, keeping what it collected. */
  reask(note: string, outcome?: FlowOutcome): Promise<Moved>;
  /** Asks the question again without a note (`keep`: with what it collected so far). */
  present(keep: boolean, outcome: FlowOutcome): Promise<Moved>;
  /** Button data this question never offered. */
  forged(): Promise<Moved>;
  /** "I could not read «…»", then what the question wants unless it says that itself. */
  notUnderstood(text: string): string;
  /** Re-asks the question at `stepIndex` from the review screen; undefined when it cannot be. */
  startEdit(stepIndex: number): Promise<Moved> | undefined;
  canGoBack: boolean;
  button(label: string, code: ButtonCode): FlowButton;
  controls(withSkip: boolean): FlowButton[][];
  reviewLabel(step: QuestionStep): string;
  searchCommunes: (query: string) => Promise<CommuneMatch[]>;
}

/** A question: the state rests on it until an input answers it. */
export interface QuestionKind<K extends QuestionStep['kind']> {
  readonly question: true;
  /**
   * What a re-ask says this question wants, after what went wrong. Absent when the question
   * says it itself (a hint naming the channel's way, a review's prompt): said twice, in two
   * wordings, the same instruction reads as two different ones.
   */
  readonly expects?: Expectation;
  /** Shows a reply keyboard (location, phone) that must be taken away when it is left. */
  readonly keyboard?: boolean;
  check?(step: StepOf<K>, at: string, c: CheckContext): void;
  /** Offers "Bỏ qua". */
  optional(step: StepOf<K>): boolean;
  /** A name: a typed "Huy" is the answer, not "cancel". */
  literal?(step: StepOf<K>): boolean;
  /** What a skip stores (null unless the kind says otherwise). */
  skipValue?(step: StepOf<K>): Json;
  /** An answer the question already has without asking (a deep link, a typed text). */
  prefill?(step: StepOf<K>, ctx: PrefillContext): Promise<Json | undefined>;
  ask(step: StepOf<K>, ctx: AskContext): Promise<AskResult>;
  onText(step: StepOf<K>, text: string, ctx: AnswerContext): Promise<Moved>;
  /** A button of this question; undefined: not one it offers (the engine calls it forged). */
  onButton?(step: StepOf<K>, code: ButtonCode, ctx: AnswerContext): Promise<Moved> | undefined;
  onPhoto?(step: StepOf<K>, photo: PhotoAnswer, ctx: AnswerContext): Promise<Moved>;
  onLocation?(
    step: StepOf<K>,
    at: { latitude: number; longitude: number },
    ctx: AnswerContext,
  ): Promise<Moved>;
  /**
   * Whether this question takes typed words as its answer (a description, a name, an address),
   * not only a typed button label or command word.
   */
  takesText?(step: StepOf<K>): boolean;
  /**
   * Whether this question takes a voice note: the one place that says so. The engine asks it
   * before onVoice, and before wording a refused recording.
   */
  takesVoice?(step: StepOf<K>): boolean;
  /** A voice note, where takesVoice said this question takes one. */
  onVoice?(step: StepOf<K>, voice: VoiceAnswer, ctx: AnswerContext): Promise<Moved>;
  /** A shared contact; undefined: this question does not take one. */
  onContact?(step: StepOf<K>, phone: string, ctx: AnswerContext): Promise<Moved> | undefined;
  /** How its answer reads to a person ('' when not answered is handled by the caller). */
  display(step: StepOf<K>, value: Json, frame: FlowFrame, lang: Lang): string;
}

export interface PrefillContext {
  state: FlowState;
  lang: Lang;
  lookupUnit(code: string): Promise<CommuneAnswer | undefined>;
}

// ---------------------------------------------------------------- steps that run by themselves

/** What a step that asks nothing does next. */
export type Entered =
  | { type: 'next' }
  | { type: 'end' }
  /** Opens another flow (`returns`: come back here when it ends). */
  | { type: 'open'; flowId: string; params: Record<string, string>; returns: boolean };

export interface EnterContext {
  turn: Turn;
  state: FlowState;
  flow: Flow;
  /**
   * The step was passed before the edit that re-walks the path now, and the edit left its
   * answer as it was: what the step did then still holds.
   */
  seenBeforeEdit: boolean;
  render(text: Localized): string;
  renderString(template: string): string;
  /** Runs a named action and gives its result as JSON. */
  runAction(step: StepOf<'run'>): Promise<Json>;
}

export interface AutoKind<K extends StepKind> {
  readonly question: false;
  check?(step: StepOf<K>, at: string, c: CheckContext): void;
  enter(step: StepOf<K>, ctx: EnterContext): Promise<Entered>;
}

export type StepKindModule<K extends StepKind> = K extends QuestionStep['kind']
  ? QuestionKind<K>
  : AutoKind<K>;
