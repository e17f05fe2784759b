import { describe, expect, it } from 'vitest';
import {
  CALLBACK_DATA_MAX_BYTES,
  callbackAudience,
  decodeDeskCallback,
  encodeDeskCallback,
  OFFICIAL_ACTIONS,
  type DeskCallback,
} from '../../../../src/app/desk/desk-callback.ts';

const bytes = (s: string) => Buffer.byteLength(s, 'utf8');

/** One of each kind of button, with the largest report id the codec accepts. */
const BIGGEST = 9_999_999_999;
const samples: DeskCallback[] = [
  ...OFFICIAL_ACTIONS.map((action): DeskCallback => ({ type: 'official', reportId: 7, action })),
  { type: 'official', reportId: BIGGEST, action: 'asg', arg: '123456789' },
  { type: 'official', reportId: BIGGEST, action: 'res', arg: 'cr999999999' },
  { type: 'official', reportId: BIGGEST, action: 'pass', arg: 'x'.repeat(40) },
  { type: 'verdict', reportId: BIGGEST, choice: 'yes' },
  { type: 'verdict', reportId: 3, choice: 'partly' },
  { type: 'verdict', reportId: 3, choice: 'no' },
  { type: 'verdict', reportId: 3, choice: 'skipComment' },
  { type: 'verdict', reportId: 3, choice: 'skipScore' },
  { type: 'verdict', reportId: 3, choice: 'clear' },
  { type: 'verdict', reportId: 3, choice: 'unclear' },
  ...[1, 2, 3, 4, 5].map((score): DeskCallback => ({
    type: 'verdict',
    reportId: 3,
    choice: 'score',
    score,
  })),
  { type: 'citizenReply', reportId: BIGGEST },
];

describe('desk callback codec', () => {
  it('reads back every button it writes, each within Telegram’s 64 bytes', () => {
    for (const callback of samples) {
      const data = encodeDeskCallback(callback);
      expect(bytes(data)).toBeLessThanOrEqual(CALLBACK_DATA_MAX_BYTES);
      expect(decodeDeskCallback(data)).toEqual(callback);
    }
  });

  it('still reads the buttons of alerts and answers sent before it existed', () => {
    // Data exactly as the hand-built buttons wrote it (alert-message.ts, citizen-verdict.ts,
    // resolve-report.ts, thread-messages.ts): these buttons sit in chats and keep being pressed.
    const old: Array<[string, DeskCallback]> = [
      ['o.42.ack', { type: 'official', reportId: 42, action: 'ack' }],
      ['o.42.asg.7', { type: 'official', reportId: 42, action: 'asg', arg: '7' }],
      ['o.42.res.rs', { type: 'official', reportId: 42, action: 'res', arg: 'rs' }],
      ['o.42.res.cr12', { type: 'official', reportId: 42, action: 'res', arg: 'cr12' }],
      ['o.42.pass.19', { type: 'official', reportId: 42, action: 'pass', arg: '19' }],
      ['o.42.ext', { type: 'official', reportId: 42, action: 'ext' }],
      ['o.42.huy', { type: 'official', reportId: 42, action: 'huy' }],
      ['o.42.huy.list', { type: 'official', reportId: 42, action: 'huy', arg: 'list' }],
      ['o.42.xem', { type: 'official', reportId: 42, action: 'xem' }],
      ['v.42.yes', { type: 'verdict', reportId: 42, choice: 'yes' }],
      ['v.42.partly', { type: 'verdict', reportId: 42, choice: 'partly' }],
      ['v.42.no', { type: 'verdict', reportId: 42, choice: 'no' }],
      ['v.42.nc', { type: 'verdict', reportId: 42, choice: 'skipComment' }],
      ['v.42.s4', { type: 'verdict', reportId: 42, choice: 'score', score: 4 }],
      ['v.42.ss', { type: 'verdict', reportId: 42, choice: 'skipScore' }],
      ['v.42.cy', { type: 'verdict', reportId: 42, choice: 'clear' }],
      ['v.42.cn', { type: 'verdict', reportId: 42, choice: 'unclear' }],
      ['c.42.reply', { type: 'citizenReply', reportId: 42 }],
    ];
    for (const [data, callback] of old) {
      expect(decodeDeskCallback(data)).toEqual(callback);
      expect(encodeDeskCallback(callback)).toBe(data);
    }
  });

  it('refuses forged or foreign data', () => {
    for (const data of [
      'o.42.drop',
      'o.x.ack',
      'o.42.asg.7.8',
      'o.42.asg.<b>',
      'v.42.s6',
      'v.42.s0',
      'v.42.maybe',
      'c.42.yes',
      'x.42.ack',
      'lang.vi',
      `o.42.pass.${'x'.repeat(41)}`,
      '',
    ])
      expect(decodeDeskCallback(data), data).toBeUndefined();
  });

  it('refuses to build a button Telegram or the decoder would refuse', () => {
    expect(() =>
      encodeDeskCallback({ type: 'official', reportId: 1, action: 'asg', arg: 'a.b' }),
    ).toThrow();
    expect(() =>
      encodeDeskCallback({ type: 'verdict', reportId: 1, choice: 'score', score: 6 }),
    ).toThrow();
    expect(() =>
      encodeDeskCallback({
        type: 'official',
        reportId: 10 ** 20,
        action: 'ext',
        arg: 'x'.repeat(40),
      }),
    ).toThrow(/64/);
  });

  it('tells whose button a press claims to be', () => {
    expect(callbackAudience('o.1.ack')).toBe('official');
    expect(callbackAudience('v.1.yes')).toBe('citizen');
    expect(callbackAudience('c.1.reply')).toBe('citizen');
    expect(callbackAudience('lang.en')).toBeUndefined();
  });
});
