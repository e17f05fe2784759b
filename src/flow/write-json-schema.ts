/**
 * Writes flows/flow.schema.json from the zod schema: `npx tsx src/flow/write-json-schema.ts`.
 * A unit test fails when the committed file is out of date.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { flowJsonSchema } from './flow-json-schema.ts';

export const FLOW_SCHEMA_PATH = resolve(
  import.meta.dirname,
  '..',
  '..',
  'flows',
  'flow.schema.json',
);

export function writeJsonSchema(path: string = FLOW_SCHEMA_PATH): string {
  writeFileSync(path, flowJsonSchema());
  return path;
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  console.log(`wrote ${writeJsonSchema()}`);
}
