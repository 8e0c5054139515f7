/**
 * The Redis-backed pieces without a Redis: each is given a connection that is
 * away, or one whose commands fail, and must fall back to this instance's own
 * memory without an error reaching the caller. (test/redis/shared.test.ts runs
 * them against a real Redis under `npm run test:pg`.)
 */
import { createServer } from 'node:net';
import type { Redis } from 'ioredis';
import { onTestFinished } from 'vitest';
import { createMemoryStore } from '../../src/cache/store.ts';
import { createProviderGuard, type SharedBackPressure, type Verdict } from '../../src/http/provider-guard.ts';
import { createMetrics } from '../../src/metrics/metrics.ts';
import { redisBackPressure } from '../../src/redis/back-pressure.ts';
import { createRedisCacheStore, MAX_ENTRY_BYTES } from '../../src/redis/cache-store.ts';
import { maskPassword, type SharedRedis, sharedRedis } from '../../src/redis/connection.ts';
import { redisRateLimitStore } from '../../src/redis/rate-limit-store.ts';
import { describe, expect, test } from '../fixtures.ts';
import { eventually } from '../support/eventually.ts';

type Entry = { storedAt: number; value: string };
const isEntry = (value: unknown): value is Entry => typeof (value as Entry)?.value === 'string';

/** A connection as the code sees it, over a client made of the commands a test gives (any other throws). */
function fakeRedis(commands: Record<string, (...args: never[]) => unknown>, isUp = true) {
  const called: string[] = [];
  const client = new Proxy(commands, {
    get(target, name: string) {
      const command = target[name];
      if (!command) {
        called.push(`${name} (missing)`); // asked for all the same: a test that says Redis was not asked sees it
        return undefined; // as ioredis before defineCommand; calling it would throw
      }
      return (...args: never[]) => {
        called.push(name);
        return command(...args);
      };
    },
  }) as unknown as Redis;
  const redis: SharedRedis = {
    client,
    key: (...parts) => `t:${parts.join(':')}`,
    isUp: () => isUp,
    start: () => {},
    ping: async () => {},
    close: async () => {},
  };
  return { redis, called };
}

const failing = () => Promise.reject(new Error('Command timed out'));

describe('the Redis cache store', () => {
  test('while Redis is away: this instance memory only, and Redis is not asked', async () => {
    const { redis, called } = fakeRedis({}, false);
    const store = createRedisCacheStore({
      redis,
      namespace: 'w',
      local: createMemoryStore<Entry>({ max: 10 }),
      isEntry,
    });
    await store.set('dublin', { storedAt: 1, value: 'rain' }, 60_000);
    expect(await store.get('dublin')).toEqual({ storedAt: 1, value: 'rain' });
    expect(called).toEqual([]);
  });

  test('Redis failing a command: memory answers, the caller never sees the error', async () => {
    const { redis, called } = fakeRedis({ getrangeBuffer: failing, set: failing });
    const store = createRedisCacheStore({
      redis,
      namespace: 'w',
      local: createMemoryStore<Entry>({ max: 10 }),
      isEntry,
    });
    await store.set('dublin', { storedAt: 1, value: 'rain' }, 60_000);
    expect(await store.get('dublin')).toEqual({ storedAt: 1, value: 'rain' });
    expect(await store.get('tokyo')).toBeUndefined();
    expect(called).toEqual(['set', 'getrangeBuffer', 'getrangeBuffer']);
  });

  test('Redis first: its entry wins over memory; stored with PX, under the namespace', async () => {
    const sets: unknown[][] = [];
    const { redis } = fakeRedis({
      getrangeBuffer: async (...args: unknown[]) => {
        expect(args).toEqual(['t:w:dublin', 0, MAX_ENTRY_BYTES]); // never more than the bound is read
        return Buffer.from(JSON.stringify({ storedAt: 2, value: 'shared' }));
      },
      set: async (...args: unknown[]) => sets.push(args),
    });
    const store = createRedisCacheStore({
      redis,
      namespace: 'w',
      local: createMemoryStore<Entry>({ max: 10 }),
      isEntry,
    });
    await store.set('dublin', { storedAt: 1, value: 'mine' }, 1500.5);
    expect(sets).toEqual([['t:w:dublin', JSON.stringify({ storedAt: 1, value: 'mine' }), 'PX', 1501]]);
    expect(await store.get('dublin')).toEqual({ storedAt: 2, value: 'shared' });
  });

  test('an entry too large to share stays in memory only', async () => {
    const { redis, called } = fakeRedis({ getrangeBuffer: async () => Buffer.alloc(0) });
    const store = createRedisCacheStore({
      redis,
      namespace: 'w',
      local: createMemoryStore<Entry>({ max: 10 }),
      isEntry,
    });
    const huge = { storedAt: 1, value: 'x'.repeat(MAX_ENTRY_BYTES) };
    await store.set('dublin', huge, 60_000);
    expect(await store.get('dublin')).toEqual(huge);
    expect(called).toEqual(['getrangeBuffer']);
  });
});

