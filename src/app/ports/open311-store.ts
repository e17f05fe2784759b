/**
 * What Open311 reads and writes (implemented by persistence/open311-repository.ts): the clients'
 * keys (only their SHA-256 is stored), the public reports and their updates, and the answers
 * connected systems post. Which reports are public is core/public-reports.ts's rule: the store
 * applies it in its query, and the use case checks it again on every row before anything leaves.
 */
export interface Open311KeyRecord {
  id: number;
  name: string;
  unitCode: string | null;
  provinceCode: string | null;
  createdAt: Date;
  revokedAt: Date | null;
}

/** A public report as Open311 shows it: nothing about the person who sent it. */
export interface PublicReportRow {
  id: number;
  ticketCode: string;
  kind: string;
  isPublic: boolean;
  status: string;
  categoryCode: string;
  categoryVi: string;
  unitCode: string;
  unitName: string;
  text: string;
  latitude: number | null;
  longitude: number | null;
  address: string | null;
  createdAt: Date;
  updatedAt: Date;
  dueAt: Date;
  resolvedAt: Date | null;
  resultType: string | null;
  /** The commune's latest formal answer (the resolution), if any. */
  answer: string | null;
  /** The report's first photo (the citizen's), as the channel keeps it. */
  firstPhotoFileId: string | null;
}

export interface PublicReportFilter {
  ticketCodes?: readonly string[];
  categoryCode?: string;
  unitCodes?: readonly string[];
  start: Date;
  end: Date;
  statuses?: readonly string[];
  limit: number;
  offset: number;
}

/** One change of a public report: its event, with the answer an official gave with it. */
export interface PublicEventRow {
  eventId: number;
  reportId: number;
  ticketCode: string;
  kind: string;
  isPublic: boolean;
  /** Its report's unit ("Phường Hồng Châu"): the update says «UBND phường» for a ward's. */
  unitName: string;
  type: string;
  data: Record<string, unknown>;
  createdAt: Date;
  firstPhotoFileId: string | null;
}

export interface Open311Store {
  /** The active key with this hash. */
  activeKeyByHash(keyHash: string): Promise<Open311KeyRecord | undefined>;
  /** Reports the citizen made public, of kinds that may be (the rule is checked again above). */
  publicReports(filter: PublicReportFilter): Promise<PublicReportRow[]>;
  /** Changes of public reports in [start, end), oldest first. */
  publicEvents(filter: {
    start: Date;
    end: Date;
    types: readonly string[];
    limit: number;
  }): Promise<PublicEventRow[]>;
  /** The unit and province of a report, for a key's scope; undefined for an unknown ticket. */
  reportScope(ticketCode: string): Promise<
    | {
        id: number;
        unitCode: string;
        provinceCode: string;
      }
    | undefined
  >;
  /**
   * Records a posted update, with its thread message and event, once per key and update_id:
   * 'duplicate' when that update was received before (nothing written).
   */
  recordInboundUpdate(input: InboundUpdate): Promise<InboundUpdateOutcome>;
}

/** A service request update posted by a case system (`POST servicerequestupdates`). */
export interface InboundUpdate {
  keyId: number;
  updateId: string;
  reportId: number;
  status: string;
  text: string;
  at: Date;
}

export type InboundUpdateOutcome =
  { type: 'recorded'; threadMessageId: number; eventId: number } | { type: 'duplicate' };
