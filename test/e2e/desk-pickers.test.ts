/**
 * The desk's pickers through the real grammY bot and the fake Bot API, on real PostgreSQL and
 * Redis: once an official makes a choice in a picker (whom to assign, where to pass, which
 * result, a prepared answer, «Hủy»), the picker says what was chosen and loses its buttons; a
 * second press on it (a double tap, a client not yet redrawn) is answered kindly and changes
 * nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TOKEN, startHarness, type Harness } from '../support/gopy-harness.ts';
import { fileReport, labels, pressData } from '../support/desk-fixtures.ts';
import { CHAIR, STAFF } from '../support/demo.ts';
import type { TgMessage } from '../../src/simulator/fake-bot-api.ts';
import { until } from '../support/until.ts';

const USED = 'Lựa chọn ở tin nhắn này đã được ghi nhận rồi, không cần bấm lại.';

describe('desk pickers (grammY)', () => {
  let h: Harness;
  beforeAll(async () => {
    // The tests tap faster than a person could: the flood guard must not hold their presses.
    h = await startHarness({ framework: 'grammy', humanPace: true });
  }, 90_000);
  afterAll(async () => h?.close());

  const eventsOf = async (id: number) =>
    (
      await h.db.prisma.reportEvent.findMany({ where: { reportId: id }, orderBy: { id: 'asc' } })
    ).map((e) => e.type);
  /** The message as the chat shows it now (after any edit). */
  const now = (chatId: number, messageId: number): TgMessage | undefined =>
    h.fake.chatHistory(TOKEN, chatId).find((e) => e.message.message_id === messageId)?.message;
  /** Every call that changes what a chat shows (sends and edits), after `seq`. */
  const changesAfter = (seq: number, chatIds: number[]) =>
    h.fake
      .calls(TOKEN)
      .filter(
        (c) =>
          c.seq > seq &&
          c.method !== 'answerCallbackQuery' &&
          chatIds.map(String).includes(String(c.params.chat_id)),
      )
      .map((c) => c.method);
  /**
   * Settled, and every queued message sent: an alert redrawn after a choice goes through the
   * delivery queue, at the worker's pace, and must not count as a change made by a later press.
   */
  const quiet = async () => {
    await h.settle();
    await until('every queued message sent', async () =>
      (await h.db.prisma.delivery.count({ where: { state: 'pending' } })) === 0 ? true : undefined,
    );
    await h.settle();
  };
  /** The button's data on a message, by its label. */
  const dataOf = (m: TgMessage | undefined, label: string | RegExp): string => {
    const b = (m?.reply_markup?.inline_keyboard ?? [])
      .flat()
      .find((x) => (typeof label === 'string' ? x.text === label : label.test(x.text)));
    if (!b?.callback_data) throw new Error(`no button ${String(label)}`);
    return b.callback_data;
  };

  it('assigning: the list says whom it went to, without buttons; a second press changes nothing', async () => {
    const citizen = { id: 7301 };
    const r = await fileReport(h, { citizen, categoryCode: 'giao-thong' });
    await h.waitForText(CHAIR, new RegExp(`Phản ánh mới · ${r.ticket}`));
    await h.press(CHAIR, '✅ Tiếp nhận');
    await h.waitForText(citizen.id, /đã được lãnh đạo xã tiếp nhận/);

    await h.press(CHAIR, '👤 Giao cán bộ');
    const list = h.last(CHAIR)!;
    expect(list.text).toMatch(new RegExp(`Giao phiếu ${r.ticket} cho cán bộ nào\\?`));
    const choice = dataOf(list, /^Công chức Văn phòng \(demo\)/);
    const before = h.fake.lastCallSeq();
    await h.press(CHAIR, /^Công chức Văn phòng \(demo\)/);
    await h.waitForText(STAFF, new RegExp(`Phản ánh được giao cho Ông/Bà · ${r.ticket}`));

    // The list itself now says what was chosen, and has no buttons left.
    const edited = now(CHAIR, list.message_id)!;
    expect(edited.text).toBe(`Đã giao phiếu ${r.ticket} cho Công chức Văn phòng (demo) ✓`);
    expect(labels(edited)).toEqual([]);
    const edit = h.fake
      .calls(TOKEN, 'editMessageText')
      .find((c) => c.seq > before && c.params.message_id === list.message_id);
    expect(edit?.params.reply_markup).toBeUndefined();

    // The same button again (a double tap): a kind word, nothing else.
    await quiet();
    const events = await eventsOf(r.id);
    const seq = h.fake.lastCallSeq();
    expect(await pressData(h, CHAIR, CHAIR, list.message_id, choice)).toBe(USED);
    await h.settle();
    expect(changesAfter(seq, [CHAIR, STAFF, citizen.id])).toEqual([]);
    expect(await eventsOf(r.id)).toEqual(events);
    expect(now(CHAIR, list.message_id)?.text).toBe(edited.text);
    expect(h.fake.violations()).toEqual([]);
  }, 90_000);

  it('two presses at once on one list act once', async () => {
    const citizen = { id: 7302 };
    const r = await fileReport(h, { citizen, categoryCode: 'giao-thong' });
    await h.waitForText(CHAIR, new RegExp(`Phản ánh mới · ${r.ticket}`));
    await h.press(CHAIR, '👤 Giao cán bộ');
    const list = h.last(CHAIR)!;
    const choice = dataOf(list, /^Công chức Văn phòng \(demo\)/);
    for (let i = 0; i < 2; i++)
      h.fake.injectCallback(TOKEN, {
        chatId: CHAIR,
        from: { id: CHAIR, first_name: 'Chủ tịch' },
        messageId: list.message_id,
        data: choice,
      });
    await h.waitForText(STAFF, new RegExp(`Phản ánh được giao cho Ông/Bà · ${r.ticket}`));
    await h.settle();
    const answers = h.fake
      .calls(TOKEN, 'answerCallbackQuery')
      .slice(-2)
      .map((c) => c.params.text);
    expect(answers).toContain(USED);
    expect((await eventsOf(r.id)).filter((e) => e === 'assigned')).toHaveLength(1);
    expect(labels(now(CHAIR, list.message_id))).toEqual([]);
    expect(h.fake.violations()).toEqual([]);
  }, 90_000);

  it('passing: the list says where, the reason is asked; «Hủy» closes the question; stale presses change nothing', async () => {
    const citizen = { id: 7303 };
    const r = await fileReport(h, { citizen, categoryCode: 'moi-truong' });
    await h.waitForText(CHAIR, new RegExp(`Phản ánh mới · ${r.ticket}`));
    await h.press(CHAIR, '↪ Chuyển');
    const list = h.last(CHAIR)!;
    const choice = dataOf(list, /^Công chức Văn phòng HĐND và UBND xã ·/);
    await h.press(CHAIR, /^Công chức Văn phòng HĐND và UBND xã ·/);
    const question = h.last(CHAIR)!;
    expect(question.text).toMatch(/Nhập lý do chuyển phiếu/);
    expect(labels(question)).toEqual(['✖ Hủy']);
    const edited = now(CHAIR, list.message_id)!;
    expect(edited.text).toBe(`Chuyển phiếu ${r.ticket} đến Công chức Văn phòng HĐND và UBND xã ✓`);
    expect(labels(edited)).toEqual([]);

    // The list again: nothing is asked twice, nothing changes.
    let seq = h.fake.lastCallSeq();
    expect(await pressData(h, CHAIR, CHAIR, list.message_id, choice)).toBe(USED);
    expect(changesAfter(seq, [CHAIR])).toEqual([]);

    // «Hủy» under the question: the question says so and loses its button; the reason is no
    // longer awaited.
    const cancel = dataOf(question, '✖ Hủy');
    expect(await pressData(h, CHAIR, CHAIR, question.message_id, cancel)).toBe('Đã hủy');
    expect(now(CHAIR, question.message_id)?.text).toBe('✖ Đã hủy.');
    expect(labels(now(CHAIR, question.message_id))).toEqual([]);
    seq = h.fake.lastCallSeq();
    expect(await pressData(h, CHAIR, CHAIR, question.message_id, cancel)).toBe(USED);
    expect(changesAfter(seq, [CHAIR])).toEqual([]);

    // Passed for real this time; the «Hủy» under the answered question cancels nothing.
    await h.press(CHAIR, '↪ Chuyển');
    await h.press(CHAIR, /^Công chức Văn phòng HĐND và UBND xã ·/);
    const asked = h.last(CHAIR)!;
    await h.send(CHAIR, 'Văn phòng nắm danh sách hộ đổ rác sai quy định.');
    await h.waitForText(STAFF, new RegExp(`Phản ánh được chuyển đến Ông/Bà · ${r.ticket}`));
    await quiet();
    seq = h.fake.lastCallSeq();
    expect(await pressData(h, CHAIR, CHAIR, asked.message_id, dataOf(asked, '✖ Hủy'))).toBe(
      'Không còn thao tác nào của Ông/Bà đang chờ ở tin nhắn này; không cần hủy.',
    );
    expect(changesAfter(seq, [CHAIR])).toEqual([]);
    expect((await eventsOf(r.id)).filter((e) => e === 'passed')).toHaveLength(1);
    expect(h.fake.violations()).toEqual([]);
  }, 90_000);

  it('resolving: the result list and the prepared answers say what was chosen; «Hủy» closes a list', async () => {
    const citizen = { id: 7304 };
    const r = await fileReport(h, { citizen, categoryCode: 'thu-tuc' });
    await h.waitForText(CHAIR, new RegExp(`Phản ánh mới · ${r.ticket}`));

    // «Hủy» under the result list, before anything is asked: the list closes.
    await h.press(CHAIR, '✔ Đã xử lý');
    const first = h.last(CHAIR)!;
    expect(await pressData(h, CHAIR, CHAIR, first.message_id, dataOf(first, '✖ Hủy'))).toBe(
      'Đã hủy',
    );
    expect(now(CHAIR, first.message_id)?.text).toBe('✖ Đã hủy.');
    expect(labels(now(CHAIR, first.message_id))).toEqual([]);
    let seq = h.fake.lastCallSeq();
    expect(
      await pressData(h, CHAIR, CHAIR, first.message_id, dataOf(first, 'Không thuộc thẩm quyền')),
    ).toBe(USED);
    expect(changesAfter(seq, [CHAIR])).toEqual([]);

    await h.press(CHAIR, '✔ Đã xử lý');
    const results = h.last(CHAIR)!;
    const resolved = dataOf(results, 'Đã giải quyết');
    await h.press(CHAIR, 'Không thuộc thẩm quyền');
    const prompt = h.last(CHAIR)!;
    expect(now(CHAIR, results.message_id)?.text).toBe(
      `Kết quả xử lý phiếu ${r.ticket}: Không thuộc thẩm quyền ✓`,
    );
    expect(labels(now(CHAIR, results.message_id))).toEqual([]);
    // Another result on the same list: the choice made stands.
    seq = h.fake.lastCallSeq();
    expect(await pressData(h, CHAIR, CHAIR, results.message_id, resolved)).toBe(USED);
    expect(changesAfter(seq, [CHAIR])).toEqual([]);

    // A prepared answer by its number: the prompt shows the answer chosen, without buttons.
    expect(labels(prompt)).toEqual(['1', '✖ Hủy']);
    const one = dataOf(prompt, '1');
    await h.press(CHAIR, '1');
    expect(h.last(CHAIR)?.text).toMatch(/đã được chuyển đến cơ quan nào/);
    const answered = now(CHAIR, prompt.message_id)!;
    expect(answered.text).toMatch(
      new RegExp(
        `^Câu trả lời phiếu ${r.ticket}: dùng câu trả lời mẫu ✓\\n\\nNội dung Ông/Bà phản ánh không thuộc thẩm quyền`,
      ),
    );
    expect(labels(answered)).toEqual([]);
    seq = h.fake.lastCallSeq();
    expect(await pressData(h, CHAIR, CHAIR, prompt.message_id, one)).toBe(USED);
    expect(changesAfter(seq, [CHAIR])).toEqual([]);

    await h.send(CHAIR, 'Thuế cơ sở 3 tỉnh Hưng Yên');
    await h.waitForText(citizen.id, new RegExp(`trả lời phiếu ${r.ticket}`));
    expect((await eventsOf(r.id)).filter((e) => e === 'resolved')).toHaveLength(1);
    expect(h.fake.violations()).toEqual([]);
  }, 90_000);
});
