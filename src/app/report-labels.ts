/** How reports read to people: dates and summaries (status and kind names: texts/report.ts). */
import { formatDateTimeVi, formatDateVi } from '../core/local-date.ts';

/** dd/mm/yyyy hh:mm in Vietnam's time. */
export const formatDateTime = formatDateTimeVi;

/** dd/mm/yyyy in Vietnam's time. */
export const formatDate = formatDateVi;

/** hh:mm in Vietnam's time. */
export function formatTime(d: Date): string {
  return formatDateTime(d).slice(11);
}

/** The start of a text on one line, at most `max` characters, cut at a word where it can be. */
export function summary(text: string, max: number): string {
  const flat = [...text.replace(/\s+/g, ' ').trim()];
  if (flat.length <= max) return flat.join('');
  const cut = flat.slice(0, max - 1).join('');
  const atWord = cut.replace(/\s+\S*$/, '');
  return `${[...atWord].length > max / 2 ? atWord : cut}…`;
}