describe('the Redis cache store, at its size bound', () => {
  /** An entry whose JSON is exactly `bytes` long. */
  const entryOf = (bytes: number): Entry => {
    const entry = { storedAt: 1, value: '' };
    return { ...entry, value: 'x'.repeat(bytes - JSON.stringify(entry).length) };
  };
  const storeOver = (stored: Buffer) => {
    const sets: string[] = [];
    const { redis } = fakeRedis({
      getrangeBuffer: async () => stored,
      set: async (_key: string, text: string) => sets.push(text),
    });
    const store = createRedisCacheStore({
      redis,
      namespace: 'w',
      local: createMemoryStore<Entry>({ max: 10 }),
      isEntry,
    });
    return { store, sets };
  };

  test.each([
    ['exactly MAX_ENTRY_BYTES: shared', MAX_ENTRY_BYTES, 1],
    ['one byte more: kept in memory only', MAX_ENTRY_BYTES + 1, 0],
  ])('an entry of %s', async (_, bytes, shared) => {
    const entry = entryOf(bytes);
    expect(Buffer.byteLength(JSON.stringify(entry))).toBe(bytes);
    const { store, sets } = storeOver(Buffer.alloc(0));
    await store.set('dublin', entry, 60_000);
    expect(sets).toHaveLength(shared);
  });

  test.each([
    ['exactly MAX_ENTRY_BYTES of valid JSON: a hit', MAX_ENTRY_BYTES, true],
    // What GETRANGE returns when the value is larger: the bound plus one byte, here still valid JSON.
    ['MAX_ENTRY_BYTES + 1 bytes, even of valid JSON: a miss', MAX_ENTRY_BYTES + 1, false],
  ])('Redis answering %s', async (_, bytes, hit) => {
    const planted = entryOf(bytes);
    const { store } = storeOver(Buffer.from(JSON.stringify(planted)));
    expect(await store.get('dublin')).toEqual(hit ? planted : undefined);
  });
});

