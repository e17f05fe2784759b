/**
 * Which report a sent message stands for, in memory, with the PostgreSQL rule: one link per
 * channel, chat, message and report (linking again changes nothing); a digest's message stands
 * for several reports, so it names none on its own.
 */
import type { ChannelName } from '../../../src/channels/types.ts';
import type { MessageLink, MessageLinks } from '../../../src/app/ports/message-links.ts';

interface Row extends MessageLink {
  channel: ChannelName;
  chatId: string;
  messageId: number;
  captioned: boolean;
  drawnAt: Date | null;
  linkedAt: Date;
}

export interface MemoryMessageLinks extends MessageLinks {
  /** Every link stored, oldest first. */
  readonly rows: readonly Row[];
}

export function createMemoryMessageLinks(): MemoryMessageLinks {
  const rows: Row[] = [];
  const findLinks = async (chatId: string, messageId: number, channel: ChannelName = 'telegram') =>
    rows
      .filter((r) => r.channel === channel && r.chatId === chatId && r.messageId === messageId)
      .map((r) => ({ reportId: r.reportId, kind: r.kind, officialId: r.officialId }));
  return {
    rows,
    async linkMessage(link) {
      const channel = link.channel ?? 'telegram';
      const known = rows.some(
        (r) =>
          r.channel === channel &&
          r.chatId === link.chatId &&
          r.messageId === link.messageId &&
          r.reportId === link.reportId,
      );
      if (known) return;
      rows.push({
        channel,
        chatId: link.chatId,
        messageId: link.messageId,
        reportId: link.reportId,
        officialId: link.officialId ?? null,
        kind: link.kind,
        captioned: link.captioned ?? false,
        drawnAt: link.drawnAt ?? null,
        linkedAt: new Date(),
      });
    },
    async findLink(chatId, messageId, channel) {
      const links = await findLinks(chatId, messageId, channel);
      return links.length === 1 ? links[0] : undefined;
    },
    findLinks,
    async alertMessages(reportId, options = {}) {
      const since =
        options.linkedWithinSeconds === undefined
          ? -Infinity
          : Date.now() - options.linkedWithinSeconds * 1000;
      const out = [];
      for (const r of rows.filter(
        (x) => x.reportId === reportId && x.kind === 'alert' && x.linkedAt.getTime() >= since,
      )) {
        const together = await findLinks(r.chatId, r.messageId, r.channel);
        out.push({
          chatId: r.chatId,
          messageId: r.messageId,
          officialId: r.officialId,
          captioned: r.captioned,
          reportIds: together.filter((l) => l.kind === 'alert').map((l) => l.reportId),
          drawnAt: r.drawnAt,
        });
      }
      return out;
    },
  };
}
