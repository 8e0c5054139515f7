/**
 * A CacheStore (cache/store.ts) shared by every instance through Redis, in
 * front of this instance's own memory store:
 *
 * - set: kept in memory, and in Redis as JSON with a PX TTL (when it is up);
 * - get: Redis first, so what one instance looked up is a hit on the others;
 *   this instance's memory when Redis is away, fails or has nothing (an
 *   emptied Redis then costs no stampede on the provider).
 *
 * What Redis holds is read as hostile: at most MAX_ENTRY_BYTES are read
 * (GETRANGE), and anything that is not valid JSON of the entry's shape is a
 * miss. An entry too large to share stays in memory only.
 */
import type { CacheStore } from '../cache/store.ts';
import type { SharedRedis } from './connection.ts';

/** A weather entry is under 1 kB; anything near this is not one of ours. */
export const MAX_ENTRY_BYTES = 16 * 1024;

export interface RedisCacheStoreOptions<E> {
  redis: SharedRedis;
  /** Keys are `<prefix><namespace>:<key>`, e.g. `skydeck:weather:current:dublin`. */
  namespace: string;
  /** This instance's own store: written always, read when Redis cannot answer. */
  local: CacheStore<E>;
  /** Whether what Redis returned under `key` is an entry (checked after parsing; the kind of entry may depend on the key). */
  isEntry(value: unknown, key: string): value is E;
}

export function createRedisCacheStore<E>({
  redis,
  namespace,
  local,
  isEntry,
}: RedisCacheStoreOptions<E>): CacheStore<E> {
  const redisKey = (key: string) => redis.key(namespace, key);

  async function readShared(key: string): Promise<E | undefined> {
    if (!redis.isUp()) return undefined;
    try {
      // One byte more than allowed: a value that fills it is too large, and is never read in full.
      const bytes = await redis.client.getrangeBuffer(redisKey(key), 0, MAX_ENTRY_BYTES);
      // Stryker disable next-line ConditionalExpression: only spares the common miss a throw: JSON.parse('') throws, and the catch makes it a miss all the same
      if (bytes.length === 0) return undefined;
      if (bytes.length > MAX_ENTRY_BYTES) return undefined;
      const value: unknown = JSON.parse(bytes.toString('utf8'));
      if (isEntry(value, key)) return value;
    } catch {
      // Redis failing (the connection reports the outage) or not JSON: a miss
    }
    return undefined;
  }

  return {
    async get(key) {
      return (await readShared(key)) ?? local.get(key);
    },
    async set(key, entry, ttlMs) {
      await local.set(key, entry, ttlMs);
      if (!redis.isUp()) return;
      const text = JSON.stringify(entry);
      if (Buffer.byteLength(text) > MAX_ENTRY_BYTES) return;
      await redis.client.set(redisKey(key), text, 'PX', Math.max(1, Math.ceil(ttlMs))).catch(() => {});
    },
  };
}
