/**
 * The JSON Schema of flow files, for editors (YAML language server) and reviewers; generated
 * from the zod schema, so it cannot drift. Checks zod alone can do (conditions with exactly one
 * test) are not expressible here; the loader still runs them.
 */
import { z } from 'zod';
import { FlowFile } from './schema.ts';

export function flowJsonSchema(): string {
  const schema = z.toJSONSchema(FlowFile, {
    target: 'draft-2020-12',
    io: 'input',
    unrepresentable: 'any',
  });
  return `${JSON.stringify(schema, null, 2)}\n`;
}
