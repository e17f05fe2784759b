/**
 * Chat sessions as the inbound handler keeps them (implemented by
 * persistence/sessions-repository.ts): one row per chat, saved with compare-and-set on its
 * revision, holding the ids of recent updates (to drop redeliveries) and the replies saved with
 * each step (the reply outbox).
 */
import type { OutboundMessage } from '../../channels/types.ts';
import type { ChatState } from '../chat-state.ts';

/** The replies of one handled update and how many the channel has accepted (the outbox). */
export interface PendingReplies {
  updateId: number;
  messages: OutboundMessage[];
  /** Replies accepted by the channel, in order: messages[sent] is the next to go. */
  sent: number;
}

export interface StoredChat<S = ChatState> {
  state: S | undefined;
  revision: number;
  recentUpdateIds: number[];
  /** The bot those update ids came from (update ids are numbered per bot). */
  updatesBot?: string | undefined;
  /** Replies saved with the state and not all sent yet. */
  outbox: PendingReplies[];
}

/** Chat sessions with compare-and-set on revision, and the replies saved with each step. */
export interface ChatSessions<S = ChatState> {
  load(key: string): Promise<StoredChat<S>>;
  save(
    key: string,
    expectedRevision: number,
    next: {
      state: S | undefined;
      recentUpdateIds: number[];
      updatesBot?: string | undefined;
      outbox?: PendingReplies[];
    },
  ): Promise<boolean>;
  /**
   * Records that the first `sent` replies of `updateId` were accepted by the channel. Bumps the
   * revision, so a handler that loaded the row before cannot write back an older count.
   * `durable: false`: only in the copy of the row this process keeps, written with the chat's
   * next save (written now when no copy is kept).
   */
  markRepliesSent(
    key: string,
    updateId: number,
    sent: number,
    options?: { durable: boolean },
  ): Promise<void>;
  /** Deletes the session (after an erasure: its key is the person's chat). */
  forget(key: string): Promise<void>;
}

/** The outbox once the first `sent` replies of `updateId` are out: what markRepliesSent records (a count never goes down; an entry fully sent leaves). */
export function markSent(
  outbox: PendingReplies[],
  updateId: number,
  sent: number,
): PendingReplies[] {
  return outbox
    .map((o) => (o.updateId === updateId ? { ...o, sent: Math.max(o.sent, sent) } : o))
    .filter((o) => !(o.updateId === updateId && sent >= o.messages.length));
}
