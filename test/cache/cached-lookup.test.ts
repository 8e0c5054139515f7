/**
 * The cache policy on its own, over the in-memory store, with a clock the test
 * moves by hand: fresh, stale-if-error, negative, single flight. The routes'
 * tests (test/weather/cache.test.ts) check the same rules end to end under fake timers.
 */
import { type CachedLookupOptions, type CacheEntry, createCachedLookup } from '../../src/cache/cached-lookup.ts';
import { type CacheStore, createMemoryStore } from '../../src/cache/store.ts';
import { describe, expect, test } from '../fixtures.ts';

class NotFound extends Error {}

const TTL = 600_000;
const STALE = 3_600_000;
const NEGATIVE = 600_000;

function setUp(overrides: Partial<CachedLookupOptions> = {}) {
  const clock = { now: 1_000_000 };
  const now = () => clock.now;
  const counts = { hit: 0, miss: 0, stale: 0 };
  const lookup = createCachedLookup({
    store: createMemoryStore<CacheEntry>({ max: 100, now }),
    ttlMs: TTL,
    staleMs: STALE,
    negativeTtlMs: NEGATIVE,
    isNotFound: (error) => error instanceof NotFound,
    notFound: () => new NotFound('remembered'),
    now,
    count: { hit: () => counts.hit++, miss: () => counts.miss++, stale: () => counts.stale++ },
    ...overrides,
  });
  let calls = 0;
  /** A load that answers `value`, or throws `error`, and counts itself. */
  const load = (answer: { value?: string; error?: Error }) => async () => {
    calls++;
    if (answer.error) throw answer.error;
    return answer.value as string;
  };
  return { clock, lookup, load, counts, calls: () => calls };
}

