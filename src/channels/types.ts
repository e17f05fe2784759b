/**
 * The transport seam. Adapters (Telegram through grammY or Telegraf, the simulator, later Zalo
 * and a web chat) translate their updates into InboundEvent and render OutboundMessage; every
 * decision about citizens, officials and reports is made in app/ on these types.
 */
import type { Html } from '../core/html.ts';

/**
 * Where a person talks to gopy. Officials are always on Telegram; citizens may come from any
 * channel, and a citizen is (channel, external id): a Telegram user, a web chat's browser
 * session, a Zalo follower, or a connected Open311 system (answered over Open311, no chat). What is sent to a citizen goes out through their channel's sender.
 */
export const CHANNELS = ['telegram', 'web', 'zalo', 'open311'] as const;
export type ChannelName = (typeof CHANNELS)[number];

/** A chat on some channel: where a message goes. */
export interface ChatAddress {
  channel: ChannelName;
  chatId: string;
}

/**
 * How a person does on the channel what a question asks for, so the question can name it:
 * - `voiceNotes`: records a voice note by holding the messenger's microphone button (Telegram,
 *   Zalo), or pressing the web chat's «🎤 Ghi âm» (shown on a question that takes one);
 * - `photoPicker`: sends a photo with Telegram's paperclip 📎, the web chat page's «📷 Gửi ảnh»
 *   button, or the picture icon 🖼 beside Zalo's message box;
 * - `locationSharer`: shares where they are with Telegram's reply-keyboard button under the
 *   message box, the web chat page's «📍 Gửi vị trí» button (the browser then asks for
 *   permission), or Zalo's own sharing (the ⋯ beside the message box, then «Vị trí»): a Zalo
 *   OA cannot show a location button;
 * - `contactSharer`: gives a phone number with Telegram's reply-keyboard button (shares the
 *   account's number), the web chat page's button (it readies the message box for a number the
 *   person types), or by typing only (a Zalo OA cannot ask for the number).
 */
export interface ChannelControls {
  voiceNotes: 'hold' | 'press';
  photoPicker: 'paperclip' | 'pageButton' | 'imageIcon';
  locationSharer: 'keyboardButton' | 'pageButton' | 'zaloMenu';
  contactSharer: 'keyboardButton' | 'pageButton' | 'typed';
}

const CONTROLS: Record<ChannelName, ChannelControls | undefined> = {
  telegram: {
    voiceNotes: 'hold',
    photoPicker: 'paperclip',
    locationSharer: 'keyboardButton',
    contactSharer: 'keyboardButton',
  },
  web: {
    voiceNotes: 'press',
    photoPicker: 'pageButton',
    locationSharer: 'pageButton',
    contactSharer: 'pageButton',
  },
  zalo: {
    voiceNotes: 'hold',
    photoPicker: 'imageIcon',
    locationSharer: 'zaloMenu',
    contactSharer: 'typed',
  },
  // No chat to do any of it in: answered over Open311.
  open311: undefined,
};

/** See ChannelControls; undefined for a channel without a chat (Open311). */
export function channelControls(channel: ChannelName): ChannelControls | undefined {
  return CONTROLS[channel];
}

export function isChannelName(value: string): value is ChannelName {
  return (CHANNELS as readonly string[]).includes(value);
}

export interface ChannelUser {
  id: string;
  firstName: string;
  lastName?: string;
  username?: string;
  languageCode?: string;
  isBot?: boolean;
}

export type ChatType = 'private' | 'group' | 'supergroup' | 'channel';

/** A file the channel keeps; we store its id, never its bytes. */
export interface ChannelFile {
  fileId: string;
  fileUniqueId?: string;
  size?: number;
  mimeType?: string;
  fileName?: string;
  width?: number;
  height?: number;
}

export type InboundBody =
  | { type: 'text'; text: string }
  | { type: 'command'; command: string; args: string }
  | { type: 'button'; data: string; callbackId: string }
  | { type: 'photo'; photo: ChannelFile; caption?: string; mediaGroupId?: string }
  | { type: 'document'; document: ChannelFile; caption?: string }
  /**
   * A recorded voice note (Telegram `voice`) or an audio clip (Telegram `audio`, Zalo audio):
   * many elderly citizens speak rather than type. `durationSeconds` as the channel reports it;
   * size and MIME type, when known, in `voice`.
   */
  | { type: 'voice'; voice: ChannelFile; durationSeconds: number; caption?: string }
  | { type: 'location'; latitude: number; longitude: number }
  | { type: 'contact'; phone: string; ownContact: boolean }
  | { type: 'edited'; text: string }
  | { type: 'unsupported'; what: string } // sticker, video, poll...
  /**
   * The bot's own membership in this chat changed, by `user`: 'active' when it was added to a
   * group or unblocked in a private chat, 'removed' when it was removed, or blocked by the person
   * (a private chat), so nothing sent there will arrive.
   */
  | { type: 'botMembership'; status: 'active' | 'removed' };

