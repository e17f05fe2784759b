/**
 * Tells the citizen, in plain words (Vietnamese, or English if they chose it), each change of
 * their report. Sent through the outbox
 * (deduplicated per report, change and moment), so a retried job tells them once. The text is
 * plain (no parse mode): an official's reason is shown as typed, never as markup.
 */
import type { ReportForOfficials } from './ports/report-store.ts';
import type { Outbox } from './ports/outbox.ts';
import { formatDate } from './report-labels.ts';
import { toLang, type Lang } from '../core/lang.ts';
import { fill, t, type Localized } from '../texts/localized.ts';
import { kindHasDeadline, submissionKind } from '../core/submission-kinds.ts';
import { unitWord } from '../texts/report.ts';

export type CitizenNotice =
  | 'routed'
  /** Routed after waiting for the commune's first official: its deadline counts from then. */
  | 'routedLate'
  /**
   * Routed late to the province's administrator (the commune still has nobody): the time counts
   * from the day the province level received it, never «the day the commune received it».
   */
  | 'routedLateToProvince'
  | 'acknowledged'
  | 'assigned'
  | 'passed'
  | 'extended'
  | 'reopened'
  | 'escalated'
  | 'closed'
  | 'autoClosed'
  | 'duplicate';

const NOTICES: Record<CitizenNotice, Localized> = {
  routed: {
    vi: '{Kind} {ticket} của Ông/Bà đã được chuyển đến {to}. Hạn trả lời: {due}.',
    en: 'Your {kind} {ticket} has been passed to {to}. Answer due: {due}.',
  },
  routedLate: {
    vi:
      '{Kind} {ticket} của Ông/Bà đã được chuyển đến {to}. Vì phiếu phải chờ đến khi {unit} có cán bộ nhận, ' +
      'thời hạn được tính từ ngày {unit} nhận phiếu ({received}): hạn trả lời là {due}.',
    en:
      'Your {kind} {ticket} has been passed to {to}. As it had to wait until the {unit} had an official to receive it, ' +
      'the time limit counts from the day the {unit} received it ({received}): answer due {due}.',
  },
  // {to} already says why it went to the province («… vì xã chưa có cán bộ nhận phản ánh»): the
  // deadline is explained without a second «vì».
  routedLateToProvince: {
    vi:
      '{Kind} {ticket} của Ông/Bà đã được chuyển đến {to}. Thời hạn được tính từ ngày cán bộ cấp tỉnh ' +
      'nhận phiếu ({received}), không tính những ngày phiếu phải chờ: hạn trả lời là {due}.',
    en:
      'Your {kind} {ticket} has been passed to {to}. The time limit counts from the day the province official ' +
      'received it ({received}), not the days it waited: answer due {due}.',
  },
  acknowledged: {
    vi: '{Kind} {ticket} đã được lãnh đạo {unit} tiếp nhận và đang xử lý.',
    en: 'The {unit} leaders have taken up {ticket} and are working on it.',
  },
  assigned: {
    vi: '{Kind} {ticket} đã được giao cho cán bộ xử lý. Hạn trả lời: {due}.',
    en: '{ticket} has been assigned to an official. Answer due: {due}.',
  },
  passed: {
    vi: '{Kind} {ticket} đã được chuyển đến {to} để xử lý đúng thẩm quyền.',
    en: '{ticket} has been passed to {to}, who is competent to handle it.',
  },
  extended: {
    vi: '{Kind} {ticket} cần thêm thời gian xử lý. Hạn trả lời mới: {due}. Lý do: {reason}',
    en: '{ticket} needs more time. New answer date: {due}. Reason: {reason}',
  },
  reopened: {
    vi: '{Kind} {ticket} đã được mở lại. {Unit} sẽ xử lý tiếp và trả lời Ông/Bà trước {due}.',
    en: '{ticket} has been reopened. The {unit} will follow up and answer you by {due}.',
  },
  escalated: {
    vi: '{Kind} {ticket} đã được chuyển lên {to} để chỉ đạo giải quyết. Hạn trả lời mới: {due}.',
    en: '{ticket} has been escalated to {to}. New answer date: {due}.',
  },
  closed: {
    vi: '{Kind} {ticket} đã đóng. Cảm ơn Ông/Bà đã đóng góp ý kiến.',
    en: '{ticket} is closed. Thank you for your feedback.',
  },
  duplicate: {
    vi:
      '{Kind} {ticket} của Ông/Bà được {unit} xác định là cùng một việc với phiếu {original} mà {unit} đang xử lý, ' +
      'nên phiếu {ticket} được đóng lại để {unit} tập trung giải quyết một lần. ' +
      'Từ nay Ông/Bà theo dõi phiếu {original}: Gopy sẽ gửi tới Ông/Bà các thông báo và câu trả lời của {unit} về phiếu đó.',
    en:
      'The {unit} found that {ticket} is the same problem as {original}, which it is handling, ' +
      'so {ticket} is closed and the problem is dealt with once. ' +
      'You now follow {original}: its notices and the {unit}’s answer will come to you here.',
  },
  autoClosed: {
    vi:
      '{Kind} {ticket} đã được đóng vì sau 7 ngày Ông/Bà chưa cho biết kết quả. ' +
      'Nếu vấn đề vẫn chưa được giải quyết, Ông/Bà có thể gửi phản ánh mới và ghi mã phiếu cũ.',
    en:
      '{ticket} was closed because we did not hear back from you within 7 days. ' +
      'If the problem is not solved, send a new report and mention the old ticket code.',
  },
};

