/**
 * The browser suite (npm run test:e2e): the real server as a child process,
 * driven by Debian's chromium through playwright-core. Separate from `npm test`,
 * which stays fast; these tests take seconds each.
 */
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['e2e/**/*.test.ts'],
    // Each file starts its own server; on 2 cores, one file at a time is faster and steadier.
    pool: 'forks',
    fileParallelism: false,
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
