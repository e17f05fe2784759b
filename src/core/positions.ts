/**
 * The domain vocabulary of a commune People's Committee: the positions reports route to and the
 * roles of the officials holding them. Persistence stores these strings; routing, the desk and
 * the admin commands all speak them from here.
 */

/** The positions of a commune People's Committee that reports can route to. */
export type PositionKind = 'chair' | 'vice-chair' | 'head' | 'staff';
/** What an official may do: leaders direct, staff handle, admins escalate province-wide, observers read. */
export type OfficialRole = 'leader' | 'staff' | 'admin' | 'observer';

export const POSITION_KINDS: readonly PositionKind[] = ['chair', 'vice-chair', 'head', 'staff'];
export const OFFICIAL_ROLES: readonly OfficialRole[] = ['leader', 'staff', 'admin', 'observer'];

/** Titles stored on new positions (and shown to officials). */
export const POSITION_TITLES: Readonly<Record<PositionKind, string>> = {
  chair: 'Chủ tịch UBND xã',
  'vice-chair': 'Phó Chủ tịch UBND xã',
  head: 'Trưởng phòng/Trưởng bộ phận',
  staff: 'Công chức',
};

/** Escalation order: a report climbs from lower to higher rank (staff 0 … chair 3). */
export const POSITION_RANKS: Readonly<Record<PositionKind, number>> = {
  staff: 0,
  head: 1,
  'vice-chair': 2,
  chair: 3,
};

export function isPositionKind(value: string): value is PositionKind {
  return (POSITION_KINDS as readonly string[]).includes(value);
}

export function isOfficialRole(value: string): value is OfficialRole {
  return (OFFICIAL_ROLES as readonly string[]).includes(value);
}

/** Leaders of the committee direct; everyone else handles what they are given. */
export function defaultRoleFor(kind: PositionKind): OfficialRole {
  return kind === 'chair' || kind === 'vice-chair' ? 'leader' : 'staff';
}
