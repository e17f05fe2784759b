/**
 * The conversation of a report between the citizen and the commune, as the relay reads and
 * writes it (implemented by persistence/report-workflow-repository.ts). Each message is stored
 * before its copies are sent; a message handled twice (a retried update) is stored once.
 */
import type { ChannelName } from '../../channels/types.ts';
import type { Lang } from '../../core/lang.ts';
import type { NewDelivery } from './outbox.ts';

export interface NewThreadMessage {
  direction: ThreadDirection;
  authorKind: 'citizen' | 'official' | 'system';
  authorId?: number;
  text: string;
  files?: ThreadFile[];
  at?: Date;
}

export type ThreadDirection = 'in' | 'out' | 'note';

export interface ThreadFile {
  kind: 'photo' | 'document' | 'voice';
  fileId: string;
}

/** How far a relayed message got, from its delivery rows. */
export type ThreadDelivery = 'none' | 'pending' | 'sent' | 'failed' | 'unreachable';

export interface ThreadEntry {
  id: number;
  reportId: number;
  direction: ThreadDirection;
  authorKind: string;
  authorId: number | null;
  text: string;
  files: ThreadFile[];
  /** Kept for callers that only show photos. */
  photoFileIds: string[];
  createdAt: Date;
  editedAt: Date | null;
  deletedAt: Date | null;
  sourceChatId: string | null;
  sourceMessageId: number | null;
  delivery: ThreadDelivery;
  /** The officials a copy reached (sent), by id: /xem names who received a citizen's words. */
  reachedOfficials?: readonly number[];
  /** A copy reached a staff group (sent). */
  reachedGroup?: boolean;
}

/** A copy of a thread message that reached a chat: where to edit or retract it. */
export interface DeliveredCopy {
  channel: ChannelName;
  chatId: string;
  messageId: number;
  /** The official it was sent to (absent for a group's or the citizen's copy): their language. */
  officialId?: number;
  /**
   * Set for a follower's copy (a citizen following the report, not its own): it carries no reply
   * button, and reads in the follower's language.
   */
  follower?: { lang: Lang };
}

/** A thread message to store, and where it came from (to find it again when edited). */
export interface ThreadMessageInput {
  reportId: number;
  direction: ThreadDirection;
  authorKind: 'citizen' | 'official' | 'system';
  authorId?: number;
  text: string;
  /** Photos only (older callers). */
  photoFileIds?: string[];
  files?: ThreadFile[];
  sourceChatId?: string;
  sourceMessageId?: number;
  at?: Date;
}

export interface ReportThread {
  /** Stores a message; the same source (chat and message) twice gives the first one's id. */
  addThreadMessage(input: ThreadMessageInput): Promise<number>;
  /**
   * Stores a message and the deliveries that carry it (with the followers' copies) in one
   * transaction; the caller then queues the returned deliveries.
   */
  addThreadMessageWithDeliveries(
    input: ThreadMessageInput,
    deliveriesFor: (threadMessageId: number) => readonly NewDelivery[],
  ): Promise<{ id: number; deliveries: readonly NewDelivery[] }>;
  /** The thread message that a person's own message (in their chat) became, if any. */
  threadMessageAtSource(chatId: string, messageId: number): Promise<ThreadEntry | undefined>;
  /** Records an edit of a thread message made at its source. False when it was retracted. */
  editThreadMessage(id: number, text: string, now: Date): Promise<boolean>;
  /** Marks a thread message retracted; false when it already was. */
  retractThreadMessage(id: number, now: Date): Promise<boolean>;
  /** Where the copies of a thread message were delivered (sent ones only). */
  deliveredCopies(threadMessageId: number): Promise<DeliveredCopy[]>;
}

/** One audit event of a report (its status changes and who made them). */
export interface ReportEventEntry {
  type: string;
  actorKind: string;
  actorId: number | null;
  data: Record<string, unknown>;
  createdAt: Date;
}

/** The report's history as officials read it (the thread view on Telegram and on the web). */
export interface ReportHistory {
  /** The whole conversation, oldest first, with how far each relayed message got. */
  thread(reportId: number, includeNotes: boolean): Promise<ThreadEntry[]>;
  /** The audit events, oldest first. */
  events(reportId: number): Promise<ReportEventEntry[]>;
  /** The newest audit event, with its id (the key of the messages its change sent). */
  lastEvent(reportId: number): Promise<(ReportEventEntry & { id: number }) | undefined>;
}
