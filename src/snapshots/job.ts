/**
 * One snapshot run: record the current weather of every saved city (each
 * distinct city once, a few at a time), summarise the months that have
 * closed, and prune samples past retention. A city whose lookup fails is
 * logged and skipped; the rest are recorded all the same.
 *
 * Lookups go through the same weather service as the routes: a city someone
 * looked at within the TTL costs no provider call, and once the provider's
 * breaker opens the remaining cities are refused at once (logged as skipped)
 * instead of each waiting out a timeout.
 */
import type { CityRepository, DistinctCity } from '../cities/repository.ts';
import type { Weather } from '../weather/openweathermap.ts';
import type { WeatherService } from '../weather/service.ts';
import { monthOf } from './month.ts';
import { mapWithConcurrency } from './pool.ts';
import { type Sample, type SnapshotRepository, sampleOf } from './repository.ts';

export const SAMPLE_RETENTION_DAYS = 90;
/** Upstream requests in flight at once: quick runs without bursting the provider's rate limit. */
export const SNAPSHOT_CONCURRENCY = 4;

const DAY_MS = 24 * 60 * 60 * 1000;

/** The slice of a pino logger (app.log) the job and scheduler write to. */
export interface JobLog {
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
}

export interface SnapshotJobOptions {
  cities: CityRepository;
  snapshots: SnapshotRepository;
  /** The job records current weather only. */
  weather: Pick<WeatherService, 'current'>;
  log: JobLog;
  concurrency?: number;
}

export interface RunReport {
  /** Distinct cities asked for. */
  cities: number;
  recorded: number;
  /** Names of the cities whose lookup failed. */
  failed: string[];
  /** "city_key month" of each summary written. */
  summarised: string[];
  pruned: number;
}

export interface SnapshotJob {
  /**
   * Runs once at `now`. When `signal` aborts (shutdown stopped waiting), the run
   * asks for nothing more and writes nothing more: it rejects with RunAbandoned.
   */
  runOnce(now?: Date, signal?: AbortSignal): Promise<RunReport>;
}

export class RunAbandoned extends Error {
  // Stryker disable next-line StringLiteral: the scheduler logs only the message of the one error of this class
  override name = 'RunAbandoned';
}

export function createSnapshotJob(options: SnapshotJobOptions): SnapshotJob {
  const { cities, snapshots, weather, log, concurrency = SNAPSHOT_CONCURRENCY } = options;

  /**
   * Looks a city up and stores its sample at once: a run killed half-way loses only the cities it had not
   * reached. Once the run is abandoned it asks for nothing more and stores nothing more.
   */
  async function sample(city: DistinctCity, recordedAt: Date, signal?: AbortSignal): Promise<Sample | null> {
    if (signal?.aborted) return null;
    let current: Weather;
    try {
      ({ value: current } = await weather.current(city.query));
    } catch (error) {
      log.warn({ city: city.name, reason: (error as Error).message }, 'snapshot: weather lookup failed, city skipped');
      return null;
    }
    if (signal?.aborted) return null; // the answer came after shutdown stopped waiting: the database may be closing
    const taken = sampleOf(city.city_key, current, recordedAt);
    // A database that fails here fails the run, as it always did: the scheduler logs it and tries at the next tick.
    await snapshots.insertSamples([taken]);
    return taken;
  }

  /** Every (city, month) before the current month that has samples and no summary yet. */
  async function summariseClosedMonths(now: Date, stillWanted: () => void): Promise<string[]> {
    const written: string[] = [];
    for (const { city_key, month } of await snapshots.unsummarisedMonths(`${monthOf(now)}-01T00:00:00.000Z`)) {
      stillWanted();
      const stats = await snapshots.monthStats(city_key, month);
      const days = await snapshots.dailyStats(city_key, month);
      await snapshots.saveSummary({ city_key, month, ...stats, days }, now);
      written.push(`${city_key} ${month}`);
    }
    return written;
  }

  return {
    async runOnce(now = new Date(), signal) {
      const distinct = await cities.distinctCities();
      const samples = await mapWithConcurrency(distinct, concurrency, (city) => sample(city, now, signal));
      // Before each write: once abandoned, the database may be closing, so the run writes nothing more.
      const stillWanted = () => {
        if (signal?.aborted) throw new RunAbandoned('snapshot run abandoned at shutdown: nothing more recorded');
      };
      stillWanted();
      const recorded = samples.filter((s): s is Sample => s !== null);
      // Summarise before pruning, so a month is summarised while its samples are all still there.
      const summarised = await summariseClosedMonths(now, stillWanted);
      stillWanted();
      const pruned = await snapshots.pruneSamplesBefore(
        new Date(now.getTime() - SAMPLE_RETENTION_DAYS * DAY_MS).toISOString(),
      );
      const report: RunReport = {
        cities: distinct.length,
        recorded: recorded.length,
        failed: distinct.filter((_, index) => samples[index] === null).map((city) => city.name),
        summarised,
        pruned,
      };
      log.info({ snapshot: report }, 'snapshot run finished');
      return report;
    },
  };
}
