/** A report's status and kind in words, for citizens and officials alike. */
import type { Lang } from '../core/lang.ts';
import { REPORT_STATUSES, type ReportStatus } from '../core/report-status.ts';
import { submissionKind, isSubmissionKind } from '../core/submission-kinds.ts';
import { fill } from './localized.ts';

/** Each status in words, keyed by the status type: a new status must be named here. */
export const STATUS_LABELS: Readonly<Record<ReportStatus, Readonly<Record<Lang, string>>>> = {
  submitted: { vi: 'Đã tiếp nhận, chờ chuyển', en: 'Received, being forwarded' },
  routed: { vi: 'Mới, chờ tiếp nhận', en: 'New, waiting to be accepted' },
  acknowledged: { vi: 'Đã tiếp nhận, đang xử lý', en: 'Accepted, being handled' },
  assigned: { vi: 'Đã giao cán bộ xử lý', en: 'Assigned to an official' },
  resolved: {
    vi: 'Đã có kết quả, chờ người dân xác nhận',
    // Not "your": officials read it on the alert, and a citizen on a neighbour's report nearby.
    en: 'Answered, waiting for the resident’s confirmation',
  },
  reopened: { vi: 'Được mở lại, đang xử lý', en: 'Reopened, being handled' },
  closed: { vi: 'Đã đóng', en: 'Closed' },
};

/**
 * A status read from the database as words, naming the report's unit as what it is («Waiting for
 * the ward leaders»); an unknown one as it is stored.
 */
export function statusLabel(status: string, lang: Lang = 'vi', unitName = ''): string {
  return (REPORT_STATUSES as readonly string[]).includes(status)
    ? fill(STATUS_LABELS[status as ReportStatus][lang], unitWords(unitName, lang))
    : status;
}

/** A report parked until its unit has an official (routing found nobody), in words. */
const AWAITING_OFFICIAL_LABEL: Readonly<Record<Lang, string>> = {
  vi: 'Chờ {unit} có cán bộ nhận',
  en: 'Waiting for the {unit} to have an official',
};

/**
 * What a reader is told of a report's state: its status, or, for one parked until its unit has
 * an official, that it waits for one (its status alone says it is being forwarded), naming the
 * unit as what it is: «Chờ phường có cán bộ nhận» for a ward's report.
 */
export function stateLabel(
  report: { status: string; awaitingOfficialAt: Date | null },
  unitName: string,
  lang: Lang = 'vi',
): string {
  return report.awaitingOfficialAt !== null && report.status === 'submitted'
    ? fill(AWAITING_OFFICIAL_LABEL[lang], { unit: unitWord(unitName, lang) })
    : statusLabel(report.status, lang, unitName);
}

/** A parked report's deadline: none yet, it counts from the day an official receives it. */
const DUE_ON_RECEIPT: Readonly<Record<Lang, string>> = {
  vi: 'tính từ ngày {unit} nhận phiếu',
  en: 'counted from the day the {unit} receives it',
};

/** A parked report's deadline in words, for its unit: «tính từ ngày phường nhận phiếu». */
export function dueOnReceipt(unitName: string, lang: Lang = 'vi'): string {
  return fill(DUE_ON_RECEIPT[lang], { unit: unitWord(unitName, lang) });
}

/** A kind as a name: "Phản ánh", "Khiếu nại"; in English "Report", "Complaint". */
export function kindLabel(kind: string, lang: Lang = 'vi'): string {
  if (!isSubmissionKind(kind)) return kind;
  const info = submissionKind(kind);
  if (lang === 'vi') return info.nameVi;
  return info.nounEn.charAt(0).toUpperCase() + info.nounEn.slice(1);
}

/**
 * What the report's unit is, as a word in a sentence: "xã", "phường", "đặc khu" ("commune",
 * "ward", "special zone"), so a ward's citizen does not read «UBND xã». Read from the unit's
 * name: every unit of the official list begins with its type's word ("Phường Hiến Nam"), in
 * agreement with units.type. A name without one (a bare code) reads as a commune.
 */
export function unitWord(unitName: string, lang: Lang = 'vi'): string {
  const kind = UNIT_WORDS.find((k) => unitName.normalize('NFC').startsWith(k.prefix));
  return (kind?.word ?? COMMUNE_WORD)[lang];
}

/**
 * The values that name a report's unit in a text: `{unit}` inside a sentence («phường»), `{Unit}`
 * opening one («Phường chưa có cán bộ…»).
 */
export function unitWords(unitName: string, lang: Lang = 'vi'): { unit: string; Unit: string } {
  const unit = unitWord(unitName, lang);
  return { unit, Unit: unit.charAt(0).toUpperCase() + unit.slice(1) };
}

/**
 * The area an official answers for, as words for a sentence («không thuộc phường của Ông/Bà»):
 * their units' kind when all are of one kind; otherwise «địa bàn» ("area"), which officials use
 * of any unit, a ward, a special zone or a whole province alike, so it is never the wrong kind.
 * `unitNames` empty: the area is not one unit's (a province's admin) or is unknown.
 */
export function ownUnitWords(
  unitNames: readonly string[],
  lang: Lang = 'vi',
): { unit: string; Unit: string } {
  const kinds = new Set(unitNames.map((name) => unitWord(name, lang)));
  const [only] = kinds;
  if (kinds.size !== 1 || only === undefined) {
    const area = AREA_WORD[lang];
    return { unit: area, Unit: area.charAt(0).toUpperCase() + area.slice(1) };
  }
  return { unit: only, Unit: only.charAt(0).toUpperCase() + only.slice(1) };
}

const AREA_WORD: Readonly<Record<Lang, string>> = { vi: 'địa bàn', en: 'area' };
const COMMUNE_WORD: Readonly<Record<Lang, string>> = { vi: 'xã', en: 'commune' };
const UNIT_WORDS: ReadonlyArray<{ prefix: string; word: Readonly<Record<Lang, string>> }> = [
  { prefix: 'Phường ', word: { vi: 'phường', en: 'ward' } },
  { prefix: 'Đặc khu ', word: { vi: 'đặc khu', en: 'special zone' } },
  { prefix: 'Thị trấn ', word: { vi: 'thị trấn', en: 'town' } },
];

/**
 * A ticket's status as one sign, before its words in a citizen's list of tickets (Telegram's
 * «Phản ánh của tôi», flows/my-reports.yaml says what each means, and the web chat's).
 */
export function statusSign(status: string): string {
  return STATUS_SIGN[status] ?? '•';
}

const STATUS_SIGN: Record<string, string> = {
  submitted: '🕓',
  routed: '🕓',
  acknowledged: '⏳',
  assigned: '⏳',
  reopened: '⏳',
  resolved: '💬',
  closed: '✅',
};
