/**
 * The citizen flow matrix on every channel: the same cases run on Telegram, on the web chat and
 * on every other channel of test/support/citizen-channels/, each through its driver (what a
 * person does and sees there), against the real gopy on real PostgreSQL and Redis. Officials
 * stay on Telegram (the fake Bot API). A case says what a citizen must get on any channel: the
 * same texts, the same buttons, the same tickets, the same anonymity and erasure.
 *
 * Every citizen here comes from a commune's own link (Telegram's poster `/start c_<code>`, the
 * commune's web page, `/start c_<code>` typed on Zalo), so the flows start without the commune
 * question; the commune is still asked, typed without diacritics, when changed from the review. Telegram-only matters (the
 * four bot frameworks and modes, restarts, session expiry, raw update shapes) stay in
 * citizen-flows.test.ts and citizen-bad-input.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makePng } from '../support/fake-bot-api-client.ts';
import { CHAIR, OTHER_CHAIR } from '../support/demo.ts';
import {
  citizenChannels,
  type Capabilities,
  type ChannelRun,
  type CitizenDriver,
} from '../support/citizen-driver.ts';
import { startHarness, type Harness } from '../support/gopy-harness.ts';
import { until } from '../support/until.ts';

const COMMUNE = '12694'; // Xã Bắc Đông Hưng, Hưng Yên (seeded demo commune)
/** Xã Bình Định (its chair OTHER_CHAIR): only the verdict case reports there. */
const QUIET_COMMUNE = '13186';

/** Distinct photos (the same bytes are the same photo). */
const photo = (i: number) => makePng(8, 8, [40 * i, 100, 200 - 30 * i]);
/** Each citizen's own place, 1 km or more from the others (no "same problem nearby" offer). */
const placeOf = (n: number) => ({
  latitude: 20.5 + (n % 100) * 0.01,
  longitude: 106 + (Math.floor(n / 100) % 100) * 0.01,
});

/** One question of a flow, as the citizen meets it. */
interface Step {
  name: string;
  prompt: RegExp;
  answer: (c: CitizenDriver, n: number) => Promise<void>;
  optional?: boolean;
  /** Asked with a keyboard of requests (location, phone): the controls are typed labels. */
  keyboard?: boolean;
}

/**
 * The answer "not anonymous" on a channel: the web chat knows no name to show, so it is not
 * offered «cứ ghi tên tôi» (report.yaml).
 */
const notAnonymous = (c: CitizenDriver) =>
  c.channel === 'web' ? 'Không cần ẩn danh' : 'Không, cứ ghi tên tôi';

const REPORT: Step[] = [
  { name: 'kind', prompt: /Ông\/Bà muốn gửi loại nào\?/, answer: (c) => c.press('Phản ánh') },
  {
    name: 'category',
    prompt: /Việc này thuộc lĩnh vực nào\?/,
    answer: (c) => c.press('Giao thông, đường sá'),
  },
  {
    name: 'description',
    prompt: /Xin Ông\/Bà kể rõ sự việc/,
    answer: (c) => c.send('Ổ gà lớn trước cổng trường tiểu học, rất nguy hiểm'),
  },
  {
    name: 'photos',
    prompt: /Ông\/Bà có ảnh chụp sự việc không\?/,
    optional: true,
    answer: async (c) => {
      await c.photo(photo(1));
      await c.press('✅ Xong');
    },
  },
  {
    name: 'location',
    prompt: /Sự việc ở đâu\?/,
    optional: true,
    keyboard: true,
    answer: (c, n) => c.location(placeOf(n).latitude, placeOf(n).longitude),
  },
  {
    name: 'anonymous',
    prompt: /Ông\/Bà có muốn gửi ẩn danh không\?/,
    answer: (c) => c.press(notAnonymous(c)),
  },
  {
    name: 'public',
    prompt: /Ông\/Bà có đồng ý công khai phản ánh này không\?/,
    answer: (c) => c.press('Không công khai'),
  },
  {
    name: 'phone',
    prompt: /để lại số điện thoại/,
    optional: true,
    keyboard: true,
    answer: (c) => c.send('0912 345 678'),
  },
  {
    name: 'review',
    prompt: /Xin Ông\/Bà xem lại trước khi gửi/,
    answer: (c) => c.press('✅ Gửi'),
  },
];
const REVIEW = REPORT.length - 1;

const QUICK_RATING: Step[] = [
  ...['h1', 'h2', 'h3', 'h4', 'h5'].map((name, i): Step => ({
    name,
    prompt: new RegExp(`^Câu ${i + 1}/6\\. `, 'm'),
    optional: true,
    answer: (c) => c.press('4 – Hài lòng'),
  })),
  {
    name: 'overall',
    prompt: /^Câu 6\/6\. Nhìn chung/m,
    optional: true,
    answer: (c) => c.press('5 – Rất hài lòng'),
  },
  {
    name: 'detailed',
    prompt: /Ông\/Bà có muốn đánh giá chi tiết thêm không\?/,
    answer: (c) => c.press('Không, gửi đánh giá ngay'),
  },
];

