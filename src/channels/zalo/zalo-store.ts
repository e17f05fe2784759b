/**
 * The Zalo channel's store as the channel uses it (implemented by persistence/zalo-repository.ts):
 * the OA's OAuth pair, each citizen's reply window, the messages held until a citizen writes
 * again, and the webhook's events as received. Every race is a conditional write whose count
 * says who won.
 */
export interface ZaloTokenPair {
  accessToken: string;
  accessExpiresAt: Date;
  refreshToken: string;
}

/** A slot in a citizen's reply window: the message to quote. */
export interface ZaloReplySlot {
  quoteMessageId: string | null;
}

export interface ZaloHeld {
  id: number;
  userId: string;
  message: unknown;
}

export interface ZaloInboundRow {
  id: number;
  payload: unknown;
  handledAt: Date | null;
}

export interface ZaloStore {
  /**
   * The stored pair; seeds it from the configured refresh token (hashed in `seed`) when there
   * is none or it began from another one (the OA was authorised again).
   */
  tokens(
    appId: string,
    seed: {
      refreshToken: string;
      hash: string;
    },
  ): Promise<{
    appId: string;
    refreshToken: string;
    updatedAt: Date;
    accessToken: string;
    accessExpiresAt: Date;
    seededFrom: string;
  }>;
  /** Replaces the pair only if the refresh token is still the one used (else: false). */
  replaceTokens(appId: string, used: string, pair: ZaloTokenPair): Promise<boolean>;
  /**
   * The citizen wrote: a new window of 48 hours and 8 replies, quoting this message. A message
   * handled late (after a newer one) leaves the newer window as it is.
   */
  openWindow(userId: string, messageId: string, at: Date): Promise<void>;
  setFollowed(userId: string, followed: boolean): Promise<void>;
  /**
   * Takes one reply of the citizen's window if it is open (within `windowMs` of their last
   * message and under `maxReplies`): one conditional update, so concurrent senders never take
   * more than the window holds. Undefined: the window is closed.
   */
  takeReplySlot(
    userId: string,
    now: Date,
    windowMs: number,
    maxReplies: number,
  ): Promise<ZaloReplySlot | undefined>;
  /** Gives back a slot taken for a send that did not happen. */
  returnReplySlot(userId: string): Promise<void>;
  /** Zalo said the window is closed: so it is, whatever we counted. */
  closeWindow(userId: string): Promise<void>;
  /** The buttons of the last message sent to the citizen (none: an empty list). */
  setButtons(userId: string, buttons: string[]): Promise<void>;
  buttons(userId: string): Promise<string[]>;
  hold(userId: string, message: unknown): Promise<number>;
  /** Messages still held for the citizen, oldest first. */
  held(userId: string): Promise<ZaloHeld[]>;
  countHeld(userId: string): Promise<number>;
  markHeldSent(id: number, at: Date): Promise<void>;
  /**
   * An erased citizen's traces here (their window, what waited for them, the keys of their
   * follow events): gone once the answer to the erasure is out.
   */
  forgetChat(userId: string): Promise<void>;
  /**
   * Stores a webhook event once per key. `created: false`: it was received before (Zalo sent
   * it again); `handled` says whether it was handled already.
   */
  recordInbound(
    eventKey: string,
    payload: unknown,
  ): Promise<{
    id: number;
    created: boolean;
    handled: boolean;
  }>;
  inbound(id: number): Promise<ZaloInboundRow | undefined>;
  markInboundHandled(id: number, at: Date): Promise<void>;
  /** Events received before `olderThan` and never handled (for the sweep). */
  unhandledInbound(olderThan: Date, limit?: number): Promise<number[]>;
}
