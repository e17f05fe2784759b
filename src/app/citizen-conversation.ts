/**
 * The citizen's side of a private chat: commands, deep links, the continue-or-start-over
 * question after a long absence, data erasure, and everything else handed to the flow engine.
 */
import type { InboundEvent, OutboundMessage } from '../channels/types.ts';
import { assertNever } from '../core/assert-never.ts';
import type { FlowInput, FlowRegistry, FlowResult, FlowRuntime, FlowState } from '../flow/types.ts';
import type { Logger } from '../logger.ts';
import type { ChatState } from './chat-state.ts';
import { parseDeepLink } from './deep-link.ts';
import { flowReplyToMessage } from './flow-replies.ts';
import type { CitizenConversationPort } from './handle-inbound.ts';
import type { StepResult } from './ports.ts';
import { TEXT, fill, t, type Lang } from './texts.ts';

/** Longest text a citizen may send in one message (the flows set tighter limits per question). */
export const MAX_TEXT_LENGTH = 4000;

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
  sessionExpiryMs: number;
  now: () => Date;
  logger: Logger;
}

export function createCitizenConversation(deps: CitizenConversationDeps): CitizenConversationPort {
  return {
    async handle(event, incoming) {
      const state: ChatState = { ...incoming };
      const messages: OutboundMessage[] = [];
      const say = (text: string, extra: Partial<Extract<OutboundMessage, { type: 'text' }>> = {}) =>
        messages.push({ type: 'text', chatId: event.chatId, text, ...extra });
      const lang = state.lang;
      if (!state.welcomed) {
        say(t(TEXT.welcome, lang));
        state.welcomed = true;
      }

      const runFlow = async (
        input: FlowInput,
        flowState = currentFlow(state),
      ): Promise<StepResult> => {
        const result = await deps.advance(
          deps.flows,
          flowState,
          input,
          await deps.runtimeFor(event, state.lang),
        );
        if (result.outcome === 'action-failed')
          deps.logger.error({ err: result.error, updateId: event.updateId }, 'flow action failed');
        state.flow = result.state;
        state.flowTouchedAt = deps.now().toISOString();
        state.resumeAsked = false;
        for (const reply of result.replies) messages.push(flowReplyToMessage(event.chatId, reply));
        return { state, messages, toast: result.toast };
      };
      const start = (flowId: string, params: Record<string, string> = {}) =>
        runFlow({ type: 'start', flowId, params }, undefined);

      const body = event.body;
      switch (body.type) {
        case 'command':
          switch (body.command) {
            case 'start': {
              const link = parseDeepLink(body.args);
              if (link.type === 'flow') return start(link.flowId, link.params);
              return start('main', link.type === 'menu' ? link.params : {});
            }
            case 'menu':
              return start('main');
            case 'help':
              say(t(TEXT.help, lang));
              return start('main');
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
            case 'cancel':
              state.flow = undefined;
              state.resumeAsked = false;
              say(t(TEXT.cancelled, lang), { replyKeyboard: { type: 'remove' } });
              return { state, messages };
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
              say(t(TEXT.unknownCommand, lang));
              return { state, messages };
          }

        case 'button': {
          const data = body.data;
          if (data === 'lang.vi' || data === 'lang.en') {
            state.lang = data === 'lang.vi' ? 'vi' : 'en';
            say(t(TEXT.languageSet, state.lang));
            return start('main');
          }
          if (data === 'resume.continue' && state.flow) {
            state.resumeAsked = false;
            state.flowTouchedAt = deps.now().toISOString();
            return runFlow({ type: 'text', text: '' });
          }
          if (data === 'resume.restart') {
            const flowId = currentFlow(state)?.flowId ?? 'main';
            return start(flowId, currentFlow(state)?.params ?? {});
          }
          if (data === 'erase.yes') {
            const erased = await deps.eraseCitizen(event);
            state.flow = undefined;
            say(t(erased ? ERASE.done : ERASE.nothing, lang));
            return { state, messages, toast: t(ERASE.toast, lang) };
          }
          if (data === 'erase.no') {
            say(t(ERASE.kept, lang));
            return { state, messages };
          }
          return (await askResumeIfIdle()) ?? runFlow({ type: 'button', data });
        }

        case 'text':
          if (body.text.length > MAX_TEXT_LENGTH) {
            say(
              fill(t(TEXT.textTooLong, lang), { length: body.text.length, max: MAX_TEXT_LENGTH }),
            );
            return { state, messages };
          }
          return (await askResumeIfIdle()) ?? runFlow({ type: 'text', text: body.text });
        case 'photo':
          return (
            (await askResumeIfIdle()) ??
            runFlow({
              type: 'photo',
              fileId: body.photo.fileId,
              fileUniqueId: body.photo.fileUniqueId,
              size: body.photo.size,
            })
          );
        case 'location':
          return (
            (await askResumeIfIdle()) ??
            runFlow({ type: 'location', latitude: body.latitude, longitude: body.longitude })
          );
        case 'contact':
          return (await askResumeIfIdle()) ?? runFlow({ type: 'contact', phone: body.phone });
        case 'document':
          return runFlow({ type: 'unsupported', what: 'document' });
        case 'unsupported':
          return runFlow({ type: 'unsupported', what: body.what });
        case 'edited':
          // An edit of an earlier answer changes nothing already taken; the citizen can go back.
          return { state, messages };
        case 'botMembership':
          // Blocked or unblocked: nothing to say (a blocked chat cannot be written to anyway).
          return { state, messages: [] };
        default:
          return assertNever(body, 'inbound body');
      }

      /** After a long absence, ask before applying the input to a half-finished flow. */
      async function askResumeIfIdle(): Promise<StepResult | undefined> {
        const flow = currentFlow(state);
        if (!flow || state.resumeAsked || !state.flowTouchedAt) return undefined;
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

const ERASE = {
  question: {
    vi:
      'Ông/Bà muốn xóa thông tin cá nhân (tên, tên người dùng, số điện thoại, liên kết trò chuyện) khỏi gopy?\n' +
      'Các phản ánh và đánh giá vẫn được giữ ở dạng ẩn danh để thống kê; sau khi xóa, gopy không thể ' +
      'gửi câu trả lời cho các phản ánh đang xử lý đến Ông/Bà nữa.',
    en:
      'Erase your personal data (name, username, phone, chat link) from gopy?\n' +
      'Reports and ratings stay, anonymised, for statistics; after erasure gopy can no longer send ' +
      'you answers to open reports.',
  },
  yes: { vi: 'Xóa thông tin của tôi', en: 'Erase my data' },
  no: { vi: 'Không, giữ lại', en: 'No, keep it' },
  done: {
    vi: 'Đã xóa thông tin cá nhân của Ông/Bà. Cảm ơn Ông/Bà đã sử dụng gopy.',
    en: 'Your personal data has been erased. Thank you for using gopy.',
  },
  nothing: {
    vi: 'Gopy không lưu thông tin cá nhân nào của Ông/Bà.',
    en: 'gopy holds no personal data of yours.',
  },
  kept: { vi: 'Đã giữ nguyên, không xóa gì.', en: 'Nothing was erased.' },
  toast: { vi: 'Đã xóa', en: 'Erased' },
};
