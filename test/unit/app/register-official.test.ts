import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  createRegisterOfficial,
  describeOfficial,
  isInvitePayload,
  type InviteRedeemer,
  type InviteRedemption,
  type RegisteredOfficial,
} from '../../../src/app/register-official.ts';
import type { OfficialsRepository } from '../../../src/persistence/officials-repository.ts';

const NOW = new Date('2026-03-02T03:00:00Z');

const CHAIR: RegisteredOfficial = {
  positionKind: 'chair',
  positionTitle: 'Chủ tịch UBND xã',
  role: 'leader',
  unitCode: '12694',
  provinceCode: '33',
  unitName: 'Xã Bắc Đông Hưng',
  provinceName: 'Tỉnh Hưng Yên',
  fieldNames: [],
  // 23:30 on 1 March in UTC is already 2 March on the wall in Vietnam.
  createdAt: new Date('2026-03-01T23:30:00Z'),
};

/** An in-memory redeemer: answers from a table of codes and records who asked. */
function fakeRedeemer(outcomes: Record<string, InviteRedemption>) {
  const calls: Array<{ code: string; who: Parameters<InviteRedeemer['redeemInvite']>[1] }> = [];
  const redeemer: InviteRedeemer = {
    async redeemInvite(code, who) {
      calls.push({ code, who });
      return outcomes[code] ?? { type: 'unknown' };
    },
  };
  return { redeemer, calls };
}

const user = { id: '42', firstName: 'Nguyễn', lastName: 'Văn An', username: 'nvan' };

describe('registerOfficial', () => {
  it('welcomes a new chair by position and commune and tells them what arrives here', async () => {
    const { redeemer, calls } = fakeRedeemer({
      'abcDEF123_-x': { type: 'registered', official: CHAIR },
    });
    const register = createRegisterOfficial({ officials: redeemer, now: () => NOW });
    const text = await register({ payload: 'inv_abcDEF123_-x', user, chatId: '42' });

    expect(text).toBe(
      'Xin chào Nguyễn Văn An!\n' +
        'Ông/Bà đã được đăng ký là Chủ tịch UBND Xã Bắc Đông Hưng.\n' +
        'Từ nay các phản ánh, kiến nghị của người dân thuộc phạm vi phụ trách sẽ được gửi đến đây.\n' +
        'Gõ /whoami để xem thông tin đăng ký, /stats để xem số liệu.',
    );
    expect(calls).toEqual([
      {
        code: 'abcDEF123_-x',
        who: {
          channel: 'telegram',
          externalId: '42',
          chatId: '42',
          displayName: 'Nguyễn Văn An',
          now: NOW,
        },
      },
    ]);
  });

  it('names the fields of a vice-chair and tells staff they receive what is assigned to them', async () => {
    const { redeemer } = fakeRedeemer({
      vc: {
        type: 'registered',
        official: { ...CHAIR, positionKind: 'vice-chair', fieldNames: ['Đất đai', 'Môi trường'] },
      },
      st: { type: 'registered', official: { ...CHAIR, positionKind: 'staff', role: 'staff' } },
    });
    const register = createRegisterOfficial({ officials: redeemer, now: () => NOW });
    expect(await register({ payload: 'inv_vc', user, chatId: '42' })).toContain(
      'Phó Chủ tịch UBND Xã Bắc Đông Hưng phụ trách lĩnh vực: Đất đai, Môi trường.',
    );
    const staff = await register({
      payload: 'inv_st',
      user: { id: '7', firstName: ' ', username: 'lan' },
      chatId: '7',
    });
    expect(staff).toContain('Xin chào @lan!');
    expect(staff).toContain('Công chức UBND Xã Bắc Đông Hưng');
    expect(staff).toContain('các phản ánh được giao cho Ông/Bà xử lý');
  });

  it('explains an expired, a used and an unknown invite in Vietnamese', async () => {
    const { redeemer } = fakeRedeemer({
      old: { type: 'expired' },
      taken: { type: 'used', byThisAccount: false },
      mine: { type: 'used', byThisAccount: true },
    });
    const register = createRegisterOfficial({ officials: redeemer, now: () => NOW });
    const answer = (payload: string) => register({ payload, user, chatId: '42' });

    expect(await answer('inv_old')).toMatch(/^Mã mời này đã hết hạn\./);
    expect(await answer('inv_taken')).toMatch(/^Mã mời này đã được sử dụng\./);
    expect(await answer('inv_mine')).toMatch(/^Tài khoản này đã được đăng ký bằng mã mời này\./);
    expect(await answer('inv_nothing')).toMatch(/^Không tìm thấy mã mời này\./);
  });

  it('does not ask the store about a payload that cannot be an invite', async () => {
    const { redeemer, calls } = fakeRedeemer({});
    const register = createRegisterOfficial({ officials: redeemer, now: () => NOW });
    for (const payload of ['inv_', 'q_10001_3', 'inv_a b', `inv_${'x'.repeat(61)}`]) {
      expect(await register({ payload, user, chatId: '42' })).toMatch(/^Không tìm thấy mã mời này/);
    }
    expect(calls).toEqual([]);
    expect(isInvitePayload('inv_abc')).toBe(true);
    expect(isInvitePayload('r_10001')).toBe(false);
  });
});

describe('describeOfficial', () => {
  it('shows unit, position, role, fields and the local date of registration', () => {
    expect(describeOfficial(CHAIR)).toBe(
      [
        'Đơn vị: Xã Bắc Đông Hưng, Tỉnh Hưng Yên',
        'Chức vụ: Chủ tịch UBND Xã Bắc Đông Hưng',
        'Vai trò: Lãnh đạo (nhận và chỉ đạo xử lý phản ánh)',
        'Lĩnh vực phụ trách: Tất cả lĩnh vực',
        'Đăng ký từ: 02/03/2026',
      ].join('\n'),
    );
    expect(
      describeOfficial({
        ...CHAIR,
        positionKind: 'head',
        role: 'observer',
        fieldNames: ['Giao thông'],
      }),
    ).toContain(
      'Chức vụ: Trưởng phòng/Trưởng bộ phận thuộc UBND Xã Bắc Đông Hưng\nVai trò: Theo dõi',
    );
  });

  it('is served by the officials repository without an adapter', () => {
    expectTypeOf<OfficialsRepository>().toExtend<InviteRedeemer>();
  });
});
