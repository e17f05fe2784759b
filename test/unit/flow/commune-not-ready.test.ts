/**
 * A commune where nobody reads Gopy yet: the citizen is told before writing, may send anyway
 * or pick another commune; with no category at all, they get buttons to go on, not a dead end.
 */
import { describe, expect, it } from 'vitest';
import { Chat, fakeRuntime, realFlows } from './support.ts';

/** «xã» as a word (JavaScript's \b knows only ASCII letters). */
const XA = /(^|[^\p{L}])xã(?![\p{L}])/u;

const flows = realFlows();

/** The unit typed and the button pressed to pick it. */
const COMMUNE = ['Dong Hung', 'Xã Đông Hưng'] as const;
const WARD = ['Hoan Kiem', 'Phường Hoàn Kiếm'] as const;
const ZONE = ['Phu Quoc', 'Đặc khu Phú Quốc'] as const;

/** A report (kind `kind`, in the chat's language) up to the unit picked. */
async function pickUnit(chat: Chat, [typed, unit]: readonly [string, string], kind = 'Phản ánh') {
  await chat.start('report');
  await chat.press(kind);
  await chat.type(typed);
  await chat.press(unit);
}

describe('a commune without a reachable official', () => {
  it('says where the report will go (the province) before the citizen writes', async () => {
    const { runtime } = fakeRuntime({ unreachable: { provinceAdmin: true } });
    const chat = new Chat(flows, runtime);
    await pickUnit(chat, COMMUNE);
    expect(chat.step()).toBe('communeToProvince');
    expect(chat.text()).toContain('Xã Đông Hưng');
    expect(chat.text()).toContain('chưa có cán bộ nhận phản ánh qua Gopy');
    expect(chat.text()).toContain('cán bộ quản trị cấp tỉnh');
    expect(chat.labels()).toEqual(expect.arrayContaining(['Vẫn gửi', 'Chọn nơi khác']));
    await chat.press('Vẫn gửi');
    expect(chat.step()).toBe('category');
  });

  it('says the report is kept for the first official when there is no province admin', async () => {
    const { runtime } = fakeRuntime({ unreachable: { provinceAdmin: false } });
    const chat = new Chat(flows, runtime);
    await pickUnit(chat, COMMUNE);
    expect(chat.step()).toBe('communeWaits');
    expect(chat.text()).toContain('ngay khi xã có cán bộ đăng ký nhận');
  });

  it('names a ward as a ward, and a special zone in English, where it waits or goes to the province', async () => {
    const ward = new Chat(flows, fakeRuntime({ unreachable: { provinceAdmin: false } }).runtime);
    await pickUnit(ward, WARD);
    expect(ward.text()).toContain(
      'phản ánh sẽ được lưu lại và chuyển đến phường ngay khi phường có cán bộ đăng ký nhận.',
    );
    expect(ward.text()).not.toMatch(XA);

    const zone = new Chat(
      flows,
      fakeRuntime({ lang: 'en', unreachable: { provinceAdmin: true } }).runtime,
    );
    await pickUnit(zone, ZONE, 'Report');
    expect(zone.text()).toContain('who will ask the special zone to act.');
    expect(zone.labels()).toEqual(expect.arrayContaining(['Send anyway', 'Choose another place']));
  });

  it('lets the citizen choose another commune', async () => {
    const { runtime } = fakeRuntime({ unreachable: { provinceAdmin: false } });
    const chat = new Chat(flows, runtime);
    await pickUnit(chat, COMMUNE);
    await chat.press('Chọn nơi khác');
    expect(chat.step()).toBe('commune');
  });

  it('asks nothing extra where an official is reachable', async () => {
    const { runtime } = fakeRuntime();
    const chat = new Chat(flows, runtime);
    await pickUnit(chat, COMMUNE);
    expect(chat.step()).toBe('category');
  });
});

describe('no category set up', () => {
  it('ends with buttons that lead on', async () => {
    const { runtime } = fakeRuntime({ noCategories: true });
    const chat = new Chat(flows, runtime);
    await pickUnit(chat, COMMUNE);
    expect(chat.text()).toContain('chưa được thiết lập');
    expect(chat.labels()).toEqual(['⭐ Đánh giá chính quyền', '🏠 Về menu chính']);
  });

  it('sends a ward’s citizen to the ward’s UBND, and a special zone’s in English to its office', async () => {
    const ward = new Chat(flows, fakeRuntime({ noCategories: true }).runtime);
    await pickUnit(ward, WARD);
    expect(ward.text()).toContain(
      'Ông/Bà vẫn có thể đánh giá chính quyền, hoặc liên hệ trực tiếp UBND phường.',
    );
    const zone = new Chat(flows, fakeRuntime({ noCategories: true, lang: 'en' }).runtime);
    await pickUnit(zone, ZONE, 'Report');
    expect(zone.text()).toContain(
      'You can still rate the local government, or contact the special zone office directly.',
    );
    expect(zone.labels()).toEqual(['⭐ Rate the local government', '🏠 Main menu']);
  });
});
