/**
 * The links the web chat hands out that open something without the session token: a ticket's
 * page (the citizen keeps it after the chat is closed) and a photo (shown in the chat, and
 * fetched by Telegram for the officials' copy). Each carries an HMAC of what it opens under the
 * installation's secret, so a link cannot be guessed or altered into another one.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { ChannelSender, OutboundMessage } from '../types.ts';

export type LinkPurpose = 'ticket' | 'file';

export function createWebChatLinks(secret: string) {
  const sign = (purpose: LinkPurpose, value: string) =>
    createHmac('sha256', secret).update(`${purpose}:${value}`).digest('base64url').slice(0, 24);
  return {
    sign,
    verify(purpose: LinkPurpose, value: string, signature: string): boolean {
      const expected = Buffer.from(sign(purpose, value));
      const given = Buffer.from(signature);
      return given.length === expected.length && timingSafeEqual(given, expected);
    },
    /** The path of a photo: a web one (`web:<id>`), or an official's on Telegram. */
    filePath(fileId: string): string {
      const k = sign('file', fileId);
      if (fileId.startsWith('web:')) return `/chat/files/${fileId.slice(4)}?k=${k}`;
      return `/chat/files/tg?id=${encodeURIComponent(fileId)}&k=${k}`;
    },
    ticketPath(unitCode: string, ticketCode: string): string {
      return `/chat/${unitCode}/t/${ticketCode}?k=${sign('ticket', ticketCode)}`;
    },
  };
}

export type WebChatLinks = ReturnType<typeof createWebChatLinks>;

/**
 * Telegram's sender for messages that carry web photos: a `web:<id>` file id becomes the
 * photo's signed absolute URL, which Telegram fetches (sendPhoto and sendMediaGroup take URLs).
 */
export function withWebPhotos(
  sender: ChannelSender,
  absoluteUrl: (fileId: string) => string,
): ChannelSender {
  // A Zalo citizen's photo (`zalo:<url>`) is fetched by Telegram the same way.
  const map = (id: string) =>
    id.startsWith('web:') || id.startsWith('zalo:') ? absoluteUrl(id) : id;
  return {
    // Keeps the sender's count of messages (an album counts its photos against the limits).
    ...sender,
    send(message: OutboundMessage) {
      switch (message.type) {
        case 'photo':
        case 'document':
        case 'voice':
          return sender.send({ ...message, fileId: map(message.fileId) });
        case 'album':
          return sender.send({ ...message, fileIds: message.fileIds.map(map) });
        case 'text':
        case 'location':
        case 'edit':
        case 'answerButton':
          return sender.send(message);
      }
    },
  };
}
