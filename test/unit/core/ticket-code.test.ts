import { describe, expect, it } from 'vitest';
import {
  findTicketCode,
  formatTicketCode,
  parseTicketCode,
  TICKET_PREFIXES,
} from '../../../src/core/ticket-code.ts';
import { SUBMISSION_KINDS } from '../../../src/core/submission-kinds.ts';

describe('formatTicketCode', () => {
  it('writes prefix, year and a six-digit sequence', () => {
    expect(formatTicketCode('phan-anh', 2026, 123)).toBe('PA-2026-000123');
    expect(formatTicketCode('gop-y', 2025, 1)).toBe('GY-2025-000001');
    expect(formatTicketCode('kien-nghi', 2026, 42)).toBe('KN-2026-000042');
    expect(formatTicketCode('khieu-nai', 2026, 42)).toBe('KH-2026-000042');
    expect(formatTicketCode('to-cao', 2026, 999_999)).toBe('TC-2026-999999');
  });

  it('grows past a million reports in a year instead of failing', () => {
    expect(formatTicketCode('phan-anh', 2026, 1_234_567)).toBe('PA-2026-1234567');
  });

  it('gives every kind its own two-letter prefix', () => {
    const prefixes = SUBMISSION_KINDS.map((k) => TICKET_PREFIXES[k]);
    expect(new Set(prefixes).size).toBe(5);
    for (const p of prefixes) expect(p).toMatch(/^[A-Z]{2}$/);
  });

  it('refuses numbers our own counters should never produce', () => {
    expect(() => formatTicketCode('phan-anh', 2026, 0)).toThrow(RangeError);
    expect(() => formatTicketCode('phan-anh', 2026, 1.5)).toThrow(RangeError);
    expect(() => formatTicketCode('phan-anh', 1999, 1)).toThrow(RangeError);
  });
});

describe('parseTicketCode', () => {
  it('round-trips every kind', () => {
    for (const kind of SUBMISSION_KINDS) {
      for (const seq of [1, 123, 999_999, 1_000_000]) {
        const code = formatTicketCode(kind, 2026, seq);
        expect(parseTicketCode(code)).toEqual({ type: 'ok', kind, year: 2026, seq, code });
      }
    }
  });

  it.each([
    'pa-2026-123',
    'PA 2026 000123',
    '  pa 2026 123  ',
    'PA2026000123',
    'pa2026123',
    'PA–2026–123',
    'PA_2026_123',
    'PA/2026/123',
    '#PA-2026-000123',
    'Pa-2026-0123',
    'ＰＡ－２０２６－１２３',
  ])('reads %j as PA-2026-000123', (typed) => {
    const r = parseTicketCode(typed);
    expect(r).toMatchObject({
      type: 'ok',
      kind: 'phan-anh',
      year: 2026,
      seq: 123,
      code: 'PA-2026-000123',
    });
  });

  it.each([
    ['', 'empty'],
    ['   ', 'empty'],
    ['hello', 'malformed'],
    ['PA-2026-', 'malformed'],
    ['PA-26-123', 'malformed'],
    ['PA-2026-12a', 'malformed'],
    ['XY-2026-123', 'unknown-prefix'],
    ['PA-1999-123', 'bad-year'],
    ['PA-2026-0', 'bad-sequence'],
    ['PA-2026-000000', 'bad-sequence'],
  ])('rejects %j (%s)', (typed, reason) => {
    expect(parseTicketCode(typed)).toEqual({ type: 'invalid', reason });
  });
});

describe('findTicketCode', () => {
  it('finds a code inside a message', () => {
    expect(findTicketCode('Cho tôi hỏi mã pa-2026-45 đã xử lý chưa?')).toEqual({
      kind: 'phan-anh',
      year: 2026,
      seq: 45,
      code: 'PA-2026-000045',
    });
    expect(findTicketCode('Mã của tôi: TC 2026 7.')?.code).toBe('TC-2026-000007');
  });

  it('skips look-alikes and finds the real code after them', () => {
    expect(findTicketCode('XY-2026-1 rồi KN-2026-000002')?.code).toBe('KN-2026-000002');
  });

  it('finds nothing in ordinary text', () => {
    expect(findTicketCode('Đường trước nhà tôi bị hỏng từ năm 2024')).toBeNull();
    expect(findTicketCode('gọi 0912345678')).toBeNull();
  });
});
