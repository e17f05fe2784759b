/**
 * The judgement's charts, drawn once on the server as SVG with ECharts' server-side renderer:
 * the same string goes into the page and into the PDF. Labels are Vietnamese; the font is
 * DejaVu Sans (shipped with gopy, every Vietnamese glyph), named in the SVG so the PDF embeds
 * it and a browser without it falls back to its sans-serif.
 *
 * Shares are drawn as percentages with their 95 % interval as whiskers; a figure with too few
 * answers has no bar, and the axis label says "chưa đủ ý kiến" with its n.
 */
import * as echarts from 'echarts';
import type { ShareFigure } from '../../core/judgement-stats.ts';
import type { CriterionNumber } from '../../core/rating-scores.ts';
import type { CriterionFigure, ImproveRanking, MonthlyTrend } from './types.ts';

export interface ChartSize {
  readonly width: number;
  readonly height: number;
}

export const CHART_FONT = 'DejaVu Sans, sans-serif';

/** Short names of the criteria for axis labels (the full names are in the table beside). */
export const CRITERION_SHORT_VI: Readonly<Record<CriterionNumber, string>> = Object.freeze({
  1: 'Công khai, minh bạch',
  2: 'Thân thiện, trách nhiệm',
  3: 'Cán bộ tận tụy',
  4: 'Người đứng đầu gương mẫu',
  5: 'Trụ sở văn minh',
});

/** A chart narrower than this is drawn for a phone. */
const NARROW_BELOW = 480;
/** On a phone, an axis name is wrapped to lines of about this many characters. */
const NARROW_LINE_CHARS = 20;

/** `text` broken into lines of at most `max` characters where it has spaces. */
export function wrapWords(text: string, max: number): string {
  const out: string[] = [];
  for (const word of text.split(' ')) {
    const last = out.length - 1;
    if (last >= 0 && (out[last] as string).length + 1 + word.length <= max)
      out[last] = `${out[last]} ${word}`;
    else out.push(word);
  }
  return out.join('\n');
}

const COLORS = ['#1f6feb', '#2da44e', '#bf8700', '#cf222e', '#8250df', '#57606a'];
const BAR = '#1f6feb';
const WHISKER = '#24292f';

type Option = Parameters<echarts.ECharts['setOption']>[0];