const scale = (name: string, prompt: RegExp, label = '3 – Bình thường'): Step => ({
  name,
  prompt,
  optional: true,
  answer: (c) => c.press(label),
});
/** The detailed rating: the quick part, "yes, in detail", then every item of PRODUCT.md. */
const DETAILED: Step[] = [
  ...QUICK_RATING.slice(0, -1),
  {
    name: 'detailed',
    prompt: /Ông\/Bà có muốn đánh giá chi tiết thêm không\?/,
    answer: (c) => c.press('Có, đánh giá chi tiết'),
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
    answer: (c) => c.press('Có, một vài lần'),
  },
  {
    name: 'c3Payment',
    prompt: /đưa thêm tiền ngoài quy định/,
    optional: true,
    answer: (c) => c.press('Không'),
  },
  scale('c4Reachable', /^Chủ tịch UBND xã tiếp công dân định kỳ/m, '2 – Không hài lòng'),
  scale('c4Exemplary', /^Lãnh đạo xã gương mẫu/, '2 – Không hài lòng'),
  scale('c4Corruption', /^Lãnh đạo xã nghiêm túc/, '2 – Không hài lòng'),
  scale('c4Cares', /^Lãnh đạo xã quan tâm/, '2 – Không hài lòng'),
  scale('c5Signs', /^Trụ sở có biển chỉ dẫn/m, '2 – Không hài lòng'),
  scale('c5Seats', /^Có đủ ghế ngồi chờ/, '2 – Không hài lòng'),
  scale('c5Equipment', /^Trang thiết bị phục vụ/, '2 – Không hài lòng'),
  scale('c5Amenities', /^Khuôn viên xanh/, '2 – Không hài lòng'),
  {
    name: 'improve',
    prompt: /^Theo Ông\/Bà, xã cần cải thiện điều gì nhất\?/,
    optional: true,
    answer: async (c) => {
      // Asked again (after Back), the earlier choice is already ticked.
      if (!(await c.buttons()).flat().includes('✓ Thái độ phục vụ'))
        await c.press('Thái độ phục vụ');
      await c.press('✅ Xong');
    },
  },
  {
    name: 'comment',
    prompt: /^Ông\/Bà có góp ý gì thêm cho xã không\?/,
    optional: true,
    answer: (c) => c.send('Cần thêm ghế chờ'),
  },
];

const COUNTER: Step[] = (
  [
    ['polite', /^Câu 1\/4\./m],
    ['clear', /^Câu 2\/4\./m],
    ['onTime', /^Câu 3\/4\./m],
    ['overall', /^Câu 4\/4\./m],
  ] as const
).map(([name, prompt]) => ({
  name,
  prompt,
  optional: true,
  answer: (c) => c.press('5 – Rất hài lòng'),
}));

const openReport = async (c: CitizenDriver) => {
  await c.open();
  await c.press('Gửi phản ánh, kiến nghị');
};
const openRating = async (c: CitizenDriver) => {
  await c.open();
  await c.press('Đánh giá chính quyền');
};

/** A control of the question: a button, or a typed label under a keyboard of requests. */
const control = (c: CitizenDriver, step: Step, label: '◀ Quay lại' | '✖ Hủy') =>
  step.keyboard ? c.send(label) : c.press(label);

const ticketIn = (text: string) => /Mã phiếu: ([A-Z]{2}-\d{4}-\d{6})/.exec(text)?.[1];

const channels = await citizenChannels();

