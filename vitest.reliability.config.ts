import { defineConfig } from 'vitest/config'

/**
 * `pnpm test:reliability`: multi-process load, crash, failover and fuzzing suites. They start real
 * server processes and need PostgreSQL, so they run apart from `pnpm test` (CI runs both).
 */
export default defineConfig({
  test: {
    include: ['test/reliability/**/*.test.ts'],
    exclude: ['**/node_modules/**', '**/dist/**'],
    hookTimeout: 120_000,
    testTimeout: 300_000,
    // The suites start their own processes; running two files at once would measure contention.
    fileParallelism: false,
    ...(process.env.LAGESBILD_TEST_REPORT
      ? {
          reporters: ['default', 'json'],
          outputFile: { json: `${process.env.LAGESBILD_TEST_REPORT}.reliability.json` },
        }
      : {}),
  },
})
