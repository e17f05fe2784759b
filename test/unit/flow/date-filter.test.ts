import { describe, expect, it } from 'vitest';
import { formatDate, renderString } from '../../../src/flow/display-answer.ts';
import { localDate } from '../../../src/core/local-date.ts';
import type { FlowFrame } from '../../../src/flow/types.ts';
import { realFlows } from './support.ts';

/** Every calendar day of 2025–2027 as Vietnam's 17:00 deadline on that day. */
function* deadlines(): Generator<{ iso: string; due: Date }> {
  for (let t = Date.UTC(2025, 0, 1, 10); t < Date.UTC(2028, 0, 1); t += 86_400_000) {
    const due = new Date(t); // 10:00 UTC = 17:00 in Vietnam
    yield { iso: localDate(due), due };
  }
}

function parseDdMmYyyy(text: string): string {
  const m = /(\d{2})\/(\d{2})\/(\d{4})/.exec(text);
  if (!m) throw new Error(`no dd/mm/yyyy in ${text}`);
  return `${m[3]}-${m[2]}-${m[1]}`;
}

const flow = realFlows().get('report')!;
const frameWith = (dueDate: string): FlowFrame => ({
  flowId: 'report',
  flowVersion: flow.version,
  stepId: 'done',
  nonce: 'n',
  answers: { submit: { dueDate } },
  params: {},
  history: [],
  startedAt: '2026-01-01T00:00:00.000Z',
});

describe('the date filter', () => {
  it('reads back every deadline of 2025–2027 as the stored day, from a local date or an instant', () => {
    let checked = 0;
    for (const { iso, due } of deadlines()) {
      const template = 'chậm nhất ngày {{submit.dueDate | date}}.';
      expect(parseDdMmYyyy(renderString(template, flow, frameWith(iso), 'vi'))).toBe(iso);
      expect(parseDdMmYyyy(renderString(template, flow, frameWith(due.toISOString()), 'vi'))).toBe(
        iso,
      );
      checked++;
    }
    expect(checked).toBe(3 * 365);
  });

  it('never re-reads an already formatted day ≤ 12 as a US month', () => {
    expect(formatDate('09/12/2026')).toBe('09/12/2026');
    expect(formatDate('2026-12-09')).toBe('09/12/2026');
    expect(formatDate('2026-12-08T17:30:00.000Z')).toBe('09/12/2026');
  });

  it('leaves text that is not a date as it is', () => {
    expect(formatDate('Dec 9, 2026')).toBe('Dec 9, 2026');
    expect(formatDate('')).toBe('');
  });
});
