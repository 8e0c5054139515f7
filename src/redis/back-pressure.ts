/**
 * A provider's back-pressure as every instance sees it: a Retry-After pause
 * and an open breaker, each a Redis key that lives exactly as long as the
 * hold (`skydeck:upstream:<name>:paused_until`, `…:open_until`; the value is
 * the time it ends, for people reading Redis). Holds are read by remaining
 * TTL (PTTL), so instances whose clocks differ agree on when a hold ends.
 * While Redis is away or failing there is nothing shared to read or write:
 * each instance's own guard still holds its own pauses and breaker.
 */
import type { SharedBackPressure } from '../http/provider-guard.ts';
import type { UpstreamName } from '../metrics/metrics.ts';
import type { SharedRedis } from './connection.ts';

export function redisBackPressure(redis: SharedRedis, upstream: UpstreamName, maxHoldMs: number): SharedBackPressure {
  const paused = redis.key('upstream', upstream, 'paused_until');
  const open = redis.key('upstream', upstream, 'open_until');

  async function hold(key: string, untilMs: number): Promise<void> {
    const ms = Math.min(Math.ceil(untilMs - Date.now()), maxHoldMs);
    if (!redis.isUp() || ms <= 0) return;
    await redis.client.set(key, String(untilMs), 'PX', ms).catch(() => {});
  }

  return {
    async heldUntil() {
      if (!redis.isUp()) return 0;
      try {
        const [pausedMs, openMs] = await Promise.all([redis.client.pttl(paused), redis.client.pttl(open)]);
        // -2 (no key) and -1 (no TTL: not one of ours) hold nothing; no hold outlasts maxHoldMs.
        const remaining = Math.min(Math.max(pausedMs, openMs), maxHoldMs);
        return remaining > 0 ? Date.now() + remaining : 0;
      } catch {
        return 0;
      }
    },
    paused: (untilMs) => hold(paused, untilMs),
    opened: (untilMs) => hold(open, untilMs),
  };
}
