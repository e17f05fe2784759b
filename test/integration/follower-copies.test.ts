/**
 * A message to a report's citizen and its followers' copies are one write: the thread message,
 * the citizen's delivery and each follower's copy are stored in one transaction on real
 * PostgreSQL, before anything is queued, and none of them when the write fails midway.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OutboundMessage } from '../../src/channels/types.ts';
import { followerCopies } from '../../src/persistence/followers-repository.ts';
import { createReportWorkflowRepository } from '../../src/persistence/report-workflow-repository.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-db.ts';

let db: TestDatabase;
let reportId: number;
let followerId: number;

beforeAll(async () => {
  db = await createTestDatabase();
  await db.prisma.province.create({
    data: { code: '33', name: 'Tỉnh Hưng Yên', type: 'province' },
  });
  await db.prisma.unit.create({
    data: {
      code: '10001',
      name: 'Xã Bắc Đông Hưng',
      nameFolded: 'bac dong hung',
      type: 'commune',
      provinceCode: '33',
    },
  });
  await db.prisma.category.create({
    data: { code: 'giao-thong', nameVi: 'Giao thông', nameEn: 'Roads', deadlineDays: 5 },
  });
  const owner = await db.prisma.citizen.create({
    data: { channel: 'telegram', externalId: '8001', chatId: '8001' },
  });
  const follower = await db.prisma.citizen.create({
    data: { channel: 'telegram', externalId: '8002', chatId: '8002' },
  });
  const report = await db.prisma.report.create({
    data: {
      ticketCode: 'PA-2027-000001',
      citizenId: owner.id,
      unitCode: '10001',
      categoryCode: 'giao-thong',
      kind: 'phan-anh',
      text: 'Ổ gà trước cổng trường',
      status: 'acknowledged',
      dueAt: new Date('2027-03-15T10:00:00Z'),
      flowId: 'report',
      flowVersion: 1,
    },
  });
  reportId = report.id;
  followerId = follower.id;
  await db.prisma.reportFollower.create({
    data: { reportId, citizenId: follower.id, via: 'follow' },
  });
});

afterAll(async () => {
  await db?.drop();
});

const answer = (threadId: number) => [
  {
    dedupeKey: `thread-${threadId}-8001-0`,
    chatId: '8001',
    message: { type: 'text' as const, chatId: '8001', text: 'Xã sẽ vá trong tuần.' },
    reportId,
    link: { kind: 'answer' as const, reportId },
  },
];

describe('a message to the citizen and its followers', () => {
  it('is stored with the citizen’s delivery and the follower’s copy in one write', async () => {
    const workflow = createReportWorkflowRepository(db.prisma);
    const { id } = await workflow.addThreadMessageWithDeliveries(
      { reportId, direction: 'out', authorKind: 'official', text: 'Xã sẽ vá trong tuần.' },
      answer,
    );
    const rows = await db.prisma.delivery.findMany({ where: { reportId }, orderBy: { id: 'asc' } });
    expect(rows.map((r) => [r.dedupeKey, r.chatId])).toEqual([
      [`thread-${id}-8001-0`, '8001'],
      [`thread-${id}-8001-0~f${followerId}`, '8002'],
    ]);
  });

  it('is said in the follower’s language', async () => {
    const said = (text: string): OutboundMessage => ({ type: 'text', chatId: '8001', text });
    const notice = {
      dedupeKey: 'notice-lang-1',
      chatId: '8001',
      message: said('Phiếu PA-2027-000001 đã được tiếp nhận.'),
      inLang: {
        vi: said('Phiếu PA-2027-000001 đã được tiếp nhận.'),
        en: said('PA-2027-000001 has been accepted.'),
      },
      link: { kind: 'notice' as const, reportId },
    };
    const copyText = async () => {
      const copies = await followerCopies(db.prisma, notice);
      return copies.map((c) => {
        const text = c.message.type === 'text' ? c.message.text : undefined;
        return [c.chatId, typeof text === 'object' ? text.value : text];
      });
    };
    expect(await copyText()).toEqual([
      ['8002', '<i>🔔 Phiếu Ông/Bà đang theo dõi</i>\nPhiếu PA-2027-000001 đã được tiếp nhận.'],
    ]);
    // The follower chose English (/language keeps it in their row: CitizenRegistry.setLanguage).
    await db.prisma.citizen.update({ where: { id: followerId }, data: { language: 'en' } });
    expect(await copyText()).toEqual([
      ['8002', '<i>🔔 A ticket you follow</i>\nPA-2027-000001 has been accepted.'],
    ]);
    await db.prisma.citizen.update({ where: { id: followerId }, data: { language: 'vi' } });
  });

  it('knows a delivered copy as the follower’s, in their language, for its edit or retraction', async () => {
    const workflow = createReportWorkflowRepository(db.prisma);
    const [thread] = await db.prisma.threadMessage.findMany({ where: { reportId } });
    if (!thread) throw new Error('no thread message');
    // Sent: the citizen's delivery and the follower's copy of the first test's message.
    await db.prisma.delivery.updateMany({
      where: { dedupeKey: { startsWith: `thread-${thread.id}-` } },
      data: { threadMessageId: thread.id, state: 'sent', messageIds: [501] },
    });
    expect(await workflow.deliveredCopies(thread.id)).toEqual([
      { channel: 'telegram', chatId: '8001', messageId: 501 },
      { channel: 'telegram', chatId: '8002', messageId: 501, follower: { lang: 'vi' } },
    ]);
    await db.prisma.citizen.update({ where: { id: followerId }, data: { language: 'en' } });
    expect((await workflow.deliveredCopies(thread.id))[1]?.follower).toEqual({ lang: 'en' });
    await db.prisma.citizen.update({ where: { id: followerId }, data: { language: 'vi' } });
  });

  it('stores nothing when the write fails midway', async () => {
    const workflow = createReportWorkflowRepository(db.prisma);
    const before = await db.prisma.threadMessage.count({ where: { reportId } });
    await expect(
      workflow.addThreadMessageWithDeliveries(
        { reportId, direction: 'out', authorKind: 'official', text: 'Lần hai' },
        () => {
          throw new Error('the process died');
        },
      ),
    ).rejects.toThrow('the process died');
    expect(await db.prisma.threadMessage.count({ where: { reportId } })).toBe(before);
    expect(await db.prisma.delivery.count({ where: { reportId } })).toBe(2);
  });
});
