// One Vitest run for every package: fast unit tests, then integration tests that start real
// servers (Temporal, SQLite/PostgreSQL) and the browser test in Chromium.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['{rules,engine,workflows,scripts}/**/*.test.ts', 'studio/src/**/*.test.ts'],
          exclude: ['**/*.int.test.ts', '**/node_modules/**'],
        },
      },
      {
        test: {
          name: 'integration',
          include: ['{rules,engine,workflows,scripts}/**/*.int.test.ts', 'studio/e2e/**/*.test.ts'],
          exclude: ['**/node_modules/**'],
          testTimeout: 120_000,
          hookTimeout: 180_000,
          // Each file starts its own servers; two at once is what two cores can carry.
          maxWorkers: 2,
        },
      },
    ],
  },
});
