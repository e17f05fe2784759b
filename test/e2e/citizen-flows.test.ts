/**
 * The citizen's side end to end: the real gopy (grammY or Telegraf, long polling or webhook)
 * against the fake Bot API over HTTP, on real PostgreSQL and Redis. A test citizen reads what
 * the bot shows and taps its buttons; the assertions are what the citizen sees and what
 * PostgreSQL keeps, and every Bot API call must be one Telegram would accept.
 *
 * The report flow and the quick rating run on all four combinations; the rest (every step's
 * back, cancel, skip, edit and resume; the detailed rating; the counter rating; my reports;
 * language; erasure; session expiry) on one combination each, spread over the four.
 * The same flows on every citizen channel (Telegram, the web chat…) are citizen-matrix.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addWorkingDays } from '../../src/core/working-days.ts';
import { localDateTime } from '../../src/core/local-date.ts';
import type { TgMessage } from '../../src/simulator/fake-bot-api.ts';
import { startHarness, TOKEN, type Harness } from '../support/gopy-harness.ts';
import { makePng } from '../support/fake-bot-api-client.ts';
// OTHER_CHAIR: the seeded demo chair of Xã Bình Định, Hưng Yên (13186).
import { OTHER_CHAIR } from '../support/demo.ts';

const COMMUNE = '12694'; // Xã Bắc Đông Hưng, Hưng Yên (seeded demo commune)

type Framework = 'grammy' | 'telegraf';
type Mode = 'polling' | 'webhook';
const COMBOS: ReadonlyArray<[Framework, Mode]> = [
  ['grammy', 'polling'],
  ['grammy', 'webhook'],
  ['telegraf', 'polling'],
  ['telegraf', 'webhook'],
];

// ---------------------------------------------------------------------------------- helpers

const textOf = (m: TgMessage | undefined) => m?.text ?? m?.caption ?? '';
const lastText = (h: Harness, chat: number) => textOf(h.last(chat));
/** The reply keyboard under the input field, if the bot left one. */
const keyboard = (h: Harness, chat: number) => h.fake.changesSince(TOKEN, chat, 0).keyboard;
/** Distinct photos (Telegram gives the same bytes the same file_unique_id). */
const photo = (i: number) => makePng(8, 8, [40 * i, 100, 200 - 30 * i]);

/** One question of a flow, as the citizen meets it. */
interface Step {
  name: string;
  /** The question as the bot shows it. */
  prompt: RegExp;
  /** Answers it the ordinary way (the citizen's first answer). */
  answer: (h: Harness, c: number) => Promise<void>;
  /** "Bỏ qua" moves on. */
  optional?: boolean;
  /** Shown with a reply keyboard (location, phone): the controls are typed labels. */
  keyboard?: boolean;
}

async function control(h: Harness, c: number, step: Step, label: '◀ Quay lại' | '✖ Hủy') {
  if (step.keyboard) await h.send(c, label);
  else await h.press(c, label);
}

/** Where a citizen's problem is: a cell of a 0.01° (about 1 km) grid of its own, by id. */
const placeOf = (c: number) => ({
  latitude: 20.5 + (c % 100) * 0.01,
  longitude: 106 + (Math.floor(c / 100) % 100) * 0.01,
});

const REPORT: Step[] = [
  {
    name: 'kind',
    prompt: /Ông\/Bà muốn gửi loại nào\?/,
    answer: (h, c) => h.press(c, 'Phản ánh'),
  },
  {
    name: 'commune',
    prompt: /Việc này thuộc xã, phường, đặc khu nào\?/,
    answer: async (h, c) => {
      await h.send(c, 'dong xa'); // an old name, without diacritics
      expect(h.last(c)?.text).toContain(
        '• Xã Bắc Đông Hưng (Tỉnh Hưng Yên) — trước đây là Xã Đông Xá',
      );
      await h.press(c, 'Xã Bắc Đông Hưng – Hưng Yên');
    },
  },
  {
    name: 'category',
    prompt: /Việc này thuộc lĩnh vực nào\?/,
    answer: (h, c) => h.press(c, 'Giao thông, đường sá'),
  },
  {
    name: 'description',
    prompt: /Xin Ông\/Bà kể rõ sự việc/,
    answer: (h, c) => h.send(c, 'Ổ gà lớn trước cổng trường tiểu học, rất nguy hiểm'),
  },
  {
    name: 'photos',
    prompt: /Ông\/Bà có ảnh chụp sự việc không\?/,
    optional: true,
    answer: async (h, c) => {
      await h.sendPhoto(c, undefined, c, photo(1));
      await h.press(c, '✅ Xong');
    },
  },
  {
    name: 'location',
    prompt: /Sự việc ở đâu\?/,
    optional: true,
    keyboard: true,
    // Each citizen's own place, a kilometre or more from the others': the same problem nearby
    // (test/e2e/same-problem.test.ts) is not what these walks are about.
    answer: (h, c) => h.sendLocation(c, placeOf(c).latitude, placeOf(c).longitude),
  },
  {
    name: 'anonymous',
    prompt: /Ông\/Bà có muốn gửi ẩn danh không\?/,
    answer: (h, c) => h.press(c, 'Không, cứ ghi tên tôi'),
  },
  {
    name: 'public',
    prompt: /Ông\/Bà có đồng ý công khai phản ánh này không\?/,
    answer: (h, c) => h.press(c, 'Không công khai'),
  },
  {
    name: 'phone',
    prompt: /để lại số điện thoại/,
    optional: true,
    keyboard: true,
    answer: (h, c) => h.send(c, '0912 345 678'),
  },
  {
    name: 'review',
    prompt: /Xin Ông\/Bà xem lại trước khi gửi/,
    answer: (h, c) => h.press(c, '✅ Gửi'),
  },
];
const REVIEW = REPORT.length - 1;

const RATINGS = ['h1', 'h2', 'h3', 'h4', 'h5'].map((name, i): Step => ({
  name,
  prompt: new RegExp(`^Câu ${i + 1}/6\\. `, 'm'),
  optional: true,
  answer: (h, c) => h.press(c, '4 – Hài lòng'),
}));
const QUICK_RATING: Step[] = [
  {
    name: 'commune',
    prompt: /Ông\/Bà muốn đánh giá chính quyền xã, phường, đặc khu nào\?/,
    answer: async (h, c) => {
      await h.send(c, 'Bac Dong Hung');
      await h.press(c, 'Xã Bắc Đông Hưng – Hưng Yên');
    },
  },
  ...RATINGS,
  {
    name: 'overall',
    prompt: /^Câu 6\/6\. Nhìn chung/m,
    optional: true,
    answer: (h, c) => h.press(c, '5 – Rất hài lòng'),
  },
  {
    name: 'detailed',
    prompt: /Ông\/Bà có muốn đánh giá chi tiết thêm không\?/,
    answer: (h, c) => h.press(c, 'Không, gửi đánh giá ngay'),
  },
];

const COUNTER: Step[] = [
  ['polite', /^Câu 1\/4\./m],
  ['clear', /^Câu 2\/4\./m],
  ['onTime', /^Câu 3\/4\./m],
  ['overall', /^Câu 4\/4\./m],
].map(([name, prompt]): Step => ({
  name: name as string,
  prompt: prompt as RegExp,
  optional: true,
  answer: (h, c) => h.press(c, '5 – Rất hài lòng'),
}));