function render(option: Option, size: ChartSize): string {
  const chart = echarts.init(null, null, {
    renderer: 'svg',
    ssr: true,
    width: size.width,
    height: size.height,
  });
  try {
    chart.setOption({
      animation: false,
      textStyle: { fontFamily: CHART_FONT, fontSize: 12, color: '#24292f' },
      ...option,
    });
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

const pct = (x: number) => Math.round(x * 1000) / 10;
const pctLabel = (x: number) => `${pct(x).toLocaleString('vi-VN')} %`;

/** "n = 40" or "chưa đủ ý kiến (n = 12)" / "chưa có ý kiến". */
export function sampleLabel(f: ShareFigure): string {
  if (f.type === 'shown') return `n = ${f.n}`;
  return f.n === 0 ? 'chưa có ý kiến' : `chưa đủ ý kiến (n = ${f.n})`;
}

/** A bar per figure with whiskers for the interval; `labels` name the bars. */
function barsWithWhiskers(
  labels: readonly string[],
  figures: readonly ShareFigure[],
  size: ChartSize,
  horizontal: boolean,
): string {
  const values = figures.map((f) => (f.type === 'shown' ? pct(f.share) : null));
  const whiskers = figures.flatMap((f, i) =>
    f.type === 'shown' ? [[i, pct(f.interval.low), pct(f.interval.high)]] : [],
  );
  const narrow = size.width < NARROW_BELOW;
  // On a phone the names are wrapped, so the bars and the value axis keep room for their labels.
  const lines = (text: string) => (narrow ? wrapWords(text, NARROW_LINE_CHARS) : text);
  const categoryAxis = {
    type: 'category' as const,
    data: labels.map((l, i) => `${lines(l)}\n${lines(sampleLabel(figures[i] as ShareFigure))}`),
    axisLabel: { interval: 0, fontSize: 11, lineHeight: 14 },
    inverse: horizontal,
  };
  const valueAxis = {
    type: 'value' as const,
    min: 0,
    max: 100,
    // Five labels of "100 %" do not fit a phone's bar width: 0, 50 and 100 % do.
    ...(narrow ? { interval: 50 } : {}),
    axisLabel: { formatter: '{value} %', hideOverlap: true },
  };
  const point = (api: echarts.CustomSeriesRenderItemAPI, i: number, v: number) =>
    api.coord(horizontal ? [v, i] : [i, v]);
  return render(
    {
      grid: horizontal
        ? { left: 8, right: 48, top: 8, bottom: 24, containLabel: true }
        : { left: 40, right: 8, top: 16, bottom: 8, containLabel: true },
      xAxis: horizontal ? valueAxis : categoryAxis,
      yAxis: horizontal ? categoryAxis : valueAxis,
      series: [
        {
          type: 'bar',
          data: values,
          itemStyle: { color: BAR },
          barMaxWidth: 48,
          label: {
            show: true,
            // Inside the bar's base, clear of the whisker at its end.
            position: horizontal ? 'insideLeft' : 'insideBottom',
            distance: 6,
            color: '#ffffff',
            formatter: (p: { value: unknown }) =>
              typeof p.value === 'number' ? pctLabel(p.value / 100) : '',
          },
        },
        {
          type: 'custom',
          data: whiskers,
          z: 10,
          renderItem: (_params: unknown, api: echarts.CustomSeriesRenderItemAPI) => {
            const i = Number(api.value(0));
            const lo = point(api, i, Number(api.value(1)));
            const hi = point(api, i, Number(api.value(2)));
            const cap = 6;
            const style = { stroke: WHISKER, lineWidth: 1.5 };
            const [x0, y0] = [lo[0] ?? 0, lo[1] ?? 0];
            const [x1, y1] = [hi[0] ?? 0, hi[1] ?? 0];
            const caps = horizontal
              ? [
                  [x0, y0 - cap, x0, y0 + cap],
                  [x1, y1 - cap, x1, y1 + cap],
                ]
              : [
                  [x0 - cap, y0, x0 + cap, y0],
                  [x1 - cap, y1, x1 + cap, y1],
                ];
            return {
              type: 'group',
              children: [[x0, y0, x1, y1], ...caps].map(([a, b, c, d]) => ({
                type: 'line' as const,
                shape: { x1: a, y1: b, x2: c, y2: d },
                style,
              })),
            };
          },
        },
      ],
    },
    size,
  );
}

/** Bars of the five indexes (0–100 %) with their 95 % interval as whiskers and n under each bar. */
export function criteriaChartSvg(
  criteria: ReadonlyArray<Pick<CriterionFigure, 'number' | 'figure'>>,
  size: ChartSize = { width: 720, height: 320 },
): string {
  return barsWithWhiskers(
    criteria.map((c) => `${c.number}. ${CRITERION_SHORT_VI[c.number]}`),
    criteria.map((c) => c.figure),
    size,
    true,
  );
}

/** The indexes month by month, one line per criterion (a month without answers is a gap). */
export function trendChartSvg(
  trend: MonthlyTrend,
  size: ChartSize = { width: 720, height: 320 },
): string {
  return render(
    {
      color: COLORS,
      legend: { bottom: 0, itemWidth: 14, itemGap: 10, textStyle: { fontSize: 11 } },
      // The legend wraps to three rows on a phone (two on a desktop): the plot ends above it.
      grid: {
        left: 8,
        right: 16,
        top: 16,
        bottom: size.width < NARROW_BELOW ? 96 : 56,
        containLabel: true,
      },
      xAxis: { type: 'category', data: trend.months.map((m) => m.label), boundaryGap: true },
      yAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value} %' } },
      series: trend.series.map((s) => ({
        type: 'line' as const,
        name:
          s.criterion === 'overall'
            ? s.nameVi
            : `${s.criterion}. ${CRITERION_SHORT_VI[s.criterion]}`,
        data: s.points.map((p) => (p.type === 'shown' ? pct(p.share) : null)),
        connectNulls: false,
        symbolSize: 6,
        lineStyle: s.criterion === 'overall' ? { type: 'dashed' as const } : {},
      })),
    },
    size,
  );
}

/** "What to improve most": horizontal bars, most chosen on top, share of respondents. */
export function improveChartSvg(
  improve: ImproveRanking,
  size: ChartSize = { width: 720, height: 360 },
): string {
  return barsWithWhiskers(
    improve.choices.map((c) => `${c.labelVi} (${c.count})`),
    improve.choices.map((c) => c.figure),
    size,
    true,
  );
}
