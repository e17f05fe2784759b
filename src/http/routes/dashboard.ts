/**
 * The officials' dashboard: `/dashboard` (to the viewer's province or commune),
 * `/dashboard/unit/<code>`, `/dashboard/province/<code>` and their exports
 * (`…/export?loai=reports|ratings|answers&dinh-dang=csv|xlsx&ky=<period>`). Every route needs a
 * session; what it may see is decided by the use cases with the chat's rules (a commune's
 * officials: their commune; a province admin: the province), and a refusal is a kind 403 page.
 */
import type {} from '@fastify/cookie';
import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type {
  ChartSize,
  criteriaChartSvg,
  improveChartSvg,
  trendChartSvg,
} from '../../app/judgement/judgement-charts.ts';
import type {
  CommuneDashboardUseCase,
  ExportScope,
  ExportUseCase,
  ProvinceViewUseCase,
} from '../../app/judgement/types.ts';
import type { ReportThreads } from '../../app/web/report-threads.ts';
import { canSeeProvince, homePath, type Viewer } from '../../app/web/viewer.ts';
import type { WebSignIn } from '../../app/web/web-sign-in.ts';
import { currentPeriod, periodBounds, type Period } from '../../core/judgement-period.ts';
import { localDate } from '../../core/local-date.ts';
import { sendHtml } from '../html.ts';
import { dashboardPage } from '../pages/dashboard-page.ts';
import {
  FORBIDDEN_PAGE,
  NOT_FOUND_PAGE,
  SIGN_IN_PAGE,
  UNKNOWN_UNIT_PAGE,
  messagePage,
} from '../pages/page-parts.ts';
import { periodFromQuery, type PeriodChoice, type PeriodQuery } from '../pages/period-picker.ts';
import { PROVINCE_SORTS, provincePage } from '../pages/province-page.ts';
import { viewerOf } from './web-sign-in.ts';

export interface DashboardRoutesOptions {
  signIn: Pick<WebSignIn, 'viewer'>;
  judgement: {
    communeDashboard: CommuneDashboardUseCase;
    provinceView: ProvinceViewUseCase;
    exportData: ExportUseCase;
  };
  /** The chart renderers, loaded on first use (echarts is heavy: only pages need it). */
  charts: () => Promise<{
    criteria: typeof criteriaChartSvg;
    trend: typeof trendChartSvg;
    improve: typeof improveChartSvg;
  }>;
  threads: ReportThreads;
  now: () => Date;
}

const code = z.string().regex(/^\d{2,5}$/);
const periodQuery = {
  ky: z.string().max(40).optional(),
  loai: z.string().max(20).optional(),
  thang: z.string().max(20).optional(),
  quy: z.string().max(20).optional(),
  nam: z.string().max(20).optional(),
  tu: z.string().max(20).optional(),
  den: z.string().max(20).optional(),
};
const exportQuery = z.object({
  ky: z.string().max(40).optional(),
  loai: z.enum(['reports', 'ratings', 'answers']),
  'dinh-dang': z.enum(['csv', 'xlsx']),
});

/** Charts for a desktop (and print), and for a 390 px phone, where the wide ones' labels would shrink too far. */
const WIDE: ChartSize = { width: 760, height: 340 };
const NARROW: ChartSize = { width: 360, height: 380 };

const BAD_PERIOD_PAGE = messagePage({
  title: 'Kỳ số liệu không hợp lệ',
  message: 'Xin chọn lại tháng, quý, năm, hoặc khoảng ngày (ngày bắt đầu trước ngày kết thúc).',
  link: { href: '/dashboard', label: 'Về trang số liệu' },
});

/**
 * The period a page shows. What an official typed in the form and gopy cannot read shows this
 * quarter, with the form open saying why (`invalid`); a link whose `ky` is no period (not typed
 * by the reader) gets undefined: the page that says so.
 */
function choosePeriod(
  query: PeriodQuery,
  now: Date,
): { period: Period; invalid?: Extract<PeriodChoice, { type: 'invalid' }> } | undefined {
  const chosen = periodFromQuery(query, now);
  if (chosen.type === 'ok') return { period: chosen.period };
  if (query.ky) return undefined;
  return { period: currentPeriod('quarter', now), invalid: chosen };
}

/** The first and last local day of a period, as exports take them. */
function periodDays(period: Period): {
  from: ReturnType<typeof localDate>;
  to: ReturnType<typeof localDate>;
} {
  const { start, end } = periodBounds(period);
  return { from: localDate(start), to: localDate(new Date(end.getTime() - 1)) };
}

