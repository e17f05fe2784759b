/**
 * A small province for the judgement tests, written straight into PostgreSQL: three communes,
 * quick and counter ratings, reports of every kind in the fourth quarter of 2026.
 *
 * - 99001 Xã An Bình: 40 current quick ratings in Q4 (criterion 1: 30 × 5, 10 × 2; two skips
 *   on top), one replaced rating and one rating a minute before Q4 (both must not count), one
 *   rating at exactly 00:00 on 1 Oct in Vietnam (must count). Reports: see `REPORTS`.
 * - 99002 Xã Bình Minh: 10 ratings, all 5 (below the minimum of 30).
 * - 99003 Phường Cát Lâm: 200 ratings, 40 satisfied (20 %).
 */
import type { PrismaClient } from '../../src/persistence/prisma.ts';
import type { OfficialRecord } from '../../src/app/ports/official-directory.ts';
import { HEADLINE_ITEMS } from '../../src/core/judgement-items.ts';

export const PROVINCE = '99';
export const UNIT_A = '99001';
export const UNIT_B = '99002';
export const UNIT_C = '99003';
/** 20 Nov 2026, 10:00 in Vietnam. */
export const NOW = new Date('2026-11-20T03:00:00Z');
/** Q4 2026 starts here (00:00 on 1 Oct in Vietnam). */
export const Q4_START = new Date('2026-09-30T17:00:00Z');

let citizenSeq = 0;
let ratingSeq = 0;

