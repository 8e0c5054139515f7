/** The weather_samples and monthly_summaries tables. SQL only; the job decides what to write. */
import { sql } from 'kysely';
import type { Database } from '../db/database.ts';
import type { WeatherSamplesTable } from '../db/schema.ts';
import type { Weather } from '../weather/openweathermap.ts';
import type { DayStats } from './day-stats.ts';
import { monthBounds } from './month.ts';

export type Sample = WeatherSamplesTable;

/** What a sample keeps of a weather lookup: the snapshot job's and the one made when a city is added. */
export function sampleOf(cityKey: string, weather: Weather, recordedAt: Date): Sample {
  return {
    city_key: cityKey,
    recorded_at: recordedAt.toISOString(),
    temp_c: weather.temp_c,
    humidity: weather.humidity,
    description: weather.description,
  };
}

export interface MonthStats {
  min_c: number;
  max_c: number;
  avg_c: number;
  samples: number;
}

export interface MonthlySummary extends MonthStats {
  city_key: string;
  month: string;
  days: DayStats[];
}

// SQLite allows 32766 bound values per statement; 5 columns × 500 rows stays far below.
const INSERT_CHUNK = 500;
/** A tick's claim only matters while instances may still fire for it; a week is far beyond any clock skew. */
const TICK_RETENTION_MS = 7 * 24 * 60 * 60 * 1000;

export function createSnapshotRepository(db: Database) {
  /** min, max, average (2 decimals) and count of a city's temperatures in a month: the day and the month alike. */
  function statsOfMonth(cityKey: string, month: string) {
    const { from, to } = monthBounds(month);
    return db
      .selectFrom('weather_samples')
      .select((eb) => [
        eb.fn.min<number>('temp_c').as('min_c'),
        eb.fn.max<number>('temp_c').as('max_c'),
        sql<number>`round(cast(avg(temp_c) as numeric), 2)`.as('avg_c'),
        eb.fn.countAll<number>().as('samples'),
      ])
      .where('city_key', '=', cityKey)
      .where('recorded_at', '>=', from)
      .where('recorded_at', '<', to);
  }

  return {
    /** Stores samples; one already stored for the same city and time is left as it is. Returns how many were new. */
    async insertSamples(samples: readonly Sample[]): Promise<number> {
      let inserted = 0;
      for (let at = 0; at < samples.length; at += INSERT_CHUNK) {
        const result = await db
          .insertInto('weather_samples')
          .values(samples.slice(at, at + INSERT_CHUNK))
          .onConflict((conflict) => conflict.doNothing())
          .executeTakeFirst();
        inserted += Number(result.numInsertedOrUpdatedRows ?? 0n);
      }
      return inserted;
    },

    /** Per-day min/max/average of a city's samples in a month (UTC days), days without samples left out. */
    async dailyStats(cityKey: string, month: string): Promise<DayStats[]> {
      const date = sql<string>`substr(recorded_at, 1, 10)`;
      return statsOfMonth(cityKey, month).select(date.as('date')).groupBy(date).orderBy(date).execute();
    },

    /** The month as a whole. Only meaningful for a month with samples (else min, max and avg are null). */
    async monthStats(cityKey: string, month: string): Promise<MonthStats> {
      return statsOfMonth(cityKey, month).executeTakeFirstOrThrow();
    },

    /** (city, month) pairs with samples before `before` (ISO) that have no summary yet. */
    async unsummarisedMonths(before: string): Promise<Array<{ city_key: string; month: string }>> {
      const month = sql<string>`substr(weather_samples.recorded_at, 1, 7)`;
      return db
        .selectFrom('weather_samples')
        .select(['city_key', month.as('month')])
        .distinct()
        .where('recorded_at', '<', before)
        .where(({ not, exists, selectFrom }) =>
          not(
            exists(
              selectFrom('monthly_summaries')
                .select(sql`1`.as('one'))
                .whereRef('monthly_summaries.city_key', '=', 'weather_samples.city_key')
                .where('monthly_summaries.month', '=', month),
            ),
          ),
        )
        .orderBy('city_key')
        .orderBy(month)
        .execute();
    },

    /** Stores a summary once: a summary already stored for the month is never overwritten. */
    async saveSummary(summary: MonthlySummary, now = new Date()): Promise<void> {
      const { days, ...stats } = summary;
      await db
        .insertInto('monthly_summaries')
        .values({ ...stats, days: JSON.stringify(days), created_at: now.toISOString() })
        .onConflict((conflict) => conflict.doNothing())
        .execute();
    },

    async findSummary(cityKey: string, month: string): Promise<MonthlySummary | undefined> {
      const row = await db
        .selectFrom('monthly_summaries')
        .select(['city_key', 'month', 'min_c', 'max_c', 'avg_c', 'samples', 'days'])
        .where('city_key', '=', cityKey)
        .where('month', '=', month)
        .executeTakeFirst();
      return row && { ...row, days: JSON.parse(row.days) as DayStats[] };
    },

    /**
     * Claims a scheduled tick (ISO) for this instance: true for the first caller
     * across every instance sharing the database, false for the rest. Claims
     * older than a week are dropped on the way: they can never be claimed again.
     */
    async claimTick(tick: string, now = new Date()): Promise<boolean> {
      await db
        .deleteFrom('snapshot_ticks')
        .where('tick', '<', new Date(now.getTime() - TICK_RETENTION_MS).toISOString())
        .execute();
      const result = await db
        .insertInto('snapshot_ticks')
        .values({ tick, claimed_at: now.toISOString() })
        .onConflict((conflict) => conflict.doNothing())
        .executeTakeFirst();
      return Number(result.numInsertedOrUpdatedRows ?? 0n) === 1;
    },

    /** Deletes samples recorded before `cutoff` (ISO); returns how many. Summaries are untouched. */
    async pruneSamplesBefore(cutoff: string): Promise<number> {
      const result = await db.deleteFrom('weather_samples').where('recorded_at', '<', cutoff).executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}

export type SnapshotRepository = ReturnType<typeof createSnapshotRepository>;
