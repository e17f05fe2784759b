/**
 * The named actions and option sources the citizen flows call (flows/*.yaml reference them by
 * name; the loader rejects unknown names). Each is bound to the citizen of one event.
 */
import type { ChannelUser } from '../channels/types.ts';
import { quarterOf } from '../core/rating-scores.ts';
import { isSubmissionKind, kindHasDeadline, submissionKind } from '../core/submission-kinds.ts';
import { isIsoDate, localDate } from '../core/local-date.ts';
import { z } from 'zod';
import type {
  ActionContext,
  ActionInputs,
  FlowAction,
  FlowSource,
  Json,
  PhotoAnswer,
} from '../flow/types.ts';
import type { Categories } from './ports/categories.ts';
import type { UnitReadiness } from './unit-readiness.ts';
import type { CitizenIdentity, CitizenRegistry } from './ports/citizens.ts';
import type { SubmitReport, SubmitReportInput } from './submit-report.ts';
import type { Ratings } from './ports/ratings.ts';
import type { CitizenReports } from './ports/citizen-reports.ts';
import { formatDate, formatDateTime, summary } from './report-labels.ts';
import {
  dueOnReceipt,
  kindLabel,
  stateLabel,
  statusLabel,
  statusSign,
  unitWord,
} from '../texts/report.ts';
import { fill } from '../texts/localized.ts';
import { BUTTON_LINE } from '../flow/display-answer.ts';
import { personName } from '../core/vi-text.ts';
import type { Followers } from './ports/followers.ts';
import { describeNearby } from './nearby-reports.ts';
import type { Reception } from './reception.ts';
import type { ReceptionBook } from './ports/reception-book.ts';
import { describeDay, formatDay, weekdayName, isoWeekday } from '../core/reception-schedule.ts';

export const ACTION_NAMES = [
  'submitReport',
  'saveRating',
  'showReport',
  'checkCommune',
  'findNearby',
  'followReport',
  'receptionOffers',
  'bookReception',
  'showBooking',
  'cancelBooking',
] as const;
export const SOURCE_NAMES = [
  'categories',
  'myReports',
  'nearbyReports',
  'receptionDays',
  'myBookings',
] as const;

/** An answer as the session stores it (step ids and run result names are the keys). */
const Answer = z.json();

/**
 * What each action reads of the flow that runs it. The loader checks every run step against
 * this, so a flow whose `description` step was renamed fails at start, not at the citizen's
 * "Gửi". The commune comes from a commune step or the deep link's unitCode, so it is optional.
 */
export const ACTION_INPUTS = {
  submitReport: {
    answers: z.object({
      kind: Answer,
      category: Answer,
      description: Answer,
      commune: Answer.optional(),
      photos: Answer.optional(),
      location: Answer.optional(),
      anonymous: Answer.optional(),
      fullName: Answer.optional(),
      address: Answer.optional(),
      phone: Answer.optional(),
      public: Answer.optional(),
    }),
  },
  saveRating: {
    answers: z.object({ commune: Answer.optional(), detailed: Answer.optional() }),
    args: z.object({ kind: z.enum(['quick', 'detailed']).optional() }),
  },
  showReport: {
    answers: z.object({ report: Answer.optional() }),
    args: z.object({ ticket: z.string().optional() }),
  },
  checkCommune: {
    answers: z.object({ commune: Answer.optional() }),
  },
  findNearby: {
    answers: z.object({ location: Answer.optional(), category: Answer.optional() }),
  },
  followReport: {
    answers: z.object({
      sameProblem: Answer.optional(),
      description: Answer.optional(),
      photos: Answer.optional(),
    }),
  },
  receptionOffers: {
    answers: z.object({ commune: Answer.optional() }),
  },
  bookReception: {
    answers: z.object({
      commune: Answer.optional(),
      day: Answer,
      dayAgain: Answer.optional(),
      matter: Answer,
    }),
  },
  showBooking: {
    answers: z.object({ booking: Answer }),
  },
  cancelBooking: {
    answers: z.object({ booking: Answer }),
  },
} satisfies Record<(typeof ACTION_NAMES)[number], ActionInputs>;

