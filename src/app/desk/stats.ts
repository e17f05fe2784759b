/**
 * `/stats`: how the commune is doing this month (open, overdue, answered, closed with and
 * without the citizen's confirmation, median times to acknowledge and to answer) and this
 * quarter's satisfaction per criterion (share of 4–5 answers, SIPAS) with the number of answers.
 */
import { html, joinHtml, type Html } from '../../core/html.ts';
import { formatIsoDate, instantAt, localDateTime } from '../../core/local-date.ts';
import {
  CRITERIA,
  criterionIndex,
  isScore,
  quarterBounds,
  quarterOf,
} from '../../core/rating-scores.ts';
import type { OfficialRecord } from '../ports/official-directory.ts';
import type { UnitStats } from '../ports/report-worklists.ts';
import type { DeskDeps } from './desk-context.ts';

export async function statsText(
  deps: Pick<DeskDeps, 'workflow' | 'ratings'>,
  official: Pick<OfficialRecord, 'unitCode' | 'unitName'>,
  now: Date,
): Promise<Html> {
  const local = localDateTime(now);
  const monthStart = instantAt(formatIsoDate(local.year, local.month, 1), 0, 0);
  const stats = await deps.workflow.unitStats(official.unitCode, monthStart, now);
  const quarter = quarterOf(now);
  const scores = await deps.ratings.criterionScores(
    official.unitCode,
    quarterBounds(quarter).start,
  );
  return formatStats({
    unitName: official.unitName,
    month: `${String(local.month).padStart(2, '0')}/${local.year}`,
    quarter,
    stats,
    scores,
  });
}

/** Pure formatting, for tests. */
export function formatStats(input: {
  unitName: string;
  month: string;
  quarter: string;
  stats: UnitStats;
  scores: ReadonlyMap<number, readonly number[]>;
}): Html {
  const { stats } = input;
  const lines: Html[] = [
    html`<b>📊 ${input.unitName} — tháng ${input.month}</b>`,
    html`Đang xử lý: <b>${stats.open}</b> · Quá hạn: <b>${stats.overdue}</b>`,
    html`Đã trả lời trong tháng: <b>${stats.resolved}</b>`,
    html`Đã đóng: ${stats.closedConfirmed} người dân xác nhận · ${stats.closedWithoutVerdict} tự đóng sau 7 ngày không xác nhận`,
    html`Thời gian tiếp nhận (trung vị): ${duration(stats.medianAckMs)}`,
    html`Thời gian trả lời (trung vị): ${duration(stats.medianResolveMs)}`,
    html``,
    html`<b>Mức hài lòng theo 5 tiêu chí (quý ${input.quarter.replace(/^(\d{4})-Q(\d)$/, '$2/$1')})</b>`,
    html`<i>Tỷ lệ ý kiến «Hài lòng» và «Rất hài lòng»</i>`,
  ];
  for (const c of CRITERIA) {
    const answers = (input.scores.get(c.number) ?? []).filter(isScore);
    const index = criterionIndex(answers, { minAnswers: 1 });
    lines.push(
      index.type === 'shown'
        ? html`${c.number}. ${c.nameVi}: <b>${Math.round(index.index * 100)}%</b> (${index.answered} ý kiến)`
        : html`${c.number}. ${c.nameVi}: chưa có ý kiến`,
    );
  }
  return joinHtml(lines);
}

/** "12 phút", "3,5 giờ", "2,0 ngày", "—": minutes below an hour, so minutes never read 0,0 giờ. */
export function duration(ms: number | undefined): string {
  if (ms === undefined) return '—';
  const minutes = ms / 60_000;
  if (minutes < 60) return `${Math.max(1, Math.round(minutes))} phút`;
  const hours = ms / 3_600_000;
  if (hours < 48) return `${hours.toFixed(1).replace('.', ',')} giờ`;
  return `${(hours / 24).toFixed(1).replace('.', ',')} ngày`;
}
