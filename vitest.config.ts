import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['packages/*/src/**/*.test.ts', 'apps/*/src/**/*.test.ts', 'apps/*/test/**/*.test.ts'],
    exclude: ['**/node_modules/**', '**/dist/**'],
    // PGlite takes seconds to start; one instance is shared per test file.
    hookTimeout: 60_000,
    testTimeout: 30_000,
    // Two cores: more workers only add contention.
    maxWorkers: 2,
    // CI asks for a JSON report too, from which it prints a 'N passed, N failed' line.
    ...(process.env.LAGESBILD_TEST_REPORT
      ? {
          reporters: ['default', 'json'],
          outputFile: { json: process.env.LAGESBILD_TEST_REPORT },
        }
      : {}),
  },
})
