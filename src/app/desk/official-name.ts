/**
 * How officials see one another: a name, and the position when the name does not already say
 * it. Demo accounts and many real ones are named by their position ("Chủ tịch UBND xã (demo)"),
 * and «Chủ tịch UBND xã (demo) (Chủ tịch UBND xã)» reads as a stutter.
 */

/** Whether `name` already says `title` (letter case, spacing and composition aside). */
export function nameSaysTitle(name: string, title: string): boolean {
  const plain = (s: string) =>
    s.normalize('NFC').toLocaleLowerCase('vi-VN').replace(/\s+/g, ' ').trim();
  const t = plain(title);
  return t !== '' && plain(name).includes(t);
}

/**
 * "Nguyễn Văn An (Chủ tịch UBND xã)", or just the name when it already says the position.
 * `said`: the position as the reader reads it (app/alert-message.ts positionIn), the stored
 * Vietnamese `title` by default; whether the name says it is judged by the stored title.
 */
export function nameWithTitle(name: string, title: string, said = title): string {
  return nameSaysTitle(name, title) ? name : `${name} (${said})`;
}

/** A button's label: "name · title", or just the name when it already says the position. */
export function nameDotTitle(name: string, title: string, said = title): string {
  return nameSaysTitle(name, title) ? name : `${name} · ${said}`;
}
