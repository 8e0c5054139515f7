/**
 * The in-process store on its own: it forgets an entry after that entry's TTL, on the real clock by default
 * (faked here), and keeps at most `max` entries, dropping the least recently used.
 */
import { createMemoryStore } from '../../src/cache/store.ts';
import { expect, test } from '../fixtures.ts';

test('with the default clock, an entry is kept for its TTL and gone after it', async ({ clock }) => {
  const store = createMemoryStore<{ v: number }>({ max: 10 });
  await store.set('a', { v: 1 }, 1_000);
  clock.advance(1_000);
  expect(await store.get('a')).toEqual({ v: 1 });
  clock.advance(1);
  expect(await store.get('a')).toBeUndefined();
});

test('past max entries, the least recently used is dropped first', async () => {
  const store = createMemoryStore<{ v: number }>({ max: 2 });
  await store.set('a', { v: 1 }, 60_000);
  await store.set('b', { v: 2 }, 60_000);
  await store.get('a'); // a is now more recently used than b
  await store.set('c', { v: 3 }, 60_000);
  expect(await store.get('b')).toBeUndefined();
  expect(await store.get('a')).toEqual({ v: 1 });
  expect(await store.get('c')).toEqual({ v: 3 });
});
