import fc from 'fast-check';
import { monthBounds } from '../../src/snapshots/month.ts';
import { createSnapshotRepository, type Sample } from '../../src/snapshots/repository.ts';
import { describe, expect, test } from '../fixtures.ts';
import { monthsOfYears } from '../support/arbitraries.ts';
import { onPostgres } from '../support/postgres.ts';

function sample(recorded_at: string, temp_c: number, city_key = 'dublin|IE'): Sample {
  return { city_key, recorded_at, temp_c, humidity: null, description: null };
}

describe('the snapshot repository', () => {
  test('inserts any number of samples, and ignores one already stored for the same city and time', async ({ db }) => {
    const snapshots = createSnapshotRepository(db);
    // More samples than one statement may bind values for (65,535 on PostgreSQL, 32,766 on SQLite; 5 a sample).
    const count = onPostgres ? 13_200 : 6_600;
    const many = Array.from({ length: count }, (_, hour) => sample(new Date(hour * 3_600_000).toISOString(), hour));
    expect(await snapshots.insertSamples(many)).toBe(count);
    expect(
      await snapshots.insertSamples([many[0]!, { ...many[1]!, temp_c: 99 }, sample(many[0]!.recorded_at, 1, 'x')]),
    ).toBe(1);
    const second = await db
      .selectFrom('weather_samples')
      .select('temp_c')
      .where('recorded_at', '=', many[1]!.recorded_at)
      .where('city_key', '=', 'dublin|IE')
      .executeTakeFirstOrThrow();
    expect(second.temp_c).toBe(1); // the first stays
    expect(await snapshots.insertSamples([])).toBe(0);
  });

  test('daily stats split on UTC midnight and stay inside the month', async ({ db }) => {
    const snapshots = createSnapshotRepository(db);
    await snapshots.insertSamples([
      sample('2026-10-31T23:59:59.999Z', -50),
      sample('2026-11-01T00:00:00.000Z', 1),
      sample('2026-11-01T23:59:59.999Z', 2),
      sample('2026-11-02T00:00:00.000Z', 3.333),
      sample('2026-11-02T01:00:00.000Z', 3.334),
      sample('2026-11-02T02:00:00.000Z', 3.334),
      sample('2026-12-01T00:00:00.000Z', 50),
    ]);
    expect(await snapshots.dailyStats('dublin|IE', '2026-11')).toEqual([
      { date: '2026-11-01', min_c: 1, max_c: 2, avg_c: 1.5, samples: 2 },
      { date: '2026-11-02', min_c: 3.333, max_c: 3.334, avg_c: 3.33, samples: 3 },
    ]);
    expect(await snapshots.monthStats('dublin|IE', '2026-11')).toEqual({
      min_c: 1,
      max_c: 3.334,
      avg_c: 2.6,
      samples: 5,
    });
  });

  test('lists closed months without a summary; a summary, once saved, is never replaced', async ({ db }) => {
    const snapshots = createSnapshotRepository(db);
    await snapshots.insertSamples([
      sample('2026-09-10T00:00:00.000Z', 1),
      sample('2026-10-10T00:00:00.000Z', 2),
      sample('2026-10-11T00:00:00.000Z', 2, 'tokyo|JP'),
      sample('2026-11-10T00:00:00.000Z', 3), // the current month
    ]);
    const before = '2026-11-01T00:00:00.000Z';
    expect(await snapshots.unsummarisedMonths(before)).toEqual([
      { city_key: 'dublin|IE', month: '2026-09' },
      { city_key: 'dublin|IE', month: '2026-10' },
      { city_key: 'tokyo|JP', month: '2026-10' },
    ]);
    const summary = { city_key: 'dublin|IE', month: '2026-10', min_c: 2, max_c: 2, avg_c: 2, samples: 1, days: [] };
    await snapshots.saveSummary(summary);
    await snapshots.saveSummary({ ...summary, min_c: -99 });
    expect(await snapshots.findSummary('dublin|IE', '2026-10')).toEqual(summary);
    expect(await snapshots.unsummarisedMonths(before)).toEqual([
      { city_key: 'dublin|IE', month: '2026-09' },
      { city_key: 'tokyo|JP', month: '2026-10' },
    ]);
  });

  test('prunes samples strictly before the cutoff, and no summary', async ({ db }) => {
    const snapshots = createSnapshotRepository(db);
    await snapshots.insertSamples([sample('2026-08-01T00:00:00.000Z', 1), sample('2026-08-02T00:00:00.000Z', 2)]);
    await snapshots.saveSummary({
      city_key: 'dublin|IE',
      month: '2026-07',
      min_c: 0,
      max_c: 0,
      avg_c: 0,
      samples: 1,
      days: [],
    });
    expect(await snapshots.pruneSamplesBefore('2026-08-02T00:00:00.000Z')).toBe(1);
    expect(await db.selectFrom('weather_samples').select('recorded_at').execute()).toEqual([
      { recorded_at: '2026-08-02T00:00:00.000Z' },
    ]);
    expect(await snapshots.findSummary('dublin|IE', '2026-07')).toBeDefined();
  });
});

