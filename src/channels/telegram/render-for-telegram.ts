/**
 * OutboundMessage → Telegram Bot API calls. Pure: no I/O, no framework, fixture-tested.
 */
import { assertNever } from '../../core/assert-never.ts';
import { isHtml } from '../../core/html.ts';
import { ChannelError } from '../channel-error.ts';
import type { Button, MessageText, OutboundMessage, ReplyKeyboard } from '../types.ts';
import {
  splitTelegramText,
  telegramTextLength,
  truncateTelegramText,
} from './split-telegram-text.ts';

/** Telegram's documented limits (visible characters in UTF-16 code units; bytes for callback data). */
export const TELEGRAM_LIMITS = {
  text: 4096,
  caption: 1024,
  callbackDataBytes: 64,
  mediaGroup: 10,
  callbackAnswer: 200,
} as const;

/** The Bot API methods the renderer produces. */
export type TelegramMethod =
  | 'sendMessage'
  | 'sendPhoto'
  | 'sendMediaGroup'
  | 'sendDocument'
  | 'sendVoice'
  | 'sendLocation'
  | 'editMessageText'
  | 'editMessageCaption'
  | 'answerCallbackQuery';

/** One Bot API call: the method name and its JSON payload. */
export interface TelegramCall {
  method: TelegramMethod;
  payload: Record<string, unknown>;
}

/**
 * Renders one outbound message as the Bot API calls that deliver it, in order.
 *
 * - Text is sent with `parse_mode: 'HTML'` only when it is Html (core/html.ts); a plain string is
 *   sent as is, so user text can never become markup.
 * - Text over 4096 characters becomes several messages, split at line breaks (never inside a tag,
 *   an entity or a grapheme; see splitTelegramText). The reply reference goes on the first
 *   message, the buttons or keyboard on the last, so they sit under the end of the text.
 * - A caption over 1024 characters is not truncated (an answer to a citizen must not lose its
 *   end): the media is sent without a caption, then the caption follows as text message(s) that
 *   carry the buttons.
 * - An album of 1 photo is a sendPhoto; of 2–10 one sendMediaGroup; of more, several groups of
 *   balanced sizes (11 → 6 + 5, never a group of 1), the caption on the first item.
 * - An edit cannot become several messages: its text is truncated to 4096 with "…" (a photo's
 *   caption, edited with editMessageCaption, to 1024).
 *
 * Throws ChannelError('bad_request') for what Telegram would refuse anyway and retrying cannot
 * fix: callback data outside 1–64 bytes, inline buttons together with a reply keyboard (a
 * Telegram message carries one keyboard), empty text, an empty album.
 */
export function renderForTelegram(message: OutboundMessage): TelegramCall[] {
  switch (message.type) {
    case 'text':
      return textCalls(message.chatId, message.text, {
        replyMarkup: replyMarkup(message.buttons, message.replyKeyboard),
        replyToMessageId: message.replyToMessageId,
      });
    case 'photo':
      return mediaCalls('sendPhoto', 'photo', message.chatId, message.fileId, message.caption, {
        replyMarkup: replyMarkup(message.buttons, undefined),
        replyToMessageId: message.replyToMessageId,
      });
    case 'document':
      return mediaCalls(
        'sendDocument',
        'document',
        message.chatId,
        message.fileId,
        message.caption,
        {},
      );
    case 'voice':
      return mediaCalls('sendVoice', 'voice', message.chatId, message.fileId, message.caption, {
        replyMarkup: replyMarkup(message.buttons, undefined),
        replyToMessageId: message.replyToMessageId,
      });
    case 'album':
      return albumCalls(message.chatId, message.fileIds, message.caption, message.replyToMessageId);
    case 'location':
      return [
        {
          method: 'sendLocation',
          payload: {
            chat_id: chatIdParam(message.chatId),
            latitude: message.latitude,
            longitude: message.longitude,
          },
        },
      ];
    case 'edit': {
      const limit = message.caption ? TELEGRAM_LIMITS.caption : TELEGRAM_LIMITS.text;
      const text = truncateTelegramText(message.text, limit);
      if (telegramTextLength(text) === 0) throw badRequest('edit: text is empty');
      const markup = replyMarkup(message.buttons, undefined);
      return [
        {
          method: message.caption ? 'editMessageCaption' : 'editMessageText',
          payload: {
            chat_id: chatIdParam(message.chatId),
            message_id: message.messageId,
            ...(message.caption ? captionParams(text) : textParams(text)),
            // Without reply_markup Telegram removes the inline keyboard: no buttons means none.
            ...(markup ? { reply_markup: markup } : {}),
          },
        },
      ];
    }
    case 'answerButton': {
      const text =
        message.text === undefined
          ? undefined
          : truncateTelegramText(message.text, TELEGRAM_LIMITS.callbackAnswer);
      return [
        {
          method: 'answerCallbackQuery',
          payload: {
            callback_query_id: message.callbackId,
            ...(text !== undefined ? { text } : {}),
            ...(message.alert ? { show_alert: true } : {}),
          },
        },
      ];
    }
    default:
      return assertNever(message, 'outbound message');
  }
}

interface TextOptions {
  replyMarkup?: Record<string, unknown> | undefined;
  replyToMessageId?: number | undefined;
}

function textCalls(chatId: string, text: MessageText, options: TextOptions): TelegramCall[] {
  const pieces = splitTelegramText(text, TELEGRAM_LIMITS.text);
  if (pieces.length === 0) throw badRequest('sendMessage: text is empty');
  return pieces.map((piece, i) => ({
    method: 'sendMessage',
    payload: {
      chat_id: chatIdParam(chatId),
      ...textParams(piece),
      ...(i === 0 && options.replyToMessageId !== undefined
        ? {
            reply_parameters: {
              message_id: options.replyToMessageId,
              allow_sending_without_reply: true,
            },
          }
        : {}),
      ...(i === pieces.length - 1 && options.replyMarkup
        ? { reply_markup: options.replyMarkup }
        : {}),
    },
  }));
}

