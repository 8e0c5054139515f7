import { defineConfig } from 'vitest/config';
import base from '../../vitest.config.ts';

// Same pool and settings as the real suite, one trivial test.
export default defineConfig({ ...base, test: { ...base.test, include: ['scripts/bench/empty.test.ts'] } });
