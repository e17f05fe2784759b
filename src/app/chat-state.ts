import type { Lang } from '../core/lang.ts';

/**
 * What gopy remembers about one chat between updates (stored as the session's JSON). `flow` is
 * the flow engine's own state, opaque here.
 */
export interface ChatState {
  lang: Lang;
  /** The welcome and consent text has been shown. */
  welcomed?: boolean;
  flow?: unknown;
  /** The flow was idle past the expiry and the citizen was asked to continue or start over. */
  resumeAsked?: boolean;
  /** ISO time of the last change of `flow`, for expiry. */
  flowTouchedAt?: string;
  /** Deep-link context kept for the flows started from the menu (e.g. the commune of a QR). */
  params?: Record<string, string>;
}

export const INITIAL_CHAT_STATE: ChatState = { lang: 'vi' };
