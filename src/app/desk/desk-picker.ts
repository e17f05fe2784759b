/**
 * The desk's pickers: a message whose buttons ask for one choice (whom to assign, where to pass,
 * which result, which prepared answer, keeping a late date, cancelling a question). Every picker
 * is closed the same way once its choice is taken: the message is edited to say what was
 * chosen, without its buttons, and its id is remembered in the chat's state. A second press on
 * it (a double tap, or a client that had not redrawn the message yet) finds it closed and is
 * answered kindly, changing nothing. The chat's state is saved with a compare-and-set, so of two
 * presses handled at once only one closes the picker and acts.
 */
import type { MessageText } from '../../channels/types.ts';
import { assertNever } from '../../core/assert-never.ts';
import type { DeskCallback } from './desk-callback.ts';
import type { Turn } from './desk-context.ts';

/**
 * How many closed pickers a chat remembers: the newest ones, far more than anyone has open at
 * once (a press on an older one finds the report's state and the question moved on anyway).
 */
export const REMEMBERED_PICKERS = 30;

/**
 * Whether a press is a choice in a picker rather than a button of an alert or a view: the
 * list's entries carry an argument (`asg.<id>`, `pass.<id>`, `res.<choice>`), and «Hủy».
 */
export function isPickerChoice(callback: Extract<DeskCallback, { type: 'official' }>): boolean {
  switch (callback.action) {
    case 'asg':
    case 'pass':
    case 'res':
      return callback.arg !== undefined;
    case 'huy':
      return true;
    case 'ack':
    case 'ext':
    case 'xem':
    case 'ghim':
      return false;
    default:
      return assertNever(callback.action, 'official action');
  }
}

/** The picker the pressed button is on was closed by an earlier choice. */
export function pickerClosed(turn: Turn): boolean {
  const id = turn.event.messageId;
  return id !== undefined && closedPickers(turn).includes(id);
}

/**
 * Closes the picker the pressed button is on: edits it to `said` (what was chosen) with no
 * buttons, and remembers it as closed. Said before anything the choice sends on, so the chat
 * reads in order.
 */
export function closePicker(turn: Turn, said: MessageText): void {
  const id = turn.event.messageId;
  if (id === undefined || turn.event.body.type !== 'button') return;
  turn.edit(id, said);
  turn.state.closedPickers = [...closedPickers(turn).filter((m) => m !== id), id].slice(
    -REMEMBERED_PICKERS,
  );
}

function closedPickers(turn: Turn): number[] {
  const ids = turn.state.closedPickers;
  return Array.isArray(ids) ? ids.filter((m): m is number => Number.isInteger(m)) : [];
}
