/**
 * The web chat's ChannelSender: a message to a web citizen is an entry in their conversation
 * log (PostgreSQL), then a nudge on Redis so the process holding their Server-Sent Events
 * stream sends it at once. The entry is what counts: a browser that was away, or a nudge lost
 * with Redis, gets it on its next (re)connect or poll.
 *
 * What is stored is what the browser renders: the OutboundMessage without its chat id, and
 * photos as signed URLs (a web photo's `web:<id>`); a Telegram file (an official's photo) is
 * fetched through the same file route.
 */
import type { ChannelSender, OutboundMessage, SendResult } from '../types.ts';

export interface WebChatLog {
  recordOutbound(chatId: string, payload: unknown): Promise<number>;
}

export interface WebChatSenderDeps {
  log: WebChatLog;
  /** Tells the processes streaming this chat that it has a new entry; must not throw. */
  nudge: (chatId: string) => Promise<void>;
  /** The browser's URL of a stored file (a web photo, or a Telegram file id). */
  fileUrl: (fileId: string) => string;
}

/** What the browser receives for one outbound entry (rendered by public/webchat.js). */
export type WebChatPayload = { type: string } & Record<string, unknown>;

export function toWebPayload(
  message: OutboundMessage,
  fileUrl: (fileId: string) => string,
): WebChatPayload | undefined {
  switch (message.type) {
    case 'text': {
      const { chatId: _chat, ...rest } = message;
      return rest;
    }
    case 'photo':
      return {
        type: 'photo',
        url: fileUrl(message.fileId),
        ...(message.caption !== undefined ? { caption: message.caption } : {}),
        ...(message.buttons ? { buttons: message.buttons } : {}),
      };
    case 'voice':
      // An official's voice note: the browser plays it (an <audio> player).
      return {
        type: 'voice',
        url: fileUrl(message.fileId),
        ...(message.caption !== undefined ? { caption: message.caption } : {}),
        ...(message.buttons ? { buttons: message.buttons } : {}),
      };
    case 'album':
      return {
        type: 'album',
        urls: message.fileIds.map(fileUrl),
        ...(message.caption !== undefined ? { caption: message.caption } : {}),
      };
    case 'document':
      return {
        type: 'document',
        ...(message.caption !== undefined ? { caption: message.caption } : {}),
      };
    case 'location':
      return { type: 'location', latitude: message.latitude, longitude: message.longitude };
    case 'edit':
      return {
        type: 'edit',
        messageId: message.messageId,
        text: message.text,
        ...(message.buttons ? { buttons: message.buttons } : {}),
      };
    case 'answerButton':
      // A button's short answer: shown as a passing note, not kept as a message when empty.
      return message.text ? { type: 'toast', text: message.text } : undefined;
  }
}

export function createWebChatSender(deps: WebChatSenderDeps): ChannelSender {
  return {
    async send(message: OutboundMessage): Promise<SendResult> {
      const payload = toWebPayload(message, deps.fileUrl);
      if (!payload) return { messageIds: [] };
      // answerButton has no chat id: its toast goes to the chat the press came from, which the
      // caller names in callbackId (see web-chat-intake.ts).
      const chatId = message.type === 'answerButton' ? message.callbackId : message.chatId;
      const id = await deps.log.recordOutbound(chatId, payload);
      await deps.nudge(chatId);
      return { messageIds: message.type === 'edit' ? [message.messageId] : [id] };
    },
  };
}
