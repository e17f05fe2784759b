/**
 * Ports the use cases depend on. Adapters implement them (persistence/, queue/, channels/);
 * in-memory implementations for pure tests live beside the tests.
 */
import type { ChannelName, InboundEvent, OutboundMessage, SendResult } from '../channels/types.ts';
import type { ChatState } from './chat-state.ts';

/** The replies of one handled update and how many the channel has accepted (the outbox). */
export interface PendingReplies {
  updateId: number;
  messages: OutboundMessage[];
  sent: number;
}

export interface StoredChat {
  state: ChatState | undefined;
  revision: number;
  recentUpdateIds: number[];
  /** The bot those update ids came from (update ids are numbered per bot). */
  updatesBot?: string | undefined;
  /** Replies saved with the state and not all sent yet. */
  outbox: PendingReplies[];
}

/** Chat sessions with compare-and-set on revision, and the replies saved with each step. */
export interface ChatSessions {
  load(key: string): Promise<StoredChat>;
  save(
    key: string,
    expectedRevision: number,
    next: {
      state: ChatState | undefined;
      recentUpdateIds: number[];
      updatesBot?: string | undefined;
      outbox?: PendingReplies[];
    },
  ): Promise<boolean>;
  /** The first `sent` replies of `updateId` were accepted by the channel. */
  markRepliesSent(key: string, updateId: number, sent: number): Promise<void>;
  /** Deletes the session (after an erasure: its key is the person's chat). */
  forget(key: string): Promise<void>;
}

/** Counts a chat's messages in a sliding window; says when to slow a flood down. */
export interface FloodGuard {
  hit(chatKey: string): Promise<'ok' | 'limited' | 'limited-noted'>;
}

/**
 * Sends straight to the chat an update came from (answers to the citizen in the flow), through
 * the sender of the update's channel, and on Telegram through the bot it came to (`bot`, the
 * event's).
 */
export type ReplySender = (
  message: OutboundMessage,
  channel: ChannelName,
  bot?: string,
) => Promise<SendResult>;

/** Result of one step of a handler: the new state and what to send back. */
export interface StepResult {
  state: ChatState;
  messages: OutboundMessage[];
  /** Short text for the button press (answerCallbackQuery). */
  toast?: string;
  /**
   * The person erased their data: once the replies are sent, the session row (keyed by their
   * chat) is deleted rather than kept.
   */
  forget?: boolean;
}

/** Officials' side (alerts, actions, replies); returns undefined when the event is not theirs. */
export interface OfficialDesk {
  handle(event: InboundEvent, state: ChatState): Promise<StepResult | undefined>;
}
