/**
 * Two instances sharing one Redis (REDIS_URL): what one looked up is a hit on
 * the other, the rate limit counts across both, and a provider's Retry-After or
 * opened breaker holds both. Redis going away mid-test (a proxy in front of it,
 * cut) leaves each on its own memory with one warning, never a 5xx, and they
 * come back to sharing by themselves. Needs the machine's Redis: runs under
 * `npm run test:pg`, which CI runs with Redis up.
 */
import { onTestFinished } from 'vitest';
import { buildApp } from '../../src/app.ts';
import type { Database } from '../../src/db/database.ts';
import type { SchemaCompilers } from '../../src/http/schema-compilers.ts';
import { MAX_ENTRY_BYTES } from '../../src/redis/cache-store.ts';
import type { SharedRedis } from '../../src/redis/connection.ts';
import { describe, expect, test } from '../fixtures.ts';
import { TestClient } from '../support/client.ts';
import { testConfig } from '../support/config.ts';
import { eventually } from '../support/eventually.ts';
import { collectLogs } from '../support/logs.ts';
import { openWeatherMap } from '../support/openweathermap.ts';
import { onPostgres } from '../support/postgres.ts';
import { redisProxy, TEST_REDIS_URL, type TestRedis, testRedis } from '../support/redis.ts';

interface Instance {
  client: TestClient;
  redis: SharedRedis;
  logs: ReturnType<typeof collectLogs>;
}

/** Two apps on the test's database and one Redis (through `url`), each with its own connection and log. */
async function twoInstances(
  { db, schemaCompilers }: { db: Database; schemaCompilers: SchemaCompilers },
  shared: TestRedis,
  { url = TEST_REDIS_URL, env = {} }: { url?: string; env?: Record<string, string> } = {},
): Promise<[Instance, Instance]> {
  const config = testConfig({ REDIS_URL: url, LOG_LEVEL: 'info', ...env });
  const build = async (): Promise<Instance> => {
    const logs = collectLogs();
    const redis = shared.connect(url);
    const app = await buildApp(config, { db, schemaCompilers, redis, logStream: logs });
    onTestFinished(() => app.close());
    return { client: new TestClient(app, config.publicUrl), redis, logs };
  };
  return [await build(), await build()];
}

const up = (...instances: Instance[]) =>
  eventually(() => expect(instances.map((i) => i.redis.isUp())).not.toContain(false));
const down = (...instances: Instance[]) =>
  eventually(() => expect(instances.map((i) => i.redis.isUp())).not.toContain(true));
const linesOf = (instance: Instance, level: number, words: string) =>
  instance.logs.lines.filter((line) => line.level === level && String(line.msg).includes(words));
const WARN = 40;
const INFO = 30;

