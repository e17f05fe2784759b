/**
 * Several bots in one deployment: a Telegram file id is valid only for the bot that received it
 * (a citizen's photo sent to a province's bot cannot be re-sent as-is by the default bot, which
 * an official may be on). Telegram refuses such an id ("wrong file identifier"); the message is
 * then sent again with each Telegram file id replaced by gopy's signed address of the file
 * (`/chat/files/tg`, read through whichever bot owns it), which Telegram fetches — the way web
 * and Zalo citizens' photos reach the officials already (withWebPhotos).
 *
 * Why on refusal rather than knowing the owner beforehand: a file id does not say which bot it
 * belongs to, and where they are stored (reports, attachments, thread messages) they carry no
 * bot. The refusal is one call that puts nothing in the chat.
 */
import { ChannelError } from '../channel-error.ts';
import type { ChannelSender, OutboundMessage } from '../types.ts';

/** Telegram's answers for a file id this bot does not own. */
const FOREIGN_FILE = /wrong file identifier|wrong remote file identifier|invalid file_id/i;

/** Whether `id` is a Telegram file id (not an address, nor a web or Zalo citizen's file). */
function isTelegramFileId(id: string): boolean {
  return !/^(https?:|web:|zalo:)/.test(id);
}

function withAddresses(
  message: OutboundMessage,
  address: (fileId: string) => string,
): OutboundMessage | undefined {
  const map = (id: string) => (isTelegramFileId(id) ? address(id) : id);
  switch (message.type) {
    case 'photo':
    case 'document':
    case 'voice':
      return isTelegramFileId(message.fileId)
        ? { ...message, fileId: map(message.fileId) }
        : undefined;
    case 'album':
      return message.fileIds.some(isTelegramFileId)
        ? { ...message, fileIds: message.fileIds.map(map) }
        : undefined;
    case 'text':
    case 'location':
    case 'edit':
    case 'answerButton':
      return undefined;
  }
}

export function withForeignFiles(
  sender: ChannelSender,
  address: (fileId: string) => string,
): ChannelSender {
  return {
    ...sender,
    async send(message) {
      try {
        return await sender.send(message);
      } catch (error) {
        const again =
          error instanceof ChannelError &&
          error.reason === 'bad_request' &&
          FOREIGN_FILE.test(error.message)
            ? withAddresses(message, address)
            : undefined;
        if (!again) throw error;
        return sender.send(again);
      }
    },
  };
}
