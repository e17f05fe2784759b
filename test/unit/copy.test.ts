/**
 * Every text a person reads, in the flows (flows/*.yaml) and in the code that talks to citizens
 * and officials (src/texts, src/app, src/flow, src/channels): written in NFC, without double
 * spaces (also none that appear when an optional word is left out), without a sentence said
 * twice, and with the rating scale labelled the same way wherever it appears.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { satisfactionButtons } from '../../src/app/desk/citizen-verdict.ts';
import { RATING_SCALE, scoreLabel } from '../../src/core/rating-scores.ts';
import { Chat, fakeRuntime, realFlows } from './flow/support.ts';

const ROOT = resolve(import.meta.dirname, '../..');
/** Where the texts people read in chat live (the CLI's terminal tables align with spaces). */
const CODE_DIRS = ['src/texts', 'src/app', 'src/flow', 'src/channels'];
const FLOW_DIRS = ['flows', 'flows/archive'];

interface Found {
  where: string;
  text: string;
}

function files(dir: string, ext: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith(ext))
    .map((e) => join(e.parentPath, e.name));
}

/** Every `vi:` / `en:` text of the flows. */
function flowTexts(): Found[] {
  const out: Found[] = [];
  const walk = (node: unknown, where: string): void => {
    if (Array.isArray(node)) node.forEach((n, i) => walk(n, `${where}[${i}]`));
    else if (node && typeof node === 'object')
      for (const [k, v] of Object.entries(node)) {
        if ((k === 'vi' || k === 'en') && typeof v === 'string')
          out.push({ where: `${where}.${k}`, text: v });
        else walk(v, `${where}.${k}`);
      }
  };
  for (const dir of FLOW_DIRS)
    for (const file of readdirSync(join(ROOT, dir)).filter((f) => f.endsWith('.yaml')))
      walk(parse(readFileSync(join(ROOT, dir, file), 'utf8')), join(dir, file));
  return out;
}

const LETTERS = /[\p{L}]{2,}/u;

/** String literals and template pieces of the chat code that hold words. */
function codeTexts(): { texts: Found[]; gaps: Found[] } {
  const texts: Found[] = [];
  const gaps: Found[] = [];
  for (const dir of CODE_DIRS)
    for (const file of files(dir, '.ts')) {
      const where = relative(ROOT, file);
      const source = ts.createSourceFile(
        file,
        readFileSync(file, 'utf8'),
        ts.ScriptTarget.Latest,
        true,
      );
      const at = (node: ts.Node) =>
        `${where}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
      const visit = (node: ts.Node): void => {
        if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) return;
        if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) {
          if (LETTERS.test(node.text)) texts.push({ where: at(node), text: node.text });
        } else if (ts.isTemplateExpression(node)) {
          const pieces = [node.head.text, ...node.templateSpans.map((s) => s.literal.text)];
          for (const p of pieces) if (LETTERS.test(p)) texts.push({ where: at(node), text: p });
          // `a ${cond ? 'x' : ''} b` reads "a  b" when the word is left out.
          node.templateSpans.forEach((span, i) => {
            const before = pieces[i] ?? '';
            const after = span.literal.text;
            if (before.endsWith(' ') && after.startsWith(' ') && mayBeEmpty(span.expression))
              gaps.push({ where: at(span), text: `${before}\${…}${after}` });
          });
        }
        ts.forEachChild(node, visit);
      };
      visit(source);
    }
  return { texts, gaps };
}

function mayBeEmpty(e: ts.Expression): boolean {
  if (ts.isParenthesizedExpression(e)) return mayBeEmpty(e.expression);
  if (ts.isConditionalExpression(e)) return mayBeEmpty(e.whenTrue) || mayBeEmpty(e.whenFalse);
  return (ts.isStringLiteral(e) || ts.isNoSubstitutionTemplateLiteral(e)) && e.text === '';
}

/** Sentences of a text, as a reader would notice one said twice. */
function repeatedSentence(text: string): string | undefined {
  const seen = new Set<string>();
  for (const raw of text.split(/(?<=[.!?])\s+|\n+/u)) {
    const s = raw.trim().toLocaleLowerCase('vi-VN');
    if ([...s].length < 12) continue; // "Đã hủy." may close two different lines
    if (seen.has(s)) return raw.trim();
    seen.add(s);
  }
  return undefined;
}

const ALL: Found[] = [...flowTexts(), ...codeTexts().texts];

describe('every user-facing string', () => {
  it('finds the texts (flows and code)', () => {
    expect(flowTexts().length).toBeGreaterThan(300);
    expect(codeTexts().texts.length).toBeGreaterThan(300);
  });

  it('is in Unicode NFC', () => {
    expect(ALL.filter((f) => f.text !== f.text.normalize('NFC'))).toEqual([]);
  });

  it('has no double space between words', () => {
    expect(ALL.filter((f) => /\S {2,}\S/u.test(f.text))).toEqual([]);
  });

  it('has no double space when an optional word is left out', () => {
    expect(codeTexts().gaps).toEqual([]);
  });

  it('says no sentence twice', () => {
    expect(
      ALL.flatMap((f) => {
        const s = repeatedSentence(f.text);
        return s ? [{ ...f, sentence: s }] : [];
      }),
    ).toEqual([]);
  });

  it('labels the rating scale one way: "5 – Rất hài lòng"', () => {
    const names = RATING_SCALE.map((s) => s.vi).sort((a, b) => b.length - a.length);
    const other = new RegExp(`\\b[1-5]\\s*[·:\\-—.)]\\s*(${names.join('|')})`, 'u');
    expect(ALL.filter((f) => other.test(f.text))).toEqual([]);
  });
});

describe('the scale as buttons show it', () => {
  it('is the same in the rating flows and in the follow-up after an answer', async () => {
    const expected = RATING_SCALE.map((s) => scoreLabel(s.score));
    expect(expected[0]).toBe('5 – Rất hài lòng');
    const followUp = satisfactionButtons(1)
      .flat()
      .map((b) => b.label);
    expect(followUp.slice(0, 5)).toEqual(expected);

    const { runtime } = fakeRuntime();
    const chat = new Chat(realFlows(), runtime);
    await chat.start('rate-commune');
    await chat.type('Dong Hung');
    await chat.press('Xã Đông Hưng');
    expect(chat.labels().slice(0, 5)).toEqual(expected);
  });
});
