/**
 * Runs the snapshot job on SNAPSHOT_CRON, in UTC. croner's `protect` skips a
 * tick while the previous run is still going, so runs never overlap. With
 * several instances, each tick is claimed first (`claim`, a row in the shared
 * database): the instance that claims it runs it, the others skip it. Started
 * by start.ts after listen — never by buildApp, which tests build by the hundred.
 * Each run's outcome is counted in skydeck_snapshot_runs_total.
 */
import { Cron } from 'croner';
import type { Metrics, SnapshotOutcome } from '../metrics/metrics.ts';
import { type JobLog, RunAbandoned, type RunReport, type SnapshotJob } from './job.ts';

/** Shutdown waits this long for a run in progress, then abandons it. */
export const STOP_WAIT_MS = 10_000;

export interface SnapshotScheduler {
  /** The next time a run is due, or null when stopped. */
  nextRun(): Date | null;
  /**
   * Stops scheduling and waits for a run in progress, at most STOP_WAIT_MS:
   * then the run is abandoned (it asks and writes nothing more), so the
   * database can be closed after either way.
   */
  stop(): Promise<void>;
}

/** How SNAPSHOT_CRON is read, wherever it is: in UTC, with or without a seconds field. */
const CRON_OPTIONS = { timezone: 'UTC', mode: '5-or-6-parts' } as const;

/** When runs are due on `cron`, without scheduling anything (pages say when the next snapshot is). */
export function snapshotSchedule(cron: string): { nextRunAfter(moment: Date): Date | null } {
  const schedule = new Cron(cron, CRON_OPTIONS);
  return { nextRunAfter: (moment) => schedule.nextRun(moment) };
}

export interface SchedulerOptions {
  cron: string;
  job: SnapshotJob;
  log: JobLog;
  metrics: Pick<Metrics, 'snapshotRuns'>;
  /** Claims a tick (ISO time) across instances; true means this instance runs it. Default: always run. */
  claim?: (tick: string) => Promise<boolean>;
}

export function startSnapshotScheduler(options: SchedulerOptions): SnapshotScheduler {
  const { job, log, metrics, claim = async () => true } = options;
  const abandon = new AbortController();
  let running: Promise<unknown> = Promise.resolve();
  const count = (outcome: SnapshotOutcome) => metrics.snapshotRuns.inc({ outcome });

  /** The tick's report, or undefined when another instance claimed it (that one counts the run). */
  const runTick = async (tick: Date): Promise<RunReport | undefined> => {
    if (!(await claim(tick.toISOString()))) {
      log.info({ tick: tick.toISOString() }, 'snapshot tick run by another instance');
      return undefined;
    }
    return job.runOnce(tick, abandon.signal);
  };

  const run = async () => {
    running = runTick(scheduledTime(cron, new Date())).then(
      (report) => {
        if (report) count(outcomeOf(report));
      },
      (error: unknown) => {
        count('failed');
        if (error instanceof RunAbandoned) log.warn({}, error.message);
        // Not even the database answered: log it and try again at the next tick.
        else log.error({ err: error }, 'snapshot run failed');
      },
    );
    await running;
  };

  const cron = new Cron(
    options.cron,
    {
      ...CRON_OPTIONS,
      protect: () => {
        count('skipped');
        log.warn({ cron: options.cron }, 'snapshot run skipped: the previous run is still going');
      },
    },
    run,
  );

  return {
    nextRun: () => cron.nextRun(),
    async stop() {
      cron.stop();
      let timer: NodeJS.Timeout | undefined;
      const waited = new Promise<'late'>((resolve) => {
        timer = setTimeout(() => resolve('late'), STOP_WAIT_MS);
      });
      const finished = await Promise.race([running.then(() => 'done' as const), waited]);
      clearTimeout(timer);
      if (finished === 'late') {
        abandon.abort();
        log.warn({ waitedMs: STOP_WAIT_MS }, 'snapshot run still going at shutdown: abandoned');
      }
    },
  };
}

/** ok: every city recorded; partial: some; failed: none of several. */
function outcomeOf(report: RunReport): SnapshotOutcome {
  if (report.failed.length === 0) return 'ok';
  return report.recorded > 0 ? 'partial' : 'failed';
}

/**
 * The scheduled time of the tick that fired at `firedAt`: croner fires a few
 * milliseconds after it, at a different moment on each instance, so the
 * scheduled time (the latest match not after now) is what instances agree on.
 */
export function scheduledTime(cron: Cron, firedAt: Date): Date {
  return cron.previousRuns(1, new Date(firedAt.getTime() + 1))[0] ?? firedAt;
}