/** The detailed part, after "Có, đánh giá chi tiết": every item of PRODUCT.md. */
const scale = (name: string, prompt: RegExp, label = '3 – Bình thường'): Step => ({
  name,
  prompt,
  optional: true,
  answer: (h, c) => h.press(c, label),
});
const DETAILED: Step[] = [
  ...QUICK_RATING.slice(0, -1),
  {
    name: 'detailed',
    prompt: /Ông\/Bà có muốn đánh giá chi tiết thêm không\?/,
    answer: (h, c) => h.press(c, 'Có, đánh giá chi tiết'),
  },
  scale('c1Info', /^Thông tin về thủ tục hành chính được cung cấp bằng nhiều cách/m),
  scale('c1Fees', /^Các khoản phí, lệ phí/),
  scale('c1Disclosure', /^Xã công khai thu chi ngân sách/),
  scale('c2Channels', /^Người dân có nhiều cách dễ dàng để gửi phản ánh/m),
  scale('c2Handled', /^Phản ánh, kiến nghị của người dân được xã tiếp nhận/),
  scale('c2Consulted', /^Xã lấy ý kiến người dân/),
  scale('c2Resolved', /^Những việc Ông\/Bà đưa lên xã/),
  scale('c3Prompt', /^Cán bộ, công chức trả lời, giải đáp/m),
  scale('c3Clear', /^Cán bộ hướng dẫn rõ ràng/),
  scale('c3Rules', /^Cán bộ, công chức làm việc đúng quy định/),
  scale('c3Dedicated', /^Cán bộ, công chức tận tụy/),
  scale('c3OnTime', /^Kết quả giải quyết được trả đúng hẹn/),
  {
    name: 'c3Harassment',
    prompt: /gây phiền hà, sách nhiễu/,
    optional: true,
    answer: (h, c) => h.press(c, 'Có, một vài lần'),
  },
  {
    name: 'c3Payment',
    prompt: /đưa thêm tiền ngoài quy định/,
    optional: true,
    answer: (h, c) => h.press(c, 'Không'),
  },
  scale('c4Reachable', /^Chủ tịch UBND xã tiếp công dân định kỳ/m, '2 – Không hài lòng'),
  scale('c4Exemplary', /^Lãnh đạo xã gương mẫu/, '2 – Không hài lòng'),
  scale(
    'c4Corruption',
    /^Lãnh đạo xã nghiêm túc trong phòng, chống tham nhũng/,
    '2 – Không hài lòng',
  ),
  scale('c4Cares', /^Lãnh đạo xã quan tâm/, '2 – Không hài lòng'),
  scale('c5Signs', /^Trụ sở có biển chỉ dẫn/m, '2 – Không hài lòng'),
  scale('c5Seats', /^Có đủ ghế ngồi chờ/, '2 – Không hài lòng'),
  scale('c5Equipment', /^Trang thiết bị phục vụ/, '2 – Không hài lòng'),
  scale('c5Amenities', /^Khuôn viên xanh/, '2 – Không hài lòng'),
  {
    name: 'improve',
    prompt: /^Theo Ông\/Bà, xã cần cải thiện điều gì nhất\?/,
    optional: true,
    answer: async (h, c) => {
      // Asked again (after Back), the earlier choice is already ticked.
      if (!h.buttons(c).flat().includes('✓ Thái độ phục vụ')) await h.press(c, 'Thái độ phục vụ');
      await h.press(c, '✅ Xong');
    },
  },
  {
    name: 'comment',
    prompt: /^Ông\/Bà có góp ý gì thêm cho xã không\?/,
    optional: true,
    answer: (h, c) => h.send(c, 'Cần thêm ghế chờ'),
  },
];

async function openReport(h: Harness, c: number) {
  await h.send(c, '/start');
  await h.press(c, 'Gửi phản ánh, kiến nghị');
}
async function openRating(h: Harness, c: number) {
  await h.send(c, '/start');
  await h.press(c, 'Đánh giá chính quyền');
}
async function openCounter(h: Harness, c: number) {
  await h.send(c, `/start q_${COMMUNE}_Q2_NV07`);
}

/** Opens the flow and answers its first `upTo` questions; the citizen is then at step `upTo`. */
async function walk(
  h: Harness,
  c: number,
  open: (h: Harness, c: number) => Promise<void>,
  steps: Step[],
  upTo: number,
) {
  await open(h, c);
  for (const step of steps.slice(0, upTo)) {
    expect(lastText(h, c), `before answering ${step.name}`).toMatch(step.prompt);
    await step.answer(h, c);
  }
  expect(lastText(h, c)).toMatch(steps[upTo]?.prompt ?? /./);
}

async function citizenOf(h: Harness, userId: number) {
  return h.db.prisma.citizen.findFirstOrThrow({ where: { externalId: String(userId) } });
}
async function reportsOf(h: Harness, userId: number) {
  const citizen = await h.db.prisma.citizen.findFirst({ where: { externalId: String(userId) } });
  if (!citizen) return [];
  return h.db.prisma.report.findMany({
    where: { citizenId: citizen.id },
    include: { attachments: true, events: true },
    orderBy: { id: 'asc' },
  });
}
async function ratingsOf(h: Harness, userId: number) {
  const citizen = await h.db.prisma.citizen.findFirst({ where: { externalId: String(userId) } });
  if (!citizen) return [];
  return h.db.prisma.rating.findMany({
    where: { citizenId: citizen.id },
    include: { answers: { orderBy: { id: 'asc' } } },
    orderBy: { id: 'asc' },
  });
}
/** The newest "Đã tiếp nhận …" the citizen got (status news may arrive after it). */
const received = (h: Harness, chat: number) =>
  h.texts(chat).findLast((t) => t.startsWith('Đã tiếp nhận')) ?? '';
const ticketIn = (text: string) => /Mã phiếu: ([A-Z]{2}-\d{4}-\d{6})/.exec(text)?.[1];

// ---------------------------------------------------------------------------------- suites

