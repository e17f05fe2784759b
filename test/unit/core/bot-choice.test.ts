import { describe, expect, it } from 'vitest';
import { DEFAULT_BOT, botForUnit, chooseBot } from '../../../src/core/bot-choice.ts';

const bots = [
  { id: '700001', units: ['33'] },
  { id: '700002', units: ['12694', '13186'] },
];

describe('which bot serves a unit', () => {
  it('takes the commune’s own bot before its province’s, and the default for the rest', () => {
    expect(botForUnit(bots, { code: '12694', provinceCode: '33' })).toBe('700002');
    expect(botForUnit(bots, { code: '12700', provinceCode: '33' })).toBe('700001');
    expect(botForUnit(bots, { code: '00004', provinceCode: '01' })).toBe(DEFAULT_BOT);
    expect(botForUnit([], { code: '12694', provinceCode: '33' })).toBe(DEFAULT_BOT);
  });
});

describe('which bot a message goes out through', () => {
  it('the unit’s bot when the chat has started it', () => {
    expect(chooseBot('700001', ['', '700001'])).toBe('700001');
  });
  it('else the bot the chat talked to first, else the default bot', () => {
    expect(chooseBot('700001', ['700002', ''])).toBe('700002');
    expect(chooseBot('700001', [])).toBe(DEFAULT_BOT);
    expect(chooseBot(DEFAULT_BOT, ['700002'])).toBe('700002');
  });
});
