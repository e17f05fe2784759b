import { z } from 'zod';

/**
 * The five kinds of things citizens send, what each means, and how the law says each must be
 * handled. Flows show the names and explanations; routing and the status machine read the
 * handling rules.
 */

/** Every kind, in the order a citizen is offered them (lightest first). */
export const SUBMISSION_KINDS = ['gop-y', 'phan-anh', 'kien-nghi', 'khieu-nai', 'to-cao'] as const;

/** góp ý, phản ánh, kiến nghị, khiếu nại, tố cáo. */
export type SubmissionKind = (typeof SUBMISSION_KINDS)[number];

export const submissionKindSchema = z.enum(SUBMISSION_KINDS);

/** What a law says about a kind, for the explanation a citizen reads before sending. */
export interface LegalNote {
  /** The law and its number. */
  readonly law: string;
  /** Who must handle it. */
  readonly handlerVi: string;
  readonly handlerEn: string;
  /** The statutory time to settle it, in days (ngày) from acceptance (thụ lý), as the law counts them. */
  readonly deadlineDays: number;
  /** The longest it may take, complex cases included, in ordinary areas. */
  readonly maxDeadlineDays: number;
  /** What the citizen must know, in a few sentences. */
  readonly summaryVi: string;
  readonly summaryEn: string;
}

/** How gopy handles a kind. */
export interface HandlingRules {
  /** Someone must answer within a deadline (góp ý is thanked and forwarded, with no deadline). */
  readonly hasDeadline: boolean;
  /** The sender must give a name and an address for it to be handled as this kind. */
  readonly requiresIdentity: boolean;
  /** The sender's identity is sealed: no official sees it, only the case itself. */
  readonly sealedIdentity: boolean;
  /**
   * Handled by the head of the commune (or the province's administrator) in person: never
   * shown to the commune's staff group, never assigned or passed to someone else.
   */
  readonly headOnly: boolean;
  /**
   * What an anonymous submission of this kind is handled as. The law does not process an
   * anonymous khiếu nại or tố cáo as such, but its content can still be examined.
   */
  readonly whenAnonymous: SubmissionKind;
  /**
   * About a shared matter (a road, a rule, a service): other citizens may follow it, it may be
   * merged with theirs as the same problem, made public and sent in by a connected system
   * (Open311). A khiếu nại or tố cáo is one person's own procedure and is none of these.
   */
  readonly shared: boolean;
}

export interface SubmissionKindInfo {
  readonly kind: SubmissionKind;
  readonly nameVi: string;
  readonly nameEn: string;
  /** The kind as a noun in an English sentence ("your report", "your complaint"). */
  readonly nounEn: string;
  /** One line a citizen reads to choose the right kind. */
  readonly explanationVi: string;
  readonly explanationEn: string;
  readonly handling: HandlingRules;
  readonly legal: LegalNote | null;
}

const KHIEU_NAI_LAW: LegalNote = {
  law: 'Luật Khiếu nại 2011 (số 02/2011/QH13)',
  handlerVi:
    'Người đứng đầu cơ quan đã ban hành quyết định hoặc có hành vi bị khiếu nại (ở xã: Chủ tịch UBND xã) giải quyết lần đầu.',
  handlerEn:
    'The head of the agency that issued the decision or did the act complained about (in a commune: the chair of the People’s Committee) decides first.',
  deadlineDays: 30,
  maxDeadlineDays: 45,
  summaryVi:
    'Khiếu nại trong vòng 90 ngày kể từ ngày nhận được hoặc biết được quyết định hành chính, hành vi hành chính. ' +
    'Đơn ghi rõ họ tên, địa chỉ của người khiếu nại. Thời hạn giải quyết lần đầu không quá 30 ngày kể từ ngày thụ lý, ' +
    'vụ việc phức tạp không quá 45 ngày; ở vùng sâu, vùng xa đi lại khó khăn không quá 45 ngày, vụ việc phức tạp không quá 60 ngày.',
  summaryEn:
    'Complain within 90 days of receiving or learning of the administrative decision or act. ' +
    'The complaint must give your name and address. A first decision is due within 30 days of acceptance, ' +
    '45 for complex cases; in remote areas that are hard to reach, 45 days, and 60 for complex cases.',
};

const TO_CAO_LAW: LegalNote = {
  law: 'Luật Tố cáo 2018 (số 25/2018/QH14)',
  handlerVi:
    'Người đứng đầu cơ quan quản lý người bị tố cáo (cán bộ xã: Chủ tịch UBND xã; Chủ tịch UBND xã: Chủ tịch UBND cấp trên).',
  handlerEn:
    'The head of the body that manages the person denounced (commune staff: the commune chair; the commune chair: the chair one level up).',
  deadlineDays: 30,
  maxDeadlineDays: 90,
  summaryVi:
    'Người tố cáo phải ghi rõ họ tên, địa chỉ; tố cáo nặc danh không được xử lý theo thủ tục tố cáo, ' +
    'nhưng nội dung cụ thể, có căn cứ vẫn có thể được xem xét. Danh tính người tố cáo được giữ bí mật. ' +
    'Thời hạn giải quyết không quá 30 ngày kể từ ngày thụ lý, có thể gia hạn với vụ việc phức tạp.',
  summaryEn:
    'You must give your name and address; an anonymous denunciation is not processed as a denunciation, ' +
    'though specific, well-founded content may still be examined. Your identity is kept secret. ' +
    'It is settled within 30 days of acceptance, extendable for complex cases.',
};

