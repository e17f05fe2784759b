/**
 * Telegram Update → InboundEvent. Pure: no I/O, no clock, no framework at run time (the Update
 * type is grammY's, and Telegraf's updates are the same JSON), fixture-tested.
 */
import type {
  CallbackQuery,
  Chat,
  ChatMember,
  ChatMemberUpdated,
  Message,
  PhotoSize,
  Update,
  User,
} from 'grammy/types';
import type { ChannelFile, ChannelUser, ChatType, InboundBody, InboundEvent } from '../types.ts';

/** Message kinds gopy does not take in; they become `{ type: 'unsupported', what }`. */
const UNSUPPORTED_KINDS = [
  'sticker',
  'video',
  'animation',
  'video_note',
  'poll',
  'dice',
  'live_photo',
  'paid_media',
  'story',
  'checklist',
  'game',
  'invoice',
  'giveaway',
] as const;

/** `/command`, `/command@bot`, then arguments after white space (Telegram: [A-Za-z0-9_], ≤ 32). */
const COMMAND = /^\/([A-Za-z0-9_]{1,32})(?:@([A-Za-z0-9_]+))?(?:\s+([\s\S]*))?$/;

/**
 * Translates one Telegram update into the channel-neutral event, or `undefined` when it is not
 * for gopy: service messages (members joined, pinned…), channel posts, inline queries, a command
 * addressed to another bot (`/help@other_bot`), a button on an inline message, a live-location
 * update.
 *
 * - `botUsername` (without `@`) decides whether `/cmd@name` is ours; without it every command
 *   counts as ours.
 * - `receivedAt` is the time of a button press, which Telegram does not report; without it the
 *   event carries the date of the message the button is on.
 * - Text, captions, names and file names are NFC-normalized (some keyboards send decomposed
 *   Vietnamese diacritics); callback data and ids are opaque and kept as sent.
 */
export function normalizeTelegramUpdate(
  update: Update,
  botUsername?: string,
  receivedAt?: Date,
): InboundEvent | undefined {
  const id = update.update_id;
  if (update.message) return fromMessage(id, update.message, botUsername);
  if (update.edited_message) return fromEditedMessage(id, update.edited_message);
  if (update.callback_query) return fromCallbackQuery(id, update.callback_query, receivedAt);
  if (update.my_chat_member) return fromMyChatMember(id, update.my_chat_member);
  return undefined;
}

function fromMessage(
  updateId: number,
  message: Message,
  botUsername: string | undefined,
): InboundEvent | undefined {
  if (!message.from) return undefined;
  const body = messageBody(message, botUsername);
  if (body === undefined) return undefined;
  return {
    ...envelope(updateId, message.chat, message.from, unixDate(message.date)),
    messageId: message.message_id,
    ...replyTo(message),
    body,
  };
}

function messageBody(message: Message, botUsername: string | undefined): InboundBody | undefined {
  if (message.text !== undefined) return textBody(nfc(message.text), botUsername);
  const caption = message.caption === undefined ? {} : { caption: nfc(message.caption) };
  if (message.photo) {
    const largest = largestPhoto(message.photo);
    if (!largest) return undefined;
    return {
      type: 'photo',
      photo: photoFile(largest),
      ...caption,
      ...(message.media_group_id !== undefined ? { mediaGroupId: message.media_group_id } : {}),
    };
  }
  // A voice note, or an audio file (a recording shared from another app): both are speech to
  // gopy, so both become `voice`.
  const audio = message.voice ?? message.audio;
  if (audio) {
    return {
      type: 'voice',
      voice: {
        fileId: audio.file_id,
        fileUniqueId: audio.file_unique_id,
        ...(audio.file_size !== undefined ? { size: audio.file_size } : {}),
        ...(audio.mime_type !== undefined ? { mimeType: audio.mime_type } : {}),
        ...(message.audio?.file_name !== undefined
          ? { fileName: nfc(message.audio.file_name) }
          : {}),
      },
      durationSeconds: audio.duration,
      ...caption,
    };
  }
  // An animation (GIF) message also carries `document`: check the unsupported kinds first.
  const unsupported = UNSUPPORTED_KINDS.find((kind) => kind in message);
  if (unsupported) return { type: 'unsupported', what: unsupported };
  if (message.document) {
    const d = message.document;
    return {
      type: 'document',
      document: {
        fileId: d.file_id,
        fileUniqueId: d.file_unique_id,
        ...(d.file_size !== undefined ? { size: d.file_size } : {}),
        ...(d.mime_type !== undefined ? { mimeType: d.mime_type } : {}),
        ...(d.file_name !== undefined ? { fileName: nfc(d.file_name) } : {}),
      },
      ...caption,
    };
  }
  // A venue is a place picked from the map: its location is what we need.
  const location = message.location ?? message.venue?.location;
  if (location) {
    return { type: 'location', latitude: location.latitude, longitude: location.longitude };
  }
  if (message.contact) {
    return {
      type: 'contact',
      phone: message.contact.phone_number,
      ownContact:
        message.contact.user_id !== undefined && message.contact.user_id === message.from?.id,
    };
  }
  return undefined; // a service message
}