export interface InboundEvent {
  channel: ChannelName;
  /** Unique per channel and increasing per bot; used to drop redelivered updates. */
  updateId: number;
  /**
   * The bot (account) that received it, e.g. the id in a Telegram token: update ids are
   * numbered per bot, so a new bot token on the same database starts again from anywhere.
   */
  bot?: string;
  chatId: string;
  chatType: ChatType;
  chatTitle?: string;
  user: ChannelUser;
  /** The message this event is (or, for a button, the message the button is on). */
  messageId?: number;
  /** The message it replies to, for threading. */
  replyToMessageId?: number;
  at: Date;
  body: InboundBody;
  /**
   * The commune whose page the message was written on (the web chat's `/chat/<code>`): every
   * flow of that conversation is about it, so its citizen is never asked for the commune.
   */
  pageUnitCode?: string;
  /**
   * Set when the event came in a webhook request that is answered as soon as it is handled
   * (Telegram's): a redelivery can then only follow a failure before that answer.
   */
  webhook?: WebhookAnswer;
}

/** The answer to the webhook request an event came in (InboundEvent.webhook). */
export interface WebhookAnswer {
  /**
   * Hands over a button's answer for the webhook's answer to carry: Telegram runs that call
   * and tells nothing back, which a button's answer never needs (its failures are ignored).
   * One per answer; false when it cannot be carried (send it the usual way).
   */
  carry(message: OutboundMessage): boolean;
}

export type Button =
  { type: 'callback'; label: string; data: string } | { type: 'url'; label: string; url: string };

/** Keyboard under the input field, for Telegram's location and contact requests. */
export type ReplyKeyboard =
  | { type: 'request'; buttons: Array<{ label: string; request?: 'location' | 'contact' }> }
  | { type: 'remove' };

export type MessageText = string | Html;

export type OutboundMessage =
  | {
      type: 'text';
      chatId: string;
      text: MessageText;
      buttons?: Button[][];
      replyKeyboard?: ReplyKeyboard;
      replyToMessageId?: number;
      /** The question takes a voice note (the web chat shows its recorder; others ignore it). */
      takesVoice?: boolean;
      /**
       * It asks for typed text (FlowReply.asksText): a channel that numbers buttons shows them
       * unnumbered, so a typed number is the answer, not a press.
       */
      asksText?: boolean;
    }
  | {
      type: 'photo';
      chatId: string;
      fileId: string;
      caption?: MessageText;
      buttons?: Button[][];
      replyToMessageId?: number;
    }
  | {
      type: 'album';
      chatId: string;
      fileIds: string[];
      caption?: MessageText;
      /** The album replies to this message (an alert's photos under the alert). */
      replyToMessageId?: number;
    }
  | {
      type: 'document';
      chatId: string;
      fileId: string;
      caption?: MessageText;
      /**
       * The unit the file comes from, as a word ("xã", "phường"), for a channel that cannot
       * show the file and says where to get it (Zalo: «nhận bản giấy tại UBND phường»).
       */
      unitWord?: string;
    }
  /** A voice note or audio clip, played in the chat (Telegram sendVoice). */
  | {
      type: 'voice';
      chatId: string;
      fileId: string;
      caption?: MessageText;
      buttons?: Button[][];
      replyToMessageId?: number;
      /** As a document's: whose officials spoke it, for a channel that cannot play it. */
      unitWord?: string;
    }
  | { type: 'location'; chatId: string; latitude: number; longitude: number }
  | {
      type: 'edit';
      chatId: string;
      messageId: number;
      text: MessageText;
      buttons?: Button[][];
      /** The message is a photo and `text` its caption. */
      caption?: boolean;
    }
  | { type: 'answerButton'; callbackId: string; text?: string; alert?: boolean };

/** What a send produced: the ids of the messages the channel created. */
export interface SendResult {
  messageIds: number[];
  /**
   * The channel took the message but holds it for later (Zalo, outside the citizen's reply
   * window): it goes out when the citizen writes again. Whoever wrote it should be told.
   */
  held?: boolean;
}

/** Sends one outbound message. Throws ChannelError (with retryAfter or blocked) on failure. */
export interface ChannelSender {
  send(message: OutboundMessage): Promise<SendResult>;
  /**
   * How many messages `send` puts in the chat (a split text, an album's photos), as the
   * channel's rate limit counts them; 1 when not given.
   */
  messagesIn?(message: OutboundMessage): number;
  /**
   * Drops what the channel itself keeps of a chat (Zalo's reply window): called once the person
   * erased their data and the answer to it is out.
   */
  forgetChat?(chatId: string): Promise<void>;
}
