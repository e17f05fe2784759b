/**
 * The citizen's side of a private chat: commands, deep links, the continue-or-start-over
 * question after a long absence, data erasure, and everything else handed to the flow engine.
 *
 * Nothing a citizen does here loses an answer they gave: a command in the middle of a flow
 * (/help, /language, an unknown one), input gopy cannot take (too long, a photo too large, a
 * file instead of a photo, a recording too long) and a long absence all end with the current
 * question asked again.
 * Only /start, /menu, /huy and erasing one's data leave the flow, and they say so.
 */
import { MY_RECEPTION_FLOW } from './reception.ts';
import type { InboundEvent, OutboundMessage } from '../channels/types.ts';
import { assertNever } from '../core/assert-never.ts';
import { isHtml, joinHtml } from '../core/html.ts';
import type {
  FlowInput,
  FlowRegistry,
  FlowReply,
  FlowResult,
  FlowRuntime,
  FlowState,
} from '../flow/types.ts';
import { isAutofilled, stepById } from '../flow/flow-path.ts';
import { isQuestion } from '../flow/schema.ts';
import type { Logger } from '../logger.ts';
import type { ChatState } from './chat-state.ts';
import { parseDeepLink } from './deep-link.ts';
import { flowReplyToMessage } from './flow-replies.ts';
import type { CitizenConversationPort } from './handle-inbound.ts';
import type { StepResult } from './ports/conversation.ts';
import { ERASE, TEXT } from '../texts/citizen.ts';
import type { Lang } from '../core/lang.ts';
import { fill, t } from '../texts/localized.ts';

/** Longest text a citizen may send in one message (the flows set tighter limits per question). */
export const MAX_TEXT_LENGTH = 4000;

/**
 * Largest photo gopy takes (Telegram's own limit for photos is 10 MB). Officials open every
 * photo on their phones, often on mobile data.
 */
export const MAX_PHOTO_BYTES = 10 * 1024 * 1024;
/**
 * A voice note as a description: 5 minutes is far more than anyone needs to say what is wrong
 * and where (most are under a minute), and an official must listen to all of it; past that, a
 * short recording plus photos serves the citizen better. 20 MB is what a bot can download from
 * Telegram (getFile), so gopy could not keep or hand on a larger file; a 5-minute voice note
 * is about 1–2 MB, so only long music-quality audio files meet this limit.
 */
export const MAX_VOICE_SECONDS = 5 * 60;
export const MAX_VOICE_BYTES = 20 * 1024 * 1024;

export interface CitizenConversationDeps {
  flows: FlowRegistry;
  advance: (
    registry: FlowRegistry,
    state: FlowState | undefined,
    input: FlowInput,
    runtime: FlowRuntime,
  ) => Promise<FlowResult>;
  describeResume: (state: FlowState, lang: Lang) => string;
  /** Binds the flow runtime (actions, sources, communes) to the citizen of this event. */
  runtimeFor: (event: InboundEvent, lang: Lang) => Promise<FlowRuntime>;
  /** Removes the citizen's personal data; false when gopy had none. */
  eraseCitizen: (event: InboundEvent) => Promise<boolean>;
  /** The chat chose a language: the citizen's account (if any) keeps it (CitizenRegistry). */
  setLanguage: (event: InboundEvent, lang: Lang) => Promise<void>;
  sessionExpiryMs: number;
  now: () => Date;
  logger: Logger;
  /** Told when a flow's named action failed (metrics); must not throw. */
  onActionFailed?: () => void;
}

