import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { flowJsonSchema } from '../../../src/flow/flow-json-schema.ts';
import { FLOW_SCHEMA_PATH } from '../../../src/flow/write-json-schema.ts';

describe('flows/flow.schema.json', () => {
  it('is up to date with the zod schema (run: npx tsx src/flow/write-json-schema.ts)', () => {
    const committed = JSON.parse(readFileSync(FLOW_SCHEMA_PATH, 'utf8')) as unknown;
    expect(committed).toEqual(JSON.parse(flowJsonSchema()));
  });

  it('describes every kind of step', () => {
    const text = flowJsonSchema();
    for (const kind of [
      'say',
      'choice',
      'rating',
      'multi',
      'text',
      'photo',
      'location',
      'contact',
      'commune',
      'review',
      'run',
      'end',
      'flow',
    ]) {
      expect(text).toContain(`"const": "${kind}"`);
    }
  });
});
