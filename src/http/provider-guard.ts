/**
 * Back-pressure towards one provider (OpenWeatherMap, GitHub), around each
 * call a client makes:
 *
 * - a Retry-After the provider sent with a 429 is obeyed: no call until then;
 * - a circuit breaker (cockatiel) opens after BREAKER_THRESHOLD consecutive
 *   failures (5xx, timeout, network error, unusable body) for BREAKER_OPEN_MS,
 *   then lets one probe call decide: success closes it, failure opens it again.
 *
 * A call refused either way rejects at once, without reaching the provider,
 * with the client's own error saying how many seconds to wait. Every call's
 * outcome is counted in skydeck_upstream_requests_total; refused calls count
 * as `breaker_open`. The guard's memory (the breaker, the pause) is per
 * instance: each set of services has its own. With `shared` (Redis), a pause
 * or an opened breaker is also published to every instance, and a call that
 * would reach the provider first checks whether another instance holds it.
 */
import { BrokenCircuitError, CircuitState, ConsecutiveBreaker, circuitBreaker, handleType } from 'cockatiel';
import type { Metrics, UpstreamName } from '../metrics/metrics.ts';

export const BREAKER_THRESHOLD = 5;
export const BREAKER_OPEN_MS = 30_000;
/** A 429 without a usable Retry-After pauses calls this long. */
export const DEFAULT_RETRY_AFTER_S = 60;
/** However long a provider asks for, calls resume within this (an hour): its header is not trusted blindly. */
export const MAX_RETRY_AFTER_S = 3600;

/** What a failed call means, as the client that made it judges. */
export type Verdict =
  /** The provider answered: it does not know what was asked (or refused the request itself). Not a failure. */
  | { outcome: 'not_found' }
  /** The provider asked us to slow down: pause for retryAfterS. Not a failure either. */
  | { outcome: 'rate_limited'; retryAfterS: number }
  /** The provider failed: counts towards opening the breaker. */
  | { outcome: 'error' | 'timeout' };

export interface ProviderGuardOptions {
  upstream: UpstreamName;
  metrics: Metrics;
  /** Judges an error a call rejected with (the client's own error type). */
  judge(error: unknown): Verdict;
  /** The error a refused call rejects with, in the client's own type. */
  refusal(retryAfterS: number): Error;
  /** Holds shared with other instances; none by default. */
  shared?: SharedBackPressure;
}

/** Back-pressure every instance sees (redis/back-pressure.ts). Its methods never reject: what they cannot reach holds nothing. */
export interface SharedBackPressure {
  /** When the hold another instance (or this one) published ends, in epoch ms; 0 when there is none. */
  heldUntil(): Promise<number>;
  /** The provider asked for a pause until then (Retry-After). */
  paused(untilMs: number): Promise<void>;
  /** The breaker opened until then. */
  opened(untilMs: number): Promise<void>;
}

export interface ProviderGuard {
  /** Runs `work` (one provider call) unless the provider is paused or its breaker is open. */
  call<T>(work: () => Promise<T>): Promise<T>;
}

/** A failure the breaker counts; unwrapped before it leaves the guard. */
class CountedFailure extends Error {
  readonly original: unknown;
  constructor(original: unknown) {
    // Stryker disable next-line StringLiteral: a CountedFailure never leaves the guard (call() unwraps it) and cockatiel never reads its message
    super('provider call failed');
    this.original = original;
  }
}

export function createProviderGuard(options: ProviderGuardOptions): ProviderGuard {
  const { upstream, metrics, shared } = options;
  const breaker = circuitBreaker(handleType(CountedFailure), {
    halfOpenAfter: BREAKER_OPEN_MS,
    breaker: new ConsecutiveBreaker(BREAKER_THRESHOLD),
  });
  // cockatiel reads Date.now() for the open period too, so fake timers drive both.
  let openedAt = 0;
  breaker.onBreak(() => {
    openedAt = Date.now();
  });
  let pausedUntil = 0;

  const count = (outcome: Verdict['outcome'] | 'ok' | 'breaker_open') =>
    metrics.upstreamRequests.inc({ upstream, outcome });
  const refuse = (untilMs: number) => {
    count('breaker_open');
    return options.refusal(Math.max(1, Math.ceil((untilMs - Date.now()) / 1000)));
  };

  type Attempt<T> = { value: T } | { answered: unknown };

  /** One call, as the breaker sees it: an answer (even "not found") resets its count; a failure adds to it. */
  async function attempt<T>(work: () => Promise<T>): Promise<Attempt<T>> {
    try {
      const value = await work();
      count('ok');
      return { value };
    } catch (error) {
      const verdict = options.judge(error);
      count(verdict.outcome);
      if (verdict.outcome === 'rate_limited') {
        pausedUntil = Date.now() + verdict.retryAfterS * 1000;
        await shared?.paused(pausedUntil);
      }
      if (verdict.outcome === 'error' || verdict.outcome === 'timeout') throw new CountedFailure(error);
      return { answered: error };
    }
  }

  return {
    async call<T>(work: () => Promise<T>): Promise<T> {
      if (Date.now() < pausedUntil) throw refuse(pausedUntil);
      // Only here, where the provider would be asked (a cache miss): one cheap round trip to Redis.
      const heldElsewhere = (await shared?.heldUntil()) ?? 0;
      if (Date.now() < heldElsewhere) throw refuse(heldElsewhere);
      let result: Attempt<T>;
      try {
        result = await breaker.execute(() => attempt(work));
      } catch (error) {
        if (error instanceof BrokenCircuitError) throw refuse(openedAt + BREAKER_OPEN_MS);
        // This failure opened the breaker (or a failed probe opened it again): tell the other instances.
        if (breaker.state === CircuitState.Open) await shared?.opened(openedAt + BREAKER_OPEN_MS);
        throw error instanceof CountedFailure ? error.original : error;
      }
      if ('answered' in result) throw result.answered;
      return result.value;
    },
  };
}

/**
 * Seconds to wait from a Retry-After header: delay-seconds or an HTTP date
 * (RFC 9110 §10.2.3); DEFAULT_RETRY_AFTER_S when absent or unreadable; at
 * least 1 and at most MAX_RETRY_AFTER_S.
 */
export function retryAfterSeconds(header: string | null, nowMs = Date.now()): number {
  // Stryker disable next-line StringLiteral: read only when there is no header, and any stand-in that is neither digits nor a date (the mutant's text is neither) gives the default, as '' does
  const raw = header?.trim() ?? '';
  let seconds = DEFAULT_RETRY_AFTER_S;
  if (/^\d+$/.test(raw)) seconds = Number(raw);
  // An HTTP date names its day or month in letters; that keeps "-5" or "1.5" from parsing as a year.
  else if (/[a-z]/i.test(raw) && !Number.isNaN(Date.parse(raw))) seconds = Math.ceil((Date.parse(raw) - nowMs) / 1000);
  return Math.min(MAX_RETRY_AFTER_S, Math.max(1, seconds));
}