for (const [framework, mode] of COMBOS) {
  describe(`citizen flows · ${framework} · ${mode}`, () => {
    let h: Harness;
    beforeAll(async () => {
      h = await startHarness({ framework, mode, humanPace: true });
    }, 60_000);
    afterAll(async () => h?.close());

    it('a first contact reads the welcome and the menu in one message; a later /start, the menu', async () => {
      const c = 7100;
      await h.send(c, '/start');
      expect(h.texts(c)).toHaveLength(1);
      expect(lastText(h, c)).toMatch(
        /^Xin chào! Đây là kênh trao đổi[^]*\/xoadulieu[^]*\n\nÔng\/Bà muốn làm gì\? Xin bấm một nút bên dưới\.$/,
      );
      expect(h.buttons(c).flat()).toContain('Gửi phản ánh, kiến nghị');
      await h.send(c, '/start');
      expect(h.texts(c)).toHaveLength(2);
      expect(lastText(h, c)).toBe('Ông/Bà muốn làm gì? Xin bấm một nút bên dưới.');
    });

    it('a citizen sends a phản ánh and gets a ticket and the deadline in working days', async () => {
      const c = 7101;
      await walk(h, c, openReport, REPORT, REVIEW);
      const review = lastText(h, c);
      for (const line of [
        '• Loại: Phản ánh',
        '• Xã, phường: Xã Bắc Đông Hưng (Tỉnh Hưng Yên)',
        '• Lĩnh vực: Giao thông, đường sá',
        '• Nội dung: Ổ gà lớn trước cổng trường tiểu học, rất nguy hiểm',
        '• Ảnh: 1 ảnh',
        '• Vị trí: vị trí trên bản đồ',
        '• Gửi ẩn danh: Không, cứ ghi tên tôi',
        '• Công khai: Không công khai',
        '• Số điện thoại: 0912 345 678',
      ])
        expect(review).toContain(line);
      // The phone keyboard went away once the number was given.
      expect(keyboard(h, c)).toBeUndefined();
      await h.press(c, '✅ Gửi');

      const done = received(h, c);
      expect(done).toMatch(/^Đã tiếp nhận phản ánh của Ông\/Bà\./);
      const ticket = ticketIn(done);
      expect(ticket).toMatch(/^PA-\d{4}-\d{6}$/);
      const [report] = await reportsOf(h, c);
      expect(report).toMatchObject({
        ticketCode: ticket,
        unitCode: COMMUNE,
        categoryCode: 'giao-thong',
        kind: 'phan-anh',
        anonymous: false,
        contactPhone: '0912345678',
        latitude: placeOf(c).latitude,
        longitude: placeOf(c).longitude,
        flowId: 'report',
        flowVersion: h.gopy.flows.get('report')!.version,
      });
      expect(ticket!.slice(3, 7)).toBe(String(localDateTime(report!.createdAt).year));
      expect(report!.attachments).toHaveLength(1);
      const category = await h.db.prisma.category.findUniqueOrThrow({
        where: { code: 'giao-thong' },
      });
      const due = addWorkingDays(h.gopy.calendar, report!.createdAt, category.deadlineDays);
      expect(report!.dueAt).toEqual(due);
      const l = localDateTime(due);
      const dd = (n: number) => String(n).padStart(2, '0');
      expect(done).toContain(
        `Hạn trả lời: ${category.deadlineDays} ngày làm việc, chậm nhất ngày ${dd(l.day)}/${dd(l.month)}/${l.year}`,
      );
      expect(keyboard(h, c)).toBeUndefined();
      expect(h.buttons(c).flat()).toEqual(['📋 Phản ánh của tôi', '🏠 Về menu chính']);
      expect(h.fake.violations()).toEqual([]);
    });

    it('a quick rating: commune picker, five headline items and overall, stored with the flow version', async () => {
      const c = 7102;
      await walk(h, c, openRating, QUICK_RATING, QUICK_RATING.length - 1);
      expect(h.texts(c).join('\n')).toContain('qua 6 câu hỏi ngắn');
      await h.press(c, 'Không, gửi đánh giá ngay');
      expect(lastText(h, c)).toMatch(/^Cảm ơn Ông\/Bà đã đánh giá Xã Bắc Đông Hưng/);
      const [rating] = await ratingsOf(h, c);
      expect(rating).toMatchObject({
        kind: 'quick',
        unitCode: COMMUNE,
        flowId: 'rate-commune',
        flowVersion: h.gopy.flows.get('rate-commune')!.version,
        replacedAt: null,
      });
      expect(rating!.answers.map((a) => [a.itemId, a.criterion, a.score])).toEqual([
        ['c1.procedures-posted', 1, 4],
        ['c2.results-notified', 2, 4],
        ['c3.polite', 3, 4],
        ['c4.leaders-respond', 4, 4],
        ['c5.office-clean', 5, 4],
        ['overall', null, 5],
      ]);
      expect(h.fake.violations()).toEqual([]);
    });

    it('a counter rating from its QR code, stored with the counter and the flow version', async () => {
      const c = 7103;
      await openCounter(h, c);
      for (const step of COUNTER) await step.answer(h, c);
      expect(lastText(h, c)).toMatch(/^Cảm ơn Ông\/Bà đã đánh giá!/);
      const [rating] = await ratingsOf(h, c);
      expect(rating).toMatchObject({
        kind: 'counter',
        counterCode: 'Q2',
        flowId: 'rate-counter',
        flowVersion: h.gopy.flows.get('rate-counter')!.version,
      });
      expect(rating!.answers).toHaveLength(4);
    });

    it('my reports lists the ticket just sent, with its status, and opens it', async () => {
      const c = 7101; // the citizen of the first test
      const ticket = ticketIn(received(h, c))!;
      await h.send(c, '/start');
      await h.press(c, 'Phản ánh của tôi');
      expect(lastText(h, c)).toMatch(/^Các phản ánh, kiến nghị Ông\/Bà đã gửi gần đây/);
      const entry = h
        .buttons(c)
        .flat()
        .find((b) => b.includes(ticket));
      expect(entry).toMatch(new RegExp(`^(🕓|⏳) ${ticket} · Ổ gà lớn`));
      await h.press(c, entry!);
      expect(lastText(h, c)).toContain(ticket);
      expect(lastText(h, c)).toContain('Ổ gà lớn trước cổng trường tiểu học');
    });

    if (framework === 'grammy' && mode === 'polling') reportEveryStep(() => h);
    if (framework === 'grammy' && mode === 'webhook') reportKinds(() => h);
    if (framework === 'telegraf' && mode === 'polling') ratingEveryStep(() => h);
    if (framework === 'telegraf' && mode === 'webhook') restartsAndAccount(() => h);

    it('Telegram would have accepted every call gopy made', () => {
      expect(h.fake.calls(TOKEN).length).toBeGreaterThan(0);
      expect(h.fake.violations()).toEqual([]);
    });
  });
}

// ---------------------------------------------------------------------------------- report

function reportEveryStep(harness: () => Harness) {
  it('back from every question shows the one before; answers given again go through', async () => {
    const h = harness();
    const c = 7201;
    await openReport(h, c);
    for (const [i, step] of REPORT.entries()) {
      expect(lastText(h, c), step.name).toMatch(step.prompt);
      if (step.name === 'review') break;
      await control(h, c, step, '◀ Quay lại');
      if (i === 0) {
        // The first question was opened from the main menu: back is the menu.
        expect(lastText(h, c)).toMatch(/^Ông\/Bà muốn làm gì\?/);
        await h.press(c, 'Gửi phản ánh, kiến nghị');
      } else {
        const previous = REPORT[i - 1]!;
        expect(lastText(h, c), `back from ${step.name}`).toMatch(previous.prompt);
        await previous.answer(h, c);
      }
      expect(lastText(h, c), `again at ${step.name}`).toMatch(step.prompt);
      await step.answer(h, c);
    }
    await h.press(c, '◀ Quay lại');
    expect(lastText(h, c)).toMatch(REPORT[REVIEW - 1]!.prompt);
    await REPORT[REVIEW - 1]!.answer(h, c);
    await h.press(c, '✅ Gửi');
    expect(received(h, c)).toMatch(/^Đã tiếp nhận phản ánh/);
    const reports = await reportsOf(h, c);
    expect(reports).toHaveLength(1);
    // A photo sent twice (its question came back twice) is one photo.
    expect(reports[0]!.attachments).toHaveLength(1);
    expect(keyboard(h, c)).toBeUndefined();
  });

  it('cancel at every question ends the flow, keeps nothing and offers the menu', async () => {
    const h = harness();
    const citizens = REPORT.map((_, i) => 7300 + i);
    await Promise.all(
      REPORT.map(async (step, i) => {
        const c = citizens[i]!;
        await walk(h, c, openReport, REPORT, i);
        await control(h, c, step, '✖ Hủy');
        const said = h.texts(c).slice(-2).join('\n');
        expect(said, step.name).toMatch(/Đã hủy/);
        expect(keyboard(h, c), step.name).toBeUndefined();
      }),
    );
    for (const c of citizens) expect(await reportsOf(h, c)).toEqual([]);
    // After a cancel, the next message opens the menu.
    await h.send(citizens[3]!, 'xin chào');
    expect(lastText(h, citizens[3]!)).toMatch(/^Ông\/Bà muốn làm gì\?/);
  });

  it('"bỏ qua" skips optional questions and is refused on required ones', async () => {
    const h = harness();
    const c = 7401;
    await openReport(h, c);
    for (const step of REPORT.slice(0, REVIEW)) {
      expect(lastText(h, c), step.name).toMatch(step.prompt);
      await h.send(c, 'bỏ qua');
      if (step.optional) {
        expect(lastText(h, c), step.name).not.toMatch(step.prompt);
        continue;
      }
      expect(lastText(h, c), step.name).toMatch(
        /^Câu hỏi này cần Ông\/Bà trả lời, không bỏ qua được\./,
      );
      expect(lastText(h, c), step.name).toMatch(step.prompt);
      await step.answer(h, c);
    }
    const review = lastText(h, c);
    expect(review).toContain('• Ảnh: (bỏ qua)');
    expect(review).toContain('• Vị trí: (bỏ qua)');
    expect(review).toContain('• Số điện thoại: (bỏ qua)');
    await h.press(c, '✅ Gửi');
    const [report] = await reportsOf(h, c);
    expect(report).toMatchObject({ contactPhone: null, latitude: null, address: null });
    expect(report!.attachments).toEqual([]);
  });

  it('every item of the review can be changed, and the review comes back with the change', async () => {
    const h = harness();
    const c = 7501;
    await walk(h, c, openReport, REPORT, REVIEW);
    const changes: Array<[string, (h: Harness) => Promise<void>, string]> = [
      [
        'Xã, phường',
        async (h) => {
          await h.send(c, 'Phu Dong');
          await h.press(c, /^Xã Phù Đổng/);
          // Nobody reads Gopy in Phù Đổng: said here as when the commune is first chosen.
          expect(lastText(h, c)).toMatch(/^Xã Phù Đổng .*chưa có cán bộ nhận phản ánh qua Gopy/);
          await h.press(c, 'Vẫn gửi');
        },
        'Xã Phù Đổng',
      ],
      ['Lĩnh vực', (h) => h.press(c, 'Môi trường, rác thải'), 'Môi trường, rác thải'],
      [
        'Nội dung',
        (h) => h.send(c, 'Rác thải đổ trộm bên bờ sông'),
        'Rác thải đổ trộm bên bờ sông',
      ],
      [
        'Ảnh',
        async (h) => {
          await h.press(c, '🗑 Xóa ảnh đã gửi');
          await h.sendPhoto(c, undefined, c, photo(2));
          await h.sendPhoto(c, undefined, c, photo(3));
          await h.press(c, '✅ Xong');
        },
        '2 ảnh',
      ],
      [
        'Vị trí',
        (h) => h.send(c, 'Bến đò thôn Nam, cạnh đình làng'),
        'Bến đò thôn Nam, cạnh đình làng',
      ],
      // Typed any common way, shown grouped as it is read aloud.
      ['Số điện thoại', (h) => h.send(c, '0988.777.666'), '0988 777 666'],
      ['Gửi ẩn danh', (h) => h.press(c, 'Có, gửi ẩn danh'), 'Có, gửi ẩn danh'],
    ];
    for (const [label, change, shown] of changes) {
      await h.press(c, `✏️ ${label}`);
      expect(lastText(h, c), label).not.toMatch(REPORT[REVIEW]!.prompt);
      await change(h);
      expect(lastText(h, c), label).toMatch(REPORT[REVIEW]!.prompt);
      expect(lastText(h, c), label).toContain(`• ${label}: ${shown}`);
    }
    // Anonymous now: the phone question no longer applies, so the review no longer lists it.
    expect(lastText(h, c)).not.toContain('Số điện thoại');
    // Back from an edited question returns to the review unchanged, keyboard or not.
    await h.press(c, '✏️ Nội dung');
    await h.press(c, '◀ Quay lại');
    expect(lastText(h, c)).toContain('• Nội dung: Rác thải đổ trộm bên bờ sông');
    await h.press(c, '✏️ Vị trí');
    expect(keyboard(h, c)).toBeDefined();
    await h.send(c, '◀ Quay lại');
    expect(lastText(h, c)).toMatch(REPORT[REVIEW]!.prompt);
    expect(lastText(h, c)).toContain('• Vị trí: Bến đò thôn Nam, cạnh đình làng');
    expect(keyboard(h, c)).toBeUndefined();
    // Changing the kind to a complaint asks what a complaint needs, then returns to the review.
    await h.press(c, '✏️ Loại');
    await h.press(c, 'Khiếu nại');
    expect(h.texts(c).join('\n')).toContain('Lưu ý về khiếu nại (theo Luật Khiếu nại năm 2011)');
    expect(lastText(h, c)).toMatch(/họ và tên đầy đủ/);
    await h.send(c, 'Trần Thị Bình');
    await h.send(c, 'Số 5, thôn Nam, xã Phù Đổng, Hà Nội');
    expect(lastText(h, c)).toMatch(/để lại số điện thoại/);
    await h.send(c, '0987654321');
    await h.press(c, '✏️ Họ tên');
    await h.send(c, 'Trần Thị Bình An');
    const review = lastText(h, c);
    expect(review).toContain('• Loại: Khiếu nại');
    expect(review).toContain('• Họ tên: Trần Thị Bình An');
    expect(review).not.toContain('Gửi ẩn danh');
    await h.press(c, '✅ Gửi');
    expect(received(h, c)).toMatch(/^Đã tiếp nhận khiếu nại của Ông\/Bà\./);
    const [report] = await reportsOf(h, c);
    expect(report).toMatchObject({
      kind: 'khieu-nai',
      categoryCode: 'moi-truong',
      text: 'Rác thải đổ trộm bên bờ sông',
      address: 'Bến đò thôn Nam, cạnh đình làng',
      latitude: null,
      anonymous: false,
      contactPhone: '0987654321',
    });
    expect(report!.ticketCode).toMatch(/^KH-/);
    expect(report!.attachments).toHaveLength(2);
    expect(report!.events[0]!.data).toEqual({
      complainant: {
        fullName: 'Trần Thị Bình An',
        homeAddress: 'Số 5, thôn Nam, xã Phù Đổng, Hà Nội',
      },
    });
  });
}

