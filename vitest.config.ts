import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'scripts/**/*.test.ts', 'bench/**/*.test.ts'],
    // The second starts a throwaway PostgreSQL unless NEWSMILL_TEST_PG names one (README, "To run the tests").
    globalSetup: ['./vitest.global-setup.ts', './src/test-support/postgres-global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // expect.poll gives up after 1 s by default: on a loaded CI machine a Chromium navigation and
    // the search it starts took longer (a search test failed so). A poll ends as soon as it holds.
    expect: { poll: { timeout: 10_000 } },
  },
});
