// The baseline of `npm run bench:suite`: what Vitest costs with nothing to do.
import { expect, test } from 'vitest';

test('nothing', () => {
  expect(true).toBe(true);
});