describe('snapshot ticks', () => {
  test('a tick is claimed once: the first caller gets it, every later one is refused', async ({ db }) => {
    const snapshots = createSnapshotRepository(db);
    const tick = '2026-11-27T11:00:00.000Z';
    // Claimed when it fires, not whenever the test runs: a week later, claims of this tick are pruned as they go.
    const now = new Date(tick);
    const both = await Promise.all([snapshots.claimTick(tick, now), snapshots.claimTick(tick, now)]);
    expect(both.sort()).toEqual([false, true]); // on Postgres either may win
    expect(await snapshots.claimTick(tick, now)).toBe(false);
    expect(await snapshots.claimTick('2026-11-27T12:00:00.000Z', now)).toBe(true);
  });

  test('claims older than a week are dropped when a new tick is claimed', async ({ db }) => {
    const snapshots = createSnapshotRepository(db);
    const now = new Date('2026-11-27T11:00:00.000Z');
    await snapshots.claimTick('2026-11-20T10:59:59.999Z', now); // just over a week old
    await snapshots.claimTick('2026-11-20T11:00:00.000Z', now); // exactly a week: kept
    await snapshots.claimTick(now.toISOString(), now);
    const ticks = await db.selectFrom('snapshot_ticks').select('tick').orderBy('tick').execute();
    expect(ticks.map((row) => row.tick)).toEqual(['2026-11-20T11:00:00.000Z', '2026-11-27T11:00:00.000Z']);
  });
});

describe('daily stats, for any samples around a month', () => {
  const DAY_MS = 86_400_000;
  const anyMonth = monthsOfYears(1970, 2100);
  /**
   * A month and samples from two days before it to two days after, at distinct times, in hundredths of a
   * degree as the provider sends them; often crowded into the first days, so days hold several.
   */
  const monthAndSamples = anyMonth.chain((month) => {
    const { from } = monthBounds(month);
    const day = fc.oneof(fc.integer({ min: -1, max: 1 }), fc.integer({ min: -2, max: 32 }));
    const at = fc
      .tuple(day, fc.integer({ min: 0, max: DAY_MS - 1 }))
      .map(([d, ms]) => Date.parse(from) + d * DAY_MS + ms);
    const hundredths = fc.integer({ min: -9000, max: 6000 });
    const points = fc.uniqueArray(fc.tuple(at, hundredths), { maxLength: 40, selector: ([time]) => time });
    return fc.tuple(fc.constant(month), points);
  });

  // Through the real repository and database (SQLite, or Postgres under test:pg): each run on a city of its own.
  test('property: per day min ≤ avg ≤ max, avg the mean to 2 decimals, and the counts add up to the month', async ({
    db,
  }) => {
    const snapshots = createSnapshotRepository(db);
    let run = 0;
    await fc.assert(
      fc.asyncProperty(monthAndSamples, async ([month, points]) => {
        const cityKey = `city ${run++}|XX`;
        const samples = points.map(([time, t]) => sample(new Date(time).toISOString(), t / 100, cityKey));
        await snapshots.insertSamples(samples);
        const { from, to } = monthBounds(month);
        const inMonth = samples.filter((s) => s.recorded_at >= from && s.recorded_at < to);
        const days = await snapshots.dailyStats(cityKey, month);

        expect(days.map((day) => day.date)).toEqual(
          [...new Set(inMonth.map((s) => s.recorded_at.slice(0, 10)))].sort(),
        );
        for (const day of days) {
          const temps = inMonth.filter((s) => s.recorded_at.startsWith(day.date)).map((s) => s.temp_c);
          const mean = temps.reduce((sum, t) => sum + t, 0) / temps.length;
          expect(day.samples).toBe(temps.length);
          expect(day.min_c).toBe(Math.min(...temps));
          expect(day.max_c).toBe(Math.max(...temps));
          expect(day.min_c <= day.avg_c && day.avg_c <= day.max_c).toBe(true);
          expect(Math.abs(day.avg_c - mean)).toBeLessThanOrEqual(0.005 + 1e-9);
        }
        expect(days.reduce((sum, day) => sum + day.samples, 0)).toBe(inMonth.length);
        expect((await snapshots.monthStats(cityKey, month)).samples).toBe(inMonth.length);
      }),
      { numRuns: 25 },
    );
  });
});
