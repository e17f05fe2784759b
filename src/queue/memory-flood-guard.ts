/**
 * The per-chat flood limit counted in this process's memory, with the Redis guard's rule
 * (redis-flood-guard.ts): a chat's count starts a window of `windowSeconds` at its first event;
 * within it, events past `limit` are refused, the first of them 'limited' (the citizen gets a
 * polite note) and the rest 'limited-noted' (dropped silently). A new window starts from zero.
 * The Redis guard counts here while Redis cannot answer; tests use it as the port's fake.
 */
import type { FloodGuard } from '../app/ports/flood-guard.ts';

/** Past this many chats, ended windows are dropped, so a long Redis outage keeps no history. */
const PRUNE_AT = 1_000;

export function createMemoryFloodGuard(
  options: { limit?: number; windowSeconds?: number; now?: () => number } = {},
): FloodGuard {
  const limit = options.limit ?? 20;
  const counter = createWindowCounter(options);
  return {
    async hit(chatKey) {
      return verdict(counter.hit(chatKey), limit);
    },
    async forget(chatKey) {
      counter.forget(chatKey);
    },
  };
}

/** The guard's answer for the `count`-th event of a window. */
export function verdict(count: number, limit: number): 'ok' | 'limited' | 'limited-noted' {
  if (count <= limit) return 'ok';
  return count === limit + 1 ? 'limited' : 'limited-noted';
}

/** Counts each chat's events in windows of `windowSeconds` from the first; `hit` says how many. */
export function createWindowCounter(options: { windowSeconds?: number; now?: () => number }) {
  const windowMs = (options.windowSeconds ?? 10) * 1000;
  const now = options.now ?? Date.now;
  const windows = new Map<string, { count: number; endsAt: number }>();
  return {
    hit(chatKey: string): number {
      const at = now();
      let w = windows.get(chatKey);
      if (!w || at >= w.endsAt) {
        if (windows.size >= PRUNE_AT)
          for (const [key, old] of windows) if (at >= old.endsAt) windows.delete(key);
        w = { count: 0, endsAt: at + windowMs };
        windows.set(chatKey, w);
      }
      w.count += 1;
      return w.count;
    },
    forget(chatKey: string): void {
      windows.delete(chatKey);
    },
    /** When the chat's current window ends (ms), if it has one. */
    windowEnd(chatKey: string): number | undefined {
      return windows.get(chatKey)?.endsAt;
    },
  };
}
