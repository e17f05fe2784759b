import { describe, expect, it } from 'vitest';
import {
  splitTelegramText,
  telegramTextLength,
  truncateTelegramText,
} from '../../../src/channels/telegram/split-telegram-text.ts';
import { html, htmlToPlain, isHtml, type Html } from '../../../src/core/html.ts';
import type { MessageText } from '../../../src/channels/types.ts';

const raw = (value: string): Html => ({ kind: 'html', value });
const valueOf = (t: MessageText): string => (isHtml(t) ? t.value : t);

/** Every opening tag is closed, in order, within the piece. */
function balanced(markup: string): boolean {
  const stack: string[] = [];
  for (const m of markup.matchAll(/<(\/?)([a-zA-Z][\w-]*)[^>]*>/g)) {
    if (m[1] === '') stack.push(m[2]!);
    else if (stack.pop() !== m[2]) return false;
  }
  return stack.length === 0;
}

describe('telegramTextLength', () => {
  it('counts visible characters of Html: tags nothing, an entity one', () => {
    expect(telegramTextLength(raw('<b>A &amp; B</b> &lt;3 &#128512;'))).toBe('A & B <3 😀'.length);
  });

  it('counts plain text as written, markup-looking characters included', () => {
    expect(telegramTextLength('<b>&amp;</b>')).toBe(12);
  });
});

