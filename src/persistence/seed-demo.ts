/**
 * Demo data for trying gopy out and for the local simulator: the report categories, the
 * positions of two communes of Hưng Yên, demo officials reachable in the simulator, and canned
 * replies. Idempotent: rows are matched on their natural keys and updated, so running it twice
 * (or after an upgrade that changed a title) leaves one set. Needs the units imported first.
 */
import { AppError } from '../core/errors.ts';
import type { PrismaClient } from './generated/prisma/client.ts';

export interface SeedDemoResult {
  categories: number;
  positions: number;
  officials: number;
  groups: number;
  cannedReplies: number;
}

interface DemoCategory {
  code: string;
  nameVi: string;
  nameEn: string;
  deadlineDays: number;
  onSite: boolean;
}

/** Deadlines in working days: 5 for infrastructure (HCMC's 1022), 3 for quick answers (Đà Nẵng). */
export const DEMO_CATEGORIES: readonly DemoCategory[] = [
  {
    code: 'giao-thong',
    nameVi: 'Giao thông, đường sá',
    nameEn: 'Roads and traffic',
    deadlineDays: 5,
    onSite: true,
  },
  {
    code: 'moi-truong',
    nameVi: 'Môi trường, rác thải',
    nameEn: 'Environment and waste',
    deadlineDays: 5,
    onSite: true,
  },
  {
    code: 'an-ninh',
    nameVi: 'An ninh, trật tự',
    nameEn: 'Order and security',
    deadlineDays: 3,
    onSite: false,
  },
  {
    code: 'dat-dai',
    nameVi: 'Đất đai, xây dựng',
    nameEn: 'Land and construction',
    deadlineDays: 10,
    onSite: true,
  },
  {
    code: 'thu-tuc',
    nameVi: 'Thủ tục hành chính',
    nameEn: 'Administrative procedures',
    deadlineDays: 3,
    onSite: false,
  },
  {
    code: 'thai-do',
    nameVi: 'Thái độ cán bộ',
    nameEn: 'Staff attitude',
    deadlineDays: 5,
    onSite: false,
  },
  {
    code: 'chinh-sach',
    nameVi: 'Chính sách xã hội',
    nameEn: 'Social policy',
    deadlineDays: 7,
    onSite: false,
  },
  { code: 'khac', nameVi: 'Khác', nameEn: 'Other', deadlineDays: 5, onSite: false },
];

/** The two demo communes (Hưng Yên): Bắc Đông Hưng absorbed old xã Đông Xá. */
export const DEMO_UNIT_CODES = ['12694', '13186'] as const;

type PositionKind = 'chair' | 'vice-chair' | 'head' | 'staff';

interface DemoPosition {
  kind: PositionKind;
  title: string;
  fields: string[];
  rank: number;
}

const DEMO_POSITIONS: readonly DemoPosition[] = [
  { kind: 'chair', title: 'Chủ tịch UBND xã', fields: [], rank: 3 },
  {
    kind: 'vice-chair',
    title: 'Phó Chủ tịch UBND xã phụ trách kinh tế, hạ tầng',
    fields: ['giao-thong', 'moi-truong', 'dat-dai'],
    rank: 2,
  },
  {
    kind: 'vice-chair',
    title: 'Phó Chủ tịch UBND xã phụ trách văn hóa – xã hội',
    fields: ['chinh-sach', 'thu-tuc'],
    rank: 2,
  },
  { kind: 'head', title: 'Chánh Văn phòng HĐND và UBND xã', fields: [], rank: 1 },
  { kind: 'staff', title: 'Công chức Văn phòng HĐND và UBND xã', fields: [], rank: 0 },
];

interface DemoOfficial {
  unitCode: string;
  positionTitle: string;
  role: 'leader' | 'staff';
  displayName: string;
  /** Telegram user id; a private chat's id is the user's id. */
  externalId: string;
}

/** Ids the local simulator uses; real Telegram user ids are far larger. */
const DEMO_OFFICIALS: readonly DemoOfficial[] = [
  {
    unitCode: '12694',
    positionTitle: 'Chủ tịch UBND xã',
    role: 'leader',
    displayName: 'Chủ tịch UBND xã (demo)',
    externalId: '9001',
  },
  {
    unitCode: '12694',
    positionTitle: 'Công chức Văn phòng HĐND và UBND xã',
    role: 'staff',
    displayName: 'Công chức Văn phòng (demo)',
    externalId: '9002',
  },
  {
    unitCode: '13186',
    positionTitle: 'Chủ tịch UBND xã',
    role: 'leader',
    displayName: 'Chủ tịch UBND xã (demo)',
    externalId: '9011',
  },
];