function reportKinds(harness: () => Harness) {
  it('the submission is in PostgreSQL before the citizen sees the ticket', async () => {
    const h = harness();
    const c = 7601;
    await walk(h, c, openReport, REPORT, REVIEW);
    let inDatabase: Promise<unknown> | undefined;
    const restore = h.fake.failWhile((call) => {
      if (call.method !== 'sendMessage' || !String(call.params.text).includes('Mã phiếu')) return;
      if (inDatabase) return;
      // The citizen has not seen the ticket yet (Telegram refuses the message): look now.
      inDatabase = h.db.prisma.report.findMany({ select: { ticketCode: true } });
      return {
        error_code: 429,
        description: 'Too Many Requests: retry after 1',
        parameters: { retry_after: 1 },
      };
    });
    await h.press(c, '✅ Gửi');
    const done = await h.waitForText(c, /Mã phiếu/);
    restore();
    expect(inDatabase).toBeDefined();
    expect(await inDatabase).toContainEqual({ ticketCode: ticketIn(textOf(done)) });
    // Refused once and sent again: the citizen sees the ticket once.
    expect(h.texts(c).filter((t) => t.includes('Mã phiếu'))).toHaveLength(1);
  });

  it('góp ý: thanked, no deadline; an anonymous phản ánh is not asked for a phone', async () => {
    const h = harness();
    const [a, b] = [7611, 7612];
    await openReport(h, a);
    await h.press(a, 'Góp ý');
    await REPORT[1]!.answer(h, a);
    await h.press(a, 'Khác');
    await h.send(a, 'Nên có thêm ghế đá ở sân nhà văn hóa thôn');
    await h.press(a, 'Bỏ qua');
    await h.send(a, 'Bỏ qua');
    await h.press(a, 'Không, cứ ghi tên tôi');
    await h.press(a, 'Không công khai');
    await h.send(a, 'Bỏ qua');
    await h.press(a, '✅ Gửi');
    const thanks = received(h, a);
    expect(thanks).toMatch(/^Đã tiếp nhận góp ý của Ông\/Bà\. Cảm ơn Ông\/Bà!/);
    expect(thanks).not.toMatch(/Hạn trả lời/);
    const feedback = ticketIn(thanks)!;
    expect(feedback).toMatch(/^GY-/);
    // One rule everywhere (as the chair's /viec: «không có hạn»): a góp ý has no deadline. The
    // notice that it reached the commune and the citizen's «Phản ánh của tôi» name no date.
    const routed = await h.waitForText(
      a,
      new RegExp(`^Góp ý ${feedback} của Ông/Bà đã được chuyển`),
    );
    expect(routed.text).not.toMatch(/Hạn trả lời|\d\d\/\d\d\/\d{4}/);
    await h.send(a, '/start');
    await h.press(a, 'Phản ánh của tôi');
    await h.press(a, new RegExp(feedback));
    const detail = lastText(h, a);
    expect(detail).toContain('Góp ý không có hạn trả lời');
    expect(detail).not.toContain('Hạn trả lời:');
    await h.press(a, '🏠 Về menu chính');

    await openReport(h, b);
    for (const step of REPORT.slice(0, 6)) await step.answer(h, b);
    await h.press(b, 'Có, gửi ẩn danh');
    await h.press(b, 'Không công khai');
    expect(lastText(h, b)).toMatch(REPORT[REVIEW]!.prompt);
    await h.press(b, '✅ Gửi');
    const [report] = await reportsOf(h, b);
    expect(report).toMatchObject({ kind: 'phan-anh', anonymous: true, contactPhone: null });
  });

  it('kiến nghị and tố cáo: the law is explained; a tố cáo cannot be anonymous', async () => {
    const h = harness();
    const [k, d] = [7621, 7622];
    await openReport(h, k);
    await h.press(k, 'Kiến nghị');
    await REPORT[1]!.answer(h, k);
    await h.press(k, 'Chính sách xã hội');
    await h.send(k, 'Đề nghị xã mở thêm lớp học bơi cho trẻ em mùa hè');
    await h.press(k, 'Bỏ qua');
    await h.send(k, 'Bỏ qua');
    expect(lastText(h, k)).toMatch(/gửi ẩn danh/);
    await h.press(k, 'Không, cứ ghi tên tôi');
    await h.press(k, 'Không công khai');
    await h.send(k, 'Bỏ qua');
    await h.press(k, '✅ Gửi');
    expect(received(h, k)).toMatch(/^Đã tiếp nhận kiến nghị của Ông\/Bà\./);

    await openReport(h, d);
    await h.press(d, 'Tố cáo');
    const law = lastText(h, d);
    expect(law).toContain('Lưu ý về tố cáo (theo Luật Tố cáo năm 2018)');
    expect(law).toContain('Danh tính của người tố cáo được giữ bí mật');
    expect(law).toContain('nặc danh');
    await REPORT[1]!.answer(h, d);
    await h.press(d, 'Thái độ cán bộ');
    await h.send(d, 'Cán bộ địa chính đòi tiền khi làm thủ tục cấp sổ đỏ');
    await h.press(d, 'Bỏ qua');
    await h.send(d, 'Bỏ qua');
    // No "anonymous?" question: straight to the name the law requires.
    expect(lastText(h, d)).toMatch(/họ và tên đầy đủ/);
    await h.send(d, 'Huy'); // a name, not the word "hủy"
    await h.send(d, 'Thôn Đông, xã Bắc Đông Hưng, Hưng Yên');
    await h.sendMessage(d, { contact: { phoneNumber: '+84 912 000 111', userId: d } });
    const review = lastText(h, d);
    expect(review).toContain('• Họ tên: Huy');
    expect(review).not.toContain('ẩn danh');
    await h.press(d, '✅ Gửi');
    expect(received(h, d)).toMatch(/^Đã tiếp nhận tố cáo của Ông\/Bà\./);
    const [report] = await reportsOf(h, d);
    expect(report).toMatchObject({ kind: 'to-cao', anonymous: false, contactPhone: '0912000111' });
    expect(report!.ticketCode).toMatch(/^TC-/);
  });

  it('a commune poster or rating link fills the commune in; an unknown commune code asks for it', async () => {
    const h = harness();
    const [a, b, e] = [7641, 7642, 7643];
    await h.send(a, `/start c_${COMMUNE}`);
    await h.press(a, 'Gửi phản ánh, kiến nghị');
    await h.press(a, 'Phản ánh');
    expect(lastText(h, a)).toMatch(REPORT[2]!.prompt); // no commune question
    await h.press(a, '◀ Quay lại');
    expect(lastText(h, a)).toMatch(REPORT[0]!.prompt); // and Back does not stop there
    await h.send(b, '/start r_13186');
    expect(lastText(h, b)).toMatch(/Ông\/Bà đánh giá Xã Bình Định \(Tỉnh Hưng Yên\) qua 6 câu hỏi/);
    expect(lastText(h, b)).toMatch(QUICK_RATING[1]!.prompt);
    await h.send(e, '/start q_99999_Q1');
    expect(lastText(h, e)).toMatch(/Ông\/Bà vừa làm việc tại xã, phường, đặc khu nào\?/);
  });

  it('categories come from the database; photos: up to five, the fifth ends the question', async () => {
    const h = harness();
    const c = 7631;
    await h.db.prisma.category.create({
      data: {
        code: 'nuoc-sach',
        nameVi: 'Nước sạch',
        nameEn: 'Clean water',
        deadlineDays: 3,
        sortOrder: 0,
      },
    });
    await h.db.prisma.category.update({ where: { code: 'khac' }, data: { active: false } });
    try {
      await walk(h, c, openReport, REPORT, 2);
      const offered = h.buttons(c).flat();
      const active = await h.db.prisma.category.findMany({
        where: { active: true },
        orderBy: [{ sortOrder: 'asc' }, { code: 'asc' }],
      });
      expect(offered).toEqual([...active.map((x) => x.nameVi), '◀ Quay lại', '✖ Hủy']);
      expect(offered).toContain('Nước sạch');
      expect(offered).not.toContain('Khác');
      await h.press(c, 'Nước sạch');
      await REPORT[3]!.answer(h, c);
      for (let i = 1; i <= 4; i++) {
        await h.sendPhoto(c, undefined, c, photo(i));
        expect(lastText(h, c)).toBe(
          `Đã nhận ${i}/5 ảnh. Ông/Bà gửi thêm ảnh, hoặc bấm “✅ Xong” khi đã gửi đủ.`,
        );
      }
      await h.sendPhoto(c, undefined, c, photo(4)); // the same photo again
      expect(lastText(h, c)).toMatch(/^Ảnh này đã nhận rồi\./);
      await h.sendPhoto(c, undefined, c, photo(5));
      expect(h.texts(c).join('\n')).toContain('Đã nhận đủ 5 ảnh.');
      expect(lastText(h, c)).toMatch(REPORT[5]!.prompt);
      await h.send(c, 'Đầu ngõ 12, thôn Đông');
      await h.press(c, 'Không, cứ ghi tên tôi');
      await h.press(c, 'Không công khai');
      await h.send(c, 'Bỏ qua');
      await h.press(c, '✅ Gửi');
      expect(received(h, c)).toMatch(/Hạn trả lời: 3 ngày làm việc/);
      const [report] = await reportsOf(h, c);
      expect(report!.attachments).toHaveLength(5);
      expect(report).toMatchObject({ categoryCode: 'nuoc-sach', address: 'Đầu ngõ 12, thôn Đông' });
    } finally {
      await h.db.prisma.category.update({ where: { code: 'khac' }, data: { active: true } });
    }
  });
}