export function createCitizenConversation(deps: CitizenConversationDeps): CitizenConversationPort {
  return {
    async handle(event, incoming) {
      const state: ChatState = { ...incoming };
      const messages: OutboundMessage[] = [];
      const say = (text: string, extra: Partial<Extract<OutboundMessage, { type: 'text' }>> = {}) =>
        messages.push({ type: 'text', chatId: event.chatId, text, ...extra });
      const lang = state.lang;
      // Said first; runFlow joins it to the flow's first reply when nothing came between.
      const welcome = state.welcomed ? undefined : t(TEXT.welcome, lang);
      if (welcome !== undefined) say(welcome);
      state.welcomed = true;

      /**
       * Applies `input` to the flow. `note` is said first, in the same message as the flow's
       * first reply when it can be (Telegram allows about one message per second per chat).
       */
      const runFlow = async (
        input: FlowInput,
        options: { flowState?: FlowState | undefined; note?: string } = {},
      ): Promise<StepResult> => {
        const flowState = 'flowState' in options ? options.flowState : currentFlow(state);
        const result = await deps.advance(
          deps.flows,
          flowState,
          input,
          await deps.runtimeFor(event, state.lang),
        );
        if (result.outcome === 'action-failed') {
          deps.logger.error({ err: result.error, updateId: event.updateId }, 'flow action failed');
          deps.onActionFailed?.();
        }
        state.flow = result.state;
        state.flowTouchedAt = deps.now().toISOString();
        state.resumeAsked = false;
        // A first contact's welcome opens the flow's first reply (the menu, with its buttons under
        // it): one message, not two, when nothing was said before it. Telegram paces a chat at
        // about one message a second, so the buttons come a second sooner.
        const welcomeJoins = welcome !== undefined && messages.length === 1;
        if (welcomeJoins) messages.pop();
        const note = [welcomeJoins ? welcome : undefined, options.note]
          .filter((n) => n !== undefined)
          .join('\n\n');
        const replies = note ? withNote(note, result.replies) : result.replies;
        const edit =
          result.editInPlace && event.body.type === 'button' && event.messageId !== undefined
            ? event.messageId
            : undefined;
        for (const reply of replies) {
          // A tick on a multi-select changes the message that was tapped, not a new one.
          const message = flowReplyToMessage(event.chatId, reply);
          if (edit !== undefined && replies.length === 1 && message.type === 'text') {
            messages.push({
              type: 'edit',
              chatId: event.chatId,
              messageId: edit,
              text: message.text,
              buttons: message.buttons ?? [],
            });
          } else messages.push(message);
        }
        return { state, messages, toast: result.toast };
      };
      const start = (flowId: string, params: Record<string, string> = {}, note?: string) =>
        runFlow({ type: 'start', flowId, params }, { flowState: undefined, note });
      /**
       * The current question again, answers kept (or the main menu when no flow is active). With
       * a note (a refusal, a language change) the note says it all; without one (/help) the flow
       * reminds the citizen what is in progress.
       */
      const askAgain = (note?: string) =>
        runFlow({ type: 'reask', ...(note !== undefined ? { quiet: true } : {}) }, { note });
      /**
       * An input put to the question in hand; with no flow active, to the menu's question, so
       * that the menu says what became of it (a photo or a location went to nobody, a text is
       * too long) before
       * it asks, instead of showing itself as if nothing had been sent.
       */
      const toQuestion = async (input: FlowInput) => {
        const flowState =
          currentFlow(state) ?? (await openMenu(await deps.runtimeFor(event, state.lang)));
        return runFlow(input, { flowState });
      };
      /**
       * A photo or voice note gopy cannot take. The flow words it: `why` where the question takes
       * that kind, "this question needs none" where it does not (never "send a smaller photo" to
       * a question that asks for a description), then the question again, answers kept.
       */
      const refuse = (what: 'photo' | 'voice', why: string) =>
        toQuestion({ type: 'refused', what, why });
      /**
       * A text longer than gopy reads. The flow words it by the question in hand ("write it
       * shorter" only where words are the answer), then asks it again, answers kept; with no
       * flow active the question is the menu's, which takes a typed problem.
       */
      const tooLong = (length: number) => toQuestion({ type: 'tooLong', length });
      /** What leaving the current flow drops, said before the menu. */
      const leftNote = (): string | undefined => {
        const flow = currentFlow(state);
        if (!flow) return undefined;
        const def = deps.flows.get(flow.flowId, flow.flowVersion) ?? deps.flows.get(flow.flowId);
        // The main menu itself is not "something half done".
        if (!def || def.id === 'main') return undefined;
        const activity = def.activity ? t(def.activity, lang) : t(def.title, lang);
        return fill(t(TEXT.flowLeft, lang), { activity });
      };

      const body = event.body;
      switch (body.type) {
        case 'command':
          switch (body.command) {
            case 'start': {
              const link = parseDeepLink(body.args);
              const note = leftNote();
              if (link.type === 'flow') return start(link.flowId, link.params, note);
              return start('main', link.type === 'menu' ? link.params : {}, note);
            }
            case 'menu':
              return start('main', {}, leftNote());
            case 'lich':
              // The citizen's meetings with the commune leaders (see or cancel).
              return start(MY_RECEPTION_FLOW, {}, leftNote());
            case 'help':
              // Help is a look aside: a flow in progress stays where it was.
              say(t(TEXT.help, lang));
              return currentFlow(state) ? askAgain() : start('main');
            case 'language':
            case 'ngonngu':
              say(t(TEXT.chooseLanguage, lang), {
                buttons: [
                  [
                    { type: 'callback', label: 'Tiếng Việt', data: 'lang.vi' },
                    { type: 'callback', label: 'English', data: 'lang.en' },
                  ],
                ],
              });
              return { state, messages };
            case 'huy':
            case 'cancel': {
              const left = leftNote();
              state.flow = undefined;
              state.resumeAsked = false;
              // Also takes away a location or phone keyboard the question showed.
              say(left ? `${left} ${t(TEXT.cancelled, lang)}` : t(TEXT.cancelled, lang), {
                replyKeyboard: { type: 'remove' },
              });
              return start('main');
            }
            case 'xoadulieu':
              say(t(ERASE.question, lang), {
                buttons: [
                  [
                    { type: 'callback', label: t(ERASE.yes, lang), data: 'erase.yes' },
                    { type: 'callback', label: t(ERASE.no, lang), data: 'erase.no' },
                  ],
                ],
              });
              return { state, messages };
            default:
              return askAgain(t(TEXT.unknownCommand, lang));
          }

        case 'button': {
          const data = body.data;
          if (data === 'lang.vi' || data === 'lang.en') {
            state.lang = data === 'lang.vi' ? 'vi' : 'en';
            // Answers and notices come later, from the commune: they read the citizen's row.
            await deps.setLanguage(event, state.lang);
            const note = t(TEXT.languageSet, state.lang);
            // The question in progress continues in the new language.
            return currentFlow(state) ? askAgain(note) : start('main', {}, note);
          }
          if (data === 'resume.continue') {
            state.resumeAsked = false;
            return askAgain();
          }
          if (data === 'resume.restart') {
            const flow = currentFlow(state);
            return start(flow?.flowId ?? 'main', flow?.params ?? {});
          }
          if (data === 'erase.yes') {
            const erased = await deps.eraseCitizen(event);
            // The session may hold answers of an unfinished report (a name, a phone): gone too.
            state.flow = undefined;
            state.params = undefined;
            say(t(erased ? ERASE.done : ERASE.nothing, lang));
            // The session row itself is keyed by the chat: it goes once the answer is out.
            return { state, messages, toast: t(ERASE.toast, lang), forget: true };
          }
          if (data === 'erase.no') {
            const note = t(ERASE.kept, lang);
            if (currentFlow(state)) return askAgain(note);
            say(note);
            return { state, messages };
          }
          return (await askResumeIfIdle()) ?? runFlow({ type: 'button', data });
        }

        case 'text':
          if (body.text.length > MAX_TEXT_LENGTH) return tooLong(body.text.length);
          return (
            (await askResumeIfIdle()) ??
            (await typedFirst(body.text)) ??
            runFlow({ type: 'text', text: body.text })
          );
        case 'photo': {
          const size = body.photo.size;
          if (size !== undefined && size > MAX_PHOTO_BYTES)
            return refuse(
              'photo',
              fill(t(TEXT.photoTooLarge, lang), {
                size: megabytes(size, lang),
                max: megabytes(MAX_PHOTO_BYTES, lang),
              }),
            );
          return (
            (await askResumeIfIdle()) ??
            toQuestion({
              type: 'photo',
              fileId: body.photo.fileId,
              fileUniqueId: body.photo.fileUniqueId,
              size: body.photo.size,
            })
          );
        }
        case 'location':
          return (
            (await askResumeIfIdle()) ??
            toQuestion({ type: 'location', latitude: body.latitude, longitude: body.longitude })
          );
        case 'contact':
          return (await askResumeIfIdle()) ?? toQuestion({ type: 'contact', phone: body.phone });
        case 'document':
          // "Send as file" turns a photo into a document, which Telegram cannot show as a photo.
          if (body.document.mimeType?.startsWith('image/'))
            return refuse('photo', t(TEXT.imageAsFile, lang));
          return toQuestion({ type: 'unsupported', what: 'document' });
        case 'voice': {
          if (body.durationSeconds > MAX_VOICE_SECONDS)
            return refuse(
              'voice',
              fill(t(TEXT.voiceTooLong, lang), {
                minutes: minutes(body.durationSeconds, lang),
                max: MAX_VOICE_SECONDS / 60,
              }),
            );
          const size = body.voice.size;
          if (size !== undefined && size > MAX_VOICE_BYTES)
            return refuse(
              'voice',
              fill(t(TEXT.voiceTooLarge, lang), {
                size: megabytes(size, lang),
                max: megabytes(MAX_VOICE_BYTES, lang),
              }),
            );
          return (
            (await askResumeIfIdle()) ??
            toQuestion({
              type: 'voice',
              voice: {
                fileId: body.voice.fileId,
                ...(body.voice.fileUniqueId !== undefined
                  ? { fileUniqueId: body.voice.fileUniqueId }
                  : {}),
                ...(size !== undefined ? { size } : {}),
                ...(body.voice.mimeType !== undefined ? { mimeType: body.voice.mimeType } : {}),
                durationSeconds: body.durationSeconds,
              },
            })
          );
        }
        case 'unsupported':
          return toQuestion({ type: 'unsupported', what: body.what });
        case 'edited':
          // An edit of an earlier answer changes nothing already taken; say how to change it.
          if (currentFlow(state)) say(t(TEXT.editIgnored, lang));
          return { state, messages };
        case 'botMembership':
          // Blocked or unblocked: nothing to say (a blocked chat cannot be written to anyway).
          return { state: incoming, messages: [] };
        default:
          return assertNever(body, 'inbound body');
      }

      /**
       * A first message typed instead of tapped («Đường thôn 3 ngập…»): the menu gets the text,
       * and offers to send it as a report, so nothing typed is lost. A greeting the menu does
       * not take ("xin chào") just opens the menu, as any first message does.
       */
      async function typedFirst(text: string): Promise<StepResult | undefined> {
        if (currentFlow(state)) return undefined;
        const runtime = await deps.runtimeFor(event, state.lang);
        const menu = await openMenu(runtime);
        if (!menu) return undefined;
        const tried = await deps.advance(deps.flows, menu, { type: 'text', text }, runtime);
        if (tried.outcome !== 'answered') return undefined;
        return runFlow({ type: 'text', text }, { flowState: menu });
      }

      /** The main menu's state, not yet said: for an input to be tried on it first. */
      async function openMenu(runtime: FlowRuntime): Promise<FlowState | undefined> {
        const menu = await deps.advance(
          deps.flows,
          undefined,
          { type: 'start', flowId: 'main' },
          runtime,
        );
        return menu.state;
      }

      /**
       * After a long absence, ask before applying the input to a half-finished flow. A flow with
       * nothing answered yet (the menu, a first question) is not half-finished: no question.
       */
      async function askResumeIfIdle(): Promise<StepResult | undefined> {
        const flow = currentFlow(state);
        if (!flow || state.resumeAsked || !state.flowTouchedAt) return undefined;
        if (!answeredSomething(deps.flows, flow)) return undefined;
        const idleMs = deps.now().getTime() - new Date(state.flowTouchedAt).getTime();
        if (idleMs < deps.sessionExpiryMs) return undefined;
        state.resumeAsked = true;
        say(fill(t(TEXT.resumeQuestion, lang), { what: deps.describeResume(flow, lang) }), {
          buttons: [
            [
              { type: 'callback', label: t(TEXT.resumeContinue, lang), data: 'resume.continue' },
              { type: 'callback', label: t(TEXT.resumeRestart, lang), data: 'resume.restart' },
            ],
          ],
        });
        return { state, messages };
      }
    },
  };
}

