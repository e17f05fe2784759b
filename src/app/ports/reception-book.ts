/**
 * The chair's reception days and the citizens' bookings (implemented by
 * persistence/reception-repository.ts). No double booking, whatever the concurrency: a booking
 * takes the first free turn of the day, and of two citizens taking the same turn one gets it and
 * the other the next free turn, or finds the day full. One booking per citizen, commune and day.
 */
import type { IsoDate } from '../../core/local-date.ts';
import type { ReceptionRule } from '../../core/reception-schedule.ts';
import type { NewDelivery } from './outbox.ts';

export interface ReceptionDayRecord extends ReceptionRule {
  id: number;
  unitCode: string;
}

export interface BookingRecord {
  id: number;
  unitCode: string;
  unitName: string;
  date: IsoDate;
  slotNo: number;
  matter: string;
  citizenId: number;
  /** As the citizen's messenger shows them; null after they erased their data. */
  citizenName: string | null;
  citizenChatId: string | null;
  citizenChannel: string;
  citizenLang: string;
  remindedAt: Date | null;
}

export type BookResult =
  | { type: 'booked'; id: number; slotNo: number }
  /** Every turn of the day is taken (someone was quicker). */
  | { type: 'full' }
  /** This citizen already has a turn with this commune that day. */
  | { type: 'already'; slotNo: number };

export interface ReceptionBook {
  /** The commune's rules: weekly ones by weekday, then one-off dates. */
  days(unitCode: string): Promise<ReceptionDayRecord[]>;
  /** Turns taken per date of the commune, from `from` to `to` inclusive. */
  takenCounts(unitCode: string, from: IsoDate, to: IsoDate): Promise<Map<IsoDate, number>>;
  /** Takes the first free turn of the day, up to `slots`: never one turn for two citizens. */
  book(input: {
    unitCode: string;
    date: IsoDate;
    slots: number;
    citizenId: number;
    matter: string;
    at: Date;
  }): Promise<BookResult>;
  get(id: number): Promise<BookingRecord | undefined>;
  /** The citizen's bookings from `from` on, soonest first. */
  forCitizen(citizenId: number, from: IsoDate): Promise<BookingRecord[]>;
  /** Cancels the citizen's own booking (it frees the turn); false when it was not theirs or gone. */
  cancel(id: number, citizenId: number): Promise<boolean>;
  /** The bookings of these communes on `date`, by commune and turn: the chair's list. */
  on(unitCodes: readonly string[], date: IsoDate): Promise<BookingRecord[]>;
  /** Bookings after `today` up to `until`, not reminded yet. */
  unreminded(today: IsoDate, until: IsoDate): Promise<BookingRecord[]>;
  /**
   * Marks the booking reminded and stores the reminder, at once: whoever marks it first stores
   * it, the others store nothing. False when it was reminded (or cancelled) already.
   */
  remind(id: number, at: Date, delivery: NewDelivery): Promise<boolean>;
}