function mediaCalls(
  method: 'sendPhoto' | 'sendDocument' | 'sendVoice',
  field: 'photo' | 'document' | 'voice',
  chatId: string,
  fileId: string,
  caption: MessageText | undefined,
  options: TextOptions,
): TelegramCall[] {
  const base = {
    chat_id: chatIdParam(chatId),
    [field]: fileId,
    ...(options.replyToMessageId !== undefined
      ? {
          reply_parameters: {
            message_id: options.replyToMessageId,
            allow_sending_without_reply: true,
          },
        }
      : {}),
  };
  const markup = options.replyMarkup ? { reply_markup: options.replyMarkup } : {};
  if (caption === undefined || telegramTextLength(caption) === 0) {
    return [{ method, payload: { ...base, ...markup } }];
  }
  if (telegramTextLength(caption) <= TELEGRAM_LIMITS.caption) {
    return [{ method, payload: { ...base, ...captionParams(caption), ...markup } }];
  }
  return [
    { method, payload: base },
    ...textCalls(chatId, caption, { replyMarkup: options.replyMarkup }),
  ];
}

function albumCalls(
  chatId: string,
  fileIds: string[],
  caption: MessageText | undefined,
  replyToMessageId: number | undefined,
): TelegramCall[] {
  const [only] = fileIds;
  if (only === undefined) throw badRequest('album: no photos');
  if (fileIds.length === 1)
    return mediaCalls('sendPhoto', 'photo', chatId, only, caption, { replyToMessageId });

  const captionFits =
    caption !== undefined &&
    telegramTextLength(caption) > 0 &&
    telegramTextLength(caption) <= TELEGRAM_LIMITS.caption;
  const calls: TelegramCall[] = balancedGroups(fileIds, TELEGRAM_LIMITS.mediaGroup).map(
    (group, g) => ({
      method: 'sendMediaGroup',
      payload: {
        chat_id: chatIdParam(chatId),
        // The first group replies; the others follow it.
        ...(g === 0 && replyToMessageId !== undefined
          ? {
              reply_parameters: { message_id: replyToMessageId, allow_sending_without_reply: true },
            }
          : {}),
        media: group.map((fileId, i) => ({
          type: 'photo',
          media: fileId,
          ...(g === 0 && i === 0 && caption !== undefined && captionFits
            ? captionParams(caption)
            : {}),
        })),
      },
    }),
  );
  if (caption !== undefined && !captionFits && telegramTextLength(caption) > 0) {
    calls.push(...textCalls(chatId, caption, {}));
  }
  return calls;
}

/** Splits items into the fewest groups of at most `max`, sizes differing by at most one. */
function balancedGroups<T>(items: readonly T[], max: number): T[][] {
  const count = Math.ceil(items.length / max);
  const base = Math.floor(items.length / count);
  const extra = items.length % count;
  const groups: T[][] = [];
  let at = 0;
  for (let g = 0; g < count; g++) {
    const size = base + (g < extra ? 1 : 0);
    groups.push(items.slice(at, at + size));
    at += size;
  }
  return groups;
}

function replyMarkup(
  buttons: Button[][] | undefined,
  keyboard: ReplyKeyboard | undefined,
): Record<string, unknown> | undefined {
  const rows = (buttons ?? []).filter((row) => row.length > 0);
  if (rows.length > 0 && keyboard !== undefined) {
    throw badRequest(
      'a Telegram message carries one keyboard: send inline buttons and a reply keyboard in two messages',
    );
  }
  if (rows.length > 0) return { inline_keyboard: rows.map((row) => row.map(inlineButton)) };
  if (keyboard === undefined) return undefined;
  switch (keyboard.type) {
    case 'request':
      return {
        // One button a row: Vietnamese labels are long, and these are one or two buttons.
        keyboard: keyboard.buttons.map((b) => [
          {
            text: b.label,
            ...(b.request === 'location' ? { request_location: true } : {}),
            ...(b.request === 'contact' ? { request_contact: true } : {}),
          },
        ]),
        resize_keyboard: true,
        one_time_keyboard: true,
      };
    case 'remove':
      return { remove_keyboard: true };
    default:
      return assertNever(keyboard, 'reply keyboard');
  }
}

function inlineButton(button: Button): Record<string, unknown> {
  switch (button.type) {
    case 'callback': {
      const bytes = Buffer.byteLength(button.data, 'utf8');
      if (bytes < 1 || bytes > TELEGRAM_LIMITS.callbackDataBytes) {
        throw badRequest(
          `callback_data of button "${button.label}" is ${bytes} bytes; Telegram allows 1–${TELEGRAM_LIMITS.callbackDataBytes}`,
        );
      }
      return { text: button.label, callback_data: button.data };
    }
    case 'url':
      return { text: button.label, url: button.url };
    default:
      return assertNever(button, 'button');
  }
}

function textParams(text: MessageText): Record<string, unknown> {
  return isHtml(text) ? { text: text.value, parse_mode: 'HTML' } : { text };
}

function captionParams(caption: MessageText): Record<string, unknown> {
  return isHtml(caption) ? { caption: caption.value, parse_mode: 'HTML' } : { caption };
}

/** Numeric ids go as numbers, as Telegram's own clients send them; `@channel` names as strings. */
function chatIdParam(chatId: string): number | string {
  return /^-?\d+$/.test(chatId) ? Number(chatId) : chatId;
}

function badRequest(message: string): ChannelError {
  return new ChannelError('bad_request', message);
}
