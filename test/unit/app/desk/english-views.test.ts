/**
 * The officials' views said in English (pure): durations, the /stats quarter and criteria, the
 * history, /whoami and the answer to an invite for an account that reads English. Dates stay
 * dd/mm/yyyy in Vietnam time; the commune's own names are data and stay as written.
 */
import { describe, expect, it } from 'vitest';
import {
  createRegisterOfficial,
  describeOfficial,
  type RegisteredOfficial,
} from '../../../../src/app/register-official.ts';
import { duration, formatStats } from '../../../../src/app/desk/stats.ts';
import { eventLabel } from '../../../../src/app/desk/thread-view.ts';
import { htmlToPlain } from '../../../../src/core/html.ts';

const CHAIR: RegisteredOfficial = {
  positionKind: 'chair',
  positionTitle: 'Chủ tịch UBND xã',
  role: 'leader',
  unitCode: '12694',
  provinceCode: '33',
  unitName: 'Xã Bắc Đông Hưng',
  provinceName: 'Tỉnh Hưng Yên',
  fieldNames: ['Giao thông, đường sá'],
  // 23:30 on 1 March in UTC is already 2 March on the wall in Vietnam.
  createdAt: new Date('2026-03-01T23:30:00Z'),
};

describe('officials’ views in English', () => {
  it('says durations with a decimal point and English units', () => {
    expect(duration(4 * 60_000, 'en')).toBe('4 min');
    expect(duration(90 * 60_000, 'en')).toBe('1.5 h');
    expect(duration(72 * 3_600_000, 'en')).toBe('3.0 days');
    expect(duration(undefined, 'en')).toBe('—');
  });

  it('names the quarter and the criteria in English', () => {
    const text = htmlToPlain(
      formatStats({
        unitName: 'Xã Bắc Đông Hưng',
        month: '03/2026',
        quarter: '2026-Q1',
        stats: {
          open: 4,
          overdue: 1,
          resolved: 6,
          closedConfirmed: 3,
          closedWithoutVerdict: 2,
          medianAckMs: 90 * 60_000,
          medianResolveMs: undefined,
        },
        scores: new Map([[2, [5, 4, 2, 1]]]),
        lang: 'en',
      }),
    );
    expect(text).toMatch(/^📊 Xã Bắc Đông Hưng — month 03\/2026\nOpen: 4 · Overdue: 1\n/);
    expect(text).toContain(
      'Closed: 3 confirmed by the resident · 2 closed automatically after 7 days without confirmation',
    );
    expect(text).toContain('Time to accept (median): 1.5 h');
    expect(text).toContain('Time to answer (median): —');
    expect(text).toContain('Satisfaction on the 5 criteria (Q1 2026)');
    expect(text).toContain('2. Friendly, responsible government: 50% (4 answer(s))');
    expect(text).toContain('1. Open, transparent operation: no answers yet');
  });

  it('tells the history in English, with the official’s reason as written', () => {
    const at = new Date();
    expect(
      eventLabel(
        {
          type: 'passed',
          actorKind: 'official',
          actorId: 1,
          data: { reason: 'Đúng việc' },
          createdAt: at,
        },
        'en',
      ),
    ).toBe('Passed on to another position: Đúng việc');
    expect(
      eventLabel(
        {
          type: 'closed',
          actorKind: 'system',
          actorId: null,
          data: { verdict: 'none' },
          createdAt: at,
        },
        'en',
      ),
    ).toBe('Closed automatically (the resident did not confirm within 7 days)');
    expect(
      eventLabel(
        { type: 'merged', actorKind: 'system', actorId: null, data: {}, createdAt: at },
        'en',
      ),
    ).toBe('merged (system)');
  });

  it('describes a registration for /whoami in English, the date dd/mm/yyyy in Vietnam time', () => {
    expect(describeOfficial(CHAIR, 'en')).toBe(
      [
        'Unit: Xã Bắc Đông Hưng, Tỉnh Hưng Yên',
        'Position: Chair of the People’s Committee of Xã Bắc Đông Hưng',
        'Role: Leader (receives reports and directs their handling)',
        'Fields in charge: Giao thông, đường sá',
        'Registered since: 02/03/2026',
      ].join('\n'),
    );
  });

  it('answers an invite in the language the account already reads', async () => {
    const register = createRegisterOfficial({
      officials: {
        redeemInvite: async (code) =>
          code === 'ok'
            ? { type: 'registered', official: { ...CHAIR, lang: 'vi' } }
            : { type: 'expired' },
      },
      now: () => new Date(),
    });
    const user = { id: '42', firstName: 'Nguyễn', lastName: 'Văn An' };
    expect(await register({ payload: 'inv_ok', user, chatId: '42', lang: 'en' })).toBe(
      [
        'Hello Nguyễn Văn An!',
        'You are now registered as Chair of the People’s Committee of Xã Bắc Đông Hưng, in charge of: Giao thông, đường sá.',
        'From now on, residents’ reports and recommendations within your remit will arrive here.',
        'Send /whoami to see your registration, /stats for the figures.',
      ].join('\n'),
    );
    expect(await register({ payload: 'inv_old', user, chatId: '42', lang: 'en' })).toBe(
      'This invite has expired. Please ask the system administrator for a new one.',
    );
    // A new account reads its position's language: Vietnamese.
    expect(await register({ payload: 'inv_ok', user, chatId: '42' })).toMatch(
      /^Xin chào Nguyễn Văn An!\nÔng\/Bà đã được đăng ký là Chủ tịch UBND Xã Bắc Đông Hưng phụ trách lĩnh vực: Giao thông, đường sá\./,
    );
  });
});
