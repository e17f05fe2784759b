/**
 * `/stats`: how the commune is doing this month (open, overdue, answered, closed with and
 * without the citizen's confirmation, median times to acknowledge and to answer) and this
 * quarter's satisfaction per criterion (share of 4–5 answers, SIPAS) with the number of answers.
 */
import { html, joinHtml, type Html } from '../../core/html.ts';
import type { Lang } from '../../core/lang.ts';
import { msg, msgHtml } from '../../texts/localized.ts';
import { STATS } from '../../texts/official-views.ts';
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
  lang: Lang = 'vi',
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
    lang,
  });
}

/** Pure formatting, in the reader's language, for tests. */
export function formatStats(input: {
  unitName: string;
  month: string;
  quarter: string;
  stats: UnitStats;
  scores: ReadonlyMap<number, readonly number[]>;
  lang?: Lang;
}): Html {
  const { stats } = input;
  const lang = input.lang ?? 'vi';
  const [, year, q] = /^(\d{4})-Q(\d)$/.exec(input.quarter) ?? [];
  const quarter =
    year === undefined ? input.quarter : lang === 'vi' ? `${q}/${year}` : `Q${q} ${year}`;
  const lines: Html[] = [
    msgHtml(STATS.heading, lang, { unit: input.unitName, month: input.month }),
    msgHtml(STATS.open, lang, { open: String(stats.open), overdue: String(stats.overdue) }),
    msgHtml(STATS.resolved, lang, { n: String(stats.resolved) }),
    msgHtml(STATS.closed, lang, {
      confirmed: String(stats.closedConfirmed),
      auto: String(stats.closedWithoutVerdict),
    }),
    msgHtml(STATS.ackTime, lang, { time: duration(stats.medianAckMs, lang) }),
    msgHtml(STATS.answerTime, lang, { time: duration(stats.medianResolveMs, lang) }),
    html``,
    msgHtml(STATS.satisfaction, lang, { quarter }),
    msgHtml(STATS.satisfiedShare, lang),
  ];
  for (const c of CRITERIA) {
    const answers = (input.scores.get(c.number) ?? []).filter(isScore);
    const index = criterionIndex(answers, { minAnswers: 1 });
    const name = lang === 'vi' ? c.nameVi : c.nameEn;
    lines.push(
      index.type === 'shown'
        ? msgHtml(STATS.criterion, lang, {
            n: String(c.number),
            name,
            percent: String(Math.round(index.index * 100)),
            answers: String(index.answered),
          })
        : msgHtml(STATS.criterionEmpty, lang, { n: String(c.number), name }),
    );
  }
  return joinHtml(lines);
}

/**
 * "12 phút", "3,5 giờ", "2,0 ngày", "—" ("12 min", "3.5 h", "2.0 days"): minutes below an hour,
 * so minutes never read 0,0 giờ.
 */
export function duration(ms: number | undefined, lang: Lang = 'vi'): string {
  if (ms === undefined) return '—';
  const decimal = (n: number) => (lang === 'vi' ? n.toFixed(1).replace('.', ',') : n.toFixed(1));
  const minutes = ms / 60_000;
  if (minutes < 60)
    return msg(STATS.minutes, lang, { n: String(Math.max(1, Math.round(minutes))) });
  const hours = ms / 3_600_000;
  if (hours < 48) return msg(STATS.hours, lang, { n: decimal(hours) });
  return msg(STATS.days, lang, { n: decimal(hours / 24) });
}