describe('a cached lookup', () => {
  test('answers from the store for the TTL, then asks again', async () => {
    const { clock, lookup, load, calls } = setUp();
    expect(await lookup.get('k', load({ value: 'one' }))).toEqual({
      value: 'one',
      ageS: 0,
      freshForS: 600,
      stale: false,
    });
    clock.now += TTL - 1;
    expect(await lookup.get('k', load({ value: 'two' }))).toEqual({
      value: 'one',
      ageS: 599,
      freshForS: 0,
      stale: false,
    });
    expect(calls()).toBe(1);
    clock.now += 1; // exactly the TTL: no longer fresh
    expect((await lookup.get('k', load({ value: 'two' }))).value).toBe('two');
    expect(calls()).toBe(2);
  });

  test('seconds left in the TTL count down with the clock', async () => {
    const { clock, lookup, load } = setUp();
    await lookup.get('k', load({ value: 'v' }));
    clock.now += 100_500;
    expect(await lookup.get('k', load({ value: 'v' }))).toMatchObject({ ageS: 100, freshForS: 499 });
  });

  test('past the TTL, a failed load answers the old value, stale, until TTL + stale and never after', async () => {
    const { clock, lookup, load, counts } = setUp();
    await lookup.get('k', load({ value: 'old' }));
    const failing = load({ error: new Error('provider down') });

    clock.now += TTL;
    expect(await lookup.get('k', failing)).toEqual({ value: 'old', ageS: 600, freshForS: 0, stale: true });
    clock.now += STALE - 1;
    expect(await lookup.get('k', failing)).toMatchObject({ value: 'old', stale: true, ageS: 4199 });
    expect(counts).toEqual({ hit: 0, miss: 3, stale: 2 });

    clock.now += 1; // TTL + stale exactly
    await expect(lookup.get('k', failing)).rejects.toThrow('provider down');
    expect(counts.stale).toBe(2);
  });

  test('a stale value is replaced by the next answer that works', async () => {
    const { clock, lookup, load } = setUp();
    await lookup.get('k', load({ value: 'old' }));
    clock.now += TTL + 1000;
    await lookup.get('k', load({ error: new Error('down') }));
    expect(await lookup.get('k', load({ value: 'new' }))).toMatchObject({ value: 'new', stale: false, ageS: 0 });
  });

  test('with nothing cached, a failed load fails', async () => {
    const { lookup, load } = setUp();
    await expect(lookup.get('k', load({ error: new Error('down') }))).rejects.toThrow('down');
  });

  test('"not found" is remembered for its own TTL, then asked again', async () => {
    const { clock, lookup, load, calls, counts } = setUp();
    await expect(lookup.get('k', load({ error: new NotFound('unknown') }))).rejects.toThrow('unknown');
    clock.now += NEGATIVE - 1;
    await expect(lookup.get('k', load({ value: 'found' }))).rejects.toThrow('remembered');
    expect(calls()).toBe(1);
    expect(counts).toMatchObject({ hit: 1, miss: 1 });
    clock.now += 1;
    expect((await lookup.get('k', load({ value: 'found' }))).value).toBe('found');
    expect(calls()).toBe(2);
  });

  test('"not found" is remembered for its own TTL even when that is longer than a value\'s', async () => {
    const { clock, lookup, load, calls } = setUp({ negativeTtlMs: 2 * TTL });
    await expect(lookup.get('k', load({ error: new NotFound('unknown') }))).rejects.toThrow('unknown');
    clock.now += 2 * TTL - 1;
    await expect(lookup.get('k', load({ value: 'found' }))).rejects.toThrow('remembered');
    expect(calls()).toBe(1);
  });

  test('"not found" is kept in the store as { notFound: true } for its own TTL, no longer', async () => {
    const kept: Array<[string, CacheEntry, number]> = [];
    const store: CacheStore<CacheEntry> = {
      get: async () => undefined,
      set: async (...args) => {
        kept.push(args);
      },
    };
    const { lookup, load } = setUp({ store });
    await expect(lookup.get('k', load({ error: new NotFound('unknown') }))).rejects.toThrow('unknown');
    expect(kept).toEqual([['k', { notFound: true, storedAt: 1_000_000 }, NEGATIVE]]);
  });

  test('"not found" is never served stale: past its TTL a failing provider is a failure', async () => {
    const { clock, lookup, load } = setUp();
    await expect(lookup.get('k', load({ error: new NotFound('unknown') }))).rejects.toThrow();
    clock.now += NEGATIVE;
    await expect(lookup.get('k', load({ error: new Error('down') }))).rejects.toThrow('down');
  });

  test('a stale value whose refresh says "not found" is not served: the provider has spoken', async () => {
    const { clock, lookup, load } = setUp();
    await lookup.get('k', load({ value: 'old' }));
    clock.now += TTL;
    await expect(lookup.get('k', load({ error: new NotFound('gone') }))).rejects.toThrow('gone');
    await expect(lookup.get('k', load({ value: 'back' }))).rejects.toThrow('remembered');
  });

  test('concurrent lookups of one key share one load, success or failure', async () => {
    const { lookup, calls } = setUp();
    let release = (_value: string) => {};
    let loads = 0;
    const held = () => {
      loads++;
      return new Promise<string>((resolve) => {
        release = resolve;
      });
    };
    const answers = Promise.all(Array.from({ length: 10 }, () => lookup.get('k', held)));
    await new Promise((resolve) => setImmediate(resolve));
    release('shared');
    expect((await answers).map((answer) => answer.value)).toEqual(Array(10).fill('shared'));
    expect(loads).toBe(1);

    const failures = await Promise.allSettled(
      Array.from({ length: 5 }, () =>
        lookup.get('other', async () => {
          loads++;
          throw new Error('down');
        }),
      ),
    );
    expect(failures.map((failure) => failure.status)).toEqual(Array(5).fill('rejected'));
    expect(loads).toBe(2);
    expect(calls()).toBe(0);
  });

  test('without `count`, hits, misses and stale answers are served all the same', async () => {
    const { clock, lookup, load } = setUp({ count: undefined });
    expect(await lookup.get('k', load({ value: 'v' }))).toMatchObject({ value: 'v', stale: false });
    expect(await lookup.get('k', load({ value: 'w' }))).toMatchObject({ value: 'v', stale: false });
    clock.now += TTL;
    expect(await lookup.get('k', load({ error: new Error('down') }))).toMatchObject({ value: 'v', stale: true });
  });

  test('keys are separate', async () => {
    const { lookup, load, calls } = setUp();
    await lookup.get('a', load({ value: 'A' }));
    expect((await lookup.get('b', load({ value: 'B' }))).value).toBe('B');
    expect(calls()).toBe(2);
  });
});

describe('the in-memory store', () => {
  test('keeps at most `max` entries, dropping the least recently used', async () => {
    const store = createMemoryStore<{ n: number }>({ max: 2 });
    await store.set('a', { n: 1 }, 60_000);
    await store.set('b', { n: 2 }, 60_000);
    await store.get('a'); // a is now the most recently used
    await store.set('c', { n: 3 }, 60_000);
    expect(await store.get('b')).toBeUndefined();
    expect(await store.get('a')).toEqual({ n: 1 });
    expect(await store.get('c')).toEqual({ n: 3 });
  });

  test('drops an entry once its own TTL has passed, by the clock it is given', async () => {
    let now = 10_000;
    const store = createMemoryStore<{ n: number }>({ max: 10, now: () => now });
    await store.set('short', { n: 1 }, 1000);
    await store.set('long', { n: 2 }, 5000);
    now = 11_000;
    expect(await store.get('short')).toEqual({ n: 1 });
    now = 11_001;
    expect(await store.get('short')).toBeUndefined();
    expect(await store.get('long')).toEqual({ n: 2 });
  });
});