/** Undefined for a command addressed to another bot. */
function textBody(text: string, botUsername: string | undefined): InboundBody | undefined {
  const m = COMMAND.exec(text);
  if (!m) return { type: 'text', text };
  const [, command = '', addressee, args = ''] = m;
  if (
    addressee !== undefined &&
    botUsername !== undefined &&
    addressee.toLowerCase() !== botUsername.replace(/^@/, '').toLowerCase()
  ) {
    return undefined;
  }
  return { type: 'command', command: command.toLowerCase(), args: args.trim() };
}

function fromEditedMessage(updateId: number, message: Message): InboundEvent | undefined {
  if (!message.from) return undefined;
  // An edited caption is an edited text too; a live location moving is not an edit to act on.
  const text = message.text ?? message.caption;
  if (text === undefined) return undefined;
  return {
    ...envelope(updateId, message.chat, message.from, unixDate(message.edit_date ?? message.date)),
    messageId: message.message_id,
    ...replyTo(message),
    body: { type: 'edited', text: nfc(text) },
  };
}

function fromCallbackQuery(
  updateId: number,
  query: CallbackQuery,
  receivedAt: Date | undefined,
): InboundEvent | undefined {
  // Without a message the button was on an inline-mode message: gopy sends none.
  if (!query.message || query.data === undefined) return undefined;
  return {
    ...envelope(
      updateId,
      query.message.chat,
      query.from,
      receivedAt ?? unixDate(query.message.date),
    ),
    messageId: query.message.message_id,
    body: { type: 'button', data: query.data, callbackId: query.id },
  };
}

function fromMyChatMember(updateId: number, change: ChatMemberUpdated): InboundEvent {
  return {
    ...envelope(updateId, change.chat, change.from, unixDate(change.date)),
    body: {
      type: 'botMembership',
      status: canWrite(change.new_chat_member) ? 'active' : 'removed',
    },
  };
}

function canWrite(member: ChatMember): boolean {
  switch (member.status) {
    case 'creator':
    case 'administrator':
    case 'member':
      return true;
    case 'restricted':
      return member.is_member && member.can_send_messages;
    case 'left':
    case 'kicked':
      return false;
    default:
      return false; // a status Telegram adds later: assume the bot cannot write
  }
}

function envelope(
  updateId: number,
  chat: Chat,
  from: User,
  at: Date,
): Pick<
  InboundEvent,
  'channel' | 'updateId' | 'chatId' | 'chatType' | 'chatTitle' | 'user' | 'at'
> {
  return {
    channel: 'telegram',
    updateId,
    chatId: String(chat.id),
    chatType: chat.type satisfies ChatType,
    ...('title' in chat && chat.title !== undefined ? { chatTitle: nfc(chat.title) } : {}),
    user: channelUser(from),
    at,
  };
}

function channelUser(user: User): ChannelUser {
  return {
    id: String(user.id),
    firstName: nfc(user.first_name),
    ...(user.last_name !== undefined ? { lastName: nfc(user.last_name) } : {}),
    ...(user.username !== undefined ? { username: user.username } : {}),
    ...(user.language_code !== undefined ? { languageCode: user.language_code } : {}),
    ...(user.is_bot ? { isBot: true } : {}),
  };
}

/**
 * In a forum topic every message "replies" to the topic's creation message; that is not a reply
 * a person made, so it is left out.
 */
function replyTo(message: Message): Pick<InboundEvent, 'replyToMessageId'> {
  const reply = message.reply_to_message;
  if (!reply || reply.forum_topic_created !== undefined) return {};
  return { replyToMessageId: reply.message_id };
}

/** Telegram lists sizes smallest first; pick the most pixels anyway, not the last entry. */
function largestPhoto(sizes: PhotoSize[]): PhotoSize | undefined {
  return sizes.reduce<PhotoSize | undefined>(
    (best, size) => (!best || size.width * size.height > best.width * best.height ? size : best),
    undefined,
  );
}

function photoFile(p: PhotoSize): ChannelFile {
  return {
    fileId: p.file_id,
    fileUniqueId: p.file_unique_id,
    ...(p.file_size !== undefined ? { size: p.file_size } : {}),
    width: p.width,
    height: p.height,
  };
}

function unixDate(seconds: number): Date {
  return new Date(seconds * 1000);
}

function nfc(text: string): string {
  return text.normalize('NFC');
}
