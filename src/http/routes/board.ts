/**
 * The public transparency board: `/board/<communeCode>` (a page, no sign-in) and
 * `/board/<communeCode>.pdf` (the same as an A4 page to post at the commune office). Only
 * public figures reach it: the use case gives nothing personal and no figure under the public
 * minimum; the page adds the rating QR code.
 */
import type {} from '@fastify/rate-limit';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ChartSize, criteriaChartSvg } from '../../app/judgement/judgement-charts.ts';
import type { PublicBoard, PublicBoardUseCase } from '../../app/judgement/types.ts';
import { sendHtml } from '../html.ts';
import { boardPage } from '../pages/board-page.ts';
import { UNKNOWN_UNIT_PAGE } from '../pages/page-parts.ts';

export interface BoardRoutesOptions {
  publicBoard: PublicBoardUseCase;
  renderPdf: (board: PublicBoard) => Promise<Buffer>;
  /** The chart renderer, loaded on first use (echarts is heavy: only pages need it). */
  criteriaChart: () => Promise<typeof criteriaChartSvg>;
  now: () => Date;
}

const WIDE: ChartSize = { width: 760, height: 340 };
const NARROW: ChartSize = { width: 360, height: 380 };

export const boardRoutes: FastifyPluginAsyncZod<BoardRoutesOptions> = async (app, options) => {
  app.get(
    '/board/:file',
    {
      schema: { params: z.object({ file: z.string().regex(/^\d{5}(\.pdf)?$/) }) },
      // Public and computed from aggregates: enough for people, not for a scraper's loop.
      config: { rateLimit: { max: 60, timeWindow: '1 minute' } },
    },
    async (request, reply) => {
      const pdf = request.params.file.endsWith('.pdf');
      const unitCode = request.params.file.slice(0, 5);
      const result = await options.publicBoard(unitCode, options.now());
      if (result.type === 'unknown-unit') return sendHtml(reply, UNKNOWN_UNIT_PAGE, 404);
      const board = result.board;
      if (pdf)
        return reply
          .header('content-type', 'application/pdf')
          .header('content-disposition', `inline; filename="bang-cong-khai-${unitCode}.pdf"`)
          .send(await options.renderPdf(board));
      // Loaded here, not at start: roles that never serve the board need not hold it.
      const { default: QRCode } = await import('qrcode');
      const criteriaChart = await options.criteriaChart();
      const qrSvg = await QRCode.toString(board.ratingLink, {
        type: 'svg',
        margin: 1,
        errorCorrectionLevel: 'M',
      });
      // The public figures are already cut at the minimum: what is shown is public.
      const criteria = board.criteria.map((c) => ({
        ...c,
        belowPublicMinimum: c.figure.type !== 'shown',
      }));
      return sendHtml(
        reply,
        boardPage({
          board,
          criteriaChart: {
            wide: criteriaChart(criteria, WIDE),
            narrow: criteriaChart(criteria, NARROW),
          },
          qrSvg,
        }),
      );
    },
  );
};