for (const channel of channels) {
  describe(`citizen flows on ${channel.name}`, () => {
    const can: Capabilities = {
      keyboard: true,
      samePhoto: true,
      oldChoices: true,
      ...channel.capabilities,
    };
    /** A case's name, and why a part of it is left out on this channel (never silently). */
    const named = (name: string, ...without: Array<[keyof Capabilities, string]>) =>
      [
        name,
        ...without.filter(([c]) => !can[c]).map(([, why]) => `(not on ${channel.name}: ${why})`),
      ].join(' ');
    let h: Harness;
    let run: ChannelRun;
    let next = 9000;
    /** A new citizen of this channel, and their number (their place, their Telegram id). */
    const citizen = (): [CitizenDriver, number] => {
      const n = next++;
      return [run.citizen(h, n), n];
    };

    beforeAll(async () => {
      run = await channel.start();
      h = await startHarness({ humanPace: true, env: run.env });
    }, 120_000);
    afterAll(async () => {
      await h?.close();
      await run?.close();
    });

    /** Opens the flow and answers its first `upTo` questions; the citizen is then at `upTo`. */
    async function walk(
      c: CitizenDriver,
      n: number,
      open: (c: CitizenDriver) => Promise<void>,
      steps: Step[],
      upTo: number,
    ) {
      await open(c);
      for (const step of steps.slice(0, upTo)) {
        expect(await c.last(), `before answering ${step.name}`).toMatch(step.prompt);
        await step.answer(c, n);
      }
      expect(await c.last()).toMatch(steps[upTo]?.prompt ?? /./);
    }
    const citizenRow = (c: CitizenDriver) =>
      h.db.prisma.citizen.findFirst({ where: { channel: c.channel, externalId: c.externalId } });
    async function reportsOf(c: CitizenDriver) {
      const row = await citizenRow(c);
      if (!row) return [];
      return h.db.prisma.report.findMany({
        where: { citizenId: row.id },
        include: { attachments: true, events: true },
        orderBy: { id: 'asc' },
      });
    }
    /**
     * Waits until nothing waits for the chair's chat. An alert that finds others waiting goes out
     * joined in a digest (a line with no sender, issue 16); the cases that read the full alert
     * file their report once the chat is free.
     */
    async function chairIdle() {
      await until("the chair's chat idle", async () => {
        const waiting = await h.db.prisma.delivery.count({
          where: { chatId: String(CHAIR), state: { in: ['pending', 'sending'] } },
        });
        return waiting === 0;
      });
    }
    async function ratingsOf(c: CitizenDriver) {
      const row = await citizenRow(c);
      if (!row) return [];
      return h.db.prisma.rating.findMany({
        where: { citizenId: row.id },
        include: { answers: { orderBy: { id: 'asc' } } },
        orderBy: { id: 'asc' },
      });
    }
    /** The newest "Đã tiếp nhận …" the citizen got (status news may come after it). */
    const received = async (c: CitizenDriver) =>
      (await c.texts()).findLast((t) => t.startsWith('Đã tiếp nhận')) ?? '';

    // ------------------------------------------------------------------------------ reports

    it('a phản ánh: the review, a ticket with its deadline, stored as this channel’s citizen', async () => {
      const [c, n] = citizen();
      await walk(c, n, openReport, REPORT, REVIEW);
      const review = await c.last();
      for (const line of [
        '• Loại: Phản ánh',
        '• Xã, phường: Xã Bắc Đông Hưng (Tỉnh Hưng Yên)',
        '• Lĩnh vực: Giao thông, đường sá',
        '• Nội dung: Ổ gà lớn trước cổng trường tiểu học, rất nguy hiểm',
        '• Ảnh: 1 ảnh',
        '• Vị trí: vị trí trên bản đồ',
        `• Gửi ẩn danh: ${notAnonymous(c)}`,
        '• Công khai: Không công khai',
        '• Số điện thoại: 0912 345 678',
      ])
        expect(review).toContain(line);
      expect(await c.keyboardShown()).toBe(false);
      await chairIdle();
      await c.press('✅ Gửi');
      const done = await received(c);
      expect(done).toMatch(/^Đã tiếp nhận phản ánh của Ông\/Bà\./);
      expect(done).toMatch(/Hạn trả lời: \d+ ngày làm việc, chậm nhất ngày \d\d\/\d\d\/\d{4}/);
      const ticket = ticketIn(done);
      expect(ticket).toMatch(/^PA-\d{4}-\d{6}$/);
      expect((await c.buttons()).flat()).toEqual(['📋 Phản ánh của tôi', '🏠 Về menu chính']);
      const [report] = await reportsOf(c);
      expect(report).toMatchObject({
        ticketCode: ticket,
        unitCode: COMMUNE,
        kind: 'phan-anh',
        anonymous: false,
        contactPhone: '0912345678',
        latitude: placeOf(n).latitude,
      });
      expect(report!.attachments).toHaveLength(1);
      // The commune's chair is told; the citizen hears where it went, on their own channel.
      await h.waitForText(CHAIR, new RegExp(`Phản ánh mới · ${ticket}`));
      await c.waitFor(new RegExp(`${ticket} của Ông/Bà đã được chuyển đến Chủ tịch UBND xã`));
    });

    it(
      named('back from every question shows the one before; answers given again go through', [
        'samePhoto',
        'a photo sent again is a new photo, Zalo gives no stable file id',
      ]),
      async () => {
        const [c, n] = citizen();
        await openReport(c);
        for (const [i, step] of REPORT.entries()) {
          expect(await c.last(), step.name).toMatch(step.prompt);
          if (step.name === 'review') break;
          await control(c, step, '◀ Quay lại');
          if (i === 0) {
            expect(await c.last()).toMatch(/^Ông\/Bà muốn làm gì\?/);
            await c.press('Gửi phản ánh, kiến nghị');
          } else {
            const previous = REPORT[i - 1]!;
            expect(await c.last(), `back from ${step.name}`).toMatch(previous.prompt);
            await previous.answer(c, n);
          }
          expect(await c.last(), `again at ${step.name}`).toMatch(step.prompt);
          await step.answer(c, n);
        }
        await c.press('◀ Quay lại');
        expect(await c.last()).toMatch(REPORT[REVIEW - 1]!.prompt);
        await REPORT[REVIEW - 1]!.answer(c, n);
        await c.press('✅ Gửi');
        expect(await received(c)).toMatch(/^Đã tiếp nhận phản ánh/);
        const reports = await reportsOf(c);
        expect(reports).toHaveLength(1);
        // A photo sent twice (its question came back twice) is one photo.
        if (can.samePhoto) expect(reports[0]!.attachments).toHaveLength(1);
        expect(await c.keyboardShown()).toBe(false);
      },
      90_000,
    );

    it('cancel at every question ends the flow, keeps nothing and offers the menu', async () => {
      const walkers = REPORT.map(() => citizen());
      await Promise.all(
        REPORT.map(async (step, i) => {
          const [c, n] = walkers[i]!;
          await walk(c, n, openReport, REPORT, i);
          await control(c, step, '✖ Hủy');
          expect((await c.texts()).slice(-2).join('\n'), step.name).toMatch(/Đã hủy/);
          expect(await c.keyboardShown(), step.name).toBe(false);
        }),
      );
      for (const [c] of walkers) expect(await reportsOf(c)).toEqual([]);
      const [c] = walkers[3]!;
      await c.send('xin chào');
      expect(await c.last()).toMatch(/^Ông\/Bà muốn làm gì\?/);
    }, 90_000);

    it('"bỏ qua" skips optional questions and is refused on required ones', async () => {
      const [c, n] = citizen();
      await openReport(c);
      for (const step of REPORT.slice(0, REVIEW)) {
        expect(await c.last(), step.name).toMatch(step.prompt);
        await c.send('bỏ qua');
        if (step.optional) {
          expect(await c.last(), step.name).not.toMatch(step.prompt);
          continue;
        }
        expect(await c.last(), step.name).toMatch(
          /^Câu hỏi này cần Ông\/Bà trả lời, không bỏ qua được\./,
        );
        expect(await c.last(), step.name).toMatch(step.prompt);
        await step.answer(c, n);
      }
      const review = await c.last();
      expect(review).toContain('• Ảnh: (bỏ qua)');
      expect(review).toContain('• Vị trí: (bỏ qua)');
      expect(review).toContain('• Số điện thoại: (bỏ qua)');
      await c.press('✅ Gửi');
      const [report] = await reportsOf(c);
      expect(report).toMatchObject({ contactPhone: null, latitude: null, address: null });
      expect(report!.attachments).toEqual([]);
    }, 60_000);

    it('answers typed without diacritics and by their number, as on the buttons', async () => {
      const [c] = citizen();
      await openReport(c);
      await c.send('phan anh');
      expect(await c.last()).toMatch(REPORT[1]!.prompt);
      await c.send('1'); // the first category
      expect(await c.last()).toMatch(REPORT[2]!.prompt);
      await c.send('Cống thoát nước thôn Bắc bị tắc');
      await c.send('bo qua');
      await c.send('bo qua');
      await c.send(c.channel === 'web' ? 'khong can an danh' : 'khong, cu ghi ten toi');
      expect(await c.last()).toMatch(REPORT[6]!.prompt);
      // The options' numbers are their places among the buttons.
      const notPublic = (await c.buttons()).flat().indexOf('Không công khai') + 1;
      expect(notPublic).toBeGreaterThan(0);
      await c.send(String(notPublic));
      expect(await c.last()).toMatch(REPORT[7]!.prompt);
      await c.send('bo qua');
      const review = await c.last();
      expect(review).toMatch(REPORT[REVIEW]!.prompt);
      expect(review).toContain('• Loại: Phản ánh');
      expect(review).toContain(`• Gửi ẩn danh: ${notAnonymous(c)}`);
      expect(review).toContain('• Công khai: Không công khai');
      await c.send('gui');
      expect(await received(c)).toMatch(/^Đã tiếp nhận phản ánh/);
    }, 60_000);

    it(
      named(
        'every item of the review can be changed; the commune is found typed without diacritics',
        ['keyboard', 'no keyboard of requests, the place is asked with buttons'],
      ),
      async () => {
        const [c, n] = citizen();
        await walk(c, n, openReport, REPORT, REVIEW);
        const changes: Array<[string, () => Promise<void>, string]> = [
          [
            'Xã, phường',
            async () => {
              await c.send('Phu Dong');
              await c.press(/^Xã Phù Đổng/);
              // Nobody reads Gopy in Phù Đổng: said here as when the commune is first chosen.
              expect(await c.last()).toMatch(/chưa có cán bộ nhận phản ánh qua Gopy/);
              await c.press('Vẫn gửi');
            },
            'Xã Phù Đổng',
          ],
          ['Lĩnh vực', () => c.press('Môi trường, rác thải'), 'Môi trường, rác thải'],
          [
            'Nội dung',
            () => c.send('Rác thải đổ trộm bên bờ sông'),
            'Rác thải đổ trộm bên bờ sông',
          ],
          [
            'Ảnh',
            async () => {
              await c.press('🗑 Xóa ảnh đã gửi');
              await c.photo(photo(2));
              await c.photo(photo(3));
              await c.press('✅ Xong');
            },
            '2 ảnh',
          ],
          [
            'Vị trí',
            () => c.send('Bến đò thôn Nam, cạnh đình làng'),
            'Bến đò thôn Nam, cạnh đình làng',
          ],
          ['Số điện thoại', () => c.send('0988.777.666'), '0988 777 666'],
          ['Gửi ẩn danh', () => c.press('Có, gửi ẩn danh'), 'Có, gửi ẩn danh'],
        ];
        for (const [label, change, shown] of changes) {
          await c.press(`✏️ ${label}`);
          expect(await c.last(), label).not.toMatch(REPORT[REVIEW]!.prompt);
          await change();
          expect(await c.last(), label).toMatch(REPORT[REVIEW]!.prompt);
          expect(await c.last(), label).toContain(`• ${label}: ${shown}`);
        }
        expect(await c.last()).not.toContain('Số điện thoại');
        await c.press('✏️ Vị trí');
        expect(await c.keyboardShown()).toBe(can.keyboard);
        await c.send('◀ Quay lại');
        expect(await c.last()).toMatch(REPORT[REVIEW]!.prompt);
        expect(await c.keyboardShown()).toBe(false);
        await c.press('✅ Gửi');
        const [report] = await reportsOf(c);
        expect(report).toMatchObject({
          unitCode: '00541', // Xã Phù Đổng, Hà Nội
          categoryCode: 'moi-truong',
          text: 'Rác thải đổ trộm bên bờ sông',
          address: 'Bến đò thôn Nam, cạnh đình làng',
          anonymous: true,
          contactPhone: null,
        });
        expect(report!.attachments).toHaveLength(2);
      },
      90_000,
    );

    it('góp ý is thanked without a deadline; kiến nghị is received', async () => {
      const [a] = citizen();
      await openReport(a);
      await a.press('Góp ý');
      await a.press('Khác');
      await a.send('Nên có thêm ghế đá ở sân nhà văn hóa thôn');
      await a.press('Bỏ qua');
      await a.send('Bỏ qua');
      await a.press(notAnonymous(a));
      await a.press('Không công khai');
      await a.send('Bỏ qua');
      await a.press('✅ Gửi');
      const thanks = await received(a);
      expect(thanks).toMatch(/^Đã tiếp nhận góp ý của Ông\/Bà\. Cảm ơn Ông\/Bà!/);
      expect(thanks).not.toMatch(/Hạn trả lời/);
      expect(ticketIn(thanks)).toMatch(/^GY-/);

      const [k] = citizen();
      await openReport(k);
      await k.press('Kiến nghị');
      await k.press('Chính sách xã hội');
      await k.send('Đề nghị xã mở thêm lớp học bơi cho trẻ em mùa hè');
      await k.press('Bỏ qua');
      await k.send('Bỏ qua');
      await k.press(notAnonymous(k));
      await k.press('Không công khai');
      await k.send('Bỏ qua');
      await k.press('✅ Gửi');
      expect(await received(k)).toMatch(/^Đã tiếp nhận kiến nghị của Ông\/Bà\./);
    }, 60_000);

    it('an anonymous phản ánh: no phone asked, and the chair sees nothing of the citizen', async () => {
      const [c, n] = citizen();
      await openReport(c);
      for (const step of REPORT.slice(0, 5)) await step.answer(c, n);
      await c.press('Có, gửi ẩn danh');
      await c.press('Không công khai');
      expect(await c.last()).toMatch(REPORT[REVIEW]!.prompt);
      await chairIdle();
      await c.press('✅ Gửi');
      const ticket = ticketIn(await received(c))!;
      const [report] = await reportsOf(c);
      expect(report).toMatchObject({ kind: 'phan-anh', anonymous: true, contactPhone: null });
      const alert = await h.waitForText(CHAIR, new RegExp(`Phản ánh mới · ${ticket}`));
      const shown = JSON.stringify(alert);
      expect(alert.text ?? alert.caption).toMatch(/ẩn danh/i);
      for (const id of c.identifiers) expect(shown, id).not.toContain(id);
    }, 60_000);

    it('tố cáo: the law explained, never anonymous, the name asked; the denouncer stays hidden', async () => {
      const [d] = citizen();
      await openReport(d);
      await d.press('Tố cáo');
      const law = await d.last();
      expect(law).toContain('Lưu ý về tố cáo (theo Luật Tố cáo năm 2018)');
      expect(law).toContain('Danh tính của người tố cáo được giữ bí mật');
      await d.press('Thái độ cán bộ');
      await d.send('Cán bộ địa chính đòi tiền khi làm thủ tục cấp sổ đỏ');
      await d.press('Bỏ qua');
      await d.send('Bỏ qua');
      expect(await d.last()).toMatch(/họ và tên đầy đủ/);
      await d.send('Huy'); // a name, not the word "hủy"
      await d.send('Thôn Đông, xã Bắc Đông Hưng, Hưng Yên');
      await d.contact('+84 912 000 111');
      const review = await d.last();
      expect(review).toContain('• Họ tên: Huy');
      expect(review).not.toContain('ẩn danh');
      await chairIdle();
      await d.press('✅ Gửi');
      expect(await received(d)).toMatch(/^Đã tiếp nhận tố cáo của Ông\/Bà\./);
      const [report] = await reportsOf(d);
      expect(report).toMatchObject({
        kind: 'to-cao',
        anonymous: false,
        contactPhone: '0912000111',
      });
      const alert = await h.waitForText(CHAIR, new RegExp(`Tố cáo mới · ${report!.ticketCode}`));
      const shown = JSON.stringify(alert);
      for (const id of [...d.identifiers, 'Thôn Đông, xã Bắc Đông Hưng', '0912000111'])
        expect(shown, id).not.toContain(id);
    }, 60_000);

    // ------------------------------------------------------------------------------ ratings

    it('a quick rating, typed by number where it fits, stored for the commune', async () => {
      const [c, n] = citizen();
      await walk(c, n, openRating, QUICK_RATING, QUICK_RATING.length - 1);
      expect((await c.texts()).join('\n')).toContain('qua 6 câu hỏi ngắn');
      await c.send('bỏ qua'); // "detailed?" is a required choice
      expect(await c.last()).toMatch(/^Câu hỏi này cần Ông\/Bà trả lời/);
      await c.send('1'); // its first option: "Không, gửi đánh giá ngay"
      expect(await c.last()).toMatch(/^Cảm ơn Ông\/Bà đã đánh giá Xã Bắc Đông Hưng/);
      const [rating] = await ratingsOf(c);
      expect(rating).toMatchObject({ kind: 'quick', unitCode: COMMUNE, replacedAt: null });
      expect(rating!.answers.map((a) => [a.itemId, a.score])).toEqual([
        ['c1.procedures-posted', 4],
        ['c2.results-notified', 4],
        ['c3.polite', 4],
        ['c4.leaders-respond', 4],
        ['c5.office-clean', 4],
        ['overall', 5],
      ]);
    });

    it('the detailed rating: back from every question, every item answered, replaces the quick one', async () => {
      const [c, n] = citizen();
      const first = QUICK_RATING.length - 1; // the "detailed?" question
      await walk(c, n, openRating, DETAILED, first);
      for (const [i, step] of DETAILED.entries()) {
        if (i < first) continue;
        expect(await c.last(), step.name).toMatch(step.prompt);
        await c.press('◀ Quay lại');
        expect(await c.last(), `back from ${step.name}`).toMatch(DETAILED[i - 1]!.prompt);
        await DETAILED[i - 1]!.answer(c, n);
        expect(await c.last(), `again at ${step.name}`).toMatch(step.prompt);
        await step.answer(c, n);
      }
      expect(await c.last()).toMatch(/^Cảm ơn Ông\/Bà đã đánh giá/);
      const ratings = await ratingsOf(c);
      const rating = ratings.at(-1);
      expect(rating).toMatchObject({ kind: 'detailed', replacedAt: null });
      expect(ratings.slice(0, -1).every((r) => r.replacedAt !== null)).toBe(true);
      const rows = rating!.answers.map((a) => [a.itemId, a.score, a.choices, a.text]);
      expect(rows).toHaveLength(30);
      expect(rows).toContainEqual(['c3.harassment', null, ['some'], null]);
      expect(rows).toContainEqual(['c5.amenities', 2, [], null]);
      expect(rows).toContainEqual(['improve', null, ['attitude'], null]);
      expect(rows).toContainEqual(['comment', null, [], 'Cần thêm ghế chờ']);
    }, 120_000);

    it('a counter’s QR code opens the four-tap rating, tied to the counter and the staff member', async () => {
      const [c] = citizen();
      await c.open(`q_${COMMUNE}_Q2_NV07`);
      expect(await c.last()).toContain('Cảm ơn Ông/Bà đã đến làm việc tại Xã Bắc Đông Hưng');
      expect((await c.buttons()).flat()).not.toContain('◀ Quay lại');
      for (const step of COUNTER) {
        expect(await c.last(), step.name).toMatch(step.prompt);
        await step.answer(c, 0);
      }
      expect(await c.last()).toMatch(/^Cảm ơn Ông\/Bà đã đánh giá!/);
      const [rating] = await ratingsOf(c);
      expect(rating).toMatchObject({
        kind: 'counter',
        unitCode: COMMUNE,
        counterCode: 'Q2',
        staffCode: 'NV07',
      });
      expect(rating!.answers.map((a) => a.score)).toEqual([5, 5, 5, 5]);

      // Back, skip and cancel on the counter questions.
      const [d] = citizen();
      await d.open(`q_${COMMUNE}_Q3`);
      await d.press('4 – Hài lòng');
      await d.press('◀ Quay lại');
      expect(await d.last()).toMatch(COUNTER[0]!.prompt);
      await d.press('Bỏ qua');
      await d.press('2 – Không hài lòng');
      await d.press('✖ Hủy');
      expect(await d.last()).toMatch(/^Đã hủy/);
      expect(await ratingsOf(d)).toEqual([]);
    }, 60_000);

    // ------------------------------------------------------------------------------ after

    it('«Phản ánh của tôi», the chair’s answer from Telegram, and the citizen’s verdict', async () => {
      const [c, n] = citizen();
      await c.open();
      await c.press('Phản ánh của tôi');
      expect(await c.last()).toBe('Ông/Bà chưa gửi phản ánh, kiến nghị nào.');
      await c.open(`c_${QUIET_COMMUNE}`);
      await c.press('Gửi phản ánh, kiến nghị');
      await c.press('Phản ánh');
      await REPORT[1]!.answer(c, n);
      await REPORT[2]!.answer(c, n);
      await c.press('Bỏ qua'); // no photo, no place: the alert is one message
      await c.send('Bỏ qua');
      for (const step of REPORT.slice(5)) await step.answer(c, n);
      const ticket = ticketIn(await received(c))!;
      await h.waitForText(OTHER_CHAIR, new RegExp(`Phản ánh mới · ${ticket}`));
      // The routing commits its status change after the alert is stored: the chair acts then.
      await until('the report routed', async () => {
        const r = await h.db.prisma.report.findUniqueOrThrow({ where: { ticketCode: ticket } });
        return r.status === 'routed' && r;
      });
      await h.press(OTHER_CHAIR, '✅ Tiếp nhận');
      await c.waitFor(/đã được lãnh đạo xã tiếp nhận/);
      await h.press(OTHER_CHAIR, '✔ Đã xử lý');
      await h.press(OTHER_CHAIR, 'Đã giải quyết');
      await h.send(OTHER_CHAIR, 'Xã đã cho vá ổ gà ngày hôm nay, đề nghị bà con đi lại cẩn thận.');
      await h.sendPhoto(OTHER_CHAIR);
      const answer = await c.waitFor(/trả lời phiếu/);
      expect(answer).toContain('Xã đã cho vá ổ gà');

      await c.open(`c_${QUIET_COMMUNE}`);
      await c.press('Phản ánh của tôi');
      expect(await c.last()).toMatch(/^Các phản ánh, kiến nghị Ông\/Bà đã gửi gần đây/);
      const entry = (await c.buttons()).flat()[0]!;
      expect(entry).toBe(`💬 ${ticket} · Ổ gà lớn trước…`);
      await c.press(entry);
      const detail = await c.last();
      expect(detail).toMatch(new RegExp(`^${ticket} · Phản ánh`));
      expect(detail).toContain('Trạng thái: Đã có kết quả, chờ người dân xác nhận');
      expect(detail).toMatch(
        /🏛 UBND xã \(\d\d\/\d\d\/\d{4} \d\d:\d\d\):\nKết quả: Đã giải quyết\./,
      );
      await c.press('🏠 Về menu chính');
      expect(await c.last()).toMatch(/^Ông\/Bà muốn làm gì\?/);

      // The verdict, on the answer's own buttons: not quite done, and why.
      await c.press('Một phần');
      await c.waitFor(/cho biết điều gì còn chưa được giải quyết/);
      await c.send('Mới vá một nửa, còn một ổ gà lớn');
      await until('the report reopened', async () => {
        const r = await h.db.prisma.report.findUniqueOrThrow({ where: { ticketCode: ticket } });
        return r.status === 'reopened' && r;
      });
      await h.waitForText(OTHER_CHAIR, /Mới vá một nửa, còn một ổ gà lớn/);
    }, 90_000);

    it('the chair writes to an anonymous citizen and the citizen answers: relayed, still anonymous', async () => {
      const [c, n] = citizen();
      await openReport(c);
      for (const step of REPORT.slice(0, 5)) await step.answer(c, n);
      await c.press('Có, gửi ẩn danh');
      await c.press('Không công khai');
      await c.press('✅ Gửi');
      const ticket = ticketIn(await received(c))!;
      await h.waitForText(CHAIR, new RegExp(`Phản ánh mới · ${ticket}`));
      await h.send(CHAIR, `/tl ${ticket} Xin Ông/Bà cho biết ổ gà ở phía nào của cổng trường.`);
      const asked = await c.waitFor(/ổ gà ở phía nào của cổng trường/);
      expect(asked).toBe(
        `🏛 UBND xã Bắc Đông Hưng · phiếu ${ticket}:\n\nXin Ông/Bà cho biết ổ gà ở phía nào của cổng trường.`,
      );
      await c.press('✉ Trả lời');
      await c.send('Phía bên trái, cạnh cột điện.');
      expect(await c.last()).toMatch(/Đã chuyển tin nhắn của Ông\/Bà đến UBND xã/);
      const relayed = await h.waitForText(CHAIR, /Phía bên trái, cạnh cột điện\./);
      for (const id of c.identifiers) expect(JSON.stringify(relayed), id).not.toContain(id);
    }, 60_000);

    it(
      named(
        'bad input: too long, a photo or a place where words are asked, an old button, commands',
        ['oldChoices', 'a long list is typed numbers, which answer the newest question'],
      ),
      async () => {
        const [c, n] = citizen();
        await walk(c, n, openReport, REPORT, 2);
        await c.send('Đ'.repeat(2001));
        expect(await c.last()).toMatch(
          /^Nội dung này dài 2\.001 ký tự, quá giới hạn 2\.000 ký tự: xin Ông\/Bà viết ngắn lại\./,
        );
        expect(await c.last()).toMatch(REPORT[2]!.prompt);
        await c.photo(photo(4));
        expect(await c.last()).toMatch(/^Câu hỏi này không cần ảnh\./);
        expect(await c.last()).toMatch(REPORT[2]!.prompt);
        await c.location(20.6, 106.3);
        expect(await c.last()).toMatch(REPORT[2]!.prompt);
        if (can.oldChoices) {
          await c.press('Môi trường, rác thải'); // on the category question, answered already
          expect(await c.last()).toMatch(
            /^Nút Ông\/Bà vừa bấm thuộc một câu hỏi trước đó nên không dùng được nữa\./,
          );
        }
        await c.send('/help');
        expect((await c.texts()).at(-2)).toMatch(/^Cách dùng:/);
        expect(await c.last()).toMatch(REPORT[2]!.prompt);
        await c.send('/thoitiet');
        expect(await c.last()).toMatch(/^Gopy không hiểu lệnh này\. Gõ \/help để xem cách dùng\./);
        await REPORT[2]!.answer(c, n);
        await c.send('bỏ qua');
        await c.send('bỏ qua');
        await c.press(notAnonymous(c));
        await c.press('Không công khai');
        await c.send('bỏ qua');
        const review = await c.last();
        expect(review).toContain('• Lĩnh vực: Giao thông, đường sá');
        expect(review).toContain('• Nội dung: Ổ gà lớn trước cổng trường tiểu học');
        await c.send('/huy');
        expect(await c.last()).toMatch(/^Ông\/Bà muốn làm gì\?/);
        expect(await reportsOf(c)).toEqual([]);
      },
      60_000,
    );

    it('a photo where the place or the phone is asked, a number that is not one: what went wrong, then the question with its own hint, once', async () => {
      const [c, n] = citizen();
      await walk(c, n, openReport, REPORT, 4);
      const askPlace = await c.last();
      await c.photo(photo(5));
      const again = await c.last();
      // The note used to say the hint again in other words (“… hoặc gõ địa chỉ.” twice).
      expect(again).toBe(`Câu hỏi này không cần ảnh.\n\n${askPlace}`);
      expect(again.split('gõ địa chỉ')).toHaveLength(2);
      for (const step of REPORT.slice(4, 7)) await step.answer(c, n);
      const askPhone = await c.last();
      expect(askPhone).toMatch(REPORT[7]!.prompt);
      await c.photo(photo(6));
      expect(await c.last()).toBe(`Câu hỏi này không cần ảnh.\n\n${askPhone}`);
      await c.send('12345');
      expect(await c.last()).toBe(`Số điện thoại “12345” chưa đúng.\n\n${askPhone}`);
      await REPORT[7]!.answer(c, n);
      expect(await c.last()).toMatch(REPORT[REVIEW]!.prompt);
    }, 60_000);

    it('/xoadulieu asks first, then erases what identifies the citizen; reports stay', async () => {
      const [c, n] = citizen();
      await walk(c, n, openReport, REPORT, REVIEW);
      await c.press('✅ Gửi');
      const ticket = ticketIn(await received(c))!;
      await c.waitFor(new RegExp(`${ticket} của Ông/Bà đã được chuyển đến`));
      await c.send('/xoadulieu');
      expect(await c.last()).toMatch(/muốn xóa thông tin cá nhân/);
      await c.press('Không, giữ lại');
      expect(await c.last()).toBe('Đã giữ nguyên, không xóa gì.');
      const before = await citizenRow(c);
      expect(before).toMatchObject({ erasedAt: null, externalId: c.externalId });
      await c.send('/xoadulieu');
      await c.press('Xóa thông tin của tôi');
      await c.waitFor(/^Đã xóa thông tin cá nhân của Ông\/Bà\./);
      const after = await h.db.prisma.citizen.findUniqueOrThrow({ where: { id: before!.id } });
      expect(after).toMatchObject({ externalId: null, chatId: null, phone: null });
      expect(after.erasedAt).not.toBeNull();
      const [report] = await h.db.prisma.report.findMany({ where: { citizenId: before!.id } });
      expect(report).toMatchObject({ ticketCode: ticket, contactPhone: null });
    }, 60_000);
  });
}
