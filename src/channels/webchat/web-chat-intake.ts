/**
 * The web chat's intake: what a browser POSTs becomes an entry of the conversation log (once
 * per idempotency key), then an InboundEvent for the same handleInbound every channel uses. The
 * entry is stored before anything else happens, and marked handled after: a POST that failed
 * midway is sent again by the browser with the same key and handled then (the session's
 * remembered update ids keep a step from running twice), a POST repeated after success is a
 * duplicate and changes nothing.
 */
import { createHash } from 'node:crypto';
import type { InboundBody, InboundEvent } from '../types.ts';
import type { WebChatStore } from './web-chat-store.ts';

/** What the browser may send (validated by the route's schema). */
export type WebChatInput =
  | { type: 'start'; commune: string; link?: string | undefined }
  | { type: 'text'; text: string }
  | { type: 'button'; data: string; label: string; messageId?: number | undefined }
  | { type: 'location'; latitude: number; longitude: number }
  | { type: 'contact'; phone: string }
  /**
   * A picture of a type gopy does not take (HEIC, GIF…), announced by its type and not
   * uploaded: the conversation says gopy cannot read that kind of picture, and asks again.
   */
  | { type: 'otherImage'; mimeType: string }
  | {
      type: 'photo';
      /**
       * The stored photo; undefined for one over the size limit, which the page does not upload
       * (only its size comes): the conversation refuses it by its size, with the question again.
       */
      fileId: string | undefined;
      /** The same picture uploaded again has the same one (a hash of its bytes). */
      uniqueId: string;
      url: string | undefined;
      width?: number | undefined;
      height?: number | undefined;
      size: number;
    }
  | {
      type: 'voice';
      /**
       * The stored OGG/Opus recording; undefined when it was over a limit and not kept (the
       * conversation refuses it by its length or size, with the question again).
       */
      fileId: string | undefined;
      /** The same recording uploaded again has the same one (a hash of its bytes). */
      uniqueId: string;
      url: string | undefined;
      /**
       * Measured by the server from the audio itself (web-chat-voice.ts), never the browser's;
       * undefined when refused by its size before it was measured.
       */
      durationSeconds: number | undefined;
      /** The upload's bytes, as the limit counts them. */
      size: number;
    };

/**
 * The name a web citizen goes by (a browser session has none), in Vietnamese as officials'
 * texts name the channel (ALERT.webChatCitizen): lists that show a citizen's name read it.
 */
export const WEB_CITIZEN_NAME = 'Người dân (trò chuyện trên web)';

/** The browser session's chat id: a hash of its token, so the stored id opens nothing. */
export function webChatId(token: string): string {
  return `w${createHash('sha256').update(token).digest('base64url').slice(0, 32)}`;
}

/**
 * The deep link a page opens with: the page's own `?start=` (the same payloads as Telegram's
 * `t.me/<bot>?start=`: `r_<code>` rates the commune, `q_<code>_<counter>[_<staff>]` is a
 * counter's QR code) when it is about the page's commune; otherwise the commune's poster,
 * `c_<code>` (the menu, the commune chosen). An official's invite never opens from a page.
 */
function startLink(commune: string, link: string | undefined): string {
  if (link && new RegExp(`^[crq]_${commune}(?:_|$)`).test(link)) return link;
  return `c_${commune}`;
}

