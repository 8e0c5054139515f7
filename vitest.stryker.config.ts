/**
 * The suite as `npm run test:mutation` (StrykerJS) runs it: vitest.config.ts, plus what makes Stryker's per-test
 * coverage true for code that runs at module load or while an app is built (README, "Mutation testing").
 */
import { defineConfig, mergeConfig } from 'vitest/config';
import base from './vitest.config.ts';

/**
 * The tests of code that differs by database, run a second time on PostgreSQL (as `npm run test:pg` does): the
 * code only PostgreSQL runs (advisory locks, sequences, the catalog queries) is otherwise covered by no test here,
 * nor is the Redis code, whose tests run where several instances can: on PostgreSQL.
 */
const ON_BOTH_DATABASES = [
  'test/db/**/*.test.ts',
  'test/scale/**/*.test.ts',
  'test/redis/**/*.test.ts',
  'test/cities/repository.test.ts',
  'test/snapshots/repository.test.ts',
  'test/support/database.test.ts',
];

const config = mergeConfig(
  base,
  defineConfig({
    test: {
      setupFiles: ['test/mutation/load-src.ts'],
      // Stryker instruments the sources in its sandbox; a transform cached on disk must not stand in for them.
      experimental: { fsModuleCache: false },
      projects: [
        { extends: true, test: { name: 'sqlite', include: base.test?.include ?? [] } },
        {
          extends: true,
          test: { name: 'postgres', include: ON_BOTH_DATABASES, env: { SKYDECK_TEST_DB: 'postgres' } },
        },
      ],
    },
  }),
);
// A project inherits the root's settings, and its `include` would be added to the root's: each names its own.
config.test.include = [];

export default config;