function currentFlow(state: ChatState): FlowState | undefined {
  return state.flow as FlowState | undefined;
}

/** The citizen has answered a question of this flow (a commune a link filled in is not one). */
function answeredSomething(flows: FlowRegistry, state: FlowState): boolean {
  const flow = flows.get(state.flowId, state.flowVersion);
  if (!flow) return true;
  return state.history.some((id) => {
    const found = stepById(flow, id);
    return found !== undefined && isQuestion(found.step) && !isAutofilled(found.step, state);
  });
}

/** `note`, then the replies; joined to the first one when that fits in one message. */
function withNote(note: string, replies: FlowReply[]): FlowReply[] {
  const [first, ...rest] = replies;
  if (!first) return [{ text: note }];
  const text = isHtml(first.text)
    ? joinHtml([note, first.text], '\n\n')
    : `${note}\n\n${first.text}`;
  const length = isHtml(text) ? text.value.length : text.length;
  if (length > 4000) return [{ text: note }, first, ...rest];
  return [{ ...first, text }, ...rest];
}

/** 330 s → "5,5" (vi) / "5.5" (en) minutes. */
function minutes(seconds: number, lang: Lang): string {
  return (seconds / 60).toLocaleString(lang === 'vi' ? 'vi-VN' : 'en-US', {
    maximumFractionDigits: 1,
  });
}

function megabytes(bytes: number, lang: Lang): string {
  return (bytes / (1024 * 1024)).toLocaleString(lang === 'vi' ? 'vi-VN' : 'en-US', {
    maximumFractionDigits: 1,
  });
}
