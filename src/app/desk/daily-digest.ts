/**
 * The leaders' daily digest: once a working day, at the configured hour (Vietnam time), each
 * leader (and province admin) gets the open reports waiting for them, overdue ones first, and
 * the commune's totals. Once per leader per day is the outbox's dedupe key
 * (`digest-<official>-<date>`), so several sweeps, replicas or restarts send it once.
 * From December, while the working-day calendar has no holidays for next year, the province
 * admins' digest says so (they are the ones who run `gopy calendar set`), even on a day with
 * nothing open.
 */
import { kindHasDeadline } from '../../core/submission-kinds.ts';
import { calendarCoverage, coverageWarning } from '../../core/calendar-coverage.ts';
import { html, joinHtml, type Html } from '../../core/html.ts';
import { localDateTime, type IsoDate } from '../../core/local-date.ts';
import { isWorkingDay } from '../../core/working-days.ts';
import type { OfficialRecord } from '../ports/official-directory.ts';
import type { OpenReportLine } from '../ports/report-worklists.ts';
import { formatDate } from '../report-labels.ts';
import type { ReceptionVisit } from '../reception.ts';
import type { DeskDeps } from './desk-context.ts';

export const DEFAULT_DIGEST_HOUR = 7;
/** A sweep later than this after the digest hour does not send the day's digest (no night messages). */
export const DIGEST_WINDOW_HOURS = 4;
/** Lines listed per digest; the rest are counted. */
const MAX_LINES = 15;

/** Whether the digest of `now`'s day is due: a working day, within the window after the hour. */
export function digestDay(
  deps: Pick<DeskDeps, 'calendar' | 'digestHour'>,
  now: Date,
): IsoDate | undefined {
  const local = localDateTime(now);
  const hour = deps.digestHour ?? DEFAULT_DIGEST_HOUR;
  if (!isWorkingDay(deps.calendar, local.date)) return undefined;
  if (local.hour < hour || local.hour >= hour + DIGEST_WINDOW_HOURS) return undefined;
  return local.date;
}

/** Sends the day's digests that are due and not sent yet; returns how many were enqueued. */
export async function sendDailyDigests(deps: DeskDeps, now: Date): Promise<number> {
  const day = digestDay(deps, now);
  if (!day) return 0;
  const leaders = (await deps.officials.list()).filter(
    (o) => o.active && o.unreachableAt === null && (o.role === 'leader' || o.role === 'admin'),
  );
  if (leaders.length === 0) return 0;
  const calendarWarning = coverageWarning(calendarCoverage(deps.calendar, now));
  const open = await deps.workflow.openReports({
    unitCodes: [...new Set(leaders.filter((o) => o.role === 'leader').map((o) => o.unitCode))],
    officialIds: leaders.map((o) => o.id),
  });
  // The chair receives citizens on reception days: their list of the day comes first.
  const isChair = (o: OfficialRecord) => o.role === 'leader' && o.positionKind === 'chair';
  const visits = deps.receptionList
    ? await deps.receptionList([...new Set(leaders.filter(isChair).map((o) => o.unitCode))], day)
    : [];
  let sent = 0;
  for (const leader of leaders) {
    const mine = open.filter(
      (r) =>
        r.assignedOfficialId === leader.id ||
        (r.assignedOfficialId === null && r.assignedPositionId === leader.positionId),
    );
    const commune =
      leader.role === 'leader' ? open.filter((r) => r.unitCode === leader.unitCode) : [];
    const warning = leader.role === 'admin' ? calendarWarning : undefined;
    const reception = isChair(leader) ? visits.filter((v) => v.unitCode === leader.unitCode) : [];
    if (mine.length === 0 && commune.length === 0 && !warning && reception.length === 0) continue;
    const text = digestText({
      leader,
      day,
      now,
      mine,
      commune,
      reception,
      ...(warning ? { warning } : {}),
    });
    const { created } = await deps.outbox.enqueue({
      dedupeKey: `digest-${leader.id}-${day}`,
      chatId: leader.chatId,
      message: { type: 'text', chatId: leader.chatId, text },
      officialId: leader.id,
    });
    if (created) sent++;
  }
  return sent;
}

/** Pure formatting, for tests. */
export function digestText(input: {
  leader: Pick<OfficialRecord, 'unitName' | 'positionTitle' | 'role' | 'provinceName'>;
  day: IsoDate;
  now: Date;
  mine: readonly OpenReportLine[];
  commune: readonly OpenReportLine[];
  /** The citizens the chair receives today, by turn. */
  reception?: readonly ReceptionVisit[];
  /** Shown first: something the reader must fix (the calendar running out). */
  warning?: string;
}): Html {
  const overdue = (r: OpenReportLine) =>
    kindHasDeadline(r.kind) && r.dueAt.getTime() <= input.now.getTime();
  const [y, m, d] = input.day.split('-');
  const lines: Html[] = [
    html`<b>📋 Tổng hợp phản ánh ngày ${d}/${m}/${y}</b>`,
    input.leader.role === 'admin'
      ? html`${input.leader.provinceName} · Quản trị cấp tỉnh`
      : html`${input.leader.unitName} · ${input.leader.positionTitle}`,
    html``,
  ];
  if (input.warning) lines.push(html`${input.warning}`, html``);
  const reception = input.reception ?? [];
  if (reception.length > 0) {
    lines.push(html`<b>🗓 Tiếp công dân hôm nay: ${reception.length} người đã đăng ký</b>`);
    for (const v of reception)
      lines.push(html`• ${v.time} · lượt ${v.slotNo} · ${v.name ?? 'Người dân'}: ${v.matter}`);
    lines.push(html``);
  }
  const mineOverdue = input.mine.filter(overdue).length;
  lines.push(
    input.mine.length === 0
      ? html`Không có phiếu nào đang chờ Ông/Bà xử lý.`
      : html`Đang chờ Ông/Bà xử lý: <b>${input.mine.length}</b>${mineOverdue ? html`, trong đó <b>quá hạn: ${mineOverdue}</b>` : ''}`,
  );
  const sorted = [...input.mine].sort(
    (a, b) => Number(overdue(b)) - Number(overdue(a)) || a.dueAt.getTime() - b.dueAt.getTime(),
  );
  for (const r of sorted.slice(0, MAX_LINES))
    lines.push(
      html`• <b>${r.ticketCode}</b> · ${r.categoryName} · ${!kindHasDeadline(r.kind) ? 'góp ý' : html`hạn ${formatDate(r.dueAt)}`}${overdue(r) ? ' ⚠ quá hạn' : ''}`,
    );
  if (sorted.length > MAX_LINES) lines.push(html`… và ${sorted.length - MAX_LINES} phiếu khác.`);
  if (input.commune.length > 0) {
    const communeOverdue = input.commune.filter(overdue).length;
    lines.push(
      html``,
      html`Toàn xã: ${input.commune.length} phiếu đang xử lý, ${communeOverdue} quá hạn.`,
    );
  }
  lines.push(html``, html`<i>Gõ /xem &lt;mã phiếu&gt; để xem chi tiết, /stats để xem số liệu.</i>`);
  return joinHtml(lines);
}