// ---------------------------------------------------------------------------------- ratings

function ratingEveryStep(harness: () => Harness) {
  it('rating: back from every question, "bỏ qua" on each, and a second rating replaces the first', async () => {
    const h = harness();
    const c = 7701;
    await openRating(h, c);
    for (const [i, step] of QUICK_RATING.entries()) {
      expect(lastText(h, c), step.name).toMatch(step.prompt);
      if (i > 0) {
        await h.press(c, '◀ Quay lại');
        expect(lastText(h, c), `back from ${step.name}`).toMatch(QUICK_RATING[i - 1]!.prompt);
        await QUICK_RATING[i - 1]!.answer(h, c);
      }
      await step.answer(h, c);
    }
    expect(lastText(h, c)).toMatch(/^Cảm ơn Ông\/Bà đã đánh giá/);
    expect(lastText(h, c)).not.toMatch(/đã được thay/);

    // Second rating the same quarter: the commune chosen last time is one tap; skips are null.
    await openRating(h, c);
    await h.press(c, 'Xã Bắc Đông Hưng (đã chọn lần trước)');
    for (const step of QUICK_RATING.slice(1, -1)) {
      expect(lastText(h, c), step.name).toMatch(step.prompt);
      await h.send(c, 'bỏ qua');
    }
    await h.send(c, 'bỏ qua'); // "detailed?" is a required choice
    expect(lastText(h, c)).toMatch(/^Câu hỏi này cần Ông\/Bà trả lời/);
    await h.send(c, '1'); // typed number of the option: "Không, gửi đánh giá ngay"
    expect(lastText(h, c)).toMatch(
      /^Cảm ơn Ông\/Bà đã đánh giá Xã Bắc Đông Hưng \(Tỉnh Hưng Yên\)! \(Đánh giá trước của Ông\/Bà trong quý này đã được thay bằng đánh giá mới\.\)/,
    );
    const [first, second] = await ratingsOf(h, c);
    expect(first!.replacedAt).not.toBeNull();
    expect(second).toMatchObject({ kind: 'quick', replacedAt: null, period: first!.period });
    expect(second!.answers.map((a) => a.score)).toEqual([null, null, null, null, null, null]);
    expect(second!.answers.map((a) => a.criterion)).toEqual([1, 2, 3, 4, 5, null]);
  });

  it('rating: cancel stores nothing before the quick part is done, the quick rating after it', async () => {
    const h = harness();
    const citizens = QUICK_RATING.map((_, i) => 7710 + i);
    await Promise.all(
      QUICK_RATING.map(async (step, i) => {
        const c = citizens[i]!;
        await walk(h, c, openRating, QUICK_RATING, i);
        await h.press(c, '✖ Hủy');
        expect(h.texts(c).slice(-2).join('\n'), step.name).toMatch(/Đã hủy/);
      }),
    );
    // The quick rating is saved before the detailed part is offered, so cancelling at the offer
    // keeps it; cancelling any earlier question stores nothing.
    for (const [i, c] of citizens.entries()) {
      const stored = await ratingsOf(h, c);
      if (QUICK_RATING[i]!.name === 'detailed')
        expect(stored.map((r) => r.kind)).toEqual(['quick']);
      else expect(stored, QUICK_RATING[i]!.name).toEqual([]);
    }
  });

  it('the detailed rating: every item, harassment and unofficial payment, what to improve, a comment', async () => {
    const h = harness();
    const c = 7721;
    // A quick rating first: the detailed one of the same quarter replaces it.
    await walk(h, c, openRating, QUICK_RATING, QUICK_RATING.length);
    await openRating(h, c);
    await h.press(c, 'Xã Bắc Đông Hưng (đã chọn lần trước)');
    for (const step of QUICK_RATING.slice(1, -1)) await step.answer(h, c);
    await h.press(c, 'Có, đánh giá chi tiết');
    expect(lastText(h, c)).toMatch(/^Phần chi tiết 1\/5: Công khai, minh bạch\./);
    for (let i = 0; i < 12; i++) await h.press(c, '3 – Bình thường');
    expect(lastText(h, c)).toMatch(/gây phiền hà, sách nhiễu/);
    expect(h.buttons(c).flat().slice(0, 4)).toEqual([
      'Không có',
      'Có, một vài lần',
      'Có, nhiều lần',
      'Bỏ qua',
    ]);
    await h.press(c, 'Có, một vài lần');
    expect(lastText(h, c)).toMatch(/đưa thêm tiền ngoài quy định/);
    await h.press(c, 'Bỏ qua');
    for (let i = 0; i < 8; i++) await h.press(c, '2 – Không hài lòng');
    expect(lastText(h, c)).toMatch(/^Theo Ông\/Bà, xã cần cải thiện điều gì nhất\?/);
    const before = h.texts(c).length;
    await h.press(c, 'Thái độ phục vụ');
    await h.press(c, 'Dịch vụ công trực tuyến');
    await h.press(c, '✓ Thái độ phục vụ'); // untick
    await h.press(c, 'Cung cấp thông tin');
    // Ticks change the message that was tapped instead of sending new ones.
    expect(h.texts(c)).toHaveLength(before);
    expect(lastText(h, c)).toContain('Đã chọn: Cung cấp thông tin, Dịch vụ công trực tuyến.');
    await h.press(c, '✅ Xong');
    expect(lastText(h, c)).toMatch(/góp ý gì thêm/);
    await h.send(c, 'Cần thêm ghế chờ ở bộ phận một cửa');
    expect(lastText(h, c)).toMatch(
      /^Cảm ơn Ông\/Bà đã đánh giá Xã Bắc Đông Hưng \(Tỉnh Hưng Yên\)! \(Đánh giá trước của Ông\/Bà trong quý này đã được thay bằng đánh giá mới\.\)/,
    );
    // Both quick ratings (the first, and the one saved before the detailed part) are replaced.
    const all = await ratingsOf(h, c);
    const rating = all.at(-1);
    expect(all.slice(0, -1).map((r) => [r.kind, r.replacedAt !== null])).toEqual([
      ['quick', true],
      ['quick', true],
    ]);
    expect(rating).toMatchObject({ kind: 'detailed', flowId: 'rate-commune', replacedAt: null });
    const rows = rating!.answers.map((a) => [a.itemId, a.criterion, a.score, a.choices, a.text]);
    expect(rows).toHaveLength(30);
    expect(rows.slice(0, 6).map((r) => r[0])).toEqual([
      'c1.procedures-posted',
      'c2.results-notified',
      'c3.polite',
      'c4.leaders-respond',
      'c5.office-clean',
      'overall',
    ]);
    expect(rows).toContainEqual(['c1.disclosure', 1, 3, [], null]);
    expect(rows).toContainEqual(['c3.on-time', 3, 3, [], null]);
    expect(rows).toContainEqual(['c3.harassment', 3, null, ['some'], null]);
    expect(rows).toContainEqual(['c3.unofficial-payment', 3, null, [], null]);
    expect(rows).toContainEqual(['c4.anti-corruption', 4, 2, [], null]);
    expect(rows).toContainEqual(['c5.amenities', 5, 2, [], null]);
    expect(rows).toContainEqual(['improve', null, null, ['information', 'digital'], null]);
    expect(rows).toContainEqual(['comment', null, null, [], 'Cần thêm ghế chờ ở bộ phận một cửa']);
    expect(h.fake.violations()).toEqual([]);
  });

  it('detailed rating: back from every question, "bỏ qua" on every item', async () => {
    const h = harness();
    const c = 7741;
    const first = QUICK_RATING.length - 1; // the "detailed?" question
    await walk(h, c, openRating, DETAILED, first);
    for (const [i, step] of DETAILED.entries()) {
      if (i < first) continue;
      expect(lastText(h, c), step.name).toMatch(step.prompt);
      await h.press(c, '◀ Quay lại');
      expect(lastText(h, c), `back from ${step.name}`).toMatch(DETAILED[i - 1]!.prompt);
      await DETAILED[i - 1]!.answer(h, c);
      expect(lastText(h, c), `again at ${step.name}`).toMatch(step.prompt);
      await step.answer(h, c);
    }
    expect(lastText(h, c)).toMatch(/^Cảm ơn Ông\/Bà đã đánh giá/);
    // Back to the multi-select from the comment showed the earlier tick (seen in the walk).
    expect(h.texts(c).join('\n')).toContain('Đã chọn: Thái độ phục vụ.');
    const rating = (await ratingsOf(h, c)).at(-1);
    expect(rating).toMatchObject({ kind: 'detailed', replacedAt: null });
    expect(rating!.answers).toHaveLength(30);
    expect(rating!.answers.find((a) => a.itemId === 'improve')!.choices).toEqual(['attitude']);

    // Every item of the detailed part is optional: "bỏ qua" throughout stores nulls.
    const d = 7742;
    await walk(h, d, openRating, DETAILED, first + 1);
    for (const step of DETAILED.slice(first + 1)) {
      expect(lastText(h, d), step.name).toMatch(step.prompt);
      await h.send(d, 'bỏ qua');
    }
    const skipped = (await ratingsOf(h, d)).at(-1);
    const detail = skipped!.answers.slice(6);
    expect(detail.map((a) => [a.score, a.choices, a.text])).toEqual(
      detail.map(() => [null, [], null]),
    );
  });

  it('the counter rating from its QR code: four taps, tied to the counter and the staff member', async () => {
    const h = harness();
    const [c, d] = [7731, 7732];
    const started = Date.now();
    await openCounter(h, c);
    expect(lastText(h, c)).toContain('Cảm ơn Ông/Bà đã đến làm việc tại Xã Bắc Đông Hưng');
    for (const step of COUNTER) {
      expect(lastText(h, c), step.name).toMatch(step.prompt);
      await step.answer(h, c);
    }
    expect(lastText(h, c)).toMatch(/^Cảm ơn Ông\/Bà đã đánh giá!/);
    expect(Date.now() - started).toBeLessThan(30_000);
    const [rating] = await ratingsOf(h, c);
    expect(rating).toMatchObject({
      kind: 'counter',
      unitCode: COMMUNE,
      counterCode: 'Q2',
      staffCode: 'NV07',
      flowId: 'rate-counter',
    });
    expect(rating!.answers.map((a) => [a.itemId, a.criterion, a.score])).toEqual([
      ['c3.polite', 3, 5],
      ['c3.clear-guidance', 3, 5],
      ['c3.on-time', 3, 5],
      ['overall', null, 5],
    ]);
    // Back, skip and cancel on the counter questions.
    await openCounter(h, d);
    expect(h.buttons(d).flat()).not.toContain('◀ Quay lại'); // the commune came with the QR
    await h.press(d, '4 – Hài lòng');
    await h.press(d, '◀ Quay lại');
    expect(lastText(h, d)).toMatch(COUNTER[0]!.prompt);
    await h.press(d, 'Bỏ qua');
    await h.press(d, '2 – Không hài lòng');
    await h.press(d, '✖ Hủy');
    expect(lastText(h, d)).toMatch(/^Đã hủy/);
    expect(await ratingsOf(h, d)).toEqual([]);
    // A counter's QR code without a staff member.
    const e = 7733;
    await h.send(e, `/start q_${COMMUNE}_Q3`);
    for (const step of COUNTER) await step.answer(h, e);
    expect(await ratingsOf(h, e)).toEqual([
      expect.objectContaining({ kind: 'counter', counterCode: 'Q3', staffCode: null }),
    ]);
  });
}

