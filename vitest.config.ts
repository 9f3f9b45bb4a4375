import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'scripts/**/*.test.ts', 'bench/**/*.test.ts'],
    // The second starts a throwaway PostgreSQL unless NEWSMILL_TEST_PG names one (README, "To run the tests").
    globalSetup: ['./vitest.global-setup.ts', './src/test-support/postgres-global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
