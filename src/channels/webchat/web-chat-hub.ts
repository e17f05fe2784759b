/**
 * Live delivery of web chat entries across processes: whoever writes an entry publishes the
 * chat's id on one Redis channel; each process streaming that chat reads its new entries from
 * PostgreSQL. Redis only says "look now": a nudge lost while Redis is down is made up by the
 * stream's own periodic look (web-chat routes), so nothing depends on it.
 */
import type { Redis } from 'ioredis';
import type { Logger } from '../../logger.ts';

export interface WebChatHub {
  nudge(chatId: string): Promise<void>;
  /** Calls `listener` on each nudge for the chat; returns the unsubscribe. */
  listen(chatId: string, listener: () => void): () => void;
  close(): Promise<void>;
}

export function createWebChatHub(options: {
  /** A connection for publishing (shared). */
  publisher: Redis;
  /** A connection of its own for subscribing (owned and closed by the hub). */
  subscriber: Redis;
  prefix: string;
  logger: Logger;
}): WebChatHub {
  const channel = `${options.prefix}:webchat`;
  const listeners = new Map<string, Set<() => void>>();
  let subscribed: Promise<unknown> | undefined;
  options.subscriber.on('message', (_channel: string, chatId: string) => {
    for (const listener of listeners.get(chatId) ?? []) listener();
  });
  options.subscriber.on('error', (err: Error) =>
    options.logger.debug({ err: err.message }, 'web chat hub: redis error'),
  );

  return {
    async nudge(chatId) {
      try {
        await options.publisher.publish(channel, chatId);
      } catch (err) {
        options.logger.debug({ err }, 'web chat nudge not published; streams look again soon');
      }
    },
    listen(chatId, listener) {
      subscribed ??= options.subscriber.subscribe(channel).catch((err: unknown) => {
        subscribed = undefined;
        options.logger.warn({ err }, 'web chat hub: not subscribed; streams poll instead');
      });
      let set = listeners.get(chatId);
      if (!set) listeners.set(chatId, (set = new Set()));
      set.add(listener);
      return () => {
        set.delete(listener);
        if (set.size === 0) listeners.delete(chatId);
      };
    },
    async close() {
      listeners.clear();
      options.subscriber.disconnect();
    },
  };
}
