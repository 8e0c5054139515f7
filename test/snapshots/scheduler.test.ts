/**
 * The scheduler under fake time — the freezegun analogue. Date and the timers
 * are faked (never nextTick/queueMicrotask: fetch and promises need them), the
 * clock is set, and time is advanced to each tick.
 */
import { delay, http } from 'msw';
import { createUserRepository } from '../../src/auth/users.js';
import { createMetrics } from '../../src/metrics/metrics.js';
import { createSnapshotJob, RunAbandoned, type RunReport, type SnapshotJob } from '../../src/snapshots/job.js';
import { STOP_WAIT_MS, startSnapshotScheduler } from '../../src/snapshots/scheduler.js';
import { describe, expect, test, vi } from '../fixtures.js';
import { saveCities } from '../support/cities.js';
import { counted } from '../support/metrics.js';
import { OWM_URL } from '../support/openweathermap.js';

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
        expect(starts.length).toBeGreaterThan(1);
        expect(starts[1]! > '2026-11-27T11:02:00.000Z').toBe(true);
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

  test('with the real job: an abandoned run asks for no more cities and records nothing', async ({
    db,
    services,
    upstream,
  }) => {
    const user = await createUserRepository(db).upsertFromGithub({
      githubId: 6,
      login: 'bo',
      name: null,
      avatarUrl: null,
      location: null,
    });
    await saveCities(db, user.id, ['Dublin', 'Tokyo', 'Paris', 'Oslo', 'Rome', 'Cairo']);
    // Dublin answers; every other city hangs until its lookup's deadline (5 s).
    upstream.use(
      http.get(OWM_URL, async ({ request }) => {
        if (new URL(request.url).searchParams.get('q') === 'Dublin') return undefined;
        await delay('infinite');
      }),
    );
    const { cities, snapshots, weather } = services;
    const job = createSnapshotJob({ cities, snapshots, weather, log: silentLog(), concurrency: 1 });
    await atFakeTime('2026-11-27T10:59:00Z', async () => {
      const scheduler = startSnapshotScheduler({ metrics: services.metrics, cron: '* * * * *', job, log: silentLog() });
      await vi.advanceTimersByTimeAsync(MINUTE + 1000); // the 11:00 run started: Dublin answered, Tokyo hangs
      const stopping = scheduler.stop();
      await vi.advanceTimersByTimeAsync(STOP_WAIT_MS); // Tokyo and Paris time out; Oslo is in flight at 11:00:11
      await stopping;
      expect(upstream.sent).toHaveLength(4);
      await vi.advanceTimersByTimeAsync(60_000); // Oslo times out; Rome and Cairo are never asked
      expect(upstream.sent).toHaveLength(4);
    });
    // Dublin's answer came back, but an abandoned run writes nothing.
    expect(await db.selectFrom('weather_samples').selectAll().execute()).toEqual([]);
    expect(await counted(services.metrics.snapshotRuns, { outcome: 'failed' })).toBe(1);
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

    // Every 20 seconds rather than hourly: the same code path, without waiting through croner's 30-second checks.
    await atFakeTime('2026-11-30T23:59:30Z', async () => {
      const scheduler = startSnapshotScheduler({
        metrics: createMetrics(),
        cron: '*/20 * * * * *',
        job,
        log: silentLog(),
      });
      try {
        await vi.advanceTimersByTimeAsync(31_000); // 23:59:40, then 00:00:00 on Dec 1
      } finally {
        await scheduler.stop();
      }
    });

    const recorded = await db
      .selectFrom('weather_samples')
      .select('recorded_at')
      .where('city_key', '=', 'dublin|IE')
      .execute();
    expect(recorded.map((row) => row.recorded_at).sort()).toEqual([
      '2026-11-30T23:59:40.000Z',
      '2026-12-01T00:00:00.000Z',
    ]);
    expect(await snapshots.findSummary('dublin|IE', '2026-11')).toMatchObject({
      samples: 1,
      days: [{ date: '2026-11-30', min_c: 11.5, max_c: 11.5, avg_c: 11.5, samples: 1 }],
    });
    expect(await snapshots.findSummary('tokyo|JP', '2026-11')).toMatchObject({ samples: 1 });
    expect(await snapshots.findSummary('dublin|IE', '2026-12')).toBeUndefined();
  });
});
