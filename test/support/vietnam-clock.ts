/**
 * Vietnam's wall clock for tests, written out independently of gopy's own date code
 * (src/core/local-date.ts), so a test that reads a date the way a person does cannot share
 * gopy's mistake.
 */
const WALL = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Asia/Ho_Chi_Minh',
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** An instant as Vietnam's wall clock reads it: dd/mm/yyyy and hh:mm. */
export function wallClock(d: Date): { date: string; time: string } {
  const p = Object.fromEntries(WALL.formatToParts(d).map((x) => [x.type, x.value]));
  return { date: `${p.day}/${p.month}/${p.year}`, time: `${p.hour}:${p.minute}` };
}

/** A Vietnam wall time ("2026-12-04T15:00") as an instant. */
export const vn = (local: string) => new Date(`${local}+07:00`);