/**
 * The same notices for a kind without a deadline (góp ý: thanked and forwarded, no deadline),
 * which never name a date to answer by. An extension is refused for them.
 */
const ROUTED_WITHOUT_DEADLINE: Localized = {
  vi: '{Kind} {ticket} của Ông/Bà đã được chuyển đến {to}.',
  en: 'Your {kind} {ticket} has been passed to {to}.',
};
const WITHOUT_DEADLINE: Partial<Record<CitizenNotice, Localized>> = {
  routed: ROUTED_WITHOUT_DEADLINE,
  routedLate: ROUTED_WITHOUT_DEADLINE,
  routedLateToProvince: ROUTED_WITHOUT_DEADLINE,
  assigned: {
    vi: '{Kind} {ticket} đã được giao cho cán bộ xử lý.',
    en: '{ticket} has been assigned to an official.',
  },
  reopened: {
    vi: '{Kind} {ticket} đã được mở lại. {Unit} sẽ xem xét tiếp và trả lời Ông/Bà tại đây.',
    en: '{ticket} has been reopened. The {unit} will look at it again and answer you here.',
  },
  escalated: {
    vi: '{Kind} {ticket} đã được chuyển lên {to} để chỉ đạo giải quyết.',
    en: '{ticket} has been escalated to {to}.',
  },
};

/**
 * Where a report went when the province's administrator holds it (routing's last fallback): the
 * province level, never the commune whose position the admin happens to hold. With the reason
 * when the commune has nobody to receive it; a report about the chair needs none.
 */
const TO_PROVINCE: Record<'noOfficial' | 'aboutChair', Localized> = {
  noOfficial: {
    vi: 'cán bộ cấp tỉnh ({province}) vì {unit} chưa có cán bộ nhận phản ánh',
    en: 'a province official ({province}), as the {unit} has no official to receive it yet',
  },
  aboutChair: { vi: 'cán bộ cấp tỉnh ({province})', en: 'a province official ({province})' },
};

