// Prisma CLI configuration (Prisma 7 reads the datasource url here, not from schema.prisma).
//
// This file reads process.env, the one exception to "only src/config.ts reads process.env":
// the Prisma CLI loads it on its own, outside the app, and these are the CLI's inputs.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'prisma/config';

const root = path.dirname(fileURLToPath(import.meta.url));

// Every schema command of the CLI first downloads the native schema-engine binary, which fails
// where only the npm registry is reachable. bin/schema-engine speaks the binary's protocol and
// runs the same engine compiled to Wasm. An engine path the user set wins; so does
// GOPY_NATIVE_SCHEMA_ENGINE=1, which lets the CLI fetch and use its native engine.
if (
  process.env['GOPY_NATIVE_SCHEMA_ENGINE'] !== '1' &&
  !process.env['PRISMA_SCHEMA_ENGINE_BINARY']
) {
  process.env['PRISMA_SCHEMA_ENGINE_BINARY'] = path.join(root, 'bin', 'schema-engine');
}

export default defineConfig({
  schema: path.join(root, 'prisma', 'schema.prisma'),
  migrations: { path: path.join(root, 'prisma', 'migrations') },
  datasource: {
    url: process.env['DATABASE_URL'] ?? 'postgresql://postgres@127.0.0.1:5432/gopy',
    ...(process.env['SHADOW_DATABASE_URL']
      ? { shadowDatabaseUrl: process.env['SHADOW_DATABASE_URL'] }
      : {}),
  },
});
