// Runs only the fake Bot API and simulator tests, without the integration project's PostgreSQL
// global setup: `npx vitest run --config test/support/vitest.fake.config.ts`.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/integration/fake-bot-api.test.ts', 'test/e2e/simulator-browser.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    maxWorkers: 1,
  },
});
