/**
 * `/trung <mã phiếu trùng> <mã phiếu gốc>`: an official of the commune says a report is the same
 * problem as another. The duplicate closes with a notice to its citizen, who (with anyone who
 * followed it) now follows the original and gets its notices and answer. One transaction
 * (followers-repository markDuplicate); the alerts of both reports are refreshed.
 */
import { msg, msgHtml } from '../../texts/localized.ts';
import { DUPLICATE } from '../../texts/official-thread.ts';
import { kindIsSealed, kindIsShared } from '../../core/submission-kinds.ts';
import { findTicketCode } from '../../core/ticket-code.ts';
import type { OfficialRecord } from '../ports/official-directory.ts';
import type { StepResult } from '../ports/conversation.ts';
import { describeAction } from '../alert-message.ts';
import { citizenNotice } from '../notify-citizen.ts';
import { authorizeOfficial, ownUnitOf, refusalText } from './authorize-official.ts';
import { refreshAlerts, whoActed } from './alert-updates.ts';
import type { DeskDeps, Turn } from './desk-context.ts';

export async function markDuplicate(
  deps: DeskDeps,
  turn: Turn,
  accounts: readonly OfficialRecord[],
  args: string,
): Promise<StepResult> {
  const lang = turn.lang;
  const [first, ...rest] = args.trim().split(/\s+/);
  const dupCode = first ? findTicketCode(first) : null;
  const origCode = findTicketCode(rest.join(' '));
  if (!dupCode || !origCode) {
    turn.say(DUPLICATE.usage[lang]);
    return turn.done();
  }
  if (dupCode.code === origCode.code) {
    turn.say(DUPLICATE.sameCode[lang]);
    return turn.done();
  }
  const duplicate = await deps.workflow.getByTicket(dupCode.code);
  const original = await deps.workflow.getByTicket(origCode.code);
  // Not found in the official's own unit, named as what it is: «trong phường của Ông/Bà».
  const notFound = (ticket: string) =>
    msg(DUPLICATE.notFound, lang, { ...ownUnitOf(accounts, lang), ticket });
  if (!duplicate) {
    turn.say(notFound(dupCode.code));
    return turn.done();
  }
  const access = authorizeOfficial(accounts, duplicate, 'resolve');
  if (access.type === 'refused') {
    turn.say(
      access.reason === 'other-commune'
        ? notFound(dupCode.code)
        : refusalText(access.reason, lang, accounts, duplicate),
    );
    return turn.done();
  }
  // Only a report of the same commune, and one a citizen may follow (never a tố cáo).
  if (!original || original.unitCode !== duplicate.unitCode) {
    turn.say(notFound(origCode.code));
    return turn.done();
  }
  // The original must be about a shared matter (others follow it); the duplicate's citizen
  // becomes a follower, which a sealed denouncer must never be.
  if (kindIsSealed(duplicate.kind) || !kindIsShared(original.kind)) {
    turn.say(DUPLICATE.notShared[lang]);
    return turn.done();
  }
  if (duplicate.status === 'closed') {
    turn.say(msgHtml(DUPLICATE.closed, lang, { ticket: duplicate.ticketCode }));
    return turn.done();
  }
  if (original.status === 'closed') {
    turn.say(
      msgHtml(DUPLICATE.originalClosed, lang, {
        original: original.ticketCode,
        duplicate: duplicate.ticketCode,
      }),
    );
    return turn.done();
  }
  const official = access.official;
  const result = await deps.followers.markDuplicate({
    duplicateId: duplicate.id,
    originalId: original.id,
    officialId: official.id,
    at: turn.now,
    notice: () =>
      citizenNotice(duplicate, 'duplicate', { original: original.ticketCode }, 'duplicate'),
  });
  if (!result) {
    turn.say(msgHtml(DUPLICATE.justClosed, lang, { ticket: duplicate.ticketCode }));
    return turn.done();
  }
  // The notice row is stored with the change; this queues its job (and its followers' copies).
  const notice = citizenNotice(
    duplicate,
    'duplicate',
    { original: original.ticketCode },
    'duplicate',
  );
  if (notice) await deps.outbox.enqueue(notice);
  const closed = (await deps.workflow.get(duplicate.id)) ?? duplicate;
  const who = whoActed(official);
  await refreshAlerts(
    deps,
    closed,
    describeAction(
      (l) => msg(DUPLICATE.closedAction, l, { original: original.ticketCode }),
      who,
      turn.now,
    ),
    result.eventId,
  );
  const fresh = (await deps.workflow.get(original.id)) ?? original;
  await refreshAlerts(
    deps,
    fresh,
    describeAction(
      (l) => msg(DUPLICATE.mergedAction, l, { duplicate: duplicate.ticketCode }),
      who,
      turn.now,
    ),
    `dup-${result.eventId}`,
  );
  turn.say(
    msgHtml(DUPLICATE.done, lang, {
      duplicate: duplicate.ticketCode,
      original: original.ticketCode,
      n: String(fresh.followers.count),
    }),
  );
  return turn.done(DUPLICATE.doneToast[lang]);
}
