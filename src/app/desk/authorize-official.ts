/**
 * Who may do what with a report, decided on the server for every press and every message,
 * whoever sent it: buttons can be forwarded and callback data forged. Pure, so the rules can be
 * read and tested in one place.
 *
 * - Only an active official of the report's own commune acts on it (a province admin acts on
 *   any report of the province: the last escalation step).
 * - Nobody acts on a report about themselves.
 * - A tố cáo is the chair's alone (and the province admin's): the fewer people see it, the
 *   safer the denouncer.
 * - Leaders and admins do everything; staff answer and resolve what was assigned to them, and
 *   read and annotate their commune's reports; observers only read.
 */
import { kindIsHeadOnly } from '../../core/submission-kinds.ts';
import { assertNever } from '../../core/assert-never.ts';
import type { OfficialRecord } from '../ports/official-directory.ts';
import type { Lang } from '../../core/lang.ts';
import { REFUSAL } from '../../texts/official.ts';
import { msg } from '../../texts/localized.ts';
import { ownUnitWords, unitWords } from '../../texts/report.ts';

export type DeskAction =
  | 'acknowledge'
  | 'assign'
  | 'pass'
  | 'extend'
  | 'resolve'
  /** Write to the citizen (reply, /tl, retract one's own message). */
  | 'answer'
  /** A private note (/ghichu). */
  | 'note'
  /** Read the report and its thread (/xem). */
  | 'view';

export type Refusal =
  'not-official' | 'other-commune' | 'about-self' | 'sealed' | 'role' | 'not-assigned';

export type Authorization =
  { type: 'allowed'; official: OfficialRecord } | { type: 'refused'; reason: Refusal };

/** What the rules need to know about the report. */
export interface ReportAccess {
  unitCode: string;
  provinceCode: string;
  kind: string;
  aboutOfficialId: number | null;
  assignedOfficialId: number | null;
}

/**
 * Decides for an account, which may hold several positions (`accounts`: its active official
 * rows): the first holding allowed to act is the one that acts.
 */
export function authorizeOfficial(
  accounts: readonly OfficialRecord[],
  report: ReportAccess,
  action: DeskAction,
): Authorization {
  if (accounts.length === 0) return { type: 'refused', reason: 'not-official' };
  const concerned = accounts.filter(
    (o) =>
      o.unitCode === report.unitCode ||
      (o.role === 'admin' && o.provinceCode === report.provinceCode),
  );
  if (concerned.length === 0) return { type: 'refused', reason: 'other-commune' };
  let refusal: Refusal = 'role';
  for (const official of concerned) {
    const reason = refusalFor(official, report, action);
    if (reason === undefined) return { type: 'allowed', official };
    refusal = reason;
  }
  return { type: 'refused', reason: refusal };
}

function refusalFor(
  official: OfficialRecord,
  report: ReportAccess,
  action: DeskAction,
): Refusal | undefined {
  if (official.id === report.aboutOfficialId) return 'about-self';
  if (kindIsHeadOnly(report.kind) && official.positionKind !== 'chair' && official.role !== 'admin')
    return 'sealed';
  switch (official.role) {
    case 'leader':
    case 'admin':
      return undefined;
    case 'observer':
      return action === 'view' ? undefined : 'role';
    case 'staff':
      switch (action) {
        case 'view':
        case 'note':
          return undefined;
        case 'answer':
        case 'resolve':
          return report.assignedOfficialId === official.id ? undefined : 'not-assigned';
        case 'acknowledge':
        case 'assign':
        case 'pass':
        case 'extend':
          return 'role';
        default:
          return assertNever(action, 'desk action');
      }
    default:
      return assertNever(official.role, 'official role');
  }
}

/**
 * What the official reads when refused (a button's toast, or a reply), naming units as what they
 * are: another unit's ticket «không thuộc phường của Ông/Bà» to a ward's official. `report`: the
 * report refused, whose unit is the official's own when the refusal is about their role.
 */
export function refusalText(
  reason: Refusal,
  lang: Lang,
  accounts: readonly OfficialRecord[],
  report?: { unitName: string },
): string {
  const unit =
    report !== undefined && (reason === 'sealed' || reason === 'role')
      ? unitWords(report.unitName, lang)
      : ownUnitOf(accounts, lang);
  return msg(REFUSAL[reason], lang, unit);
}

/**
 * The unit an official answers for, as words: their unit's kind («phường») when all their
 * positions are of one kind; «địa bàn» for a province's admin (their area is the province) or
 * when their positions are of several kinds.
 */
export function ownUnitOf(
  accounts: readonly OfficialRecord[],
  lang: Lang,
): { unit: string; Unit: string } {
  return ownUnitWords(
    accounts.some((o) => o.role === 'admin') ? [] : accounts.map((o) => o.unitName),
    lang,
  );
}