export function toInboundBody(input: WebChatInput, chatId: string): InboundBody {
  switch (input.type) {
    case 'start':
      return { type: 'command', command: 'start', args: startLink(input.commune, input.link) };
    case 'text': {
      const text = input.text.normalize('NFC');
      const command = /^\/([a-z_]+)(?:\s+([\s\S]*))?$/i.exec(text.trim());
      return command
        ? { type: 'command', command: command[1]!.toLowerCase(), args: command[2]?.trim() ?? '' }
        : { type: 'text', text };
    }
    case 'button':
      // The callback id names the chat: a button's short answer goes back to it (sender).
      return { type: 'button', data: input.data, callbackId: chatId };
    case 'location':
      return { type: 'location', latitude: input.latitude, longitude: input.longitude };
    case 'contact':
      // The page's «Gửi số điện thoại» only readies the box: what comes is typed, and nothing
      // vouches for it as Telegram does for a shared contact. It is read as typed text, so a
      // number is checked as one and anything else is refused kindly.
      return toInboundBody({ type: 'text', text: input.phone.trim() }, chatId);
    case 'otherImage':
      // As a kind of message gopy cannot read (as Telegram's GIF, an 'animation'): said in the
      // chat, then the question again.
      return { type: 'unsupported', what: 'image' };
    case 'photo':
      return {
        type: 'photo',
        photo: {
          // A refused photo has no file: the conversation refuses it before using one.
          fileId: input.fileId !== undefined ? `web:${input.fileId}` : 'web:not-kept',
          // As Telegram's file_unique_id: the flow takes the same photo once.
          fileUniqueId: `web:${input.uniqueId}`,
          size: input.size,
          mimeType: 'image/jpeg',
          ...(input.width !== undefined ? { width: input.width } : {}),
          ...(input.height !== undefined ? { height: input.height } : {}),
        },
      };
    case 'voice':
      return {
        type: 'voice',
        voice: {
          // A refused recording has no file: the conversation refuses it before using one.
          fileId: input.fileId !== undefined ? `web:${input.fileId}` : 'web:not-kept',
          fileUniqueId: `web:${input.uniqueId}`,
          size: input.size,
          mimeType: 'audio/ogg',
        },
        // Not measured: only a recording over the size limit, which the size refuses first.
        durationSeconds: input.durationSeconds ?? 0,
      };
  }
}

/** What the log shows of an inbound entry (the citizen's own bubble). */
function displayOf(input: WebChatInput): Record<string, unknown> {
  switch (input.type) {
    case 'start':
      return { type: 'start' };
    case 'text':
      return { type: 'text', text: input.text.normalize('NFC') };
    case 'button':
      return { type: 'button', label: input.label.normalize('NFC') };
    case 'location':
      return { type: 'location', latitude: input.latitude, longitude: input.longitude };
    case 'contact':
      return { type: 'contact', phone: input.phone.trim() };
    case 'photo':
      // A photo not uploaded (over the limit) shows its size only.
      return input.url !== undefined
        ? { type: 'photo', url: input.url }
        : { type: 'photo', size: input.size };
    case 'otherImage':
      return { type: 'otherImage', mimeType: input.mimeType };
    case 'voice':
      // The citizen hears their own note in the thread (a refused one shows its length only,
      // or its size when refused by its size: its length was never measured).
      if (input.durationSeconds === undefined) return { type: 'voice', size: input.size };
      return {
        type: 'voice',
        durationSeconds: input.durationSeconds,
        ...(input.url !== undefined ? { url: input.url } : {}),
      };
  }
}

export interface WebChatIntakeDeps {
  log: Pick<WebChatStore, 'recordInbound' | 'markHandled'>;
  handleInbound: (event: InboundEvent) => Promise<void>;
  nudge: (chatId: string) => Promise<void>;
  now: () => Date;
}

export function createWebChatIntake(deps: WebChatIntakeDeps) {
  return async function receive(
    chatId: string,
    key: string,
    input: WebChatInput,
    /** The commune of the page it was written on. */
    unitCode: string,
  ): Promise<'handled' | 'duplicate'> {
    const entry = await deps.log.recordInbound(chatId, key, displayOf(input));
    if (entry.handled) return 'duplicate';
    // The citizen's own message shows in every tab of the session at once.
    if (entry.created) await deps.nudge(chatId);
    const event: InboundEvent = {
      channel: 'web',
      updateId: entry.id,
      bot: 'web',
      chatId,
      chatType: 'private',
      user: { id: chatId, firstName: WEB_CITIZEN_NAME, languageCode: 'vi' },
      // A button press is about the message the button is on (an edit replaces that one).
      messageId: input.type === 'button' && input.messageId ? input.messageId : entry.id,
      at: deps.now(),
      body: toInboundBody(input, chatId),
      pageUnitCode: unitCode,
    };
    await deps.handleInbound(event);
    await deps.log.markHandled(entry.id, deps.now());
    return 'handled';
  };
}

export type WebChatIntake = ReturnType<typeof createWebChatIntake>;
