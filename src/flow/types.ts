/**
 * The flow engine's contract with its caller: what goes in (FlowInput, FlowState, FlowRuntime)
 * and what comes out (FlowResult). Nothing here knows about Telegram: the caller maps
 * InboundEvent → FlowInput and FlowReply → OutboundMessage.
 */
import type { z } from 'zod';
import type { Html } from '../core/html.ts';
import type { FlowFile, Step } from './schema.ts';

import type { Lang } from '../core/lang.ts';
import type { ContactSharer, LocationSharer, PhotoPicker } from '../texts/flow.ts';

export type { Lang };

// ---------------------------------------------------------------- flows

/** A loaded, checked flow: the file plus indexes the interpreter uses. */
export interface Flow {
  readonly id: string;
  readonly version: number;
  readonly title: FlowFile['title'];
  readonly activity: FlowFile['activity'];
  /** The busy note's opening sentence, when "đang {activity} dở" does not fit. */
  readonly busy: FlowFile['busy'];
  /** Whether questions offer "✖ Hủy" (a menu does not). */
  readonly cancellable: boolean;
  readonly steps: readonly Step[];
  /** The file it came from, for messages. */
  readonly file: string;
  /** Step id → index in `steps`. */
  readonly index: ReadonlyMap<string, number>;
}

/** Every loaded flow, every version that has a file. */
export interface FlowRegistry {
  /** The given version, or the newest when `version` is omitted. */
  get(flowId: string, version?: number): Flow | undefined;
  /** Every flow id, sorted. */
  ids(): string[];
  /** Every loaded flow (all versions). */
  all(): Flow[];
}

// ---------------------------------------------------------------- answers

export interface PhotoAnswer {
  fileId: string;
  fileUniqueId?: string;
  size?: number;
}

/**
 * A voice note given as an answer (a text question with `voice: true`), stored under the step
 * id as `{ voice: VoiceAnswer }`. The sound stays with the channel; gopy keeps its file id.
 */
export interface VoiceAnswer {
  fileId: string;
  fileUniqueId?: string;
  size?: number;
  mimeType?: string;
  durationSeconds: number;
}

export interface CommuneAnswer {
  code: string;
  name: string;
  province: string;
}

export interface RatingAnswer {
  item: string;
  criterion: number | null;
  /** 1–5; null when skipped. */
  score: number | null;
}

export type LocationAnswer = { latitude: number; longitude: number } | { address: string };

/**
 * What a question stores under its step id (null = skipped):
 * choice → option value (string) or `{ text }` for a typed free answer; rating → RatingAnswer;
 * multi → string[]; text → string, or `{ voice: VoiceAnswer }` when spoken; photo → PhotoAnswer[]; location → LocationAnswer;
 * contact → phone "0912345678"; commune → CommuneAnswer; review → true.
 * A run step stores its action's result (JSON: Dates become ISO strings) under its `as` name.
 */
export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

export type Answers = Record<string, Json>;

/** One answer tied to a rating item, ready to be stored as a rating answer row. */
export interface ItemAnswer {
  itemId: string;
  criterion: number | null;
  score: number | null;
  choices: string[];
  text: string | null;
  stepId: string;
}

// ---------------------------------------------------------------- state

/** One running flow. */
export interface FlowFrame {
  flowId: string;
  flowVersion: number;
  stepId: string;
  /** Changes with every run; buttons carry it, so buttons of another run are stale. */
  nonce: string;
  answers: Answers;
  params: Record<string, string>;
  /** Steps passed before the current one, in order (Back returns to the last question). */
  history: string[];
  /** Set while a question is re-asked from the review screen. */
  editing?: {
    reviewStepId: string;
    targetStepId: string;
    history: string[];
    changed?: boolean;
    rerunChanged?: boolean;
  };
  /** Display labels of answers chosen from a source (static options have theirs in YAML). */
  labels?: Record<string, string>;
  /** What the current question showed or collected so far; reset when the step changes. */
  view?: {
    /** Options as shown, so a button index maps back to a value. */
    options?: Array<{ value: string; label: string }>;
    /** Multi-select: values ticked so far. */
    selected?: string[];
    /** Photo step: photos received so far. */
    photos?: PhotoAnswer[];
    /** Commune picker: the units offered as buttons. */
    candidates?: CommuneAnswer[];
    /** A commune search found nothing (so "Tìm lại" is offered). */
    notFound?: boolean;
  };
  startedAt: string;
}