describe('the Redis rate-limit store', () => {
  /** The plugin's way of building and asking a store. */
  const storeOver = (redis: SharedRedis) => {
    const { store: Store } = redisRateLimitStore(redis, 100);
    type Ask = (
      key: string,
      done: (error: Error | null, counted: { current: number } | null) => void,
      w: number,
      m: number,
    ) => void;
    const store = new (
      Store as unknown as new (
        params: object,
      ) => { incr: Ask; read: Ask; child(options: object): unknown }
    )({ continueExceeding: false, exponentialBackoff: false });
    const ask = (method: 'incr' | 'read', key: string) =>
      new Promise<number | undefined>((resolve, reject) =>
        store[method](key, (error, counted) => (error ? reject(error) : resolve(counted?.current)), 60_000, 3),
      );
    /** A request counted, as the plugin counts one. */
    const count = (key: string) => ask('incr', key);
    /** The count read without counting (the plugin's `increment: false`). */
    const read = (key: string) => ask('read', key);
    return { store, count, read };
  };
  /** ioredis's defineCommand, for the plugin's Lua script: the command answers with `answer`. */
  const scripted = (answer: (done: (error: Error | null, result: unknown) => void) => void) => {
    const commands: Record<string, (...args: never[]) => unknown> = {};
    commands.defineCommand = ((name: string) => {
      commands[name] = ((...args: unknown[]) => answer(args.at(-1) as never)) as never;
    }) as never;
    return commands;
  };

  test('Redis failing: counted in memory instead, never an error', async () => {
    const { redis } = fakeRedis(scripted((done) => done(new Error('Connection is closed.'), null)));
    const { count } = storeOver(redis);
    expect([await count('1.2.3.4'), await count('1.2.3.4'), await count('5.6.7.8')]).toEqual([1, 2, 1]);
  });

  test('Redis away: counted in memory without asking it', async () => {
    const { redis, called } = fakeRedis(
      scripted(() => expect.unreachable()),
      false,
    );
    const { count, read } = storeOver(redis);
    const asked = called.length; // building the store defines its script (and checks for it first)
    expect([await count('1.2.3.4'), await count('1.2.3.4'), await read('1.2.3.4')]).toEqual([1, 2, 2]);
    expect(called.slice(asked)).toEqual([]);
  });

  test('Redis up: its count is the count', async () => {
    const { redis } = fakeRedis(scripted((done) => done(null, [7, 30_000])));
    const { store, count, read } = storeOver(redis);
    expect(await count('1.2.3.4')).toBe(7);
    expect(await read('1.2.3.4')).toBe(7);
    expect(store.child({ routeInfo: { method: 'GET', url: '/weather' } })).toHaveProperty('incr');
  });
});

describe('shared back-pressure', () => {
  const HOUR = 3_600_000;

  test.for([
    ['no keys', -2, -2, 0],
    ['a key without a TTL (not ours)', -1, -1, 0],
    ['a hold ending now (PTTL 0)', 0, -2, 0],
    ['a pause', 5000, -2, 5000],
    ['an open breaker longer than the pause', 5000, 20_000, 20_000],
    ['a hold beyond the bound', 10 * HOUR, -2, HOUR],
  ] as const)('%s: held for the longest, within the bound', async ([, paused, open, expected], { clock }) => {
    const ttls: Record<string, number> = {
      't:upstream:github:paused_until': paused,
      't:upstream:github:open_until': open,
    };
    const { redis } = fakeRedis({ pttl: async (key: string) => ttls[key] });
    const until = await redisBackPressure(redis, 'github', HOUR).heldUntil();
    expect(until).toBe(expected === 0 ? 0 : clock.start.getTime() + expected);
  });

  test('Redis failing or away: nothing held, nothing thrown', async ({ clock }) => {
    const { redis } = fakeRedis({ pttl: failing, set: failing });
    const shared = redisBackPressure(redis, 'github', HOUR);
    expect(await shared.heldUntil()).toBe(0);
    await expect(shared.paused(clock.start.getTime() + 5000)).resolves.toBeUndefined();
    const away = fakeRedis({}, false);
    expect(await redisBackPressure(away.redis, 'github', HOUR).heldUntil()).toBe(0);
    await redisBackPressure(away.redis, 'github', HOUR).opened(clock.start.getTime() + 5000);
    expect(away.called).toEqual([]);
  });

  test('a hold is written with the time it ends and a TTL to match, at most the bound; a past one not at all', async ({
    clock,
  }) => {
    const sets: unknown[][] = [];
    const { redis } = fakeRedis({ set: async (...args: unknown[]) => sets.push(args) });
    const shared = redisBackPressure(redis, 'openweathermap', HOUR);
    const now = clock.start.getTime();
    await shared.paused(now + 120_000);
    await shared.opened(now + 5 * HOUR);
    await shared.opened(now - 1);
    await shared.opened(now); // ends now: nothing left to hold (and PX 0 is an error to Redis)
    expect(sets).toEqual([
      ['t:upstream:openweathermap:paused_until', String(now + 120_000), 'PX', 120_000],
      ['t:upstream:openweathermap:open_until', String(now + 5 * HOUR), 'PX', HOUR],
    ]);
  });
});

