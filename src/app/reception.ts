/**
 * The chair's reception day (lịch tiếp công dân): the days a citizen may still book, booking a
 * turn, and the reminder on the working day before. The rules are `gopy reception set`; the
 * chair's list of the day is in the morning digest (desk/daily-digest.ts).
 */
import { addDays, localDate, localDateTime, type IsoDate } from '../core/local-date.ts';
import {
  BOOKING_HORIZON_DAYS,
  describeDay,
  receptionDates,
  reminderDay,
  ruleFor,
  slotStart,
  type ReceptionRule,
} from '../core/reception-schedule.ts';
import type { WorkingDayCalendar } from '../core/working-days.ts';
import type { Logger } from '../logger.ts';
import type { BookingRecord, ReceptionBook } from './ports/reception-book.ts';
import type { NewDelivery, Outbox } from './ports/outbox.ts';
import { isChannelName } from '../channels/types.ts';

/** Days offered at once: a phone screen of buttons. */
export const OFFERED_DAYS = 4;
/** Reminders go out between these local hours: never at night. */
export const REMINDER_FROM_HOUR = 8;
export const REMINDER_UNTIL_HOUR = 20;
/** The flow a reminder's «Hủy lịch hẹn» button opens (flows/my-reception.yaml). */
export const MY_RECEPTION_FLOW = 'my-reception';

export interface ReceptionOffer {
  date: IsoDate;
  rule: ReceptionRule;
  free: number;
}

/** One line of the chair's reception list of the day. */
export interface ReceptionVisit {
  unitCode: string;
  slotNo: number;
  time: string;
  name: string | null;
  matter: string;
}

export type BookingOutcome =
  | { type: 'booked'; id: number; slotNo: number; time: string; place: string }
  | { type: 'full' }
  | { type: 'already'; slotNo: number; time: string }
  /** The day is no longer a reception day (a holiday was added, the rule removed). */
  | { type: 'gone' };

export interface ReceptionDeps {
  reception: ReceptionBook;
  units: { get(code: string): Promise<{ code: string; name: string } | undefined> };
  calendar: WorkingDayCalendar;
  outbox: Outbox;
  /** The Telegram bot a chat is written through (app/bot-outbox.ts); BOT_TOKEN's when absent. */
  botFor?: (chatId: string) => Promise<string>;
  logger?: Logger;
}

/** "Trụ sở UBND Xã Bắc Đông Hưng" unless the commune named its room. */
export function placeOf(rule: Pick<ReceptionRule, 'place'>, unitName: string): string {
  return rule.place ?? `Trụ sở UBND ${unitName}`;
}