/**
 * The session of one chat, JSON-serialisable (stored as JSON in PostgreSQL). `stack` holds the
 * flows this one was opened from: `call` ones continue when this one ends, `jump` ones are only
 * reached again by Back on the first question.
 */
export interface FlowState extends FlowFrame {
  v: 1;
  stack: Array<{ mode: 'call' | 'jump'; frame: FlowFrame }>;
  updatedAt: string;
}

// ---------------------------------------------------------------- input and output

export type FlowInput =
  | { type: 'start'; flowId: string; params?: Record<string, string> }
  /**
   * Ask the current question again, answers kept, with a reminder of what is in progress (for
   * a command such as /help); `quiet` when the caller's own note (a refusal, a language change)
   * goes before it instead. With no flow active, open the default flow.
   */
  | {
      type: 'reask';
      /** The caller said why already (a refusal): the question alone, without the reminder. */
      quiet?: boolean;
    }
  | { type: 'text'; text: string }
  | { type: 'button'; data: string }
  | { type: 'photo'; fileId: string; fileUniqueId?: string; size?: number }
  | { type: 'voice'; voice: VoiceAnswer }
  | { type: 'location'; latitude: number; longitude: number }
  | { type: 'contact'; phone: string }
  | { type: 'unsupported'; what: string }
  /**
   * A photo or voice note the caller could not take (too large, too long, a picture sent as a
   * file). A question that takes that kind hears `why` (one sentence: what was wrong), then
   * itself again; any other question says it needs none, as it does for any photo or voice note,
   * since a remedy for the file ("a smaller photo") would ask for what the question does not.
   */
  | { type: 'refused'; what: 'photo' | 'voice'; why: string }
  /**
   * A text longer than any message the caller reads (`length` characters). A question that takes
   * typed words asks for a shorter one; any other says it could not read it and what it wants
   * instead, since "shorten it" would ask for text the question does not want.
   */
  | { type: 'tooLong'; length: number };

export interface FlowButton {
  label: string;
  /** ≤ 64 bytes: `<nonce>.<step>.<code>`, or `go:<flowId>` (starts a flow, works without state). */
  data: string;
}

/**
 * One message to send. At most one of `buttons`, `request` and `removeKeyboard` is set, because
 * a Telegram message carries one keyboard: inline buttons, a reply keyboard (the request) or its
 * removal.
 */
export interface FlowReply {
  text: string | Html;
  buttons?: FlowButton[][];
  /**
   * A reply keyboard: one button that shares the location or the phone number, and text buttons
   * (`skipLabel`, `backLabel`, `cancelLabel`) whose labels come back as typed text, which the
   * engine understands.
   */
  request?: {
    kind: 'location' | 'contact';
    label: string;
    skipLabel?: string;
    backLabel?: string;
    cancelLabel?: string;
  };
  removeKeyboard?: boolean;
  /**
   * The question takes a voice note: a channel whose recorder is its own (the web chat's
   * «🎤 Ghi âm») shows it with this message, and hides it with the next one.
   */
  voice?: boolean;
  /**
   * The question's answer is typed text (a description, a name): its buttons are only Back,
   * Skip, Cancel. A channel that numbers buttons for typing must not read "2" as one of them.
   */
  asksText?: boolean;
}

export type FlowOutcome =
  /** A flow started (asked for, or the default flow on a first message). */
  | 'started'
  /** The answer was taken and the flow moved on. */
  | 'answered'
  /** The input was taken and the same question is shown again (a tick, a photo, a search). */
  | 'updated'
  /** The input did not answer the question; it is asked again with a hint. */
  | 'reasked'
  | 'back'
  /** A button of another run or another question; the current question is asked again. */
  | 'stale-button'
  /** Button data the engine never produced. */
  | 'forged-button'
  | 'ended'
  | 'cancelled'
  /** The stored state could not continue (its flow version is gone, or it is damaged). */
  | 'restarted'
  /** A named action threw; the state is as before the input, so the citizen can retry. */
  | 'action-failed'
  /** No flow is active and the input started none. */
  | 'idle';

export interface FlowResult {
  /** undefined: no active flow. */
  state: FlowState | undefined;
  replies: FlowReply[];
  /** Short answer to a button press (Telegram's answerCallbackQuery text). */
  toast?: string;
  /**
   * The single reply is the same question updated (a multi-select tick): the caller may edit
   * the message whose button was pressed instead of sending a new one.
   */
  editInPlace?: boolean;
  outcome: FlowOutcome;
  /** The error of an action that failed, for the caller's log. */
  error?: unknown;
}

