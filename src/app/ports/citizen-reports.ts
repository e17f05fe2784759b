/**
 * Reports as their citizen sends and sees them (implemented by persistence/reports-repository.ts).
 * Submission is one transaction (ticket number, report, attachments, first event) keyed by the
 * submission key, so a retried submit returns the report already committed, not a second one.
 */
export interface NewReport {
  submissionKey: string;
  citizenId: number;
  unitCode: string;
  categoryCode: string;
  kind: string;
  text: string;
  latitude?: number;
  longitude?: number;
  address?: string;
  anonymous: boolean;
  /** The citizen agreed to publish it (core/public-reports.ts decides what that allows). */
  isPublic?: boolean;
  contactPhone?: string;
  /**
   * The name and home address a khiếu nại or tố cáo must carry by law. Kept on the report's
   * `submitted` event (erased with the citizen's data), for whoever is competent to handle it.
   */
  complainant?: { fullName: string; homeAddress: string };
  /** Where it came from besides a chat (an Open311 client), kept on the `submitted` event. */
  origin?: Record<string, string | number>;
  photos: Array<{ fileId: string; fileUniqueId?: string; size?: number }>;
  /** A voice note given as the description, kept like a photo (an attachment of kind voice). */
  voice?: { fileId: string; fileUniqueId?: string; size?: number; mimeType?: string };
  flowId: string;
  flowVersion: number;
  dueAt: Date;
  /**
   * Ticket prefix and year: the sequence is per prefix and year, and the code is
   * core/ticket-code.ts's `PA-2026-000123`.
   */
  ticketPrefix: string;
  year: number;
}

export interface SubmittedReport {
  id: number;
  ticketCode: string;
  dueAt: Date;
  created: boolean;
}

export interface ReportSummary {
  id: number;
  ticketCode: string;
  status: string;
  kind: string;
  categoryCode: string;
  unitCode: string;
  text: string;
  dueAt: Date;
  createdAt: Date;
  /** Parked until its commune has an official: `dueAt` is no deadline yet. */
  awaitingOfficialAt: Date | null;
  lastAnswer?: string;
  /**
   * The citizen follows this report of someone else's (same problem, one report): `text` is then
   * the category's name, never the other citizen's words.
   */
  followed: boolean;
}

/** One report as its citizen opens it: with its unit's name, to name the unit as what it is. */
export interface ReportView extends ReportSummary {
  /** "Phường Hồng Châu": its answers come from «UBND phường», not «UBND xã». */
  unitName: string;
}

export interface ReportSubmission {
  /** Commits the report once per submission key; `created` is false for a repeat. */
  submit(input: NewReport): Promise<SubmittedReport>;
}

/** A line of the conversation the citizen may see: no private notes, no deleted messages. */
export interface CitizenThreadLine {
  direction: string;
  text: string;
  createdAt: Date;
}

export interface CitizenReports {
  /** The citizen's own reports and those they follow, newest first. */
  listForCitizen(citizenId: number, limit?: number): Promise<ReportSummary[]>;
  /** One of the citizen's own or followed reports by ticket code; undefined for anyone else's. */
  findForCitizen(citizenId: number, ticketCode: string): Promise<ReportView | undefined>;
  threadForCitizen(reportId: number): Promise<CitizenThreadLine[]>;
}