describe('splitTelegramText', () => {
  it('keeps text within the limit whole', () => {
    expect(splitTelegramText('Xin chào', 10)).toEqual(['Xin chào']);
    const h = html`<b>Xin</b> chào`;
    expect(splitTelegramText(h, 10)).toEqual([h]);
  });

  it('breaks at the last line break that fits and drops it', () => {
    const text = ['dòng một', 'dòng hai', 'dòng ba dài hơn'].join('\n');
    expect(splitTelegramText(text, 18)).toEqual(['dòng một\ndòng hai', 'dòng ba dài hơn']);
  });

  it('breaks a long line at a space when no line break fits', () => {
    expect(splitTelegramText('một hai ba bốn năm', 9)).toEqual(['một hai', 'ba bốn', 'năm']);
  });

  it('cuts between graphemes when a word is longer than the limit', () => {
    const decomposed = 'e\u0301'.repeat(5); // five é, each two code points
    const pieces = splitTelegramText(decomposed, 4);
    expect(pieces).toEqual(['e\u0301e\u0301', 'e\u0301e\u0301', 'e\u0301']);
    const family = '👨‍👩‍👧';
    expect(splitTelegramText(`${family}${family}`, family.length)).toEqual([family, family]);
  });

  it('closes tags open at a break and reopens them in the next piece', () => {
    const text = raw(
      '<b>Phản ánh\n<i>ngập</i> nước\n</b><a href="https://x.vn/a?b=1&amp;c=2">xem</a>',
    );
    const pieces = splitTelegramText(text, 10).map(valueOf);
    expect(pieces).toEqual([
      '<b>Phản ánh</b>',
      '<b><i>ngập</i> nước</b>',
      '<a href="https://x.vn/a?b=1&amp;c=2">xem</a>',
    ]);
  });

  it('moves a tag opened right before a break into the next piece', () => {
    expect(splitTelegramText(raw('aaa<i>\nbbb</i>'), 4).map(valueOf)).toEqual([
      'aaa',
      '<i>bbb</i>',
    ]);
  });

  it('holds its invariants on random markup', () => {
    let seed = 42;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const words = ['xã', 'Đông', '&amp;', '&lt;', '😀', '\n', ' ', 'phản ánh', 'e\u0301'];
    const tags = ['b', 'i', 'u', 'code'];
    for (let round = 0; round < 200; round++) {
      let markup = '';
      const stack: string[] = [];
      for (let k = 0; k < 80; k++) {
        const roll = random(10);
        if (roll === 0) {
          const tag = tags[random(tags.length)]!;
          stack.push(tag);
          markup += `<${tag}>`;
        } else if (roll === 1 && stack.length > 0) markup += `</${stack.pop()!}>`;
        else markup += words[random(words.length)]!;
      }
      while (stack.length > 0) markup += `</${stack.pop()!}>`;
      const limit = 3 + random(20);
      for (const piece of splitTelegramText(raw(markup), limit)) {
        expect(telegramTextLength(piece)).toBeLessThanOrEqual(limit);
        expect(balanced(valueOf(piece))).toBe(true);
        expect(valueOf(piece)).not.toMatch(/&[a-z#0-9]*(?![a-z#0-9;])|<[^>]*$/);
      }
    }
  }, 60_000); // 200 random texts: seconds on a loaded machine

  it('never cuts inside an entity or a tag', () => {
    const text = html`${'<&>"'.repeat(30)}`;
    const pieces = splitTelegramText(text, 7);
    for (const piece of pieces) {
      expect(valueOf(piece)).toMatch(/^(&lt;|&amp;|&gt;|&quot;)+$/);
      expect(telegramTextLength(piece)).toBeLessThanOrEqual(7);
    }
    expect(pieces.map((p) => htmlToPlain(p as Html)).join('')).toBe('<&>"'.repeat(30));
  });

  it('keeps every piece within the limit and well-formed, losing only break characters', () => {
    const line = (i: number) =>
      html`<b>${i}.</b> Người dân phản ánh: <i>${'đường <ngập> & "hỏng" '.repeat(i % 7)}</i>`;
    const paragraphs = Array.from({ length: 300 }, (_, i) => line(i).value).join('\n');
    const text = raw(`<blockquote>${paragraphs}</blockquote>`);
    const pieces = splitTelegramText(text, 4096);
    expect(pieces.length).toBeGreaterThan(1);
    for (const piece of pieces) {
      expect(telegramTextLength(piece)).toBeLessThanOrEqual(4096);
      expect(balanced(valueOf(piece))).toBe(true);
      expect(valueOf(piece)).toMatch(/^<blockquote>/);
    }
    const visible = pieces.map((p) => htmlToPlain(p as Html)).join('\n');
    expect(visible).toBe(htmlToPlain(text));
  });

  it('leaves out pieces with nothing visible', () => {
    expect(splitTelegramText('a\n\n\n\nb', 1)).toEqual(['a', 'b']);
    expect(splitTelegramText('   ', 10)).toEqual([]);
  });

  it('gives text whose source fits the same piece as text that fits only once tags are dropped', () => {
    // Two ways through the splitter for text that needs no break: a source no longer than the
    // limit is taken in whole runs of text, a longer one grapheme by grapheme.
    const cases = [
      '<b>Xin</b> chào &amp; 😀 e\u0301',
      '<b>mở mà không đóng',
      'chữ rồi thẻ mở <i>',
      '<b> </b>\n',
      '</i>đóng trước<u>x</u>',
      '&#128512;<code>\n</code>',
    ];
    for (const markup of cases) {
      const text = raw(markup);
      const visible = telegramTextLength(text);
      expect(visible).toBeLessThan(markup.length);
      expect(splitTelegramText(text, markup.length)).toEqual(
        splitTelegramText(text, Math.max(1, visible)),
      );
    }
    expect(splitTelegramText(raw('<b>mở mà không đóng'), 100)).toEqual([
      raw('<b>mở mà không đóng</b>'),
    ]);
    expect(splitTelegramText(raw('chữ rồi thẻ mở <i>'), 100)).toEqual([raw('chữ rồi thẻ mở ')]);
    expect(splitTelegramText(raw('<b> </b>\n'), 100)).toEqual([]);
    expect(splitTelegramText(' \n ', 100)).toEqual([]);
  });
});

describe('truncateTelegramText', () => {
  it('returns text that fits unchanged', () => {
    expect(truncateTelegramText('ngắn', 10)).toBe('ngắn');
  });

  it('cuts at a space and ends with an ellipsis within the limit', () => {
    expect(truncateTelegramText('Cảm ơn ông bà đã góp ý', 12)).toBe('Cảm ơn ông…');
  });

  it('keeps Html well-formed', () => {
    const cut = truncateTelegramText(raw('<b>Đã tiếp nhận phản ánh</b>'), 10);
    expect(cut).toEqual(raw('<b>Đã tiếp</b>…'));
  });
});