const DEMO_GROUPS = [
  { unitCode: '12694', chatId: '-100900', title: 'Cán bộ UBND xã Bắc Đông Hưng (demo)' },
] as const;

/**
 * Answers an official can pick when resolving (status "resolved"); null category = any. Written
 * as the commune speaks to a citizen: polite, concrete, and saying what was done.
 */
const DEMO_CANNED_REPLIES: ReadonlyArray<{ categoryCode: string | null; text: string }> = [
  {
    categoryCode: null,
    text: 'UBND xã đã tiếp nhận và xử lý phản ánh của Ông/Bà. Trân trọng cảm ơn Ông/Bà đã quan tâm, đóng góp ý kiến.',
  },
  {
    categoryCode: null,
    text: 'Nội dung Ông/Bà phản ánh không thuộc thẩm quyền của UBND xã. UBND xã đã chuyển đến cơ quan có thẩm quyền để xem xét, giải quyết.',
  },
  {
    categoryCode: 'giao-thong',
    text: 'UBND xã đã cử cán bộ kiểm tra hiện trường và cho sửa chữa đoạn đường hư hỏng. Kính mời Ông/Bà xem ảnh kết quả kèm theo.',
  },
  {
    categoryCode: 'giao-thong',
    text: 'UBND xã đã phối hợp với Công an xã xử lý tình trạng lấn chiếm lòng đường, vỉa hè tại vị trí Ông/Bà phản ánh.',
  },
  {
    categoryCode: 'moi-truong',
    text: 'UBND xã đã chỉ đạo đơn vị thu gom dọn sạch rác tại điểm Ông/Bà phản ánh và tăng cường kiểm tra, nhắc nhở các hộ dân đổ rác đúng nơi quy định.',
  },
  {
    categoryCode: 'moi-truong',
    text: 'UBND xã đã kiểm tra và yêu cầu cơ sở gây ô nhiễm khắc phục ngay; trường hợp tái phạm sẽ bị xử phạt theo quy định.',
  },
  {
    categoryCode: 'an-ninh',
    text: 'UBND xã đã chỉ đạo Công an xã tăng cường tuần tra, kiểm soát tại khu vực Ông/Bà phản ánh. Đề nghị Ông/Bà tiếp tục thông tin khi phát hiện vụ việc mới.',
  },
  {
    categoryCode: 'an-ninh',
    text: 'Công an xã đã xác minh và xử lý các đối tượng gây mất trật tự theo quy định của pháp luật.',
  },
  {
    categoryCode: 'dat-dai',
    text: 'UBND xã đã kiểm tra hiện trường, lập biên bản và yêu cầu dừng thi công công trình xây dựng không phép.',
  },
  {
    categoryCode: 'dat-dai',
    text: 'Thửa đất Ông/Bà hỏi đã được UBND xã kiểm tra hồ sơ địa chính. Kính mời Ông/Bà đến Trung tâm Phục vụ hành chính công xã để được hướng dẫn cụ thể.',
  },
  {
    categoryCode: 'thu-tuc',
    text: 'Hồ sơ của Ông/Bà đã được giải quyết xong. Kính mời Ông/Bà đến Trung tâm Phục vụ hành chính công xã nhận kết quả, hoặc nhận qua dịch vụ bưu chính.',
  },
  {
    categoryCode: 'thu-tuc',
    text: 'Thành phần hồ sơ và lệ phí của thủ tục này được niêm yết tại Trung tâm Phục vụ hành chính công xã và trên Cổng Dịch vụ công quốc gia. Cán bộ sẽ hướng dẫn Ông/Bà hoàn thiện hồ sơ trong một lần.',
  },
  {
    categoryCode: 'thai-do',
    text: 'UBND xã đã làm việc với cán bộ liên quan, yêu cầu rút kinh nghiệm và chấn chỉnh thái độ phục vụ. Xin lỗi Ông/Bà vì sự việc không đáng có.',
  },
  {
    categoryCode: 'thai-do',
    text: 'UBND xã đã xác minh nội dung phản ánh và xử lý cán bộ vi phạm theo quy định. Cảm ơn Ông/Bà đã giúp chính quyền phục vụ nhân dân tốt hơn.',
  },
  {
    categoryCode: 'chinh-sach',
    text: 'UBND xã đã rà soát hồ sơ; gia đình Ông/Bà đủ điều kiện hưởng chính sách và sẽ được chi trả từ kỳ tới.',
  },
  {
    categoryCode: 'chinh-sach',
    text: 'Theo quy định hiện hành, trường hợp của Ông/Bà chưa đủ điều kiện hưởng chính sách. Cán bộ văn hóa – xã hội sẽ liên hệ để giải thích cụ thể.',
  },
  {
    categoryCode: 'khac',
    text: 'UBND xã ghi nhận ý kiến của Ông/Bà và sẽ xem xét trong quá trình chỉ đạo, điều hành. Trân trọng cảm ơn Ông/Bà.',
  },
];

