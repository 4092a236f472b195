import { configDefaults, defineConfig } from 'vitest/config';

/**
 * Tests that measure the sender's pacing, its timers and the load CLI's rates: on the shared 2-core machine they
 * must not run beside the fault matrices. They run in their own project, one file at a time, in a group of their
 * own (sequence.groupOrder) that starts only once the parallel group has finished. The other load tests (fleet,
 * delivery, metrics, the pending ring, the ack scan) assert counts, not rates, and run in the parallel group.
 */
const TIMING_SENSITIVE = [
  'test/harness/load/sender.test.ts',
  'test/harness/load/pacer.test.ts',
  'test/harness/load/schedule.test.ts',
  'test/harness/cli/load-cli.test.ts',
];

export default defineConfig({
  test: {
    // Inherited by both projects (extends: true).
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    // Three files at once on two cores: most of the parallel group waits on sockets, timeouts and child processes
    // (338-352 s at 2 workers, 264 s at 3, same tests); the timing group narrows it to one file.
    maxWorkers: 3,
    projects: [
      {
        extends: true,
        test: {
          name: 'parallel',
          include: ['test/**/*.test.ts'],
          exclude: [...configDefaults.exclude, ...TIMING_SENSITIVE],
          sequence: { groupOrder: 0 },
        },
      },
      {
        extends: true,
        test: {
          name: 'timing',
          include: TIMING_SENSITIVE,
          fileParallelism: false,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
