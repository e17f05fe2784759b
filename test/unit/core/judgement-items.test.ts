import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import {
  COUNTER_ITEMS,
  HEADLINE_ITEMS,
  IMPROVE_CHOICES,
  IMPROVE_ITEM,
} from '../../../src/core/judgement-items.ts';

interface Step {
  id: string;
  kind: string;
  item?: string;
  criterion?: number;
  options?: Array<{ value: string; label: { vi: string } }>;
}
const steps = (file: string) =>
  (
    parse(readFileSync(resolve(import.meta.dirname, '../../../flows', file), 'utf8')) as {
      steps: Step[];
    }
  ).steps;

describe('the items the judgement reads exist in the flows', () => {
  it('headline items are the quick rating’s question per criterion', () => {
    const quick = steps('rate-commune.yaml').filter((s) => /^h[1-5]$/.test(s.id));
    expect(quick.map((s) => [s.criterion, s.item])).toEqual(
      Object.entries(HEADLINE_ITEMS).map(([c, item]) => [Number(c), item]),
    );
  });

  it('improve choices match the multi-select item', () => {
    const improve = steps('rate-commune.yaml').find((s) => s.item === IMPROVE_ITEM);
    expect(improve?.options?.map((o) => [o.value, o.label.vi])).toEqual(
      IMPROVE_CHOICES.map((c) => [c.value, c.labelVi]),
    );
  });

  it('counter items match the micro-rating', () => {
    const items = steps('rate-counter.yaml').flatMap((s) => (s.kind === 'rating' ? [s.item] : []));
    expect(items).toEqual(COUNTER_ITEMS.map((i) => i.itemId));
  });
});