export interface CitizenActionsDeps {
  citizens: CitizenRegistry;
  reports: CitizenReports;
  ratings: Ratings;
  categories: Categories;
  /** The one way a report is submitted (app/submit-report.ts). */
  submitReport: SubmitReport;
  /** Whether the commune can take reports (app/unit-readiness.ts); undefined: unknown unit. */
  communeReadiness: (unitCode: string) => Promise<UnitReadiness | undefined>;
  followers: Pick<Followers, 'nearby' | 'follow'>;
  /** A citizen began following a report: its alerts show the new count. Must not throw. */
  onFollowed: (reportId: number) => Promise<void>;
  /** The chair's reception days (app/reception.ts) and the citizen's own bookings. */
  reception: Pick<Reception, 'offers' | 'book' | 'describe'>;
  bookings: Pick<ReceptionBook, 'forCitizen' | 'get' | 'cancel'>;
}

export interface CitizenOfEvent {
  channel: string;
  chatId: string;
  user: ChannelUser;
  lang: 'vi' | 'en';
}

export function createCitizenActions(deps: CitizenActionsDeps) {
  const ensureCitizen = (who: CitizenOfEvent, now: Date) =>
    deps.citizens.ensure(citizenIdentity(who), now);

  /** A booking of this citizen, today or later, by the id the flow holds; never another's. */
  async function ownBookingOf(who: CitizenOfEvent, value: Json | undefined, now: Date) {
    const id = Number(str(value));
    if (!Number.isInteger(id) || id <= 0) return undefined;
    const citizen = await deps.citizens.findByExternalId(who.channel, who.user.id);
    const booking = citizen ? await deps.bookings.get(id) : undefined;
    if (!booking || booking.citizenId !== citizen?.id) return undefined;
    return booking.date >= localDate(now) ? booking : undefined;
  }

  /**
   * Whether a report of this category finds nobody at all in the commune, nor a province
   * administrator: it is kept until an official registers (the routing's noOfficial).
   */
  async function awaitsOfficial(unitCode: string, categoryCode: string): Promise<boolean> {
    const readiness = await deps.communeReadiness(unitCode);
    if (!readiness || readiness.type === 'ready' || readiness.provinceAdmin) return false;
    return readiness.noCategory || readiness.unreachableCategories.includes(categoryCode);
  }

  return function bind(who: CitizenOfEvent): {
    actions: Record<(typeof ACTION_NAMES)[number], FlowAction>;
    sources: Record<(typeof SOURCE_NAMES)[number], FlowSource>;
  } {
    const ownBooking = (value: Json | undefined, now: Date) => ownBookingOf(who, value, now);
    return {
      actions: {
        async submitReport(ctx) {
          const a = ctx.answers;
          const kind = str(a.kind);
          if (!isSubmissionKind(kind)) throw new Error(`submitReport: unknown kind ${kind}`);
          const unitCode = communeCode(a.commune) ?? ctx.params.unitCode;
          if (!unitCode) throw new Error('submitReport: no commune');
          const location = a.location as Json;
          const anonymous = a.anonymous === 'yes';
          const result = await deps.submitReport({
            submissionKey: ctx.runKey,
            citizen: citizenIdentity(who),
            kind,
            unitCode,
            categoryCode: str(a.category),
            text: str(a.description),
            ...voiceOf(a.description),
            ...(isObject(location) && typeof location.latitude === 'number'
              ? { latitude: location.latitude, longitude: Number(location.longitude) }
              : {}),
            ...(isObject(location) && typeof location.address === 'string'
              ? { address: location.address }
              : {}),
            anonymous,
            isPublic: a.public === 'yes',
            ...(typeof a.phone === 'string' && !anonymous ? { contactPhone: a.phone } : {}),
            ...(str(a.fullName)
              ? { complainant: { fullName: str(a.fullName), homeAddress: str(a.address) } }
              : {}),
            photos: Array.isArray(a.photos) ? (a.photos as unknown as PhotoAnswer[]) : [],
            flowId: ctx.flowId,
            flowVersion: ctx.flowVersion,
            now: ctx.now,
            lang: ctx.lang,
          });
          // The flow validated every answer; a rejection here is a flow out of step with the
          // use case (or a commune merged away mid-conversation): the engine says sorry.
          if (result.type === 'rejected') throw new Error(`submitReport: ${result.reason}`);
          return {
            ticketCode: result.ticketCode,
            // Nobody can receive it yet: the receipt says it waits, and promises no deadline.
            awaitsOfficial: await awaitsOfficial(result.unit.code, str(a.category)),
            deadlineDays: result.deadline.days,
            deadlineText: result.deadlineText,
            // A value, not text: the flow formats it once with `| date`.
            dueDate: localDate(result.dueAt),
          };
        },

        async saveRating(ctx) {
          const unitCode = communeCode(ctx.answers.commune) ?? ctx.params.unitCode;
          if (!unitCode) throw new Error('saveRating: no commune');
          const citizen = await ensureCitizen(who, ctx.now);
          const kind = ratingKind(ctx);
          const result = await deps.ratings.save({
            submissionKey: ctx.runKey,
            citizenId: citizen.id,
            unitCode,
            kind,
            period: quarterOf(ctx.now),
            flowId: ctx.flowId,
            flowVersion: ctx.flowVersion,
            counterCode: ctx.params.counterCode,
            staffCode: ctx.params.staffCode,
            startedAt: new Date(ctx.startedAt),
            at: ctx.now,
            answers: ctx.items.map((i) => ({
              itemId: i.itemId,
              criterion: i.criterion ?? undefined,
              score: i.score ?? undefined,
              choices: i.choices,
              text: i.text ?? undefined,
            })),
          });
          return { replaced: result.replaced };
        },

        /**
         * Before the citizen writes: is anyone in the commune there to read it? The flow says
         * so honestly (`reachable: false`) and lets them send anyway, or pick another commune.
         */
        async checkCommune(ctx) {
          const unitCode = communeCode(ctx.answers.commune) ?? ctx.params.unitCode;
          const readiness = unitCode ? await deps.communeReadiness(unitCode) : undefined;
          // The commune is part of the answer: after the review's «✏️ Xã, phường» to another
          // commune nobody reads either, the flow tells the citizen again, of that commune.
          if (!readiness || readiness.type === 'ready')
            return { reachable: true, provinceAdmin: false };
          return {
            unitCode: unitCode ?? '',
            // Some categories only (a vice chair for roads but no chair): the report of another
            // category still reaches the province or waits; say so all the same.
            reachable: false,
            provinceAdmin: readiness.provinceAdmin,
          };
        },

        /**
         * Same problem, one report: open reports of the chosen category near the place given.
         * Shown by category, age, status and distance only: never anyone's words or name.
         */
        async findNearby(ctx) {
          const location = ctx.answers.location as Json;
          if (!isObject(location) || typeof location.latitude !== 'number')
            return { count: 0, list: '', reports: [] };
          const found = await deps.followers.nearby({
            categoryCode: str(ctx.answers.category),
            latitude: location.latitude,
            longitude: Number(location.longitude),
            citizen: { channel: who.channel, externalId: who.user.id },
            now: ctx.now,
          });
          const category = await deps.categories.get(str(ctx.answers.category));
          return describeNearby(
            found,
            (who.lang === 'en' ? category?.nameEn : category?.nameVi) ?? '',
            ctx.now,
            who.lang,
          );
        },

        async followReport(ctx) {
          const reportId = Number(str(ctx.answers.sameProblem));
          if (!Number.isInteger(reportId) || reportId <= 0) return { followed: false };
          const citizen = await ensureCitizen(who, ctx.now);
          const photos = Array.isArray(ctx.answers.photos)
            ? (ctx.answers.photos as unknown as PhotoAnswer[])
            : [];
          const spoken = voiceOf(ctx.answers.description).voice;
          const result = await deps.followers.follow({
            reportId,
            citizenId: citizen.id,
            text: str(ctx.answers.description),
            photoFileIds: photos.map((p) => p.fileId),
            ...(spoken ? { voiceFileId: spoken.fileId } : {}),
            at: ctx.now,
          });
          if (!result) return { followed: false };
          if (result.created) await deps.onFollowed(reportId);
          return {
            followed: true,
            ticketCode: result.ticketCode,
            status: statusLabel(result.status, who.lang),
          };
        },

        /**
         * The next reception days of the chosen commune that still have a free turn: a list for
         * the prompt (with the turns left) and one button per day (one line of a phone).
         */
        async receptionOffers(ctx) {
          const unitCode = communeCode(ctx.answers.commune) ?? ctx.params.unitCode;
          const offers = unitCode ? await deps.reception.offers(unitCode, ctx.now) : [];
          const en = who.lang === 'en';
          return {
            count: offers.length,
            list: offers
              .map(
                (o) =>
                  `• ${describeDay(o.date, who.lang)}, ${o.rule.startTime}–${o.rule.endTime}: ${en ? `${o.free} turns left` : `còn ${o.free} lượt`}`,
              )
              .join('\n'),
            days: offers.map((o) => ({
              value: o.date,
              label: `${weekdayName(isoWeekday(o.date), who.lang)} ${formatDay(o.date)} · ${o.rule.startTime}–${o.rule.endTime}`,
            })),
          };
        },

        /**
         * Books the first free turn of the chosen day. `full`: the last turn went while the
         * citizen typed (the flow offers the days left); `already`: they have a turn that day.
         */
        async bookReception(ctx) {
          const unitCode = communeCode(ctx.answers.commune) ?? ctx.params.unitCode;
          const date = str(ctx.answers.dayAgain) || str(ctx.answers.day);
          if (!unitCode || !isIsoDate(date)) throw new Error('bookReception: no commune or day');
          const citizen = await ensureCitizen(who, ctx.now);
          const outcome = await deps.reception.book({
            unitCode,
            date,
            citizenId: citizen.id,
            // One line: the chair's list shows one line per citizen.
            matter: str(ctx.answers.matter).replace(/\s+/g, ' ').trim(),
            now: ctx.now,
          });
          const when = describeDay(date, who.lang);
          switch (outcome.type) {
            case 'booked':
              return {
                result: 'booked',
                when,
                time: outcome.time,
                slotNo: outcome.slotNo,
                place: outcome.place,
              };
            case 'already':
              return { result: 'already', when, time: outcome.time, slotNo: outcome.slotNo };
            case 'full':
            case 'gone':
              return { result: 'full', when };
            default:
              return outcome satisfies never;
          }
        },

        async showBooking(ctx) {
          const booking = await ownBooking(ctx.answers.booking, ctx.now);
          if (!booking) return { found: false, text: '', when: '' };
          const at = await deps.reception.describe(booking);
          const en = who.lang === 'en';
          const when = `${describeDay(booking.date, who.lang)}, ${en ? 'at' : 'lúc'} ${at.time}`;
          const text = en
            ? `📅 ${when} (turn ${booking.slotNo})\n🏛 ${booking.unitName}\n📍 ${at.place}\n📝 ${booking.matter}`
            : `📅 ${when} (lượt ${booking.slotNo})\n🏛 ${booking.unitName}\n📍 ${at.place}\n📝 ${booking.matter}`;
          return { found: true, text, when };
        },

        async cancelBooking(ctx) {
          const booking = await ownBooking(ctx.answers.booking, ctx.now);
          if (!booking) return { cancelled: false };
          return { cancelled: await deps.bookings.cancel(booking.id, booking.citizenId) };
        },

        async showReport(ctx) {
          const words = SHOW[who.lang];
          const ticket = ctx.args.ticket ?? str(ctx.answers.report);
          const citizen = await deps.citizens.findByExternalId(who.channel, who.user.id);
          // Only the citizen's own tickets: a ticket code typed or forged finds nothing else.
          const r = citizen ? await deps.reports.findForCitizen(citizen.id, ticket) : undefined;
          if (!r) return { text: words.notFound };
          // A follower reads the commune's answers, never the other citizen's words.
          const thread = (await deps.reports.threadForCitizen(r.id)).filter(
            (m) => !r.followed || m.direction === 'out',
          );
          const kind = isSubmissionKind(r.kind)
            ? who.lang === 'en'
              ? submissionKind(r.kind).nameEn
              : submissionKind(r.kind).nameVi
            : kindLabel(r.kind);
          const lines = [
            ...(r.followed ? [words.followed] : []),
            `${r.ticketCode} · ${kind}`,
            `${words.status}: ${stateLabel(r, r.unitName, who.lang)}`,
            `${words.sent}: ${formatDateTime(r.createdAt)} · ${kindHasDeadline(r.kind) ? `${words.due}: ${r.awaitingOfficialAt ? dueOnReceipt(r.unitName, who.lang) : formatDate(r.dueAt)}` : words.noDeadline}`,
            '',
            r.followed ? `${words.category}: ${r.text}` : r.text,
          ];
          const unitSays = fill(words.commune, { unit: unitWord(r.unitName, who.lang) });
          for (const m of thread) {
            lines.push(
              '',
              `${m.direction === 'out' ? unitSays : words.you} (${formatDateTime(m.createdAt)}):`,
              m.text,
            );
          }
          if (thread.length === 0) lines.push('', words.noAnswer);
          return { text: lines.join('\n') };
        },
      },
      sources: {
        async categories() {
          const rows = await deps.categories.listActive();
          return rows.map((c) => ({
            value: c.code,
            label: who.lang === 'en' ? c.nameEn : c.nameVi,
          }));
        },
        /** The reports findNearby found, as «Theo dõi phiếu này» buttons, and «Vẫn gửi phiếu mới». */
        async nearbyReports(ctx) {
          const found = ctx.answers.nearby as Json;
          const reports = isObject(found) && Array.isArray(found.reports) ? found.reports : [];
          const en = who.lang === 'en';
          const follow = reports.flatMap((r, i) =>
            isObject(r) && typeof r.id === 'number'
              ? [
                  {
                    value: String(r.id),
                    label:
                      reports.length === 1
                        ? en
                          ? '👁 Follow this report'
                          : '👁 Theo dõi phiếu này'
                        : en
                          ? `👁 Follow report ${i + 1}`
                          : `👁 Theo dõi phiếu số ${i + 1}`,
                  },
                ]
              : [],
          );
          return [
            ...follow,
            { value: 'new', label: en ? '📝 Send a new report anyway' : '📝 Vẫn gửi phiếu mới' },
          ];
        },
        /** The days receptionOffers found (its result `offers`, or `args.from`), as buttons. */
        async receptionDays(ctx) {
          const found = ctx.answers[ctx.args.from ?? 'offers'] as Json;
          const days = isObject(found) && Array.isArray(found.days) ? found.days : [];
          return days.flatMap((d) =>
            isObject(d) && typeof d.value === 'string' && typeof d.label === 'string'
              ? [{ value: d.value, label: d.label }]
              : [],
          );
        },
        /** The citizen's bookings from today on. */
        async myBookings(ctx) {
          const citizen = await deps.citizens.findByExternalId(who.channel, who.user.id);
          if (!citizen) return [];
          const rows = await deps.bookings.forCitizen(citizen.id, localDate(ctx.now));
          const out = [];
          for (const b of rows) {
            const at = await deps.reception.describe(b);
            out.push({
              value: String(b.id),
              label: `📅 ${formatDay(b.date)} ${at.time} · ${b.unitName}`,
            });
          }
          return out;
        },
        async myReports() {
          const citizen = await deps.citizens.findByExternalId(who.channel, who.user.id);
          if (!citizen) return [];
          const rows = await deps.reports.listForCitizen(citizen.id, 8);
          // A button shows one line on a phone: the status as a sign (the prompt explains the
          // signs), the ticket, and what the report was about. The answers are one tap away.
          return rows.map((r) => ({
            value: r.ticketCode,
            label: myReportLabel(r),
          }));
        },
      },
    };
  };
}

