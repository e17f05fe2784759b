import { describe, expect, it } from 'vitest';
import {
  authorizeOfficial,
  refusalText,
  type DeskAction,
  type Refusal,
} from '../../../../src/app/desk/authorize-official.ts';
import { aReport, anOfficial } from '../../../support/report-fixture.ts';

const chair = anOfficial();
const viceChair = anOfficial({
  id: 2,
  positionKind: 'vice-chair',
  positionTitle: 'Phó Chủ tịch',
  rank: 2,
});
const staff = anOfficial({ id: 3, positionKind: 'staff', role: 'staff', rank: 0 });
const observer = anOfficial({ id: 4, positionKind: 'staff', role: 'observer', rank: 0 });
const otherChair = anOfficial({ id: 5, unitCode: '13186', unitName: 'Xã Khác' });
const provinceAdmin = anOfficial({ id: 6, unitCode: '13186', role: 'admin', positionKind: 'head' });
const otherProvinceAdmin = anOfficial({
  id: 7,
  unitCode: '00001',
  provinceCode: '01',
  role: 'admin',
});

const report = aReport({ assignedOfficialId: chair.id });
const ALL: DeskAction[] = [
  'acknowledge',
  'assign',
  'pass',
  'extend',
  'resolve',
  'answer',
  'note',
  'view',
];

const verdict = (accounts = [chair], action: DeskAction = 'acknowledge', r = report) => {
  const a = authorizeOfficial(accounts, r, action);
  return a.type === 'allowed' ? `allowed:${a.official.id}` : a.reason;
};

describe('authorizeOfficial', () => {
  it('lets leaders of the commune and the province’s admin do everything', () => {
    for (const action of ALL) {
      expect(verdict([chair], action)).toBe('allowed:1');
      expect(verdict([viceChair], action)).toBe('allowed:2');
      expect(verdict([provinceAdmin], action)).toBe('allowed:6');
    }
  });

  it('refuses people who are not officials, and officials of another commune or province', () => {
    expect(verdict([])).toBe('not-official');
    expect(verdict([otherChair])).toBe('other-commune');
    expect(verdict([otherProvinceAdmin])).toBe('other-commune');
  });

  it('lets staff read and annotate, and answer or resolve only what is assigned to them', () => {
    for (const action of ['acknowledge', 'assign', 'pass', 'extend'] as const)
      expect(verdict([staff], action)).toBe('role');
    expect(verdict([staff], 'view')).toBe('allowed:3');
    expect(verdict([staff], 'note')).toBe('allowed:3');
    expect(verdict([staff], 'answer')).toBe('not-assigned');
    expect(verdict([staff], 'resolve')).toBe('not-assigned');
    const assigned = aReport({ assignedOfficialId: staff.id });
    expect(verdict([staff], 'answer', assigned)).toBe('allowed:3');
    expect(verdict([staff], 'resolve', assigned)).toBe('allowed:3');
  });

  it('lets observers only read', () => {
    for (const action of ALL)
      expect(verdict([observer], action)).toBe(action === 'view' ? 'allowed:4' : 'role');
  });

  it('never lets an official act on a report about themselves', () => {
    const aboutChair = aReport({ aboutOfficialId: chair.id });
    for (const action of ALL) expect(verdict([chair], action, aboutChair)).toBe('about-self');
  });

  it('keeps a tố cáo for the chair and the province’s admin', () => {
    const denunciation = aReport({ kind: 'to-cao', assignedOfficialId: staff.id });
    expect(verdict([chair], 'view', denunciation)).toBe('allowed:1');
    expect(verdict([provinceAdmin], 'answer', denunciation)).toBe('allowed:6');
    expect(verdict([viceChair], 'view', denunciation)).toBe('sealed');
    expect(verdict([staff], 'answer', denunciation)).toBe('sealed');
  });

  it('acts through whichever of an account’s positions may', () => {
    expect(verdict([staff, viceChair], 'acknowledge')).toBe('allowed:2');
    expect(verdict([otherChair, staff], 'acknowledge')).toBe('role');
  });

  it('explains every refusal in Vietnamese', () => {
    const reasons: Refusal[] = [
      'not-official',
      'other-commune',
      'about-self',
      'sealed',
      'role',
      'not-assigned',
    ];
    for (const r of reasons) expect(refusalText(r, 'vi', [chair], report)).toMatch(/[ăâđêôơư]/);
  });

  it('names the official’s own unit as what it is, and «địa bàn» where that is not one kind', () => {
    const ward = anOfficial({ id: 8, unitCode: '11983', unitName: 'Phường Sơn Nam' });
    const zone = anOfficial({ id: 9, unitCode: '22999', unitName: 'Đặc khu Vân Đồn' });
    const notOurs = (accounts: (typeof chair)[], lang: 'vi' | 'en' = 'vi') =>
      refusalText('other-commune', lang, accounts, report);
    expect(notOurs([ward])).toBe('Phiếu này không thuộc phường của Ông/Bà.');
    expect(notOurs([ward], 'en')).toBe('This ticket is not from your ward.');
    expect(notOurs([zone])).toBe('Phiếu này không thuộc đặc khu của Ông/Bà.');
    expect(notOurs([otherChair])).toBe('Phiếu này không thuộc xã của Ông/Bà.');
    // A province's admin answers for the whole province; positions of two kinds are no one kind.
    expect(notOurs([otherProvinceAdmin])).toBe('Phiếu này không thuộc địa bàn của Ông/Bà.');
    expect(notOurs([otherProvinceAdmin], 'en')).toBe('This ticket is not from your area.');
    expect(notOurs([ward, otherChair])).toBe('Phiếu này không thuộc địa bàn của Ông/Bà.');
    // A refusal about the role names the report's unit, the official's own there.
    const wardReport = aReport({ unitName: 'Phường Sơn Nam' });
    expect(refusalText('role', 'vi', [ward], wardReport)).toBe(
      'Vai trò của Ông/Bà không thực hiện được thao tác này; xin báo lãnh đạo phường.',
    );
    expect(refusalText('sealed', 'vi', [ward], wardReport)).toBe(
      'Đơn tố cáo chỉ Chủ tịch UBND phường xem và xử lý, để giữ bí mật cho người tố cáo.',
    );
    expect(refusalText('not-official', 'vi', [])).not.toMatch(/xã|\{/);
  });
});
