/**
 * The suite as `npm run test:mutation` (StrykerJS) runs it: vitest.config.ts, plus what makes Stryker's per-test
 * coverage true for code that runs at module load or while an app is built (README, "Mutation testing").
 */
import { defineConfig, mergeConfig } from 'vitest/config';
import base from './vitest.config.ts';

export default mergeConfig(
  base,
  defineConfig({
    test: {
      setupFiles: ['test/mutation/load-src.ts'],
      // Stryker instruments the sources in its sandbox; a transform cached on disk must not stand in for them.
      experimental: { fsModuleCache: false },
    },
  }),
);