const INFO: Readonly<Record<SubmissionKind, SubmissionKindInfo>> = {
  'gop-y': {
    kind: 'gop-y',
    nameVi: 'Góp ý',
    nameEn: 'Feedback',
    nounEn: 'feedback',
    explanationVi: 'Ý kiến, đề xuất để xã phục vụ người dân tốt hơn.',
    explanationEn: 'An idea or suggestion for the commune to serve people better.',
    handling: {
      hasDeadline: false,
      requiresIdentity: false,
      sealedIdentity: false,
      headOnly: false,
      whenAnonymous: 'gop-y',
      shared: true,
    },
    legal: null,
  },
  'phan-anh': {
    kind: 'phan-anh',
    nameVi: 'Phản ánh',
    nameEn: 'Report a problem',
    nounEn: 'report',
    explanationVi: 'Báo một sự việc cần xử lý: đường hỏng, rác thải, mất trật tự, thủ tục bị chậm…',
    explanationEn:
      'Report something that needs fixing: a broken road, rubbish, disorder, a delayed procedure…',
    handling: {
      hasDeadline: true,
      requiresIdentity: false,
      sealedIdentity: false,
      headOnly: false,
      whenAnonymous: 'phan-anh',
      shared: true,
    },
    legal: null,
  },
  'kien-nghi': {
    kind: 'kien-nghi',
    nameVi: 'Kiến nghị',
    nameEn: 'Recommendation',
    nounEn: 'recommendation',
    explanationVi: 'Đề nghị xã xem xét, thay đổi một quy định, cách làm hoặc quyết định.',
    explanationEn: 'Ask the commune to reconsider or change a rule, a practice or a decision.',
    handling: {
      hasDeadline: true,
      requiresIdentity: false,
      sealedIdentity: false,
      headOnly: false,
      whenAnonymous: 'kien-nghi',
      shared: true,
    },
    legal: null,
  },
  'khieu-nai': {
    kind: 'khieu-nai',
    nameVi: 'Khiếu nại',
    nameEn: 'Complaint',
    nounEn: 'complaint',
    explanationVi:
      'Đề nghị xem xét lại một quyết định hoặc hành vi hành chính xâm phạm quyền, lợi ích của chính bạn.',
    explanationEn:
      'Ask for an administrative decision or act that harms your own rights or interests to be reviewed.',
    // Anonymous: the content is kept as a recommendation, since a complaint needs a person to answer.
    handling: {
      hasDeadline: true,
      requiresIdentity: true,
      sealedIdentity: false,
      headOnly: false,
      whenAnonymous: 'kien-nghi',
      shared: false,
    },
    legal: KHIEU_NAI_LAW,
  },
  'to-cao': {
    kind: 'to-cao',
    nameVi: 'Tố cáo',
    nameEn: 'Denunciation',
    nounEn: 'denunciation',
    explanationVi: 'Báo hành vi vi phạm pháp luật của cán bộ, công chức hoặc cơ quan, tổ chức.',
    explanationEn: 'Report an unlawful act by an official, an agency or an organisation.',
    // Anonymous: Luật Tố cáo Art. 25 lets the content be examined as information (a phản ánh).
    handling: {
      hasDeadline: true,
      requiresIdentity: true,
      sealedIdentity: true,
      headOnly: true,
      whenAnonymous: 'phan-anh',
      shared: false,
    },
    legal: TO_CAO_LAW,
  },
};

/** Names, explanation, handling rules and legal note of a kind. */
export function submissionKind(kind: SubmissionKind): SubmissionKindInfo {
  return INFO[kind];
}

/** Narrows a stored string to a kind. */
export function isSubmissionKind(value: unknown): value is SubmissionKind {
  return typeof value === 'string' && (SUBMISSION_KINDS as readonly string[]).includes(value);
}

/**
 * The kind a submission is processed as: the chosen kind, unless the sender stays anonymous for
 * a kind that requires identity (an anonymous tố cáo is examined as a phản ánh, an anonymous
 * khiếu nại as a kiến nghị). The flow should say so before the citizen sends.
 */
export function effectiveKind(kind: SubmissionKind, anonymous: boolean): SubmissionKind {
  return anonymous ? INFO[kind].handling.whenAnonymous : kind;
}

/** The handling rules of a stored kind (a string from the database); undefined if unknown. */
function handlingOf(kind: string): HandlingRules | undefined {
  return isSubmissionKind(kind) ? INFO[kind].handling : undefined;
}

/** Whether a report of this kind has a deadline (an unknown kind is held to one). */
export function kindHasDeadline(kind: string): boolean {
  return handlingOf(kind)?.hasDeadline ?? true;
}

/** Whether the sender of this kind is sealed from every official. */
export function kindIsSealed(kind: string): boolean {
  return handlingOf(kind)?.sealedIdentity ?? false;
}

/** Whether only the head of the commune handles this kind (see HandlingRules.headOnly). */
export function kindIsHeadOnly(kind: string): boolean {
  return handlingOf(kind)?.headOnly ?? false;
}

/** Whether a stored kind is about a shared matter (see HandlingRules.shared). */
export function kindIsShared(kind: string): boolean {
  return handlingOf(kind)?.shared ?? false;
}

/** The kinds about a shared matter: followed, merged, public, sent by Open311. */
export const SHARED_KINDS: readonly SubmissionKind[] = SUBMISSION_KINDS.filter(
  (k) => INFO[k].handling.shared,
);

/** The kinds without a deadline, for queries that skip them. */
export const KINDS_WITHOUT_DEADLINE: readonly SubmissionKind[] = SUBMISSION_KINDS.filter(
  (k) => !INFO[k].handling.hasDeadline,
);
