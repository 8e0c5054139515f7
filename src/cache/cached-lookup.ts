/**
 * A read-through cache in front of a provider, with the weather contract's
 * policy for any kind of lookup:
 *
 * - fresh for `ttlMs`: answered from the store, no provider call;
 * - single flight: concurrent lookups of one key share one load, whoever asks;
 * - stale-if-error: past the TTL, a failed load answers the old value while it
 *   is younger than `ttlMs + staleMs`, never older;
 * - negative: the provider's "no such thing" is remembered for `negativeTtlMs`
 *   (and never served stale).
 *
 * Entries carry the time they were stored, so the policy holds whatever store
 * keeps them and for however long (see store.ts).
 */
import type { CacheStore } from './store.ts';

export type CacheEntry = { storedAt: number } & ({ value: unknown } | { notFound: true });

/** An answer and how old it is. */
export interface Cached<V> {
  value: V;
  /** Seconds since the provider gave this answer. */
  ageS: number;
  /** Seconds it stays fresh; 0 when served stale. */
  freshForS: number;
  /** Served past its TTL because the provider failed. */
  stale: boolean;
}

export interface CachedLookupOptions {
  store: CacheStore<CacheEntry>;
  ttlMs: number;
  staleMs: number;
  negativeTtlMs: number;
  /** Whether a load's error is the provider's "no such thing", which is remembered. */
  isNotFound(error: unknown): boolean;
  /** What a remembered "no such thing" throws. */
  notFound(): Error;
  /** The clock, in ms; Date.now by default, read at call time so fake timers drive it. */
  now?: () => number;
  /** Told how each lookup was answered (for metrics): `miss` when the provider was asked, then `stale` if it failed and an old value answered. */
  count?: { hit(): void; miss(): void; stale(): void };
}

export interface CachedLookup {
  /** The value under `key`: from the store while fresh, else from `load` (shared with concurrent lookups). */
  get<V>(key: string, load: () => Promise<V>): Promise<Cached<V>>;
}

export function createCachedLookup(options: CachedLookupOptions): CachedLookup {
  const { store, ttlMs, staleMs, negativeTtlMs, now = () => Date.now() } = options;
  const inflight = new Map<string, Promise<CacheEntry>>();

  const lifetime = (entry: CacheEntry) => ('notFound' in entry ? negativeTtlMs : ttlMs);

  function answer<V>(entry: CacheEntry, stale: boolean): Cached<V> {
    if ('notFound' in entry) throw options.notFound();
    const ageMs = Math.max(0, now() - entry.storedAt);
    const freshForS = stale ? 0 : Math.max(0, Math.floor((ttlMs - ageMs) / 1000));
    return { value: entry.value as V, ageS: Math.floor(ageMs / 1000), freshForS, stale };
  }

  /** Asks the provider and stores its answer. A "not found" is stored too, and rejects with the provider's own error. */
  async function load(key: string, work: () => Promise<unknown>): Promise<CacheEntry> {
    let value: unknown;
    try {
      value = await work();
    } catch (error) {
      // Believed for its own TTL; never kept for a stale window.
      if (options.isNotFound(error)) await store.set(key, { notFound: true, storedAt: now() }, negativeTtlMs);
      throw error;
    }
    const entry = { value, storedAt: now() };
    await store.set(key, entry, ttlMs + staleMs); // kept through its stale window
    return entry;
  }

  function singleFlight(key: string, work: () => Promise<unknown>): Promise<CacheEntry> {
    let flight = inflight.get(key);
    if (!flight) {
      flight = load(key, work).finally(() => inflight.delete(key));
      inflight.set(key, flight);
    }
    return flight;
  }

  return {
    async get<V>(key: string, work: () => Promise<V>): Promise<Cached<V>> {
      const cached = await store.get(key);
      if (cached && now() - cached.storedAt < lifetime(cached)) {
        options.count?.hit();
        return answer<V>(cached, false);
      }
      options.count?.miss();
      let entry: CacheEntry;
      try {
        entry = await singleFlight(key, work);
      } catch (error) {
        // The provider failing is what a stale value is for; the provider saying "not found" is an answer.
        const usable = cached && 'value' in cached && now() - cached.storedAt < ttlMs + staleMs;
        if (usable && !options.isNotFound(error)) {
          options.count?.stale();
          return answer<V>(cached, true);
        }
        throw error;
      }
      return answer<V>(entry, false);
    },
  };
}