function citizenIdentity(who: CitizenOfEvent): CitizenIdentity {
  return {
    channel: who.channel,
    externalId: who.user.id,
    chatId: who.chatId,
    displayName: personName(who.user.firstName, who.user.lastName),
    username: who.user.username,
    language: who.lang,
  };
}

function ratingKind(ctx: ActionContext): 'quick' | 'detailed' | 'counter' {
  if (ctx.flowId === 'rate-counter') return 'counter';
  return ctx.args.kind === 'detailed' || ctx.answers.detailed === 'yes' ? 'detailed' : 'quick';
}

function str(v: Json | undefined): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (isObject(v) && typeof v.text === 'string') return v.text;
  return '';
}

/** A spoken description (`{ voice }`, see the text step's `voice` option) as submitReport's input. */
function voiceOf(v: Json | undefined): { voice?: SubmitReportInput['voice'] } {
  if (!isObject(v) || !isObject(v.voice)) return {};
  const { fileId, fileUniqueId, size, mimeType, durationSeconds } = v.voice;
  if (typeof fileId !== 'string' || typeof durationSeconds !== 'number') return {};
  return {
    voice: {
      fileId,
      durationSeconds,
      ...(typeof fileUniqueId === 'string' ? { fileUniqueId } : {}),
      ...(typeof size === 'number' ? { size } : {}),
      ...(typeof mimeType === 'string' ? { mimeType } : {}),
    },
  };
}

