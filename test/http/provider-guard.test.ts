/** The provider guard on its own: what it counts, and how it reads Retry-After. The routes' tests show it at work. */
import fc from 'fast-check';
import {
  createProviderGuard,
  DEFAULT_RETRY_AFTER_S,
  MAX_RETRY_AFTER_S,
  retryAfterSeconds,
  type SharedBackPressure,
  type Verdict,
} from '../../src/http/provider-guard.ts';
import { createMetrics } from '../../src/metrics/metrics.ts';
import { describe, expect, test } from '../fixtures.ts';
import { counted } from '../support/metrics.ts';

class Refused extends Error {
  readonly retryAfterS: number;
  constructor(retryAfterS: number) {
    super(`refused for ${retryAfterS} s`);
    this.retryAfterS = retryAfterS;
  }
}

/** A guard whose calls fail with an error carrying the verdict the test wants. */
function setUp(shared?: SharedBackPressure) {
  const metrics = createMetrics();
  const guard = createProviderGuard({
    upstream: 'github',
    metrics,
    judge: (error) => (error as { verdict: Verdict }).verdict,
    refusal: (retryAfterS) => new Refused(retryAfterS),
    shared,
  });
  const failing = (verdict: Verdict) => () => Promise.reject(Object.assign(new Error(verdict.outcome), { verdict }));
  const outcomes = async () => {
    const { values } = await metrics.upstreamRequests.get();
    return Object.fromEntries(values.map((sample) => [sample.labels.outcome, sample.value]));
  };
  return { guard, failing, outcomes, metrics };
}

describe('the provider guard', () => {
  test('passes answers and errors through, counting each call under its upstream', async ({ clock: _clock }) => {
    const { guard, failing, outcomes, metrics } = setUp();
    await expect(guard.call(async () => 'value')).resolves.toBe('value');
    await expect(guard.call(failing({ outcome: 'not_found' }))).rejects.toThrow('not_found');
    await expect(guard.call(failing({ outcome: 'timeout' }))).rejects.toThrow('timeout');
    await expect(guard.call(failing({ outcome: 'error' }))).rejects.toThrow('error');
    expect(await outcomes()).toEqual({ ok: 1, not_found: 1, timeout: 1, error: 1 });
    expect(await counted(metrics.upstreamRequests, { upstream: 'github' })).toBe(4);
  });

  test('timeouts count towards the breaker like errors', async ({ clock: _clock }) => {
    const { guard, failing, outcomes } = setUp();
    for (let i = 0; i < 3; i++) await guard.call(failing({ outcome: 'timeout' })).catch(() => {});
    for (let i = 0; i < 2; i++) await guard.call(failing({ outcome: 'error' })).catch(() => {});
    const refused = await guard.call(async () => 'not called').catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(Refused);
    expect((refused as Refused).retryAfterS).toBe(30);
    expect(await outcomes()).toMatchObject({ timeout: 3, error: 2, breaker_open: 1 });
  });

  test('a success between failures resets the count', async ({ clock: _clock }) => {
    const { guard, failing } = setUp();
    for (let i = 0; i < 4; i++) await guard.call(failing({ outcome: 'error' })).catch(() => {});
    await guard.call(async () => 'ok');
    for (let i = 0; i < 4; i++) await guard.call(failing({ outcome: 'error' })).catch(() => {});
    await expect(guard.call(async () => 'still closed')).resolves.toBe('still closed');
  });

  test('a rate limit pauses every call for the time it names', async ({ clock }) => {
    const { guard, failing } = setUp();
    await expect(guard.call(failing({ outcome: 'rate_limited', retryAfterS: 5 }))).rejects.toThrow('rate_limited');
    clock.advance(4001);
    await expect(guard.call(async () => 'x')).rejects.toMatchObject({ retryAfterS: 1 });
    clock.advance(999);
    await expect(guard.call(async () => 'x')).resolves.toBe('x');
  });
  test('a hold another instance published refuses calls until the moment it ends, not at that moment', async ({
    clock,
  }) => {
    const heldUntil = Date.now() + 5000;
    const shared = { heldUntil: async () => heldUntil, paused: async () => {}, opened: async () => {} };
    const { guard } = setUp(shared);
    clock.advance(4999);
    await expect(guard.call(async () => 'x')).rejects.toMatchObject({ retryAfterS: 1 });
    clock.advance(1);
    await expect(guard.call(async () => 'x')).resolves.toBe('x');
  });
});