export async function seedJudgement(prisma: PrismaClient) {
  await prisma.province.create({
    data: { code: PROVINCE, name: 'Tỉnh Thử Nghiệm', type: 'province' },
  });
  for (const [code, name, type] of [
    [UNIT_A, 'Xã An Bình', 'commune'],
    [UNIT_B, 'Xã Bình Minh', 'commune'],
    [UNIT_C, 'Phường Cát Lâm', 'ward'],
  ] as const) {
    await prisma.unit.create({
      data: { code, name, nameFolded: name.toLowerCase(), type, provinceCode: PROVINCE },
    });
  }
  await prisma.category.createMany({
    data: [
      { code: 'giao-thong', nameVi: 'Giao thông, đường sá', nameEn: 'Roads', deadlineDays: 5 },
      {
        code: 'moi-truong',
        nameVi: 'Môi trường, rác thải',
        nameEn: 'Environment',
        deadlineDays: 5,
      },
    ],
    skipDuplicates: true,
  });
  const citizen = async (name = 'Nguyễn Văn An', phone = '0912345678') =>
    (
      await prisma.citizen.create({
        data: {
          externalId: `j${++citizenSeq}`,
          chatId: `j${citizenSeq}`,
          displayName: name,
          phone,
        },
      })
    ).id;
  const rating = async (
    unitCode: string,
    createdAt: Date,
    c1: number | null,
    extra: {
      kind?: string;
      replacedAt?: Date;
      counterCode?: string;
      improve?: string[];
      comment?: string;
      items?: Array<{ itemId: string; score: number | null }>;
    } = {},
  ) => {
    const citizenId = await citizen();
    const answers = extra.items ?? [
      { itemId: HEADLINE_ITEMS[1], criterion: 1, score: c1 },
      { itemId: HEADLINE_ITEMS[2], criterion: 2, score: 4 },
      { itemId: 'overall', score: c1 === null ? 3 : c1 },
    ];
    await prisma.rating.create({
      data: {
        citizenId,
        unitCode,
        kind: extra.kind ?? 'quick',
        submissionKey: `jr${++ratingSeq}`,
        period: '2026-Q4',
        flowId: 'rate-commune',
        flowVersion: 2,
        counterCode: extra.counterCode ?? null,
        replacedAt: extra.replacedAt ?? null,
        createdAt,
        answers: {
          create: [
            ...answers.map((a) => ({
              itemId: a.itemId,
              criterion: 'criterion' in a ? (a.criterion as number) : null,
              score: a.score,
            })),
            ...(extra.improve ? [{ itemId: 'improve', choices: extra.improve }] : []),
            ...(extra.comment ? [{ itemId: 'comment', text: extra.comment }] : []),
          ],
        },
      },
    });
  };
  const oct = (day: number, hour = 9) => new Date(Date.UTC(2026, 9, day, hour - 7));

  // 99001: 30 × 5 and 10 × 2 on criterion 1, the first at 00:00 on 1 Oct (Vietnam).
  await rating(UNIT_A, Q4_START, 5, { improve: ['attitude', 'digital'] });
  for (let i = 1; i < 30; i++)
    await rating(UNIT_A, oct(2 + (i % 20)), 5, i < 5 ? { improve: ['attitude'] } : {});
  for (let i = 0; i < 10; i++)
    await rating(
      UNIT_A,
      new Date(Date.UTC(2026, 10, 3 + i, 2)),
      2,
      i === 0 ? { comment: '=HYPERLINK("x")' } : {},
    );
  await rating(UNIT_A, oct(5), null);
  await rating(UNIT_A, oct(6), null);
  await rating(UNIT_A, oct(7), 1, { replacedAt: oct(8) });
  await rating(UNIT_A, new Date(Q4_START.getTime() - 60_000), 1);
  // Counter micro-ratings at counter Q1.
  for (let i = 0; i < 4; i++)
    await rating(UNIT_A, oct(10), null, {
      kind: 'counter',
      counterCode: 'Q1',
      items: [
        { itemId: 'c3.polite', score: i < 3 ? 5 : 1 },
        { itemId: 'c3.clear-guidance', score: 4 },
        { itemId: 'c3.on-time', score: null },
        { itemId: 'overall', score: 5 },
      ],
    });
  // 99002: 10 ratings, all 5.
  for (let i = 0; i < 10; i++) await rating(UNIT_B, oct(3), 5);
  // 99003: 200 ratings, 40 satisfied.
  for (let i = 0; i < 200; i++) await rating(UNIT_C, oct(4), i < 40 ? 4 : 2);

  // Reports of 99001.
  const report = async (r: {
    ticket: string;
    kind: string;
    status: string;
    createdAt: Date;
    dueAt: Date;
    resolvedAt?: Date;
    acknowledgedAt?: Date;
    verdict?: string;
    reopenCount?: number;
    anonymous?: boolean;
    resultType?: string;
    text?: string;
  }) => {
    const citizenId = await citizen('Trần Thị Bình', '0987654321');
    return (
      await prisma.report.create({
        data: {
          ticketCode: r.ticket,
          citizenId,
          unitCode: UNIT_A,
          categoryCode: 'giao-thong',
          kind: r.kind,
          text: r.text ?? 'Ổ gà trước cổng trường',
          status: r.status,
          dueAt: r.dueAt,
          createdAt: r.createdAt,
          resolvedAt: r.resolvedAt ?? null,
          acknowledgedAt: r.acknowledgedAt ?? null,
          verdict: r.verdict ?? null,
          reopenCount: r.reopenCount ?? 0,
          anonymous: r.anonymous ?? false,
          resultType: r.resultType ?? (r.resolvedAt ? 'resolved' : null),
          contactPhone: r.anonymous ? null : '0987654321',
          flowId: 'report',
          flowVersion: 1,
        },
      })
    ).id;
  };
  await report({
    ticket: 'PA-2026-000001',
    kind: 'phan-anh',
    status: 'closed',
    createdAt: oct(5),
    acknowledgedAt: oct(5, 11),
    dueAt: oct(12, 17),
    resolvedAt: oct(9),
    verdict: 'yes',
  });
  await report({
    ticket: 'PA-2026-000002',
    kind: 'phan-anh',
    status: 'resolved',
    createdAt: oct(5),
    acknowledgedAt: oct(6, 9),
    dueAt: oct(12, 17),
    resolvedAt: oct(14),
    reopenCount: 1,
    verdict: 'partly',
    text: '+84 912 345 678 gọi tôi',
  });
  await report({
    ticket: 'PA-2026-000003',
    kind: 'kien-nghi',
    status: 'acknowledged',
    createdAt: new Date(Date.UTC(2026, 10, 2, 2)),
    dueAt: new Date(Date.UTC(2026, 10, 9, 10)),
  });
  await report({
    ticket: 'PA-2026-000004',
    kind: 'to-cao',
    status: 'routed',
    createdAt: new Date(Date.UTC(2026, 10, 10, 2)),
    dueAt: new Date(Date.UTC(2026, 11, 10, 10)),
    text: 'Tố cáo cán bộ X',
  });
  await report({
    ticket: 'PA-2026-000005',
    kind: 'phan-anh',
    status: 'routed',
    createdAt: new Date(Date.UTC(2026, 10, 18, 2)),
    dueAt: new Date(Date.UTC(2026, 10, 25, 10)),
    anonymous: true,
  });
  await report({
    ticket: 'PA-2026-000006',
    kind: 'khieu-nai',
    status: 'closed',
    createdAt: oct(1),
    dueAt: oct(30, 17),
    resolvedAt: oct(20),
    verdict: 'none',
  });
  // Follow-up: satisfaction with the answer to PA-2026-000001.
  await rating(UNIT_A, oct(10), null, {
    kind: 'follow-up',
    items: [{ itemId: 'answer-satisfaction', score: 5 }],
  });
}

/** An official as the web session passes it (only the fields the rules read matter). */
export function official(
  unitCode: string,
  role: OfficialRecord['role'],
  positionKind: OfficialRecord['positionKind'],
  id = 500,
): OfficialRecord {
  return {
    id,
    positionId: id,
    positionKind,
    positionTitle: positionKind,
    rank: 0,
    unitCode,
    unitName: unitCode,
    provinceCode: PROVINCE,
    provinceName: 'Tỉnh Thử Nghiệm',
    role,
    fields: [],
    fieldNames: [],
    displayName: 'Cán bộ',
    channel: 'telegram',
    externalId: String(id),
    chatId: String(id),
    active: true,
    unreachableAt: null,
    createdAt: NOW,
    revokedAt: null,
    lang: 'vi',
  };
}