export function createReception(deps: ReceptionDeps) {
  async function offers(unitCode: string, now: Date): Promise<ReceptionOffer[]> {
    const rules = await deps.reception.days(unitCode);
    if (rules.length === 0) return [];
    // From tomorrow: a turn today could not be reminded, and the chair's list is out already.
    const first = addDays(localDate(now), 1);
    const dates = receptionDates(rules, deps.calendar, first, BOOKING_HORIZON_DAYS);
    const last = dates.at(-1)?.date;
    if (!last) return [];
    const taken = await deps.reception.takenCounts(unitCode, first, last);
    return dates
      .map(({ date, rule }) => ({ date, rule, free: rule.slots - (taken.get(date) ?? 0) }))
      .filter((o) => o.free > 0)
      .slice(0, OFFERED_DAYS);
  }

  async function book(input: {
    unitCode: string;
    date: IsoDate;
    citizenId: number;
    matter: string;
    now: Date;
  }): Promise<BookingOutcome> {
    const rules = await deps.reception.days(input.unitCode);
    const rule = ruleFor(rules, deps.calendar, input.date);
    if (!rule || input.date <= localDate(input.now)) return { type: 'gone' };
    const result = await deps.reception.book({
      unitCode: input.unitCode,
      date: input.date,
      slots: rule.slots,
      citizenId: input.citizenId,
      matter: input.matter,
      at: input.now,
    });
    switch (result.type) {
      case 'booked': {
        const unit = await deps.units.get(input.unitCode);
        return {
          type: 'booked',
          id: result.id,
          slotNo: result.slotNo,
          time: slotStart(rule, result.slotNo),
          place: placeOf(rule, unit?.name ?? input.unitCode),
        };
      }
      case 'already':
        return { type: 'already', slotNo: result.slotNo, time: slotStart(rule, result.slotNo) };
      case 'full':
        return result;
      default:
        return result satisfies never;
    }
  }

  /** The time and place of a booking, by the rule of its day (the rule may have changed). */
  async function describe(booking: BookingRecord): Promise<{ time: string; place: string }> {
    const rules = await deps.reception.days(booking.unitCode);
    const rule = ruleFor(rules, deps.calendar, booking.date) ??
      rules[0] ?? { startTime: '08:00', endTime: '08:00', slots: 1, place: null };
    return { time: slotStart(rule, booking.slotNo), place: placeOf(rule, booking.unitName) };
  }

  /**
   * Reminds each citizen on the working day before their turn (a Monday turn on Friday),
   * during the day. The reminder is stored with `reminded_at` in one transaction, so two
   * workers or a restart send it once; then its job is queued.
   */
  async function remind(now: Date): Promise<number> {
    const local = localDateTime(now);
    if (local.hour < REMINDER_FROM_HOUR || local.hour >= REMINDER_UNTIL_HOUR) return 0;
    const today = local.date;
    // Far enough to reach past Tết, when the working day before is a week earlier.
    const candidates = await deps.reception.unreminded(today, addDays(today, 14));
    let sent = 0;
    for (const booking of candidates) {
      if (!booking.citizenChatId || reminderDay(deps.calendar, booking.date) > today) continue;
      const chatId = booking.citizenChatId;
      const base = reminderDelivery(booking, await describe(booking), chatId);
      // Stored with its bot: the row is written here, not by the outbox that would choose it.
      const delivery =
        deps.botFor && (base.channel ?? 'telegram') === 'telegram'
          ? { ...base, bot: await deps.botFor(chatId) }
          : base;
      if (!(await deps.reception.remind(booking.id, now, delivery))) continue;
      await deps.outbox.enqueue(delivery);
      sent++;
    }
    return sent;
  }

  /** The day's bookings of these communes, by turn: the chair's list in the morning digest. */
  async function dayList(unitCodes: readonly string[], day: IsoDate): Promise<ReceptionVisit[]> {
    const bookings = await deps.reception.on(unitCodes, day);
    const out: ReceptionVisit[] = [];
    for (const b of bookings) {
      const at = await describe(b);
      out.push({
        unitCode: b.unitCode,
        slotNo: b.slotNo,
        time: at.time,
        name: b.citizenName,
        matter: b.matter,
      });
    }
    return out;
  }

  return { offers, book, describe, remind, dayList };
}

export type Reception = ReturnType<typeof createReception>;

function reminderDelivery(
  booking: BookingRecord,
  at: { time: string; place: string },
  chatId: string,
): NewDelivery {
  const en = booking.citizenLang === 'en';
  const text = en
    ? `🔔 Reminder: on ${describeDay(booking.date, 'en')} at ${at.time} you meet the leaders of ${booking.unitName} (turn ${booking.slotNo}), at ${at.place}.\n` +
      `Your matter: ${booking.matter}\n` +
      'Please bring your ID card. If you cannot come, tap “Cancel the appointment” so someone else can have the turn.'
    : `🔔 Nhắc lịch: ${describeDay(booking.date)}, lúc ${at.time}, Ông/Bà có lịch gặp lãnh đạo ${booking.unitName} (lượt ${booking.slotNo}), tại ${at.place}.\n` +
      `Việc Ông/Bà cần trình bày: ${booking.matter}\n` +
      'Xin Ông/Bà mang theo căn cước công dân. Nếu không đến được, xin bấm «Hủy lịch hẹn» để nhường lượt cho người khác.';
  return {
    dedupeKey: `reception-reminder-${booking.id}`,
    channel: isChannelName(booking.citizenChannel) ? booking.citizenChannel : 'telegram',
    chatId,
    message: {
      type: 'text',
      chatId,
      text,
      buttons: [
        [
          {
            type: 'callback',
            label: en ? '❌ Cancel the appointment' : '❌ Hủy lịch hẹn',
            data: `go:${MY_RECEPTION_FLOW}`,
          },
        ],
      ],
    },
  };
}