// ---------------------------------------------------------------- runtime

export interface ActionContext {
  flowId: string;
  flowVersion: number;
  stepId: string;
  /** Same for a retry of the same step of the same run: an idempotency key. */
  runKey: string;
  lang: Lang;
  now: Date;
  /** When this run of the flow started (ISO): how long the person took to answer. */
  startedAt: string;
  /** Start parameters (deep link), e.g. unitCode, counterCode, staffCode. */
  params: Readonly<Record<string, string>>;
  /** The run step's args, interpolated. */
  args: Readonly<Record<string, string>>;
  /** Answers on the path taken (answers of questions left by Back or edits are dropped). */
  answers: Readonly<Answers>;
  /** Answers of the steps that declare a rating item, in flow order. */
  items: ItemAnswer[];
}

export interface SourceContext {
  flowId: string;
  stepId: string;
  lang: Lang;
  now: Date;
  params: Readonly<Record<string, string>>;
  args: Readonly<Record<string, string>>;
  answers: Readonly<Answers>;
}

/** A unit a typed name found. */
export interface CommuneMatch {
  code: string;
  name: string;
  province: string;
  matchedAlias?: string;
  /** What was typed is this unit's current name and its province, nothing more nor less. */
  exact?: boolean;
}

export interface CommuneDirectory {
  /** Up to a handful of units matching a typed name, with or without diacritics, old names too. */
  search(query: string): Promise<CommuneMatch[]>;
  get(code: string): Promise<{ code: string; name: string; province: string } | undefined>;
}

export type FlowAction = (ctx: ActionContext) => Promise<Record<string, unknown>>;

/**
 * What a named action reads, declared with zod beside the action. The loader checks each run
 * step of the action against it: every required answer is the name of a step (or run result)
 * of the flow, and the step's args are known ones (literal values are parsed).
 */
export interface ActionInputs {
  /** Answers it reads, by step id or run result name; optional ones may be absent. */
  answers?: z.ZodObject<z.core.$ZodShape>;
  /** The run step's `args`. */
  args?: z.ZodObject<z.core.$ZodShape>;
}
export type FlowSource = (ctx: SourceContext) => Promise<Array<{ value: string; label: string }>>;

/** What the engine may use besides its input: the caller binds these to the citizen. */
export interface FlowRuntime {
  lang: Lang;
  now: Date;
  actions: Readonly<Record<string, FlowAction>>;
  sources: Readonly<Record<string, FlowSource>>;
  communes: CommuneDirectory;
  /**
   * The commune this citizen chose last time, offered as a button. A function, asked only when
   * a commune question is shown, so other turns cost no lookup.
   */
  lastUnitCode?: () => Promise<string | undefined>;
  /**
   * Start parameters every flow of this turn starts with, under the ones a link or a calling
   * flow gives: the web chat page's commune, which a flow started from a menu button would
   * otherwise not know.
   */
  startParams?: Readonly<Record<string, string>>;
  /**
   * How the person's channel records a voice note: holding the messenger's microphone button
   * (Telegram, Zalo), or pressing the web chat's «🎤 Ghi âm» to start and again to send. A
   * question that takes one says so, «Ông/Bà có thể ghi âm…», in those words. A voice note is
   * taken either way.
   */
  voiceNotes?: 'hold' | 'press';
  /**
   * How the person's channel sends a photo, named by a photo question: Telegram's 📎 (the
   * default), the web chat's «📷 Gửi ảnh», Zalo's picture icon. See texts' `PhotoPicker`.
   */
  photoPicker?: PhotoPicker;
  /**
   * How the person's channel shares a location, named by a location question: Telegram's
   * keyboard button (the default), the web chat's «📍 Gửi vị trí», Zalo's ⋯ then «Vị trí».
   * See texts' `LocationSharer`.
   */
  locationSharer?: LocationSharer;
  /**
   * How the person's channel gives a phone number, named by a contact question: Telegram's
   * keyboard button (the default), the web chat's button then typing, typing only on Zalo.
   * See texts' `ContactSharer`.
   */
  contactSharer?: ContactSharer;
  /** For nonces; Math.random when omitted. */
  random?: () => number;
  /** The flow a message starts when no flow is active, and the menu button's. Default 'main'; null: none. */
  defaultFlowId?: string | null;
}
