/** The per-chat flood limit (implemented in Redis by queue/redis-flood-guard.ts). */
/** Counts a chat's messages in a sliding window; says when to slow a flood down. */
export interface FloodGuard {
  hit(chatKey: string): Promise<'ok' | 'limited' | 'limited-noted'>;
  /**
   * Forgets a chat's count, as the end of its window would: tests use it for the pause a person
   * takes between messages, which a test does not.
   */
  forget(chatKey: string): Promise<void>;
}
