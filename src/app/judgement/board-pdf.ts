/**
 * The public board as an A4 page to post at the commune office (pdfmake, on the server): the
 * quarter's five criteria as the same SVG chart the page shows, a table with n and interval,
 * the report figures, what the commune answered lately, and the commune's QR code for rating.
 * The font is DejaVu Sans, embedded, so every Vietnamese diacritic prints.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import pdfmake from 'pdfmake';
import type { Content, TDocumentDefinitions } from 'pdfmake/interfaces.js';
import { captionedQrSvg } from '../qr-sign.ts';
import { formatDateTimeVi, formatIsoDateVi } from '../../core/local-date.ts';
import { formatDecimal, formatInterval, formatShare, NO_REPORTS_YET } from './format.ts';
import { criteriaChartSvg } from './judgement-charts.ts';
import type { PublicBoard } from './types.ts';

const FONT_DIR = join(
  dirname(createRequire(import.meta.url).resolve('dejavu-fonts-ttf/package.json')),
  'ttf',
);
/** The name the charts' SVG asks for (font-family "DejaVu Sans"). */
const FONT = 'DejaVu Sans';

let fontsAdded = false;
function ensureFonts() {
  if (fontsAdded) return;
  pdfmake.addFonts({
    [FONT]: {
      normal: join(FONT_DIR, 'DejaVuSans.ttf'),
      bold: join(FONT_DIR, 'DejaVuSans-Bold.ttf'),
      italics: join(FONT_DIR, 'DejaVuSans-Oblique.ttf'),
      bolditalics: join(FONT_DIR, 'DejaVuSans-BoldOblique.ttf'),
    },
  });
  // Only the bundled font files may be read; a document never fetches anything.
  pdfmake.setLocalAccessPolicy((path) => path.startsWith(FONT_DIR));
  pdfmake.setUrlAccessPolicy(() => false);
  fontsAdded = true;
}

/** A4 portrait, 2 cm margins. */
const CONTENT_WIDTH = 595.28 - 2 * 48;

export async function renderBoardPdf(board: PublicBoard): Promise<Buffer> {
  ensureFonts();
  const doc = pdfmake.createPdf(boardDocument(board));
  return Buffer.from(await doc.getBuffer());
}

/** The document definition, separate for tests. */
export function boardDocument(board: PublicBoard): TDocumentDefinitions {
  const { reports } = board;
  const criteriaRows = board.criteria.map((c) => [
    `${c.number}. ${c.nameVi}`,
    { text: formatShare(c.figure), bold: true, alignment: 'right' as const },
    { text: formatInterval(c.figure), alignment: 'right' as const },
    { text: String(c.figure.n), alignment: 'right' as const },
  ]);
  const answered: Content =
    board.latestAnswered.length === 0
      ? { text: 'Chưa có phản ánh, kiến nghị nào được trả lời.', italics: true }
      : {
          table: {
            headerRows: 1,
            widths: ['*', 'auto', 'auto', 'auto'],
            body: [
              ['Lĩnh vực', 'Ngày nhận', 'Ngày trả lời', 'Kết quả'].map((t) => ({
                text: t,
                bold: true,
              })),
              ...board.latestAnswered.map((r) => [
                r.categoryVi,
                formatIsoDateVi(r.receivedOn),
                formatIsoDateVi(r.answeredOn),
                r.resultVi,
              ]),
            ],
          },
          layout: 'lightHorizontalLines',
          fontSize: 9,
        };
  return {
    pageSize: 'A4',
    pageMargins: [48, 40, 48, 40],
    info: { title: `Bảng công khai — ${board.unit.name}`, creator: 'gopy' },
    defaultStyle: { font: FONT, fontSize: 10, lineHeight: 1.15 },
    content: [
      { text: 'BẢNG CÔNG KHAI Ý KIẾN NGƯỜI DÂN', bold: true, fontSize: 16, alignment: 'center' },
      {
        text: `${board.unit.name}, ${board.unit.provinceName} — ${board.periodLabel}`,
        fontSize: 12,
        alignment: 'center',
        margin: [0, 2, 0, 2],
      },
      {
        text: 'Mô hình «Chính quyền thân thiện vì nhân dân phục vụ»',
        italics: true,
        alignment: 'center',
        margin: [0, 0, 0, 10],
      },
      { text: 'Mức hài lòng theo 5 tiêu chí', bold: true, fontSize: 12 },
      {
        text:
          'Tỷ lệ ý kiến «Hài lòng» và «Rất hài lòng»; khoảng tin cậy 95 %; chỉ công bố khi có từ ' +
          `${board.minAnswers} ý kiến.`,
        fontSize: 8,
        color: '#57606a',
        margin: [0, 0, 0, 4],
      },
      {
        svg: criteriaChartSvg(board.criteria, { width: 720, height: 300 }),
        width: CONTENT_WIDTH,
        font: FONT,
      },
      {
        table: {
          headerRows: 1,
          widths: ['*', 'auto', 'auto', 'auto'],
          body: [
            ['Tiêu chí', 'Chỉ số', 'Khoảng tin cậy', 'Số ý kiến'].map((t) => ({
              text: t,
              bold: true,
            })),
            ...criteriaRows,
            [
              'Hài lòng chung',
              { text: formatShare(board.overall), bold: true, alignment: 'right' },
              { text: formatInterval(board.overall), alignment: 'right' },
              { text: String(board.overall.n), alignment: 'right' },
            ],
          ],
        },
        layout: 'lightHorizontalLines',
        fontSize: 9,
        margin: [0, 4, 0, 10],
      },
      {
        columns: [
          {
            width: '*',
            stack: [
              {
                text: 'Phản ánh, kiến nghị trong quý',
                bold: true,
                fontSize: 12,
                margin: [0, 0, 0, 4],
              },
              { text: [{ text: 'Tiếp nhận: ' }, { text: String(reports.received), bold: true }] },
              {
                text: [
                  { text: 'Trả lời đúng hạn: ' },
                  { text: formatShare(reports.onTime, NO_REPORTS_YET), bold: true },
                  { text: ` (${reports.onTime.n} phiếu đến hạn)` },
                ],
              },
              {
                text: [
                  { text: 'Bị người dân mở lại: ' },
                  { text: formatShare(reports.reopened, NO_REPORTS_YET), bold: true },
                  { text: ` (${reports.reopened.n} phiếu đã trả lời)` },
                ],
              },
              {
                text: [
                  { text: 'Thời gian trả lời (trung vị): ' },
                  { text: `${formatDecimal(reports.medianDaysToAnswer.days)} ngày`, bold: true },
                  { text: ` (${reports.medianDaysToAnswer.n} phiếu)` },
                ],
              },
              {
                text: 'Kết quả đã trả lời gần đây',
                bold: true,
                fontSize: 12,
                margin: [0, 10, 0, 4],
              },
              answered,
            ],
          },
          {
            width: 150,
            stack: [
              {
                svg: captionedQrSvg(
                  board.ratingLink,
                  [board.unit.name],
                  'Quét mã bằng Telegram để đánh giá',
                ),
                width: 150,
                font: FONT,
              },
              { text: board.ratingLink, fontSize: 7, alignment: 'center', color: '#57606a' },
            ],
          },
        ],
        columnGap: 16,
      },
    ],
    footer: {
      text: `Số liệu đến ${formatDateTimeVi(board.asOf)} — gopy`,
      fontSize: 8,
      color: '#57606a',
      alignment: 'center',
    },
  };
}
