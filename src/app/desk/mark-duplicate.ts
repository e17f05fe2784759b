/**
 * `/trung <mã phiếu trùng> <mã phiếu gốc>`: an official of the commune says a report is the same
 * problem as another. The duplicate closes with a notice to its citizen, who (with anyone who
 * followed it) now follows the original and gets its notices and answer. One transaction
 * (followers-repository markDuplicate); the alerts of both reports are refreshed.
 */
import { html } from '../../core/html.ts';
import { kindIsSealed, kindIsShared } from '../../core/submission-kinds.ts';
import { findTicketCode } from '../../core/ticket-code.ts';
import type { OfficialRecord } from '../ports/official-directory.ts';
import type { StepResult } from '../ports/conversation.ts';
import { describeAction } from '../alert-message.ts';
import { citizenNotice } from '../notify-citizen.ts';
import { authorizeOfficial, refusalText } from './authorize-official.ts';
import { refreshAlerts, whoActed } from './alert-updates.ts';
import type { DeskDeps, Turn } from './desk-context.ts';

export const DUPLICATE_USAGE = '/trung <mã phiếu trùng> <mã phiếu gốc>';

export async function markDuplicate(
  deps: DeskDeps,
  turn: Turn,
  accounts: readonly OfficialRecord[],
  args: string,
): Promise<StepResult> {
  const [first, ...rest] = args.trim().split(/\s+/);
  const dupCode = first ? findTicketCode(first) : null;
  const origCode = findTicketCode(rest.join(' '));
  if (!dupCode || !origCode) {
    turn.say(`Cách dùng: ${DUPLICATE_USAGE}\nVí dụ: /trung PA-2026-000124 PA-2026-000123`);
    return turn.done();
  }
  if (dupCode.code === origCode.code) {
    turn.say('Hai mã phiếu giống nhau: xin ghi mã phiếu trùng trước, mã phiếu gốc sau.');
    return turn.done();
  }
  const duplicate = await deps.workflow.getByTicket(dupCode.code);
  const original = await deps.workflow.getByTicket(origCode.code);
  if (!duplicate) {
    turn.say(`Không tìm thấy phiếu ${dupCode.code} trong xã của Ông/Bà.`);
    return turn.done();
  }
  const access = authorizeOfficial(accounts, duplicate, 'resolve');
  if (access.type === 'refused') {
    turn.say(
      access.reason === 'other-commune'
        ? `Không tìm thấy phiếu ${dupCode.code} trong xã của Ông/Bà.`
        : refusalText(access.reason),
    );
    return turn.done();
  }
  // Only a report of the same commune, and one a citizen may follow (never a tố cáo).
  if (!original || original.unitCode !== duplicate.unitCode) {
    turn.say(`Không tìm thấy phiếu ${origCode.code} trong xã của Ông/Bà.`);
    return turn.done();
  }
  // The original must be about a shared matter (others follow it); the duplicate's citizen
  // becomes a follower, which a sealed denouncer must never be.
  if (kindIsSealed(duplicate.kind) || !kindIsShared(original.kind)) {
    turn.say('Tố cáo và khiếu nại là việc riêng của từng người, không gộp làm phiếu trùng được.');
    return turn.done();
  }
  if (duplicate.status === 'closed') {
    turn.say(html`Phiếu <b>${duplicate.ticketCode}</b> đã đóng.`);
    return turn.done();
  }
  if (original.status === 'closed') {
    turn.say(
      html`Phiếu gốc <b>${original.ticketCode}</b> đã đóng: người dân theo dõi sẽ không nhận được gì thêm. Xin xử lý phiếu <b>${duplicate.ticketCode}</b> như một phiếu riêng.`,
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
    turn.say(html`Phiếu <b>${duplicate.ticketCode}</b> vừa được đóng.`);
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
    describeAction(`Đóng vì trùng phiếu ${original.ticketCode}`, who, turn.now),
    result.eventId,
  );
  const fresh = (await deps.workflow.get(original.id)) ?? original;
  await refreshAlerts(
    deps,
    fresh,
    describeAction(`Gộp phiếu trùng ${duplicate.ticketCode}`, who, turn.now),
    `dup-${result.eventId}`,
  );
  turn.say(
    html`✅ Đã đóng phiếu <b>${duplicate.ticketCode}</b> vì trùng phiếu <b>${original.ticketCode}</b>. Người gửi đã được báo và sẽ theo dõi phiếu <b>${original.ticketCode}</b> (hiện có ${fresh.followers.count} người dân theo dõi).`,
  );
  return turn.done('Đã gộp phiếu trùng');
}
