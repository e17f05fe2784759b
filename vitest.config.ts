import { BaseSequencer, type TestSpecification } from 'vitest/node';
import { defineConfig } from 'vitest/config';

/**
 * Files that run for minutes (processes spawned and killed, browsers, waits on BullMQ's stalled
 * checks). They start first: started last (a clean CI clone has no timings cached, so vitest
 * keeps the glob's order), one of them kept a worker busy for minutes after the other was done.
 */
const LONG_FIRST = [
  'test/e2e/fault-suite.test.ts',
  'test/e2e/gopy-process.test.ts',
  'test/integration/ports/postgres-ports.test.ts',
  'test/integration/migrate.test.ts',
  'test/e2e/citizen-matrix.test.ts',
  'test/integration/delivery-queue.test.ts',
  'test/e2e/web-chat-browser.test.ts',
  'test/e2e/thread-relay.test.ts',
  'test/e2e/citizen-flows.test.ts',
  'test/e2e/web-pages-browser.test.ts',
];

class LongFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const rank = (file: TestSpecification) => {
      const i = LONG_FIRST.findIndex((name) => file.moduleId.endsWith(name));
      return i === -1 ? LONG_FIRST.length : i;
    };
    // Stable: the group order (unit before integration) and everything else stay as they were.
    return sorted
      .map((file, i) => ({ file, i }))
      .sort(
        (a, b) =>
          a.file.project.config.sequence.groupOrder - b.file.project.config.sequence.groupOrder ||
          rank(a.file) - rank(b.file) ||
          a.i - b.i,
      )
      .map(({ file }) => file);
  }
}

export default defineConfig({
  test: {
    sequence: { sequencer: LongFirstSequencer },
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          sequence: { groupOrder: 0 },
        },
      },
      {
        test: {
          name: 'integration',
          sequence: { groupOrder: 1 },
          include: ['test/integration/**/*.test.ts', 'test/e2e/**/*.test.ts'],
          globalSetup: ['test/support/global-setup.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
          pool: 'forks',
          // Three files at a time on two cores: most of an end-to-end file's time is waiting
          // (BullMQ's polls, a person's pace between presses, processes starting), not CPU.
          maxWorkers: 3,
          // A worker runs file after file without importing gopy again for each (seconds per
          // file on a loaded machine). Every file still has its own database and Redis prefix,
          // and no test mocks a module.
          isolate: false,
        },
      },
    ],
  },
});