describe.skipIf(!onPostgres)('two instances sharing one Redis', () => {
  test('a city looked up through one is a cache hit on the other', async ({ db, schemaCompilers, upstream }) => {
    const redis = testRedis();
    const [a, b] = await twoInstances({ db, schemaCompilers }, redis);
    await up(a, b);
    expect((await a.client.get('/weather?city=Dublin')).statusCode).toBe(200);
    const onB = await b.client.get('/weather?city= dublin ');
    expect(onB.statusCode).toBe(200);
    expect(onB.json()).toMatchObject({ city: 'Dublin' });
    expect(upstream.sent).toHaveLength(1);
    expect(await redis.admin.keys(`${redis.prefix}weather:*`)).toEqual([`${redis.prefix}weather:current:dublin`]);
    const ttl = await redis.admin.pttl(`${redis.prefix}weather:current:dublin`);
    expect(ttl).toBeGreaterThan((600 + 3600 - 5) * 1000); // TTL + stale window
  });

  test('the rate limit counts requests to both', async ({ db, schemaCompilers }) => {
    const redis = testRedis();
    const [a, b] = await twoInstances({ db, schemaCompilers }, redis, { env: { RATE_LIMIT_PER_MINUTE: '3' } });
    await up(a, b);
    const statuses = [];
    for (const instance of [a, b, a, b]) statuses.push((await instance.client.get('/weather?city=Dublin')).statusCode);
    expect(statuses).toEqual([200, 200, 200, 429]);
    // One counter for both, under their prefix: "rate-limit:", then the client's address.
    expect(await redis.admin.keys(`${redis.prefix}rate-limit:*`)).toEqual([`${redis.prefix}rate-limit:127.0.0.1`]);
  });

  test('a breaker opened on one refuses on the other without a call', async ({ db, schemaCompilers, upstream }) => {
    const redis = testRedis();
    const [a, b] = await twoInstances({ db, schemaCompilers }, redis);
    await up(a, b);
    upstream.use(openWeatherMap.status(500));
    for (let call = 0; call < 5; call++) expect((await a.client.get('/weather?city=Dublin')).statusCode).toBe(503);
    expect(upstream.sent).toHaveLength(5);
    const refused = await b.client.get('/weather?city=Tokyo');
    expect(refused.statusCode).toBe(503);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(29);
    expect(upstream.sent).toHaveLength(5);
    expect(await redis.admin.pttl(`${redis.prefix}upstream:openweathermap:open_until`)).toBeGreaterThan(25_000);
  });

  test("a provider's Retry-After seen by one holds the other", async ({ db, schemaCompilers, upstream }) => {
    const [a, b] = await twoInstances({ db, schemaCompilers }, testRedis());
    await up(a, b);
    upstream.use(openWeatherMap.status(429, { cod: 429 }, { headers: { 'retry-after': '120' } }));
    expect((await a.client.get('/weather?city=Dublin')).statusCode).toBe(503);
    const held = await b.client.get('/weather?city=Tokyo');
    expect(held.statusCode).toBe(503);
    expect(Number(held.headers['retry-after'])).toBeGreaterThanOrEqual(119);
    expect(upstream.sent).toHaveLength(1);
  });

  /** A well-formed entry, fresh, whose description says where it came from. */
  const planted = (description: string, temp_c = 1) =>
    JSON.stringify({
      storedAt: Date.now(),
      value: {
        ...{ city: 'Dublin', country: 'IE', feels_like_c: null, humidity: null, wind_ms: null },
        temp_c,
        description,
        ...{ icon: null, observed_at: null, utc_offset_s: null },
      },
    });

  test('a well-formed entry in Redis is served (the planted entries below are refused for their flaw alone)', async ({
    db,
    schemaCompilers,
    upstream,
  }) => {
    const redis = testRedis();
    const [a] = await twoInstances({ db, schemaCompilers }, redis);
    await up(a);
    await redis.admin.set(`${redis.prefix}weather:current:dublin`, planted('planted'), 'PX', 60_000);
    expect((await a.client.get('/weather?city=Dublin')).json()).toMatchObject({ description: 'planted' });
    expect(upstream.sent).toHaveLength(0);
  });

  test.for([
    ['larger than the bound', planted('x'.repeat(MAX_ENTRY_BYTES))],
    ['not JSON', '{"storedAt":'],
    ['not an entry', planted('planted', 1e17)],
  ] as const)('an entry in Redis that is %s is a miss', async ([, planted], { db, schemaCompilers, upstream }) => {
    const redis = testRedis();
    const [a, b] = await twoInstances({ db, schemaCompilers }, redis);
    await up(a, b);
    await a.client.get('/weather?city=Dublin');
    await redis.admin.set(`${redis.prefix}weather:current:dublin`, planted, 'PX', 60_000);
    const onB = await b.client.get('/weather?city=Dublin');
    expect(onB.statusCode).toBe(200);
    expect(onB.json()).toMatchObject({ city: 'Dublin', temp_c: 11.5 }); // the provider's, not the planted 1 °C
    expect(upstream.sent).toHaveLength(2); // asked again, not served what was planted
  });

  test('Redis gone mid-test: each keeps to its own memory, one warning, no 5xx; back by itself', async ({
    db,
    schemaCompilers,
    upstream,
  }) => {
    const proxy = await redisProxy();
    const [a, b] = await twoInstances({ db, schemaCompilers }, testRedis(), {
      url: proxy.url,
      env: { RATE_LIMIT_PER_MINUTE: '100' },
    });
    await up(a, b);
    expect((await a.client.get('/weather?city=Dublin')).statusCode).toBe(200);

    proxy.cut();
    await down(a, b);
    let attempts = 0;
    a.redis.client.on('reconnecting', () => attempts++);
    await eventually(() => expect(attempts).toBeGreaterThanOrEqual(3)); // refused again and again: still one line
    const answers = [];
    for (const [instance, city] of [
      [a, 'Dublin'],
      [b, 'Dublin'],
      [a, 'Tokyo'],
      [b, 'Tokyo'],
    ] as const) {
      answers.push(await instance.client.get(`/weather?city=${city}`));
    }
    expect(answers.map((response) => response.statusCode)).toEqual([200, 200, 200, 200]);
    // A's Dublin from its own memory; B's Dublin and each one's Tokyo from the provider.
    expect(upstream.sent).toHaveLength(4);
    // Still limited meanwhile, in each instance's memory: A's budget spent 2 of 100 while Redis was away.
    expect(answers[2]!.headers['x-ratelimit-remaining']).toBe('98');
    const ready = await a.client.get('/readyz');
    expect([ready.statusCode, ready.json()]).toEqual([200, { status: 'ready' }]);
    expect(linesOf(a, INFO, 'ready on a fallback')).toMatchObject([{ fallback: { redis: "this instance's memory" } }]);
    expect(linesOf(a, WARN, 'unreachable')).toHaveLength(1);
    expect(linesOf(b, WARN, 'unreachable')).toHaveLength(1);

    proxy.allow();
    await up(a, b);
    expect(linesOf(a, INFO, 'is back')).toHaveLength(1);
    expect(linesOf(a, WARN, 'unreachable')).toHaveLength(1);
    // Sharing again: Paris through A is a hit on B.
    await a.client.get('/weather?city=Paris');
    await b.client.get('/weather?city=Paris');
    expect(upstream.sent).toHaveLength(5);
    expect((await b.client.get('/readyz')).statusCode).toBe(200);
  });

  test('Redis away from the start: served from memory, one warning, shares once it answers', async ({
    db,
    schemaCompilers,
    upstream,
  }) => {
    const proxy = await redisProxy();
    proxy.cut();
    const [a, b] = await twoInstances({ db, schemaCompilers }, testRedis(), { url: proxy.url });
    await eventually(() => expect(linesOf(a, WARN, 'unreachable')).toHaveLength(1));
    expect((await a.client.get('/weather?city=Dublin')).statusCode).toBe(200);
    expect((await a.client.get('/readyz')).statusCode).toBe(200);
    proxy.allow();
    await up(a, b);
    expect(linesOf(a, INFO, 'is back')).toHaveLength(1);
    await a.client.get('/weather?city=Tokyo');
    await b.client.get('/weather?city=Tokyo');
    expect(upstream.sent).toHaveLength(2);
  });
});
