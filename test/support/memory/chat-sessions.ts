/**
 * Chat sessions in memory, with the PostgreSQL repository's rules: compare-and-set on the
 * revision (the first save expects 0), replies kept with the state until marked sent (a count
 * never goes down; an entry fully sent leaves), and marking bumps the revision.
 */
import {
  markSent,
  type ChatSessions,
  type PendingReplies,
  type StoredChat,
} from '../../../src/app/ports/chat-sessions.ts';
import type { ChatState } from '../../../src/app/chat-state.ts';

interface Row {
  state: ChatState | undefined;
  revision: number;
  seen: number[];
  bot?: string;
  out?: PendingReplies[];
}

export interface MemoryChatSessions extends ChatSessions {
  /** The stored rows by key (for assertions). */
  readonly rows: ReadonlyMap<string, Row>;
}

export function createMemoryChatSessions(): MemoryChatSessions {
  const rows = new Map<string, Row>();
  return {
    rows,
    async load(key): Promise<StoredChat> {
      const row = rows.get(key);
      if (!row) return { state: undefined, revision: 0, recentUpdateIds: [], outbox: [] };
      return structuredClone({
        state: row.state,
        revision: row.revision,
        recentUpdateIds: row.seen,
        updatesBot: row.bot,
        outbox: row.out ?? [],
      });
    },
    async save(key, expectedRevision, next) {
      const row = rows.get(key);
      if ((row?.revision ?? 0) !== expectedRevision) return false;
      rows.set(
        key,
        structuredClone({
          state: next.state,
          revision: expectedRevision + 1,
          seen: next.recentUpdateIds,
          ...(next.updatesBot !== undefined ? { bot: next.updatesBot } : {}),
          ...(next.outbox?.length ? { out: next.outbox } : {}),
        }),
      );
      return true;
    },
    async markRepliesSent(key, updateId, sent) {
      const row = rows.get(key);
      if (!row?.out) return;
      row.out = markSent(row.out, updateId, sent);
      row.revision += 1;
    },
    async forget(key) {
      rows.delete(key);
    },
  };
}
