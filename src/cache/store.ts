/**
 * Where cached lookups are kept. The interface is small and asynchronous so a
 * store shared by several instances (Redis, REDIS_URL) can stand in for the
 * in-process one without the lookup policy changing: entries are plain JSON
 * data carrying their own time of storage.
 */
import { LRUCache } from 'lru-cache';

export interface CacheStore<E> {
  get(key: string): Promise<E | undefined>;
  /** Keeps `entry` for `ttlMs` at most; a store may drop it sooner (least recently used first). */
  set(key: string, entry: E, ttlMs: number): Promise<void>;
}

export interface MemoryStoreOptions {
  /** Most entries kept; past it, the least recently used go first. */
  max: number;
  /** The clock, in ms: Date.now by default, read at call time so fake timers drive it. */
  now?: () => number;
}

/** An in-process store: lru-cache bounds it by count and expires each entry after its own TTL. */
export function createMemoryStore<E extends object>({
  max,
  now = () => Date.now(),
}: MemoryStoreOptions): CacheStore<E> {
  const lru = new LRUCache<string, E>({
    // The same bound as `max`, each entry counting 1, but without `max`'s arrays allocated for every
    // entry up front: ~1 ms for 10,000, more than a route test costs, and each test builds a cache.
    maxSize: max,
    sizeCalculation: () => 1,
    // Read the clock on every check, instead of caching it for 1 ms behind a setTimeout.
    ttlResolution: 0,
    perf: { now },
  });
  return {
    async get(key) {
      return lru.get(key);
    },
    async set(key, entry, ttlMs) {
      lru.set(key, entry, { ttl: ttlMs });
    },
  };
}
