/**
 * Same problem, one report (implemented by persistence/followers-repository.ts): the open reports
 * of a category near a point, and the citizens who follow a report that is not theirs (they chose
 * to, or an official marked their own report a duplicate of it). A follower gets a copy of every
 * notice and answer the report's citizen gets.
 */
import type { NewDelivery } from './outbox.ts';

export interface NearbyReport {
  id: number;
  ticketCode: string;
  status: string;
  createdAt: Date;
  distanceM: number;
}

export interface Followers {
  /**
   * Up to three open reports of the category within its radius of the point, nearest first,
   * sent in the last 30 days by someone else, of a kind that may be shared.
   */
  nearby(input: {
    categoryCode: string;
    latitude: number;
    longitude: number;
    /** Whose own reports are left out: the asking chat account (no citizen row yet: none). */
    citizen?: { channel: string; externalId: string };
    now: Date;
  }): Promise<NearbyReport[]>;
  /**
   * The citizen follows the report (once; a second follow changes nothing). What they wrote and
   * photographed is kept on the report as a note for officials, never shown to its citizen.
   * `created` is false when they followed it already; undefined when the report is gone.
   */
  follow(input: {
    reportId: number;
    citizenId: number;
    text: string;
    photoFileIds: string[];
    /** Their description, when they spoke it. */
    voiceFileId?: string;
    at: Date;
  }): Promise<{ ticketCode: string; status: string; created: boolean } | undefined>;
  /** The follower of the report writing from this chat, if any. */
  followerInChat(
    reportId: number,
    chatId: string,
  ): Promise<{ citizenId: number; verdict: string | null } | undefined>;
  /** A follower's verdict on the answer; their latest word counts. */
  setVerdict(reportId: number, citizenId: number, verdict: 'yes' | 'partly' | 'no'): Promise<void>;
  /**
   * An official marks `duplicateId` a duplicate of `originalId`, in one transaction: the
   * duplicate closes (verdict 'duplicate', an event naming the original), its citizen follows
   * the original (and so do its followers), and the citizen's notice is stored. Undefined when
   * the duplicate was closed meanwhile.
   */
  markDuplicate(input: {
    duplicateId: number;
    originalId: number;
    officialId: number;
    at: Date;
    notice?: (report: { citizenId: number }) => NewDelivery | undefined;
  }): Promise<{ eventId: number } | undefined>;
}
