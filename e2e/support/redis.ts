/**
 * A Redis database of the test's own on the machine's Redis (127.0.0.1:6379):
 * one of the numbered databases that is empty, taken by writing a marker key
 * into it (SET NX, so two tests racing for one cannot both win), and emptied
 * again by `release()`. Never a database someone else has keys in.
 */
import { Redis } from 'ioredis';

export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
/** Redis's default `databases 16`: 0 is left to whoever uses the default. */
const DATABASES = 16;
const MARKER = 'skydeck:e2e:owner';

export interface RedisDatabase {
  /** REDIS_URL for the servers: TEST_REDIS_URL with this database's number. */
  url: string;
  /** Empties the database (the marker included) and disconnects. */
  release(): Promise<void>;
}

export async function ownRedisDatabase(): Promise<RedisDatabase> {
  const owner = `pid ${process.pid} at ${new Date().toISOString()}`;
  for (let number = 1; number < DATABASES; number++) {
    const url = new URL(TEST_REDIS_URL);
    url.pathname = `/${number}`;
    const redis = new Redis(url.href, { lazyConnect: true, maxRetriesPerRequest: 1 });
    await redis.connect();
    const taken = (await redis.dbsize()) === 0 && (await redis.set(MARKER, owner, 'NX')) === 'OK';
    if (taken) {
      return {
        url: url.href,
        async release() {
          await redis.flushdb();
          await redis.quit();
        },
      };
    }
    await redis.quit();
  }
  throw new Error(`no empty Redis database among 1–${DATABASES - 1} at ${TEST_REDIS_URL}`);
}