describe('the provider guard with shared back-pressure', () => {
  class Refused extends Error {
    readonly retryAfterS: number;
    constructor(retryAfterS: number) {
      super('refused');
      this.retryAfterS = retryAfterS;
    }
  }
  function guardWith(heldUntil: number) {
    const published: string[] = [];
    const shared: SharedBackPressure = {
      heldUntil: async () => heldUntil,
      paused: async (until) => void published.push(`paused ${until - Date.now()}`),
      opened: async (until) => void published.push(`opened ${until - Date.now()}`),
    };
    const guard = createProviderGuard({
      upstream: 'github',
      metrics: createMetrics(),
      judge: (error) => (error as { verdict: Verdict }).verdict,
      refusal: (retryAfterS) => new Refused(retryAfterS),
      shared,
    });
    const failing = (verdict: Verdict) => () => Promise.reject(Object.assign(new Error('failed'), { verdict }));
    return { guard, failing, published };
  }

  test('held by another instance: refused for what is left of the hold, without a call', async ({ clock }) => {
    const { guard } = guardWith(clock.start.getTime() + 42_000);
    let called = false;
    const refused = await guard.call(async () => (called = true)).catch((error: unknown) => error);
    expect([refused, called]).toEqual([new Refused(42), false]);
  });

  test('a Retry-After and an opening breaker are published to the others', async ({ clock }) => {
    const { guard, failing, published } = guardWith(0);
    await guard.call(failing({ outcome: 'rate_limited', retryAfterS: 90 })).catch(() => {});
    clock.advance(90_000);
    for (let i = 0; i < 5; i++) await guard.call(failing({ outcome: 'error' })).catch(() => {});
    expect(published).toEqual(['paused 90000', 'opened 30000']);
  });
});

describe('the connection', () => {
  test('a password never reaches a log line', () => {
    expect(maskPassword('redis://user:s3cret@cache.internal:6379/2')).toBe('redis://user:***@cache.internal:6379/2');
    expect(maskPassword('redis://cache.internal:6379')).toBe('redis://cache.internal:6379');
  });

  test('Redis not there: one warning however often it retries, never up, and close() stops the retries', async () => {
    // A port that was just free: nothing listens there.
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    await new Promise((resolve) => server.close(resolve));
    const redis = sharedRedis({ url: `redis://:s3cret@127.0.0.1:${port}/0`, maxReconnectDelayMs: 20 });
    onTestFinished(() => redis.close());
    const lines: string[] = [];
    let attempts = 0;
    redis.client.on('reconnecting', () => attempts++);
    redis.start({ info: (line) => lines.push(`info ${line}`), warn: (line) => lines.push(`warn ${line}`) });
    redis.start({ info: () => expect.unreachable(), warn: () => expect.unreachable() }); // once only
    await eventually(() => expect(attempts).toBeGreaterThanOrEqual(3));
    expect(redis.isUp()).toBe(false);
    expect(lines).toEqual([
      `warn redis: redis://:***@127.0.0.1:${port}/0 unreachable (ECONNREFUSED); each instance keeps to its own memory until it is back`,
    ]);
    await expect(redis.ping()).rejects.toThrow();
    await redis.close();
    // No retry is pending (ioredis keeps its next attempt's timer here): nothing keeps the process alive.
    expect((redis.client as unknown as { reconnectTimeout: unknown }).reconnectTimeout).toBeNull();
    expect(redis.isUp()).toBe(false);
  });
});