// ---------------------------------------------------------------------------------- resume, account

function restartsAndAccount(harness: () => Harness) {
  it('after a restart every citizen continues where they left off, in every flow', async () => {
    const h = harness();
    const parked: Array<{ c: number; steps: Step[]; at: number; flow: string }> = [];
    REPORT.forEach((_, at) => parked.push({ c: 7800 + at, steps: REPORT, at, flow: 'report' }));
    QUICK_RATING.forEach((_, at) =>
      parked.push({ c: 7820 + at, steps: QUICK_RATING, at, flow: 'rate-commune' }),
    );
    COUNTER.forEach((_, at) =>
      parked.push({ c: 7840 + at, steps: COUNTER, at, flow: 'rate-counter' }),
    );
    const opener = { report: openReport, 'rate-commune': openRating, 'rate-counter': openCounter };
    // My reports, at its list and at "what next?", for a citizen who has sent one.
    const mine = [7860, 7861];
    const parkedMine = Promise.all(
      mine.map(async (c, at) => {
        await walk(h, c, openReport, REPORT, REPORT.length);
        await h.send(c, '/start');
        await h.press(c, 'Phản ánh của tôi');
        if (at === 1) await h.press(c, /PA-\d{4}-\d{6}/);
      }),
    );
    // The detailed part: parked at each question; after the restart they answer it, then
    // cancel at the next one (nothing is stored, not even the quick part before it).
    const first = QUICK_RATING.length; // the first question of the detailed part
    const detailed = DETAILED.slice(first).map((_, n) => ({ c: 7870 + n, at: first + n }));
    await Promise.all([
      parkedMine,
      ...parked.map((p) => walk(h, p.c, opener[p.flow as keyof typeof opener], p.steps, p.at)),
      ...detailed.map((p) => walk(h, p.c, openRating, DETAILED, p.at)),
    ]);

    await h.restart();

    await Promise.all(
      detailed.map(async (p) => {
        const step = DETAILED[p.at]!;
        expect(lastText(h, p.c), `detailed from ${step.name}`).toMatch(step.prompt);
        await step.answer(h, p.c);
        const next = DETAILED[p.at + 1];
        if (!next) return;
        expect(lastText(h, p.c), `detailed after ${step.name}`).toMatch(next.prompt);
        await control(h, p.c, next, '✖ Hủy');
        expect(h.texts(p.c).slice(-2).join('\n'), `cancel at ${next.name}`).toMatch(/Đã hủy/);
      }),
    );
    // The quick part was saved before the detailed one began; the finished detailed rating
    // replaces it, a cancelled one leaves it.
    for (const p of detailed)
      expect(
        (await ratingsOf(h, p.c)).filter((r) => r.replacedAt === null).map((r) => r.kind),
        DETAILED[p.at]!.name,
      ).toEqual([p.at === DETAILED.length - 1 ? 'detailed' : 'quick']);

    await Promise.all(
      mine.map(async (c, at) => {
        if (at === 0) {
          expect(lastText(h, c)).toMatch(/^Các phản ánh, kiến nghị Ông\/Bà đã gửi gần đây/);
          await h.press(c, /PA-\d{4}-\d{6}/);
        }
        expect(lastText(h, c)).toMatch(/Ông\/Bà muốn làm gì tiếp\?$/);
        await h.press(c, '📋 Xem phiếu khác');
        expect(lastText(h, c)).toMatch(/^Các phản ánh, kiến nghị Ông\/Bà đã gửi gần đây/);
      }),
    );

    await Promise.all(
      parked.map(async (p) => {
        for (const step of p.steps.slice(p.at)) {
          expect(lastText(h, p.c), `${p.flow} from ${p.at}: ${step.name}`).toMatch(step.prompt);
          await step.answer(h, p.c);
        }
        const end = p.flow === 'report' ? received(h, p.c) : lastText(h, p.c);
        expect(end).toMatch(/^(Đã tiếp nhận phản ánh|Cảm ơn Ông\/Bà đã)/);
      }),
    );
    for (const p of parked) {
      const kept = p.flow === 'report' ? await reportsOf(h, p.c) : await ratingsOf(h, p.c);
      expect(kept, `${p.flow} parked at ${p.at}`).toHaveLength(1);
    }
    expect(h.fake.violations()).toEqual([]);
    // Some fifty citizens walk every flow around a restart: slow on a loaded 2-core machine.
  }, 90_000);

  it('back after a long absence: "continue or start over?", and both answers work', async () => {
    const h = harness();
    const [stay, again, fresh] = [7901, 7902, 7903];
    await walk(h, stay, openReport, REPORT, 4); // at the photos
    await h.sendPhoto(stay, undefined, stay, photo(7));
    await walk(h, again, openRating, QUICK_RATING, 3);
    await walk(h, fresh, openReport, REPORT, 0); // nothing answered yet
    // Sessions expire after 1.5 s in the next gopy.
    await h.restart({ env: { SESSION_EXPIRY_HOURS: String(1.5 / 3600) } });
    try {
      await cameBackLater(h, stay, again, fresh);
    } finally {
      await h.restart();
    }
  }, 60_000); // two restarts

  async function cameBackLater(h: Harness, stay: number, again: number, fresh: number) {
    await new Promise((r) => setTimeout(r, 1600));
    // Nothing was half done: no question, the answer is taken.
    await h.press(fresh, 'Phản ánh');
    expect(lastText(h, fresh)).toMatch(REPORT[1]!.prompt);

    await h.press(stay, '✅ Xong');
    expect(lastText(h, stay)).toBe(
      'Lần trước Ông/Bà chưa làm xong. Ông/Bà đang gửi phản ánh (bước 5/10). Ông/Bà muốn tiếp tục hay bắt đầu lại?',
    );
    await h.press(stay, '▶ Tiếp tục');
    // Where they left off, the photo still there.
    expect(lastText(h, stay)).toMatch(REPORT[4]!.prompt);
    expect(lastText(h, stay)).toContain('Đã có 1 ảnh.');
    await h.press(stay, '✅ Xong');
    for (const step of REPORT.slice(5)) await step.answer(h, stay);
    const [report] = await reportsOf(h, stay);
    expect(report!.attachments).toHaveLength(1);
    expect(report!.text).toBe('Ổ gà lớn trước cổng trường tiểu học, rất nguy hiểm');

    await h.press(again, '4 – Hài lòng');
    expect(lastText(h, again)).toMatch(/Ông\/Bà đang đánh giá chính quyền \(bước 4\/\d+\)/);
    await h.press(again, '↺ Bắt đầu lại');
    expect(lastText(h, again)).toMatch(QUICK_RATING[0]!.prompt);
    for (const step of QUICK_RATING) await step.answer(h, again);
    const [rating] = await ratingsOf(h, again);
    expect(rating!.answers).toHaveLength(6);
  }

  it('/language switches to English in the middle of a report and back, answers kept', async () => {
    const h = harness();
    const c = 7911;
    await walk(h, c, openReport, REPORT, 3);
    await h.send(c, '/language');
    await h.press(c, 'English');
    expect(lastText(h, c)).toMatch(/^Language set to English\./);
    expect(lastText(h, c)).toMatch(/Please describe it/);
    await h.send(c, 'The street light at the market gate has been off for a week');
    expect(lastText(h, c)).toMatch(/Do you have photos of it\?/);
    await h.send(c, '/ngonngu');
    await h.press(c, 'Tiếng Việt');
    expect(lastText(h, c)).toMatch(/^Đã chuyển sang Tiếng Việt\./);
    expect(lastText(h, c)).toMatch(REPORT[4]!.prompt);
    for (const step of REPORT.slice(4, REVIEW)) await step.answer(h, c);
    expect(lastText(h, c)).toContain('• Lĩnh vực: Giao thông, đường sá');
    expect(lastText(h, c)).toContain(
      '• Nội dung: The street light at the market gate has been off for a week',
    );
    await h.press(c, '✅ Gửi');
    expect(received(h, c)).toMatch(/^Đã tiếp nhận phản ánh/);
    // The notice that the report went to the commune comes through the delivery queue.
    await h.waitForText(c, /đã được chuyển đến Chủ tịch UBND xã/);
    // Without a flow, the switch opens the menu in the new language.
    await h.send(c, '/language');
    await h.press(c, 'English');
    expect(lastText(h, c)).toMatch(/What would you like to do\?/);
    expect(h.buttons(c).flat()).toContain('Send a report or suggestion');
    await h.send(c, '/language');
    await h.press(c, 'Tiếng Việt');
  });

  it('my reports: status and last answer; a ticket opens its thread', async () => {
    const h = harness();
    const c = 7921;
    await h.send(c, '/start');
    await h.press(c, 'Phản ánh của tôi');
    expect(lastText(h, c)).toBe('Ông/Bà chưa gửi phản ánh, kiến nghị nào.');
    await h.press(c, '📝 Gửi phản ánh, kiến nghị');
    // Xã Bình Định, whose chair has no other alerts waiting in this suite.
    await h.press(c, 'Phản ánh');
    // The name with its province, exactly: taken without a list of one, and said so.
    await h.send(c, 'Binh Dinh Hung Yen');
    expect(lastText(h, c)).toMatch(
      /^Đã chọn: Xã Bình Định \(Tỉnh Hưng Yên\)\. Nếu chưa đúng, Ông\/Bà sửa được ở bước xem lại \(bấm “✏️ Xã, phường”\)\.\n\nViệc này thuộc lĩnh vực nào\?/,
    );
    await REPORT[2]!.answer(h, c);
    await REPORT[3]!.answer(h, c);
    await h.press(c, 'Bỏ qua'); // no photo and no place: the alert is one message, sent at once
    await h.send(c, 'Bỏ qua');
    for (const step of REPORT.slice(6)) await step.answer(h, c);
    const ticket = ticketIn(received(h, c))!;
    await h.waitForText(OTHER_CHAIR, new RegExp(`Phản ánh mới · ${ticket}`));
    await h.press(OTHER_CHAIR, '✅ Tiếp nhận');
    await h.press(OTHER_CHAIR, '✔ Đã xử lý');
    await h.press(OTHER_CHAIR, 'Đã giải quyết');
    await h.send(OTHER_CHAIR, 'Xã đã cho vá ổ gà ngày hôm nay, đề nghị bà con đi lại cẩn thận.');
    await h.sendPhoto(OTHER_CHAIR);
    await h.waitForText(c, /trả lời phiếu/);

    await h.send(c, '/start');
    await h.press(c, 'Phản ánh của tôi');
    expect(lastText(h, c)).toMatch(/^Các phản ánh, kiến nghị Ông\/Bà đã gửi gần đây/);
    expect(lastText(h, c)).toContain('💬 xã đã trả lời');
    const entry = h.buttons(c).flat()[0]!;
    // One line on a phone: answered (💬), the ticket, and what the report was about.
    expect(entry).toBe(`💬 ${ticket} · Ổ gà lớn trước…`);
    expect([...entry].length).toBeLessThanOrEqual(36);
    await h.press(c, entry);
    const detail = lastText(h, c);
    expect(detail).toMatch(new RegExp(`^${ticket} · Phản ánh`));
    expect(detail).toContain('Trạng thái: Đã có kết quả, chờ người dân xác nhận');
    expect(detail).toContain('Ổ gà lớn trước cổng trường tiểu học, rất nguy hiểm');
    expect(detail).toMatch(
      /🏛 UBND xã \(\d\d\/\d\d\/\d{4} \d\d:\d\d\):\nKết quả: Đã giải quyết\.\n\nXã đã cho vá ổ gà/,
    );
    expect(detail).toMatch(/\n\nÔng\/Bà muốn làm gì tiếp\?$/);
    // /help here: the citizen is looking at a report sent in full, not half-way through one.
    await h.send(c, '/help');
    expect(lastText(h, c)).toMatch(
      /^Ông\/Bà đang xem các phản ánh của mình\. Xin trả lời câu hỏi hiện tại, hoặc bấm “✖ Hủy” để dừng việc này\./,
    );
    expect(h.texts(c).join('\n')).not.toContain('dở');
    await h.press(c, '◀ Quay lại');
    expect(lastText(h, c)).toMatch(/^Các phản ánh, kiến nghị Ông\/Bà đã gửi gần đây/);
    await h.press(c, entry);
    await h.press(c, '🏠 Về menu chính');
    expect(lastText(h, c)).toMatch(/^Ông\/Bà muốn làm gì\?/);
    // A forged "open this ticket" for someone else's ticket shows nothing of it.
    const stranger = 7922;
    await h.send(stranger, '/start');
    await h.press(stranger, 'Phản ánh của tôi');
    expect(h.texts(stranger).join('\n')).not.toContain(ticket);
    expect(h.fake.violations()).toEqual([]);
  });

  it('/xoadulieu asks first, then erases name, username, phone and chat link; reports and ratings stay', async () => {
    const h = harness();
    const c = 7931;
    await walk(h, c, openReport, REPORT, REVIEW);
    await h.press(c, '✅ Gửi');
    // The routing job tells the citizen where the report went, through the delivery queue and
    // possibly after the turn has settled: read it before opening the rating, as a person would.
    const ticket = ticketIn(received(h, c));
    expect(ticket).toBeDefined();
    await h.waitForText(c, new RegExp(`${ticket} của Ông/Bà đã được chuyển đến Chủ tịch UBND xã`));
    await walk(h, c, openRating, QUICK_RATING, 0);
    for (const step of QUICK_RATING) await step.answer(h, c);
    // A citizen with a Telegram username and a phone number on file.
    const before = await h.db.prisma.citizen.update({
      where: { id: (await citizenOf(h, c)).id },
      data: { username: 'lan_nt', phone: '0912345678' },
    });
    expect(before).toMatchObject({ displayName: `Người dùng ${c}`, chatId: String(c) });

    await h.send(c, '/xoadulieu');
    expect(lastText(h, c)).toMatch(/muốn xóa thông tin cá nhân/);
    await h.press(c, 'Không, giữ lại');
    expect(lastText(h, c)).toBe('Đã giữ nguyên, không xóa gì.');
    expect(await h.db.prisma.citizen.findUniqueOrThrow({ where: { id: before.id } })).toMatchObject(
      { displayName: `Người dùng ${c}`, username: 'lan_nt', erasedAt: null },
    );
    await h.send(c, '/xoadulieu');
    await h.press(c, 'Xóa thông tin của tôi');
    expect(lastText(h, c)).toMatch(/^Đã xóa thông tin cá nhân của Ông\/Bà\./);
    const after = await h.db.prisma.citizen.findUniqueOrThrow({ where: { id: before.id } });
    expect(after).toMatchObject({
      externalId: null,
      chatId: null,
      displayName: null,
      username: null,
      phone: null,
    });
    expect(after.erasedAt).not.toBeNull();
    const reports = await h.db.prisma.report.findMany({ where: { citizenId: before.id } });
    expect(reports).toHaveLength(1);
    expect(reports[0]!.contactPhone).toBeNull();
    expect(reports[0]!.text).toBe('Ổ gà lớn trước cổng trường tiểu học, rất nguy hiểm');
    expect(await h.db.prisma.rating.count({ where: { citizenId: before.id } })).toBe(1);
    expect(h.fake.violations()).toEqual([]);
  });
}
