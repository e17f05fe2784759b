/**
 * Citizens as the use cases know them: the account of a chat, created on first use (implemented
 * by persistence/citizens-repository.ts, which also erases a citizen's data on request).
 */
export interface CitizenIdentity {
  channel: string;
  externalId: string;
  /** Null for a citizen with no chat (a report from an Open311 client): nothing is sent to them. */
  chatId: string | null;
  displayName: string;
  username?: string;
  language: string;
}

export interface CitizenRecord {
  id: number;
  chatId: string | null;
  displayName: string | null;
  username: string | null;
  phone: string | null;
  language: string;
  lastUnitCode: string | null;
  erased: boolean;
}

export interface CitizenRegistry {
  /** Finds or creates the citizen of a chat account and refreshes their display details. */
  ensure(who: CitizenIdentity, now: Date): Promise<CitizenRecord>;
  findByExternalId(channel: string, externalId: string): Promise<CitizenRecord | undefined>;
  /**
   * The language a chat account chose (/language): what the commune sends them later (answers,
   * notices, a followed report's copies) is in it. Changes an existing citizen; creates none.
   */
  setLanguage(channel: string, externalId: string, language: string): Promise<void>;
}
