/**
 * Officials' web sign-in as the use case stores it: one-time login tokens and browser sessions
 * (implemented by persistence/web-sessions-repository.ts). Only hashes of the secrets are stored
 * (the caller hashes); a token is claimed once, and an ended or idle session never comes back.
 */
/** Whose sign-in this is: a chat account, which may hold several official positions. */
export interface WebAccount {
  channel: string;
  externalId: string;
}

/** The sign-in store. */
export interface WebSessions {
  saveLoginToken(input: WebAccount & { tokenHash: string; expiresAt: Date }): Promise<void>;
  /** The account of an unused, unexpired token, marking it used; undefined otherwise. */
  claimLoginToken(tokenHash: string, now: Date): Promise<WebAccount | undefined>;
  createSession(input: WebAccount & { idHash: string; now: Date }): Promise<void>;
  /**
   * The account of a live session (not ended, seen after `idleSince`, started after
   * `startedSince`), recording `now` as its last use; undefined otherwise.
   */
  touchSession(
    idHash: string,
    now: Date,
    limits: { idleSince: Date; startedSince: Date },
  ): Promise<WebAccount | undefined>;
  endSession(idHash: string, now: Date): Promise<void>;
  /**
   * Deletes what can never open a session again: tokens expired before `tokensExpiredBefore`,
   * sessions ended, idle since `idleSince` or started before `startedSince`. Says how many rows.
   */
  purgeDead(limits: {
    tokensExpiredBefore: Date;
    idleSince: Date;
    startedSince: Date;
  }): Promise<number>;
}