function isObject(v: Json | undefined): v is { [key: string]: Json } {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function communeCode(v: Json | undefined): string | undefined {
  return isObject(v) && typeof v.code === 'string' ? v.code : undefined;
}

const SHOW = {
  vi: {
    notFound: 'Không tìm thấy phản ánh này trong các phản ánh của Ông/Bà.',
    status: 'Trạng thái',
    sent: 'Gửi lúc',
    due: 'Hạn trả lời',
    noDeadline: 'Góp ý không có hạn trả lời',
    // «UBND phường» for a ward's ticket: the unit as what it is.
    commune: '🏛 UBND {unit}',
    you: '🙋 Ông/Bà',
    noAnswer: 'Chưa có câu trả lời.',
    followed: '👁 Phiếu Ông/Bà đang theo dõi (cùng phản ánh với người dân khác)',
    category: 'Lĩnh vực',
  },
  en: {
    notFound: 'This ticket is not among your reports.',
    status: 'Status',
    sent: 'Sent',
    due: 'Answer due',
    noDeadline: 'Feedback has no answer date',
    commune: '🏛 The {unit}',
    you: '🙋 You',
    noAnswer: 'No answer yet.',
    followed: '👁 A report you follow (the same problem as another citizen’s)',
    category: 'Topic',
  },
} as const;

/**
 * "💬 PA-2026-000123 · Ổ gà lớn trước…": one line of a phone (BUTTON_LINE characters). A report
 * the citizen follows is marked 👁 and named by its category.
 */
export function myReportLabel(r: {
  status: string;
  ticketCode: string;
  text: string;
  followed?: boolean;
}): string {
  const head = `${statusSign(r.status)} ${r.ticketCode} · ${r.followed ? '👁 ' : ''}`;
  return `${head}${summary(r.text, BUTTON_LINE - [...head].length)}`;
}