/** The `to` of a notice for a report the province's administrator holds, in both languages. */
export function toProvinceLevel(
  report: Pick<ReportForOfficials, 'unitName' | 'provinceName'>,
  why: keyof typeof TO_PROVINCE,
): Localized {
  const said = (lang: Lang) =>
    fill(t(TO_PROVINCE[why], lang), {
      // «tỉnh Hưng Yên», «thành phố Hà Nội» inside a sentence.
      province: lang === 'vi' ? lowercased(report.provinceName) : report.provinceName,
      unit: unitWord(report.unitName, lang),
    });
  return { vi: said('vi'), en: said('en') };
}

/** The notice text, for tests and previews. A value may differ by language (a Localized). */
export function citizenNoticeText(
  report: NoticeReport,
  notice: CitizenNotice,
  values: Record<string, string | Localized> = {},
  lang: Lang = toLang(report.citizenLang),
): string {
  const kind = submissionKind(report.kind);
  const template =
    (kindHasDeadline(report.kind) ? undefined : WITHOUT_DEADLINE[notice]) ?? NOTICES[notice];
  return fill(t(template, lang), {
    ticket: report.ticketCode,
    due: formatDate(report.dueAt),
    // "Tố cáo TC-2026-000004 …", never "Phản ánh" for every kind.
    Kind: kind.nameVi,
    kind: kind.nounEn,
    // «phường» to a ward's citizen, «xã» to a commune's: what the report's unit is.
    unit: unitWord(report.unitName, lang),
    Unit: capitalized(unitWord(report.unitName, lang)),
    ...Object.fromEntries(
      Object.entries(values).map(([k, v]) => [k, typeof v === 'string' ? v : t(v, lang)]),
    ),
  });
}

type NoticeReport = Pick<
  ReportForOfficials,
  'ticketCode' | 'dueAt' | 'kind' | 'citizenLang' | 'unitName'
>;

/**
 * The notice as a delivery, to store in the same transaction as the change it tells of
 * (workflow.change's `deliveries`); undefined when the citizen erased their data. `moment` tells
 * one change from another of the same kind (a Date, or an event id as a string); the default
 * suits notices that happen once per report.
 */
export function citizenNotice(
  report: NoticeReport & Pick<ReportForOfficials, 'id' | 'citizenChatId' | 'citizenChannel'>,
  notice: CitizenNotice,
  values: Record<string, string | Localized> = {},
  moment: Date | string = new Date(0),
): Parameters<Outbox['enqueue']>[0] | undefined {
  if (!report.citizenChatId) return undefined; // the citizen erased their data: nowhere to write
  const at = typeof moment === 'string' ? moment : String(moment.getTime());
  const chatId = report.citizenChatId;
  const said = (lang: Lang) =>
    ({ type: 'text', chatId, text: citizenNoticeText(report, notice, values, lang) }) as const;
  // In both languages: the citizen's, and a follower's own (followerCopies).
  const inLang = { vi: said('vi'), en: said('en') };
  return {
    dedupeKey: `notice-${report.id}-${notice}-${at}`,
    channel: report.citizenChannel,
    chatId,
    message: inLang[toLang(report.citizenLang)],
    inLang,
    reportId: report.id,
    link: { kind: 'notice', reportId: report.id },
  };
}

/**
 * Enqueues the notice (see citizenNotice). When the row was stored with the change already, this
 * finds it and queues its job.
 */
export async function notifyCitizen(
  outbox: Outbox,
  report: NoticeReport & Pick<ReportForOfficials, 'id' | 'citizenChatId' | 'citizenChannel'>,
  notice: CitizenNotice,
  values: Record<string, string | Localized> = {},
  moment: Date | string = new Date(0),
): Promise<void> {
  const delivery = citizenNotice(report, notice, values, moment);
  if (delivery) await outbox.enqueue(delivery);
}

/** "Tỉnh Hưng Yên" → "tỉnh Hưng Yên": a name's type word inside a sentence. */
function lowercased(name: string): string {
  return name.charAt(0).toLowerCase() + name.slice(1);
}

/** "Phường sẽ xử lý tiếp": the unit's word at the start of a sentence. */
function capitalized(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}
