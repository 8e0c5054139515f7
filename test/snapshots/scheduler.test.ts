/**
 * The scheduler under fake time — the freezegun analogue. Date and the timers
 * are faked (never nextTick/queueMicrotask: fetch and promises need them), the
 * clock is set, and time is advanced to each tick.
 */
import { Cron } from 'croner';
import { http } from 'msw';
import { createUserRepository } from '../../src/auth/users.ts';
import type { Database } from '../../src/db/database.ts';
import { createMetrics } from '../../src/metrics/metrics.ts';
import { createServices } from '../../src/services.ts';
import { createSnapshotJob, RunAbandoned, type RunReport, type SnapshotJob } from '../../src/snapshots/job.ts';
import { createSnapshotRepository } from '../../src/snapshots/repository.ts';
import { STOP_WAIT_MS, scheduledTime, startSnapshotScheduler } from '../../src/snapshots/scheduler.ts';
import { describe, expect, test, vi } from '../fixtures.ts';
import { saveCities } from '../support/cities.ts';
import { eventually } from '../support/eventually.ts';
import { counted } from '../support/metrics.ts';
import { OWM_URL } from '../support/openweathermap.ts';

const MINUTE = 60_000;
const REPORT: RunReport = { cities: 0, recorded: 0, failed: [], summarised: [], pruned: 0 };