describe('retryAfterSeconds', () => {
  const NOW = Date.parse('2026-11-27T12:00:00Z');
  test.for<[string | null, number]>([
    ['120', 120],
    [' 30 ', 30],
    ['0', 1],
    ['86400', 3600],
    ['Fri, 27 Nov 2026 12:01:30 GMT', 90],
    ['Friday, 27-Nov-26 12:01:30 GMT', 90],
    ['Fri, 27 Nov 2026 12:00:00 GMT', 1],
    ['Thu, 01 Jan 2026 00:00:00 GMT', 1],
    ['Sat, 27 Nov 2100 00:00:00 GMT', 3600],
    [null, 60],
    ['', 60],
    ['soon', 60],
    ['-5', 60],
    ['1.5', 60],
  ])('%j → %i s', ([header, seconds]) => {
    expect(retryAfterSeconds(header, NOW)).toBe(seconds);
  });
});

describe('retryAfterSeconds, for any header', () => {
  const NOW = Date.parse('2026-11-27T12:00:00Z');
  const within = (seconds: number) => Math.min(MAX_RETRY_AFTER_S, Math.max(1, seconds));

  test('property: whatever a provider sends, a whole number of seconds from 1 to MAX_RETRY_AFTER_S', () => {
    const anyHeader = fc.oneof(
      fc.constant(null),
      fc.string({ unit: 'binary', maxLength: 40 }),
      fc.string({
        unit: fc.constantFrom('1', '9', '0', '-', '.', 'e', ' ', ',', ':', 'G', 'M', 'T', 'N', 'o', 'v'),
        maxLength: 30,
      }),
      fc.date({ noInvalidDate: true }).map((date) => date.toUTCString()),
    );
    fc.assert(
      fc.property(anyHeader, (header) => {
        const seconds = retryAfterSeconds(header, NOW);
        expect(Number.isInteger(seconds)).toBe(true);
        expect(seconds).toBeGreaterThanOrEqual(1);
        expect(seconds).toBeLessThanOrEqual(MAX_RETRY_AFTER_S);
      }),
      { numRuns: 200 },
    );
  });

  test('property: delay-seconds, however long and however padded, are obeyed within the bounds', () => {
    const digits = fc.oneof(fc.nat().map(String), fc.stringMatching(/^\d{1,400}$/));
    const pad = fc.constantFrom('', ' ', '\t', '  ');
    fc.assert(
      fc.property(digits, pad, pad, (delay, before, after) => {
        expect(retryAfterSeconds(`${before}${delay}${after}`, NOW)).toBe(within(Number(delay)));
      }),
      { numRuns: 200 },
    );
  });

  test('property: an HTTP date waits until that moment, rounded up to the second, within the bounds', () => {
    const second = fc.integer({ min: -3 * 3600, max: 3 * 3600 }); // both sides of the bounds
    const formats = [(at: Date) => at.toUTCString(), (at: Date) => at.toUTCString().replace(' GMT', ' +0000')];
    fc.assert(
      fc.property(second, fc.integer({ min: 0, max: 999 }), fc.constantFrom(...formats), (offset, ms, format) => {
        const now = NOW + ms; // the header says whole seconds; now has milliseconds
        const expected = Math.ceil((NOW + offset * 1000 - now) / 1000);
        expect(retryAfterSeconds(format(new Date(NOW + offset * 1000)), now)).toBe(within(expected));
      }),
      { numRuns: 200 },
    );
  });

  test('property: a number that is not delay-seconds (signed, fractional, exponent) is the default', () => {
    const notDelaySeconds = fc.oneof(
      fc.integer({ min: -1_000_000, max: -1 }).map(String),
      fc
        .double({ min: 0.01, max: 1e6, noNaN: true })
        .filter((x) => !Number.isInteger(x))
        .map(String),
      fc.nat().map((n) => `${n}e2`),
      fc.nat().map((n) => `+${n}`),
    );
    fc.assert(
      fc.property(notDelaySeconds, (header) => {
        expect(retryAfterSeconds(header, NOW)).toBe(DEFAULT_RETRY_AFTER_S);
      }),
      { numRuns: 200 },
    );
  });
});
