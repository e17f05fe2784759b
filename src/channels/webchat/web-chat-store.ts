/**
 * The web chat's store as the channel and its pages use it (implemented by
 * persistence/web-chat-repository.ts): each conversation's log (what the citizen sent, what gopy
 * answered), the photos citizens sent, and what a browser session may read back. The log is what
 * Server-Sent Events replay after a reconnect: its ids are the events'.
 */
export interface WebChatEntry {
  id: number;
  direction: 'in' | 'out';
  /** The browser's idempotency key (inbound entries). */
  key: string | null;
  payload: unknown;
  createdAt: Date;
}

export interface WebTicket {
  ticketCode: string;
  status: string;
  kind: string;
  unitCode: string;
  /** «Phường Hồng Châu»: what its unit is (a ward, a commune) is read from it. */
  unitName: string;
  text: string;
  createdAt: Date;
  /** Parked until its commune has an official: it waits, and `dueAt` is no deadline yet. */
  awaitingOfficialAt: Date | null;
}

export interface WebTicketThread extends WebTicket {
  dueAt: Date;
  messages: Array<{
    direction: 'in' | 'out';
    text: string;
    at: Date;
    photos: string[];
    voices: string[];
  }>;
  photos: string[];
  /** Voice notes (file ids), played on the page. */
  voices: string[];
}

export interface WebChatStore {
  /**
   * Stores what the citizen sent, once per idempotency key: a resent POST finds the first
   * entry (`created: false`) and whether it was handled already.
   */
  recordInbound(
    chatId: string,
    key: string,
    payload: unknown,
  ): Promise<{
    id: number;
    created: boolean;
    handled: boolean;
  }>;
  /** The entry was handled (an erasure may have removed it meanwhile: nothing to mark). */
  markHandled(id: number, at: Date): Promise<void>;
  /** Stores what gopy sends to the chat; the id is the message's id and its event id. */
  recordOutbound(chatId: string, payload: unknown): Promise<number>;
  /** The chat's entries after `afterId`, oldest first (a replay, or the next live ones). */
  after(chatId: string, afterId: number, limit?: number): Promise<WebChatEntry[]>;
  /** An outbound entry of this chat (the message an edit replaces). */
  get(chatId: string, id: number): Promise<WebChatEntry | undefined>;
  /**
   * Stores an uploaded file once per idempotency key: an upload the browser sends again (its
   * answer was lost) gets the id of the file the first one stored.
   */
  saveFile(file: {
    chatId: string;
    key: string;
    mimeType: string;
    data: Uint8Array;
    /** A photo's size in pixels; null for a sound. */
    width: number | null;
    height: number | null;
  }): Promise<string>;
  file(id: string): Promise<
    | {
        mimeType: string;
        data: Uint8Array;
      }
    | undefined
  >;
  /** The tickets of a web chat citizen, newest first. */
  tickets(chatId: string, limit?: number): Promise<WebTicket[]>;
  /**
   * A ticket of the web chat with what the citizen and the commune said in it (never the
   * officials' internal notes, never who answered). Undefined when it is not a web ticket.
   */
  ticketThread(ticketCode: string): Promise<WebTicketThread | undefined>;
}