/** Runs `body` with Date and timers faked from `start`; real timers come back whatever happens. */
async function atFakeTime(start: string, body: () => Promise<void>): Promise<void> {
  vi.useFakeTimers({ toFake: ['Date', 'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] });
  vi.setSystemTime(new Date(start));
  try {
    await body();
  } finally {
    vi.useRealTimers();
  }
}

function silentLog() {
  return { info: vi.fn(), warn: vi.fn(), error: vi.fn() };
}

/** A job that only records when it was asked to run. */
function recordingJob() {
  const runs: string[] = [];
  const job: SnapshotJob = {
    runOnce: async (now = new Date()) => {
      runs.push(now.toISOString());
      return REPORT;
    },
  };
  return { job, runs };
}

describe('the snapshot scheduler', () => {
  test('runs on the hour, in UTC, by default', async ({ config }) => {
    await atFakeTime('2026-11-27T10:59:30Z', async () => {
      const { job, runs } = recordingJob();
      const metrics = createMetrics();
      const scheduler = startSnapshotScheduler({ metrics, cron: config.snapshotCron, job, log: silentLog() });
      try {
        await vi.advanceTimersByTimeAsync(30_000 - 1);
        expect(runs).toEqual([]);
        await vi.advanceTimersByTimeAsync(1);
        expect(runs).toEqual(['2026-11-27T11:00:00.000Z']);
        expect(await counted(metrics.snapshotRuns, { outcome: 'ok' })).toBe(1);
        // The next hour is 120 of croner's 30-second waits away: ask for it rather than wait through them.
        expect(scheduler.nextRun()?.toISOString()).toBe('2026-11-27T12:00:00.000Z');
      } finally {
        await scheduler.stop();
      }
    });
  });

  // Only bites on a machine whose time zone is not UTC (CI's is): worker threads cannot switch TZ themselves.
  test('reads the expression in UTC, whatever the server time zone', async () => {
    await atFakeTime('2026-11-27T10:59:30Z', async () => {
      const scheduler = startSnapshotScheduler({
        metrics: createMetrics(),
        cron: '0 0 1 * *',
        job: recordingJob().job,
        log: silentLog(),
      });
      try {
        expect(scheduler.nextRun()?.toISOString()).toBe('2026-12-01T00:00:00.000Z');
      } finally {
        await scheduler.stop();
      }
    });
  });

  test('reads six-field expressions with seconds', async () => {
    await atFakeTime('2026-11-27T10:00:05Z', async () => {
      const { job, runs } = recordingJob();
      const scheduler = startSnapshotScheduler({
        metrics: createMetrics(),
        cron: '*/30 * * * * *',
        job,
        log: silentLog(),
      });
      try {
        await vi.advanceTimersByTimeAsync(MINUTE);
        expect(runs).toEqual(['2026-11-27T10:00:30.000Z', '2026-11-27T10:01:00.000Z']);
      } finally {
        await scheduler.stop();
      }
    });
  });

  test('a run still going when the next is due makes that tick skip: runs never overlap', async () => {
    await atFakeTime('2026-11-27T10:59:00Z', async () => {
      let finish = () => {};
      let active = 0;
      let most = 0;
      const starts: string[] = [];
      const job: SnapshotJob = {
        runOnce: async (now = new Date()) => {
          starts.push(now.toISOString());
          most = Math.max(most, ++active);
          await new Promise<void>((resolve) => {
            finish = resolve;
          });
          active--;
          return REPORT;
        },
      };
      const log = silentLog();
      const metrics = createMetrics();
      const scheduler = startSnapshotScheduler({ metrics, cron: '* * * * *', job, log });
      try {
        await vi.advanceTimersByTimeAsync(MINUTE); // 11:00 starts and hangs
        await vi.advanceTimersByTimeAsync(2 * MINUTE); // 11:01 and 11:02 are skipped
        expect(starts).toEqual(['2026-11-27T11:00:00.000Z']);
        expect(await counted(metrics.snapshotRuns, { outcome: 'skipped' })).toBeGreaterThanOrEqual(2);
        expect(log.warn).toHaveBeenCalled();
        expect(log.warn).toHaveBeenCalledWith(
          { cron: '* * * * *' },
          'snapshot run skipped: the previous run is still going',
        );

        finish();
        // Free again: runs resume within the minute (croner retries the missed tick on its 30-second check).
        await vi.advanceTimersByTimeAsync(MINUTE);
        // croner runs the missed 11:02 slot late; the run is told its scheduled time, as every instance agrees on it.
        expect(starts).toEqual(['2026-11-27T11:00:00.000Z', '2026-11-27T11:02:00.000Z']);
        expect(most).toBe(1);
        finish();
      } finally {
        await scheduler.stop();
      }
    });
  });

  test('a run that throws is logged, and the next tick runs as usual', async () => {
    await atFakeTime('2026-11-27T10:59:00Z', async () => {
      const runOnce = vi.fn<SnapshotJob['runOnce']>().mockRejectedValueOnce(new Error('database is locked'));
      runOnce.mockResolvedValue(REPORT);
      const log = silentLog();
      const metrics = createMetrics();
      const scheduler = startSnapshotScheduler({ metrics, cron: '* * * * *', job: { runOnce }, log });
      try {
        await vi.advanceTimersByTimeAsync(2 * MINUTE);
        expect(runOnce).toHaveBeenCalledTimes(2);
        expect(log.error).toHaveBeenCalledWith({ err: expect.any(Error) }, 'snapshot run failed');
        expect(await counted(metrics.snapshotRuns, { outcome: 'failed' })).toBe(1);
        expect(await counted(metrics.snapshotRuns, { outcome: 'ok' })).toBe(1);
      } finally {
        await scheduler.stop();
      }
    });
  });

  test('stop() waits for the run in progress, and nothing runs after it', async () => {
    await atFakeTime('2026-11-27T10:59:00Z', async () => {
      let finish = () => {};
      let finished = false;
      const job: SnapshotJob = {
        runOnce: async () => {
          await new Promise<void>((resolve) => {
            finish = resolve;
          });
          finished = true;
          return REPORT;
        },
      };
      const scheduler = startSnapshotScheduler({ metrics: createMetrics(), cron: '* * * * *', job, log: silentLog() });
      await vi.advanceTimersByTimeAsync(MINUTE);
      let stopped = false;
      const stopping = scheduler.stop().then(() => {
        stopped = true;
      });
      await vi.advanceTimersByTimeAsync(0);
      expect(stopped).toBe(false);
      finish();
      await stopping;
      expect(finished).toBe(true);
      expect(scheduler.nextRun()).toBeNull();
    });
  });

  test.for<[string, Partial<RunReport>, string]>([
    ['every city recorded', { cities: 3, recorded: 3, failed: [] }, 'ok'],
    ['some cities failed', { cities: 3, recorded: 1, failed: ['Oslo', 'Rome'] }, 'partial'],
    ['every city failed', { cities: 2, recorded: 0, failed: ['Oslo', 'Rome'] }, 'failed'],
  ])('a run where %s counts as %s', async ([, report, outcome]) => {
    await atFakeTime('2026-11-27T10:59:30Z', async () => {
      const metrics = createMetrics();
      const job: SnapshotJob = { runOnce: async () => ({ ...REPORT, ...report }) };
      const scheduler = startSnapshotScheduler({ metrics, cron: '* * * * *', job, log: silentLog() });
      try {
        await vi.advanceTimersByTimeAsync(30_000);
        expect(await counted(metrics.snapshotRuns)).toBe(1);
        expect(await counted(metrics.snapshotRuns, { outcome })).toBe(1);
      } finally {
        await scheduler.stop();
      }
    });
  });

  test('stop() waits at most 10 s for a run in progress, then abandons it', async () => {
    await atFakeTime('2026-11-27T10:59:00Z', async () => {
      let signalled: AbortSignal | undefined;
      const job: SnapshotJob = {
        // A run that only ends when told to give up, as the real job does once its lookups come back.
        runOnce: (_now, signal) => {
          signalled = signal;
          return new Promise((_resolve, reject) => {
            signal?.addEventListener('abort', () => reject(new RunAbandoned('abandoned')));
          });
        },
      };
      const log = silentLog();
      const metrics = createMetrics();
      const scheduler = startSnapshotScheduler({ metrics, cron: '* * * * *', job, log });
      await vi.advanceTimersByTimeAsync(MINUTE);
      let stopped = false;
      const stopping = scheduler.stop().then(() => {
        stopped = true;
      });
      await vi.advanceTimersByTimeAsync(STOP_WAIT_MS - 1);
      expect(stopped).toBe(false);
      expect(signalled?.aborted).toBe(false);
      await vi.advanceTimersByTimeAsync(1);
      await stopping;
      expect(signalled?.aborted).toBe(true);
      expect(log.warn).toHaveBeenCalledWith({ waitedMs: 10_000 }, 'snapshot run still going at shutdown: abandoned');
      await vi.advanceTimersByTimeAsync(0);
      expect(await counted(metrics.snapshotRuns, { outcome: 'failed' })).toBe(1);
      expect(log.warn).toHaveBeenCalledWith({}, 'abandoned');
      expect(log.error).not.toHaveBeenCalled();
    });
  });

  test('with the real job: an abandoned run asks for no more cities and stores nothing more', async ({
    config,
    db,
    upstream,
  }) => {
    const user = await createUserRepository(db).upsertFromGithub({
      githubId: 6,
      login: 'bo',
      name: null,
      avatarUrl: null,
      location: null,
    });
    await saveCities(db, user.id, ['Dublin', 'Oslo', 'Paris', 'Tokyo']); // asked in this order (by city key)
    // Oslo's answer is held until the test lets it go; a deadline of a minute keeps it in flight past the 10 s.
    let releaseOslo = () => {};
    const osloHeld = new Promise<void>((resolve) => {
      releaseOslo = resolve;
    });
    let osloAsked = false;
    upstream.use(
      http.get(OWM_URL, async ({ request }) => {
        if (new URL(request.url).searchParams.get('q') === 'Oslo') {
          osloAsked = true;
          await osloHeld;
        }
        return undefined; // then the canned answer
      }),
    );
    const services = createServices({ ...config, weather: { ...config.weather, timeoutMs: 60_000 } }, { db });
    const { cities, snapshots, weather, metrics } = services;
    const job = createSnapshotJob({ cities, snapshots, weather, log: silentLog(), concurrency: 1 });
    const log = silentLog();
    await atFakeTime('2026-11-27T10:59:00Z', async () => {
      const scheduler = startSnapshotScheduler({ metrics, cron: '* * * * *', job, log });
      await vi.advanceTimersByTimeAsync(MINUTE + 1000); // the 11:00 run started
      await eventually(async () => expect(await samplesOf(db, 'dublin|IE')).toHaveLength(1));
      // Stopped only once Oslo is in flight (and held): stopping between Dublin and Oslo would abandon a run that had
      // not asked for Oslo yet, which a loaded machine did once in 50 shuffled runs.
      await eventually(() => expect(osloAsked).toBe(true));
      const stopping = scheduler.stop();
      await vi.advanceTimersByTimeAsync(STOP_WAIT_MS);
      await stopping; // 10 s, and no more: the run is abandoned
      releaseOslo(); // Oslo's answer comes back after the abandonment
      await eventually(() => expect(log.warn).toHaveBeenCalledWith({}, expect.stringContaining('abandoned')));
    });
    expect(upstream.sent.map((request) => new URL(request.url).searchParams.get('q'))).toEqual(['Dublin', 'Oslo']);
    expect(await samplesOf(db, 'oslo|NO')).toEqual([]);
    expect(await counted(metrics.snapshotRuns, { outcome: 'failed' })).toBe(1);
  });

  test('with the real job: samples either side of a month boundary, and the closed month summarised', async ({
    db,
    services,
  }) => {
    const user = await createUserRepository(db).upsertFromGithub({
      githubId: 5,
      login: 'ana',
      name: null,
      avatarUrl: null,
      location: null,
    });
    await saveCities(db, user.id, ['Dublin', 'Tokyo']);
    const { cities, snapshots, weather } = services;
    const job = createSnapshotJob({ cities, snapshots, weather, log: silentLog() });

    const finished: Date[] = [];
    const timed: SnapshotJob = {
      runOnce: async (at) => {
        const report = await job.runOnce(at);
        finished.push(at ?? new Date());
        return report;
      },
    };

    // Every 20 seconds rather than hourly: the same code path, without waiting through croner's 30-second checks.
    await atFakeTime('2026-11-30T23:59:30Z', async () => {
      const scheduler = startSnapshotScheduler({
        metrics: createMetrics(),
        cron: '*/20 * * * * *',
        job: timed,
        log: silentLog(),
      });
      try {
        // One run at a time, each finished before the clock moves on: on Postgres a run's writes take real time,
        // and a run still going at the next tick is skipped (runs never overlap).
        await vi.advanceTimersByTimeAsync(11_000); // 23:59:40
        await eventually(() => expect(finished).toHaveLength(1));
        await vi.advanceTimersByTimeAsync(20_000); // 00:00:00 on Dec 1
        await eventually(() => expect(finished).toHaveLength(2));
      } finally {
        await scheduler.stop();
      }
    });

    expect(await samplesOf(db, 'dublin|IE')).toEqual(['2026-11-30T23:59:40.000Z', '2026-12-01T00:00:00.000Z']);
    expect(await snapshots.findSummary('dublin|IE', '2026-11')).toMatchObject({
      samples: 1,
      days: [{ date: '2026-11-30', min_c: 11.5, max_c: 11.5, avg_c: 11.5, samples: 1 }],
    });
    expect(await snapshots.findSummary('tokyo|JP', '2026-11')).toMatchObject({ samples: 1 });
    expect(await snapshots.findSummary('dublin|IE', '2026-12')).toBeUndefined();
  });
});

async function samplesOf(db: Database, cityKey: string): Promise<string[]> {
  const rows = await db.selectFrom('weather_samples').select('recorded_at').where('city_key', '=', cityKey).execute();
  return rows.map((row) => row.recorded_at).sort();
}

describe('several instances on one database', () => {
  test('two schedulers firing on one tick: the first to claim it runs it, the other skips it', async ({ db }) => {
    const snapshots = createSnapshotRepository(db);
    const claim = (tick: string) => snapshots.claimTick(tick);
    const first = recordingJob();
    const second = recordingJob();
    const log = silentLog();
    await atFakeTime('2026-11-27T10:59:30Z', async () => {
      const schedulers = [
        startSnapshotScheduler({ cron: '0 * * * *', job: first.job, log, claim, metrics: createMetrics() }),
        startSnapshotScheduler({ cron: '0 * * * *', job: second.job, log, claim, metrics: createMetrics() }),
      ];
      try {
        await vi.advanceTimersByTimeAsync(30_000);
        await eventually(() => expect(log.info).toHaveBeenCalledTimes(1));
      } finally {
        await Promise.all(schedulers.map((scheduler) => scheduler.stop()));
      }
    });
    expect([...first.runs, ...second.runs]).toEqual(['2026-11-27T11:00:00.000Z']);
    expect(log.info).toHaveBeenCalledWith(
      { tick: '2026-11-27T11:00:00.000Z' },
      'snapshot tick run by another instance',
    );
  });

  test('the tick is the scheduled time, not the moment croner fired, so instances agree on it', () => {
    const cron = new Cron('0 * * * *', { paused: true, timezone: 'UTC' });
    expect(scheduledTime(cron, new Date('2026-11-27T11:00:00.012Z')).toISOString()).toBe('2026-11-27T11:00:00.000Z');
    expect(scheduledTime(cron, new Date('2026-11-27T11:00:00.000Z')).toISOString()).toBe('2026-11-27T11:00:00.000Z');
    expect(scheduledTime(cron, new Date('2026-11-27T11:29:59.000Z')).toISOString()).toBe('2026-11-27T11:00:00.000Z');
    cron.stop();
  });
});
