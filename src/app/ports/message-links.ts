/**
 * Which report a message in a chat stands for (implemented by
 * persistence/report-workflow-repository.ts): an alert or a relayed message, once sent, is
 * linked to its report, so an official's reply to it threads there and a status change can edit
 * the alerts. A digest's message stands for several reports.
 */
import type { ChannelName } from '../../channels/types.ts';

/** A message linked to a report: why it was sent ('alert', 'relay', …) and to whom. */
export interface MessageLink {
  reportId: number;
  kind: string;
  officialId: number | null;
}

/** An alert message of a report, with every report it stands for. */
export interface AlertMessage {
  chatId: string;
  messageId: number;
  officialId: number | null;
  captioned: boolean;
  /** Every report the message stands for, in line order: more than one for a digest. */
  reportIds: number[];
  /** When its content was drawn (see NewMessageLink.drawnAt); unknown for older links. */
  drawnAt: Date | null;
}

/** A sent message to link to its report. */
export interface NewMessageLink {
  channel?: ChannelName;
  chatId: string;
  messageId: number;
  reportId: number;
  officialId?: number;
  kind: string;
  /** The message is a photo whose caption is the alert. */
  captioned?: boolean;
  /**
   * When the message's content was drawn (its delivery row's creation): a change of the report
   * after that is redrawn on it (late-alerts.ts).
   */
  drawnAt?: Date;
}

export interface MessageLinks {
  /** Links a sent message to its report (once: linking again changes nothing). */
  linkMessage(link: NewMessageLink): Promise<void>;
  /**
   * The report a message stands for in a chat (a reply to it threads there). Undefined when the
   * message stands for none, or for several (an alert digest: see findLinks).
   */
  findLink(
    chatId: string,
    messageId: number,
    channel?: ChannelName,
  ): Promise<MessageLink | undefined>;
  /** Every report a message stands for in a chat. */
  findLinks(chatId: string, messageId: number, channel?: ChannelName): Promise<MessageLink[]>;
  /**
   * The alert messages of a report (to edit them when its status changes); with
   * `linkedWithinSeconds`, only those linked that recently (by the database's clock).
   */
  alertMessages(
    reportId: number,
    options?: { linkedWithinSeconds?: number },
  ): Promise<AlertMessage[]>;
}
