/**
 * What the public may see of a report: the one rule the public board and Open311 share.
 * - A khiếu nại or tố cáo is never shown in public, in any form (the law seals the procedure
 *   and the denouncer).
 * - Facts (category, commune, dates, status, the commune's result) of any other report may be
 *   counted and shown without a person: the public board does that.
 * - What the citizen wrote, and the report as an item of its own (Open311), only when the
 *   citizen chose to make it public. Nobody's name, phone, email or chat is ever public.
 * - A place is shown rounded to about 100 m.
 */
import { SHARED_KINDS, SUBMISSION_KINDS, type SubmissionKind } from './submission-kinds.ts';

/** Kinds never shown in public: a person's own procedure (khiếu nại, tố cáo). */
export const NEVER_PUBLIC_KINDS: readonly SubmissionKind[] = SUBMISSION_KINDS.filter(
  (k) => !SHARED_KINDS.includes(k),
);

/** Kinds whose citizen may choose to make the report public (flows/report.yaml asks). */
export const MAY_BE_PUBLIC_KINDS: readonly SubmissionKind[] = SHARED_KINDS;

/** Whether the report's facts may appear in public figures and lists (the board). */
export function factsArePublic(report: { kind: string }): boolean {
  return !(NEVER_PUBLIC_KINDS as readonly string[]).includes(report.kind);
}

/** Whether the report itself, with what the citizen wrote, may be published (Open311). */
export function reportIsPublic(report: { kind: string; isPublic: boolean }): boolean {
  return report.isPublic && factsArePublic(report);
}

/**
 * A coordinate rounded to 3 decimals: 0.001° is 111 m of latitude and about 105 m of longitude
 * in Vietnam (8–23° N), so a house is not found from a public point.
 */
export function roundCoordinate(degrees: number): number {
  return Math.round(degrees * 1000) / 1000;
}
