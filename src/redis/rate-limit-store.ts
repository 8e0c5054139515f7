/**
 * Rate-limit counters every instance shares: @fastify/rate-limit's own Redis
 * store (an atomic INCR + PEXPIRE script per request), and while Redis is away
 * or failing, its own in-memory store, counting in this instance alone.
 *
 * Why not the plugin's `redis` option with `skipOnError`: while Redis is away
 * every count would fail and be skipped, so nothing would be limited for the
 * whole outage; without `skipOnError` every limited route would answer 500.
 * Here a count Redis cannot take is taken in memory instead: during an outage
 * each instance limits on its own (a client spread over N instances gets up to
 * N budgets), and once Redis is back the shared counts take over again (Redis
 * kept them, each for at most its window).
 */
import LocalStore, { type CounterStore, type Done } from '@fastify/rate-limit/store/LocalStore.js';
import RedisStore from '@fastify/rate-limit/store/RedisStore.js';
import type { RateLimitStore } from '../http/rate-limit.ts';
import type { SharedRedis } from './connection.ts';

/** What @fastify/rate-limit passes a `store` constructor (its global parameters; these are the ones used). */
interface StoreParams {
  continueExceeding: boolean;
  exponentialBackoff: boolean;
}

/** `store` for clientRateLimit: counters under `<prefix>rate-limit:`, this instance's memory (`cache` addresses) meanwhile. */
export function redisRateLimitStore(redis: SharedRedis, cache: number): RateLimitStore {
  const either = (shared: CounterStore, local: CounterStore): CounterStore => {
    const count =
      (method: 'incr' | 'read') =>
      (key: string, done: Done, timeWindow: number, max: number): void => {
        if (!redis.isUp()) {
          local[method](key, done, timeWindow, max);
          return;
        }
        shared[method](
          key,
          (error, counted) => (error ? local[method](key, done, timeWindow, max) : done(null, counted)),
          timeWindow,
          max,
        );
      };
    return {
      incr: count('incr'),
      read: count('read'),
      child: (routeOptions) => either(shared.child(routeOptions), local.child(routeOptions)),
    };
  };
  // A class, because the plugin constructs the store itself (`new store(params)`).
  class FallbackStore {
    constructor({ continueExceeding, exponentialBackoff }: StoreParams) {
      const shared = new RedisStore(continueExceeding, exponentialBackoff, redis.client, redis.key('rate-limit', ''));
      Object.assign(this, either(shared, new LocalStore(continueExceeding, exponentialBackoff, cache)));
    }
  }
  return { store: FallbackStore as unknown as RateLimitStore['store'] };
}