/** Writes the demo set; safe to run any number of times. */
export async function seedDemo(prisma: PrismaClient): Promise<SeedDemoResult> {
  const units = await prisma.unit.findMany({
    where: { code: { in: [...DEMO_UNIT_CODES] } },
    select: { code: true },
  });
  const missing = DEMO_UNIT_CODES.filter((code) => !units.some((u) => u.code === code));
  if (missing.length > 0) {
    throw new AppError(
      'seed_demo',
      `The demo communes ${missing.join(', ')} are not in the database: import the units first (gopy units import)`,
    );
  }

  return prisma.$transaction(
    async (tx) => {
      // Two seeds at once would both see "missing" and create twice: take turns.
      await tx.$executeRawUnsafe(
        `SELECT 1 FROM (SELECT pg_advisory_xact_lock(hashtext('gopy:seed-demo'))) l`,
      );

      for (const [sortOrder, c] of DEMO_CATEGORIES.entries()) {
        const data = { ...c, sortOrder, active: true };
        await tx.category.upsert({ where: { code: c.code }, create: data, update: data });
      }

      const positionIds = new Map<string, number>();
      for (const unitCode of DEMO_UNIT_CODES) {
        for (const p of DEMO_POSITIONS) {
          const existing = await tx.position.findFirst({
            where: { unitCode, kind: p.kind, title: p.title },
            select: { id: true },
          });
          const { id } = existing
            ? await tx.position.update({
                where: { id: existing.id },
                data: { fields: p.fields, rank: p.rank },
                select: { id: true },
              })
            : await tx.position.create({ data: { unitCode, ...p }, select: { id: true } });
          positionIds.set(`${unitCode}/${p.title}`, id);
        }
      }

      for (const o of DEMO_OFFICIALS) {
        const positionId = positionIds.get(`${o.unitCode}/${o.positionTitle}`);
        if (positionId === undefined) throw new Error(`No demo position ${o.positionTitle}`);
        const data = {
          positionId,
          unitCode: o.unitCode,
          role: o.role,
          displayName: o.displayName,
          channel: 'telegram',
          externalId: o.externalId,
          chatId: o.externalId,
          active: true,
          unreachableAt: null,
          revokedAt: null,
        };
        const existing = await tx.official.findFirst({
          where: { channel: 'telegram', externalId: o.externalId, unitCode: o.unitCode },
          orderBy: { id: 'asc' },
          select: { id: true },
        });
        if (existing) await tx.official.update({ where: { id: existing.id }, data });
        else await tx.official.create({ data });
      }

      for (const g of DEMO_GROUPS) {
        const data = {
          unitCode: g.unitCode,
          channel: 'telegram',
          chatId: g.chatId,
          title: g.title,
          active: true,
        };
        await tx.unitGroup.upsert({
          where: { channel_chatId: { channel: 'telegram', chatId: g.chatId } },
          create: data,
          update: data,
        });
      }

      for (const [sortOrder, r] of DEMO_CANNED_REPLIES.entries()) {
        const existing = await tx.cannedReply.findFirst({
          where: { categoryCode: r.categoryCode, text: r.text },
          select: { id: true },
        });
        const data = { categoryCode: r.categoryCode, status: 'resolved', text: r.text, sortOrder };
        if (existing) await tx.cannedReply.update({ where: { id: existing.id }, data });
        else await tx.cannedReply.create({ data });
      }

      return {
        categories: DEMO_CATEGORIES.length,
        positions: DEMO_UNIT_CODES.length * DEMO_POSITIONS.length,
        officials: DEMO_OFFICIALS.length,
        groups: DEMO_GROUPS.length,
        cannedReplies: DEMO_CANNED_REPLIES.length,
      };
    },
    // About 60 small statements: more than the default 5 s allows on a busy CI machine.
    { timeout: 30_000, maxWait: 10_000 },
  );
}
