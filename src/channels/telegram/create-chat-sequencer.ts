/**
 * One update per chat at a time, in arrival order; different chats run side by side.
 */
import type { Update } from 'grammy/types';

/** Runs tasks one after another per key; tasks without a key run at once. */
export interface ChatSequencer {
  /** Runs `task` after every earlier task of the same key has settled (resolved or rejected). */
  run<T>(key: string | undefined, task: () => Promise<T>): Promise<T>;
}

/** Builds an in-memory ChatSequencer; a key is forgotten as soon as its queue is empty. */
export function createChatSequencer(): ChatSequencer {
  const tails = new Map<string, Promise<void>>();
  return {
    run<T>(key: string | undefined, task: () => Promise<T>): Promise<T> {
      if (key === undefined) return task();
      const previous = tails.get(key) ?? Promise.resolve();
      const result = previous.then(task);
      const tail = result.then(
        () => undefined,
        () => undefined,
      );
      tails.set(key, tail);
      void tail.then(() => {
        if (tails.get(key) === tail) tails.delete(key);
      });
      return result;
    },
  };
}

/** The chat an update belongs to (the sequencing key), as grammY's `ctx.chat` finds it. */
export function chatKeyOfUpdate(update: Update): string | undefined {
  const chat =
    update.message?.chat ??
    update.edited_message?.chat ??
    update.callback_query?.message?.chat ??
    update.my_chat_member?.chat ??
    update.chat_member?.chat ??
    update.channel_post?.chat ??
    update.edited_channel_post?.chat;
  return chat === undefined ? undefined : String(chat.id);
}
