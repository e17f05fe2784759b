/**
 * Reference data every commune needs, demo or real (`gopy setup`): the report categories with
 * their deadlines in working days, the canned replies officials pick when resolving, and the
 * default positions of a commune People's Committee. Idempotent: rows are matched on their
 * natural keys and updated, so running it twice (or after an upgrade that changed a title)
 * leaves one set. Categories and replies edited by a commune (`gopy categories set`,
 * `gopy replies set`) are kept: setup only writes the rows it ships.
 */
import type { Prisma, PrismaClient } from './generated/prisma/client.ts';
import { POSITION_RANKS, type PositionKind } from '../core/positions.ts';
import type { ResultType } from '../core/report-status.ts';

export interface ReferenceCategory {
  code: string;
  nameVi: string;
  nameEn: string;
  deadlineDays: number;
  onSite: boolean;
}

/** Deadlines in working days: 5 for infrastructure (HCMC's 1022), 3 for quick answers (Đà Nẵng). */
export const CATEGORIES: readonly ReferenceCategory[] = [
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

/**
 * Answers an official can pick when resolving (status "resolved"); null category = any. Written
 * as the commune speaks to a citizen: polite, concrete, and saying what was done.
 */
export const CANNED_REPLIES: ReadonlyArray<{
  /** The result type the reply answers: offered only under that result (desk/resolve-report). */
  status: ResultType;
  categoryCode: string | null;
  text: string;
}> = [
  {
    status: 'resolved',
    categoryCode: null,
    text: 'UBND xã đã tiếp nhận và xử lý phản ánh của Ông/Bà. Trân trọng cảm ơn Ông/Bà đã quan tâm, đóng góp ý kiến.',
  },
  {
    status: 'not-competent',
    categoryCode: null,
    text: 'Nội dung Ông/Bà phản ánh không thuộc thẩm quyền của UBND xã. UBND xã đã chuyển đến cơ quan có thẩm quyền để xem xét, giải quyết.',
  },
  {
    status: 'resolved',
    categoryCode: 'giao-thong',
    text: 'UBND xã đã cử cán bộ kiểm tra hiện trường và cho sửa chữa đoạn đường hư hỏng. Kính mời Ông/Bà xem ảnh kết quả kèm theo.',
  },
  {
    status: 'resolved',
    categoryCode: 'giao-thong',
    text: 'UBND xã đã phối hợp với Công an xã xử lý tình trạng lấn chiếm lòng đường, vỉa hè tại vị trí Ông/Bà phản ánh.',
  },
  {
    status: 'resolved',
    categoryCode: 'moi-truong',
    text: 'UBND xã đã chỉ đạo đơn vị thu gom dọn sạch rác tại điểm Ông/Bà phản ánh và tăng cường kiểm tra, nhắc nhở các hộ dân đổ rác đúng nơi quy định.',
  },
  {
    status: 'resolved',
    categoryCode: 'moi-truong',
    text: 'UBND xã đã kiểm tra và yêu cầu cơ sở gây ô nhiễm khắc phục ngay; trường hợp tái phạm sẽ bị xử phạt theo quy định.',
  },
  {
    status: 'resolved',
    categoryCode: 'an-ninh',
    text: 'UBND xã đã chỉ đạo Công an xã tăng cường tuần tra, kiểm soát tại khu vực Ông/Bà phản ánh. Đề nghị Ông/Bà tiếp tục thông tin khi phát hiện vụ việc mới.',
  },
  {
    status: 'resolved',
    categoryCode: 'an-ninh',
    text: 'Công an xã đã xác minh và xử lý các đối tượng gây mất trật tự theo quy định của pháp luật.',
  },
  {
    status: 'resolved',
    categoryCode: 'dat-dai',
    text: 'UBND xã đã kiểm tra hiện trường, lập biên bản và yêu cầu dừng thi công công trình xây dựng không phép.',
  },
  {
    status: 'resolved',
    categoryCode: 'dat-dai',
    text: 'Thửa đất Ông/Bà hỏi đã được UBND xã kiểm tra hồ sơ địa chính. Kính mời Ông/Bà đến Trung tâm Phục vụ hành chính công xã để được hướng dẫn cụ thể.',
  },
  {
    status: 'resolved',
    categoryCode: 'thu-tuc',
    text: 'Hồ sơ của Ông/Bà đã được giải quyết xong. Kính mời Ông/Bà đến Trung tâm Phục vụ hành chính công xã nhận kết quả, hoặc nhận qua dịch vụ bưu chính.',
  },
  {
    status: 'resolved',
    categoryCode: 'thu-tuc',
    text: 'Thành phần hồ sơ và lệ phí của thủ tục này được niêm yết tại Trung tâm Phục vụ hành chính công xã và trên Cổng Dịch vụ công quốc gia. Cán bộ sẽ hướng dẫn Ông/Bà hoàn thiện hồ sơ trong một lần.',
  },
  {
    status: 'resolved',
    categoryCode: 'thai-do',
    text: 'UBND xã đã làm việc với cán bộ liên quan, yêu cầu rút kinh nghiệm và chấn chỉnh thái độ phục vụ. Xin lỗi Ông/Bà vì sự việc không đáng có.',
  },
  {
    status: 'resolved',
    categoryCode: 'thai-do',
    text: 'UBND xã đã xác minh nội dung phản ánh và xử lý cán bộ vi phạm theo quy định. Cảm ơn Ông/Bà đã giúp chính quyền phục vụ nhân dân tốt hơn.',
  },
  {
    status: 'scheduled',
    categoryCode: 'chinh-sach',
    text: 'UBND xã đã rà soát hồ sơ; gia đình Ông/Bà đủ điều kiện hưởng chính sách và sẽ được chi trả từ kỳ tới.',
  },
  {
    status: 'resolved',
    categoryCode: 'chinh-sach',
    text: 'Theo quy định hiện hành, trường hợp của Ông/Bà chưa đủ điều kiện hưởng chính sách. Cán bộ văn hóa – xã hội sẽ liên hệ để giải thích cụ thể.',
  },
  {
    status: 'resolved',
    categoryCode: 'khac',
    text: 'UBND xã ghi nhận ý kiến của Ông/Bà và sẽ xem xét trong quá trình chỉ đạo, điều hành. Trân trọng cảm ơn Ông/Bà.',
  },
  {
    status: 'scheduled',
    categoryCode: null,
    text: 'UBND xã đã tiếp nhận, kiểm tra và đưa nội dung Ông/Bà phản ánh vào kế hoạch xử lý. Khi hoàn thành, UBND xã sẽ thông báo kết quả để Ông/Bà theo dõi.',
  },
  {
    status: 'scheduled',
    categoryCode: 'giao-thong',
    text: 'UBND xã đã cử cán bộ kiểm tra hiện trường và đưa đoạn đường hư hỏng vào kế hoạch sửa chữa; đơn vị thi công sẽ khắc phục trong thời hạn đã hẹn.',
  },
];

export interface DefaultPosition {
  kind: PositionKind;
  title: string;
  fields: string[];
}

/**
 * The positions of a commune People's Committee (PRODUCT.md): a chair, two vice chairs with
 * their fields, the head of the office and its staff. Communes differ; `gopy positions set`
 * changes them.
 */
export const DEFAULT_POSITIONS: readonly DefaultPosition[] = [
  { kind: 'chair', title: 'Chủ tịch UBND xã', fields: [] },
  {
    kind: 'vice-chair',
    title: 'Phó Chủ tịch UBND xã phụ trách kinh tế, hạ tầng',
    fields: ['giao-thong', 'moi-truong', 'dat-dai'],
  },
  {
    kind: 'vice-chair',
    title: 'Phó Chủ tịch UBND xã phụ trách văn hóa – xã hội',
    fields: ['chinh-sach', 'thu-tuc'],
  },
  { kind: 'head', title: 'Chánh Văn phòng HĐND và UBND xã', fields: [] },
  { kind: 'staff', title: 'Công chức Văn phòng HĐND và UBND xã', fields: [] },
];

export interface SetupResult {
  categories: number;
  cannedReplies: number;
  /** Positions created or updated, over all units given. */
  positions: number;
}

type Tx = Prisma.TransactionClient;

/**
 * Loads the categories and canned replies, and the default positions of each unit in
 * `unitCodes` (existing positions of the same kind and title are updated, others are left).
 * Safe to run any number of times, and concurrently (an advisory lock serializes runs).
 */
export async function setupReference(
  prisma: PrismaClient,
  options: { unitCodes?: readonly string[] } = {},
): Promise<SetupResult> {
  return prisma.$transaction(
    async (tx) => {
      // Two runs at once would both see "missing" and create twice: take turns.
      await tx.$executeRawUnsafe(
        `SELECT 1 FROM (SELECT pg_advisory_xact_lock(hashtext('gopy:setup'))) l`,
      );
      for (const [sortOrder, c] of CATEGORIES.entries()) {
        const data = { ...c, sortOrder, active: true };
        await tx.category.upsert({ where: { code: c.code }, create: data, update: {} });
      }
      for (const [sortOrder, r] of CANNED_REPLIES.entries()) {
        const existing = await tx.cannedReply.findFirst({
          where: { categoryCode: r.categoryCode, unitCode: null, text: r.text },
          select: { id: true, status: true },
        });
        if (!existing)
          await tx.cannedReply.create({
            data: { categoryCode: r.categoryCode, status: r.status, text: r.text, sortOrder },
          });
        // Earlier releases shipped every reply as 'resolved': give it the result it answers.
        else if (existing.status === 'resolved' && r.status !== 'resolved')
          await tx.cannedReply.update({ where: { id: existing.id }, data: { status: r.status } });
      }
      let positions = 0;
      for (const unitCode of options.unitCodes ?? []) {
        positions += (await ensureDefaultPositions(tx, unitCode)).length;
      }
      return { categories: CATEGORIES.length, cannedReplies: CANNED_REPLIES.length, positions };
    },
    // About 30 small statements per unit: more than the default 5 s allows on a busy machine.
    { timeout: 60_000, maxWait: 10_000 },
  );
}

/**
 * Makes sure a unit has the default positions (matched on kind and title); returns their ids
 * in DEFAULT_POSITIONS order. Fields are set only on creation: a commune's own changes stay.
 */
export async function ensureDefaultPositions(tx: Tx, unitCode: string): Promise<number[]> {
  const ids: number[] = [];
  for (const p of DEFAULT_POSITIONS) {
    const existing = await tx.position.findFirst({
      where: { unitCode, kind: p.kind, title: p.title },
      select: { id: true },
    });
    const { id } =
      existing ??
      (await tx.position.create({
        data: { unitCode, ...p, rank: POSITION_RANKS[p.kind] },
        select: { id: true },
      }));
    ids.push(id);
  }
  return ids;
}
