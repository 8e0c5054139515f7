/**
 * One connection to Redis on its own (the machine's Redis; `npm run test:pg`, as the other Redis tests): it waits
 * for start() to connect, names keys under its prefix, says once that Redis is away however often it retries, backs
 * off between retries up to a cap, and while away fails a command at once instead of queueing it.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { onTestFinished } from 'vitest';
import { MAX_RECONNECT_DELAY_MS, type RedisLog, sharedRedis } from '../../src/redis/connection.ts';
import { describe, expect, test, vi } from '../fixtures.ts';
import { eventually } from '../support/eventually.ts';
import { onPostgres } from '../support/postgres.ts';
import { TEST_REDIS_URL } from '../support/redis.ts';

function recordingLog() {
  return { info: vi.fn<RedisLog['info']>(), warn: vi.fn<RedisLog['warn']>() };
}

function connection(url: string, maxReconnectDelayMs?: number) {
  const redis = sharedRedis({ url, maxReconnectDelayMs });
  onTestFinished(() => redis.close());
  return redis;
}

describe.skipIf(!onPostgres)('sharedRedis', () => {
  test('connects on start(), once; names keys under "skydeck:"; logs the connection once', async () => {
    const redis = connection(TEST_REDIS_URL);
    expect(redis.client.status).toBe('wait'); // nothing sent before start()
    expect(redis.isUp()).toBe(false);
    expect(redis.key('weather', 'current:dublin')).toBe('skydeck:weather:current:dublin');

    const log = recordingLog();
    redis.start(log);
    redis.start(recordingLog()); // a second start changes nothing
    await eventually(() => expect(redis.isUp()).toBe(true));
    expect(log.info.mock.calls).toEqual([['redis: connected to redis://127.0.0.1:6379']]);
    expect(log.warn).not.toHaveBeenCalled();

    const closing = redis.close();
    expect(redis.isUp()).toBe(false); // at once, while QUIT is still on its way
    await closing;
    await eventually(() => expect(redis.client.status).toBe('end')); // the socket's 'close' has come
    expect(log.warn).not.toHaveBeenCalled(); // closing on purpose is not an outage
  });

  test('a connection Redis drops: one warning, then "back; sharing again" once reconnected', async () => {
    const redis = connection(TEST_REDIS_URL, 20);
    const log = recordingLog();
    redis.start(log);
    await eventually(() => expect(redis.isUp()).toBe(true));
    const admin = new Redis(TEST_REDIS_URL);
    onTestFinished(() => admin.disconnect());
    await admin.client('KILL', 'ID', String(await redis.client.client('ID')));

    await eventually(() => expect(log.info).toHaveBeenCalledTimes(2));
    expect(log.warn.mock.calls).toEqual([
      [
        'redis: redis://127.0.0.1:6379 unreachable (connection closed); each instance keeps to its own memory until it is back',
      ],
    ]);
    expect(log.info.mock.calls[1]).toEqual(['redis: redis://127.0.0.1:6379 is back; sharing again']);
    expect(redis.isUp()).toBe(true);
  });

  test('close() lets a command in flight finish (QUIT, not a cut)', async () => {
    const redis = connection(TEST_REDIS_URL);
    redis.start(recordingLog());
    await eventually(() => expect(redis.isUp()).toBe(true));
    const inFlight = redis.client.blpop(`skydeck-test:nothing:${process.pid}`, 0.05); // answers nil after 50 ms
    await redis.close();
    await expect(inFlight).resolves.toBeNull();
  });

  test('away from the start: one warning however many retries, and a command fails at once', async () => {
    const redis = connection('redis://:hunter2@127.0.0.1:1', 20); // nothing listens on port 1
    const log = recordingLog();
    redis.start(log);
    await eventually(() => expect(log.warn).toHaveBeenCalled());
    await sleep(150); // several retries, 20 ms apart
    expect(log.warn.mock.calls).toEqual([
      [
        'redis: redis://:***@127.0.0.1:1 unreachable (ECONNREFUSED); each instance keeps to its own memory until it is back',
      ],
    ]);
    expect(redis.isUp()).toBe(false);
    const started = performance.now();
    await expect(redis.client.get('anything')).rejects.toThrow();
    expect(performance.now() - started).toBeLessThan(100); // not queued until Redis is back
  });

  test('away, with the default backoff: a command fails at once, not at the next retry 200 ms later', async () => {
    const redis = connection('redis://127.0.0.1:1');
    const log = recordingLog();
    redis.start(log);
    await eventually(() => expect(log.warn).toHaveBeenCalled());
    const started = performance.now();
    await expect(redis.client.get('anything')).rejects.toThrow();
    expect(performance.now() - started).toBeLessThan(100); // not held in an offline queue
  });

  test('retries back off, doubling from 200 ms, up to the cap', () => {
    const delays = (redis: ReturnType<typeof sharedRedis>) =>
      [1, 2, 3, 10, 11, 50].map((attempt) => redis.client.options.retryStrategy?.(attempt));
    expect(delays(connection(TEST_REDIS_URL))).toEqual([200, 400, 800, 5000, 5000, 5000]);
    expect(MAX_RECONNECT_DELAY_MS).toBe(5000);
    expect(delays(connection(TEST_REDIS_URL, 300))).toEqual([200, 300, 300, 300, 300, 300]);
  });
});
