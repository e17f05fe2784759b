/**
 * The Zalo channel's ChannelSender. Zalo takes a customer-service message only inside the
 * citizen's reply window (48 hours and 8 replies after their last message, each quoting it), so
 * each message part first takes a slot of the window (a conditional update in PostgreSQL: every
 * replica counts together). Outside the window the message is held (stored) and the send
 * reports `held`: the caller tells whoever wrote it, and `flushHeld` sends it when the citizen
 * writes again. Parts already held go first: nothing overtakes a waiting message.
 */
import { ChannelError } from '../channel-error.ts';
import type { ChannelSender, OutboundMessage, SendResult } from '../types.ts';
import type { Logger } from '../../logger.ts';
import type { ZaloStore } from './zalo-store.ts';
import type { ZaloApi } from './zalo-api.ts';
import { ZaloApiError, ZALO_WINDOW_CLOSED } from './zalo-errors.ts';
import { fitZaloImage } from './fit-zalo-image.ts';
import {
  renderForZalo,
  zaloImageMessage,
  zaloTextMessage,
  type ZaloPart,
} from './render-for-zalo.ts';

/** Zalo's reply window after each message of the citizen. */
export const ZALO_WINDOW_MS = 48 * 3_600_000;
export const ZALO_REPLIES_PER_MESSAGE = 8;

export type ZaloChats = Pick<
  ZaloStore,
  | 'takeReplySlot'
  | 'returnReplySlot'
  | 'closeWindow'
  | 'setButtons'
  | 'hold'
  | 'held'
  | 'countHeld'
  | 'markHeldSent'
  | 'forgetChat'
>;

export interface ZaloSenderDeps {
  api: ZaloApi;
  chats: ZaloChats;
  /** The bytes of a photo to upload: an official's (Telegram file id) or a citizen's. */
  readFile: (fileId: string) => Promise<{ data: Uint8Array; mimeType: string } | undefined>;
  /** An address where the citizen can open a file Zalo cannot carry (a voice note). */
  fileUrl?: (fileId: string) => string;
  now: () => Date;
  logger: Logger;
}

export interface ZaloSender extends ChannelSender {
  /** Sends what is held for the citizen, oldest first, while the window lasts. */
  flushHeld(userId: string): Promise<number>;
}

type PartOutcome = 'sent' | 'closed';

export function createZaloSender(deps: ZaloSenderDeps): ZaloSender {
  const userOf = (message: OutboundMessage) =>
    message.type === 'answerButton' ? message.callbackId.replace(/^zalo:/, '') : message.chatId;

  async function sendPart(userId: string, part: ZaloPart): Promise<PartOutcome> {
    const slot = await deps.chats.takeReplySlot(
      userId,
      deps.now(),
      ZALO_WINDOW_MS,
      ZALO_REPLIES_PER_MESSAGE,
    );
    if (!slot) return 'closed';
    const quote = slot.quoteMessageId ? { quote_message_id: slot.quoteMessageId } : {};
    try {
      if (part.type === 'text') {
        await deps.api.sendCs(userId, { ...zaloTextMessage(part), ...quote });
        await deps.chats.setButtons(userId, part.choices ?? []);
      } else {
        const file = await deps.readFile(part.fileId);
        if (!file) throw new ChannelError('bad_request', 'photo not readable for Zalo');
        const fit = await fitZaloImage(file.data, file.mimeType);
        const attachmentId = await deps.api.uploadImage(fit.data, fit.mimeType);
        await deps.api.sendCs(userId, {
          ...zaloImageMessage(attachmentId, part.caption),
          ...quote,
        });
      }
      return 'sent';
    } catch (err) {
      if (err instanceof ZaloApiError && ZALO_WINDOW_CLOSED.has(err.zaloCode)) {
        // Zalo knows better than our count (a reply sent from Zalo's own console, say).
        await deps.chats.closeWindow(userId);
        return 'closed';
      }
      await deps.chats.returnReplySlot(userId);
      if (err instanceof ChannelError) throw err;
      if (err instanceof ZaloApiError)
        throw new ChannelError(
          err.zaloCode === 0 ? 'network' : 'bad_request',
          err.message,
          undefined,
          { cause: err },
        );
      throw new ChannelError('network', 'zalo send failed', undefined, { cause: err });
    }
  }

  return {
    async send(message: OutboundMessage): Promise<SendResult> {
      const userId = userOf(message);
      const parts = renderForZalo(message, deps.fileUrl);
      if (parts.length === 0) return { messageIds: [] };
      let waiting = (await deps.chats.countHeld(userId)) > 0;
      let sent = 0;
      for (const part of parts) {
        if (!waiting && (await sendPart(userId, part)) === 'sent') {
          sent++;
          continue;
        }
        waiting = true;
        await deps.chats.hold(userId, part);
      }
      if (waiting)
        deps.logger.info({ parts: parts.length - sent }, 'zalo: outside the reply window, held');
      // Zalo's message ids are strings; nothing refers to a Zalo message by a number.
      return waiting ? { messageIds: [], held: true } : { messageIds: [] };
    },

    forgetChat: (userId) => deps.chats.forgetChat(userId),

    async flushHeld(userId) {
      let sent = 0;
      for (const entry of await deps.chats.held(userId)) {
        const part = entry.message as ZaloPart;
        let outcome: PartOutcome;
        try {
          outcome = await sendPart(userId, part);
        } catch (err) {
          if (err instanceof ChannelError && err.reason === 'bad_request') {
            // Zalo will never take it: dropped, so the ones after it are not stuck.
            deps.logger.error({ err, heldId: entry.id }, 'zalo: held message refused; dropped');
            await deps.chats.markHeldSent(entry.id, deps.now());
            continue;
          }
          throw err;
        }
        if (outcome === 'closed') break;
        await deps.chats.markHeldSent(entry.id, deps.now());
        sent++;
      }
      return sent;
    },
  };
}
