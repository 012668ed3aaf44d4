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
          exclude: ['**/*.int.test.ts', '**/*.svelte.test.ts', '**/node_modules/**'],
        },
      },
      {
        // Svelte components rendered in jsdom with the studio's own Vite config (SvelteKit's
        // aliases and $app modules), driven through @testing-library/svelte.
        extends: './studio/vite.config.ts',
        root: './studio',
        test: {
          name: 'components',
          include: ['src/**/*.svelte.test.ts'],
          environment: 'jsdom',
        },
        resolve: { conditions: ['browser'] },
      },
      {
        test: {
          name: 'integration',
          include: ['{rules,engine,workflows,scripts}/**/*.int.test.ts', 'studio/e2e/**/*.test.ts'],
          exclude: ['**/node_modules/**'],
          testTimeout: 120_000,
          hookTimeout: 180_000,
          // a browser page waits for the engine, and the machine is shared: polls wait for a state
          // (the same state) longer than the default second
          expect: { poll: { timeout: 15_000 } },
          // Each file starts its own servers; two at once is what two cores can carry.
          maxWorkers: 2,
        },
      },
    ],
  },
});