export const dashboardRoutes: FastifyPluginAsyncZod<DashboardRoutesOptions> = async (
  app,
  options,
) => {
  /** The viewer, or the sign-in page sent (undefined). */
  async function signedIn(
    request: Parameters<typeof viewerOf>[1],
    reply: FastifyReply,
  ): Promise<Viewer | undefined> {
    const viewer = await viewerOf(options.signIn, request);
    if (!viewer) await sendHtml(reply, SIGN_IN_PAGE, 401);
    return viewer;
  }

  app.get('/dashboard', async (request, reply) => {
    const viewer = await signedIn(request, reply);
    if (!viewer) return reply;
    return reply.redirect(homePath(viewer), 303);
  });

  app.get(
    '/dashboard/unit/:code',
    { schema: { params: z.object({ code }), querystring: z.object(periodQuery) } },
    async (request, reply) => {
      const viewer = await signedIn(request, reply);
      if (!viewer) return reply;
      const now = options.now();
      const chosen = choosePeriod(request.query, now);
      if (!chosen) return sendHtml(reply, BAD_PERIOD_PAGE, 400);
      const { period, invalid } = chosen;
      const result = await options.judgement.communeDashboard(request.params.code, period, {
        type: 'officials',
        accounts: viewer.accounts,
      });
      switch (result.type) {
        case 'unknown-unit':
          return sendHtml(reply, UNKNOWN_UNIT_PAGE, 404);
        case 'forbidden':
          return sendHtml(reply, FORBIDDEN_PAGE(homePath(viewer)), 403);
        case 'ok': {
          const d = result.dashboard;
          const threads = await options.threads(viewer.accounts, d.openReports);
          const charts = await options.charts();
          return sendHtml(
            reply,
            dashboardPage({
              dashboard: d,
              viewer,
              threads,
              now,
              ...(invalid ? { invalidPeriod: invalid } : {}),
              charts: {
                criteria: {
                  wide: charts.criteria(d.criteria, WIDE),
                  narrow: charts.criteria(d.criteria, NARROW),
                },
                trend: {
                  wide: charts.trend(d.trend, WIDE),
                  narrow: charts.trend(d.trend, NARROW),
                },
                improve: {
                  wide: charts.improve(d.improve, WIDE),
                  // Nine choices of up to three lines each on a phone.
                  narrow: charts.improve(d.improve, { width: 360, height: 560 }),
                },
              },
            }),
            invalid ? 400 : 200,
          );
        }
      }
    },
  );

  app.get(
    '/dashboard/province/:code',
    {
      schema: {
        params: z.object({ code }),
        querystring: z.object({
          ...periodQuery,
          sort: z.enum(PROVINCE_SORTS).default('name'),
          dir: z.enum(['asc', 'desc']).default('asc'),
        }),
      },
    },
    async (request, reply) => {
      const viewer = await signedIn(request, reply);
      if (!viewer) return reply;
      if (!canSeeProvince(viewer, request.params.code))
        return sendHtml(reply, FORBIDDEN_PAGE(homePath(viewer)), 403);
      const now = options.now();
      const chosen = choosePeriod(request.query, now);
      if (!chosen) return sendHtml(reply, BAD_PERIOD_PAGE, 400);
      const { period, invalid } = chosen;
      const result = await options.judgement.provinceView(request.params.code, period, {
        type: 'officials',
        accounts: viewer.accounts,
      });
      if (result.type === 'unknown-province')
        return sendHtml(reply, NOT_FOUND_PAGE('Không có tỉnh, thành phố nào mang mã này.'), 404);
      if (result.type === 'forbidden')
        return sendHtml(reply, FORBIDDEN_PAGE(homePath(viewer)), 403);
      return sendHtml(
        reply,
        provincePage({
          view: result.view,
          viewer,
          sort: request.query.sort,
          dir: request.query.dir,
          now,
          ...(invalid ? { invalidPeriod: invalid } : {}),
        }),
        invalid ? 400 : 200,
      );
    },
  );

  const exportRoute = (scopeOf: (code: string) => ExportScope) =>
    async function (
      request: { params: { code: string }; query: z.infer<typeof exportQuery> } & Parameters<
        typeof viewerOf
      >[1],
      reply: FastifyReply,
    ) {
      const viewer = await signedIn(request, reply);
      if (!viewer) return reply;
      const scope = scopeOf(request.params.code);
      if (scope.type === 'province' && !canSeeProvince(viewer, scope.provinceCode))
        return sendHtml(reply, FORBIDDEN_PAGE(homePath(viewer)), 403);
      const chosen = periodFromQuery({ ky: request.query.ky }, options.now());
      if (chosen.type !== 'ok') return sendHtml(reply, BAD_PERIOD_PAGE, 400);
      const period = chosen.period;
      const result = await options.judgement.exportData({
        kind: request.query.loai,
        format: request.query['dinh-dang'],
        scope,
        ...periodDays(period),
        viewer: { type: 'officials', accounts: viewer.accounts },
      });
      switch (result.type) {
        case 'unknown-scope':
          return sendHtml(reply, NOT_FOUND_PAGE('Không có địa bàn nào mang mã này.'), 404);
        case 'forbidden':
          return sendHtml(reply, FORBIDDEN_PAGE(homePath(viewer)), 403);
        case 'ok':
          return reply
            .header('content-type', result.file.contentType)
            .header('cache-control', 'no-store')
            .header(
              'content-disposition',
              `attachment; filename="${result.file.filename.replace(/[^\w.-]/g, '_')}"`,
            )
            .send(result.file.body);
      }
    };

  app.get(
    '/dashboard/unit/:code/export',
    { schema: { params: z.object({ code }), querystring: exportQuery } },
    exportRoute((unitCode) => ({ type: 'unit', unitCode })),
  );
  app.get(
    '/dashboard/province/:code/export',
    { schema: { params: z.object({ code }), querystring: exportQuery } },
    exportRoute((provinceCode) => ({ type: 'province', provinceCode })),
  );
};
