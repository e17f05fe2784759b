/**
 * ChannelSender over any Bot API client: renders the message, makes the calls in order, and
 * translates the client's errors into ChannelError. Knows no framework: the grammY and Telegraf
 * adapters (createGrammyCall, createTelegrafCall) only supply `call`.
 */
import { ChannelError } from '../channel-error.ts';
import type { ChannelSender, OutboundMessage, SendResult } from '../types.ts';
import { renderForTelegram } from './render-for-telegram.ts';

/**
 * Makes one Bot API call and resolves with its `result`; rejects with the client's own error
 * (grammY's GrammyError / HttpError, Telegraf's TelegramError / FetchError).
 */
export type TelegramCallFn = (method: string, payload: Record<string, unknown>) => Promise<unknown>;

/** What Telegram answered when it refused a call, whichever client carried it. */
export interface TelegramApiFailure {
  errorCode: number;
  description: string;
  retryAfter?: number;
}

/**
 * Builds the Telegram ChannelSender. `send` makes the rendered calls one after another and
 * resolves with the ids of every message created (none for answerCallbackQuery; the edited
 * message's id for an edit).
 *
 * A message that needs several calls (long text, album with an overflowing caption) is not
 * atomic: when a later call fails, the earlier messages were delivered and the error is thrown;
 * a retry sends them again.
 *
 * Errors (ChannelError.reason): 429 → rate_limited with retryAfterSeconds from
 * `parameters.retry_after`; 403 (blocked, deactivated, kicked) and 400 "chat not found" →
 * blocked; 400 "message is not modified" → success; other 4xx → bad_request; 5xx and anything
 * that never reached Telegram → network. A ChannelError from the renderer passes through.
 */
export function createTelegramSender(call: TelegramCallFn): ChannelSender {
  return {
    async send(message: OutboundMessage): Promise<SendResult> {
      const messageIds: number[] = [];
      for (const { method, payload } of renderForTelegram(message)) {
        let result: unknown;
        try {
          result = await call(method, payload);
        } catch (error) {
          const failure = telegramApiFailure(error);
          if (failure && isNotModified(failure)) {
            if (typeof payload.message_id === 'number') messageIds.push(payload.message_id);
            continue;
          }
          throw toChannelError(error, method);
        }
        messageIds.push(...messageIdsOf(result));
      }
      return { messageIds };
    },
    messagesIn(message: OutboundMessage): number {
      return telegramMessagesIn(message);
    },
  };
}

/**
 * The messages Telegram counts against its limits for one outbound message: one per call that
 * sends, one per photo of an album; none for an edit or a button's answer.
 */
export function telegramMessagesIn(message: OutboundMessage): number {
  let count = 0;
  for (const { method, payload } of renderForTelegram(message)) {
    if (
      method === 'editMessageText' ||
      method === 'editMessageCaption' ||
      method === 'answerCallbackQuery'
    )
      continue;
    count += method === 'sendMediaGroup' && Array.isArray(payload.media) ? payload.media.length : 1;
  }
  return count;
}

/** Translates a Bot API client's error into ChannelError (see createTelegramSender). */
export function toChannelError(error: unknown, method: string): ChannelError {
  if (error instanceof ChannelError) return error;
  const failure = telegramApiFailure(error);
  if (!failure) {
    const reason = error instanceof Error ? error.message : String(error);
    return new ChannelError('network', `${method}: ${reason}`, undefined, { cause: error });
  }
  const message = `${method}: ${failure.errorCode} ${failure.description}`;
  if (failure.errorCode === 429) {
    return new ChannelError('rate_limited', message, failure.retryAfter, { cause: error });
  }
  if (failure.errorCode === 403 || (failure.errorCode === 400 && isChatNotFound(failure))) {
    return new ChannelError('blocked', message, undefined, { cause: error });
  }
  if (failure.errorCode >= 500) {
    return new ChannelError('network', message, failure.retryAfter, { cause: error });
  }
  return new ChannelError('bad_request', message, undefined, { cause: error });
}

/**
 * Reads Telegram's refusal from either client's error: grammY's GrammyError carries
 * `error_code`, `description`, `parameters`; Telegraf's TelegramError carries them in `response`.
 * Undefined when the call never got an answer from Telegram (network, timeout, abort).
 */
export function telegramApiFailure(error: unknown): TelegramApiFailure | undefined {
  if (!isRecord(error)) return undefined;
  const answer = typeof error.error_code === 'number' ? error : error.response;
  if (!isRecord(answer) || typeof answer.error_code !== 'number') return undefined;
  const parameters = isRecord(answer.parameters) ? answer.parameters : {};
  return {
    errorCode: answer.error_code,
    description: typeof answer.description === 'string' ? answer.description : '',
    ...(typeof parameters.retry_after === 'number' ? { retryAfter: parameters.retry_after } : {}),
  };
}

/** An edit that changes nothing: what the citizen sees is already what we wanted. */
function isNotModified(failure: TelegramApiFailure): boolean {
  return failure.errorCode === 400 && /message is not modified/i.test(failure.description);
}

/** The user never opened the bot, or the chat is gone: as unreachable as a blocked bot. */
function isChatNotFound(failure: TelegramApiFailure): boolean {
  return /chat not found/i.test(failure.description);
}

function messageIdsOf(result: unknown): number[] {
  const messages = Array.isArray(result) ? result : [result];
  return messages.flatMap((m) =>
    isRecord(m) && typeof m.message_id === 'number' ? [m.message_id] : [],
  );
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}
