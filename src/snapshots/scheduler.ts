/**
 * Runs the snapshot job on SNAPSHOT_CRON, in UTC. croner's `protect` skips a
 * tick while the previous run is still going, so runs never overlap. With
 * several instances, each tick is claimed first (`claim`, a row in the shared
 * database): the instance that claims it runs it, the others skip it. Started
 * by server.ts after listen — never by buildApp, which tests build by the hundred.
 */
import { Cron } from 'croner';
import type { JobLog, SnapshotJob } from './job.js';

export interface SnapshotScheduler {
  /** The next time a run is due, or null when stopped. */
  nextRun(): Date | null;
  /** Stops scheduling and waits for a run in progress, so the database can be closed after. */
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
  /** Claims a tick (ISO time) across instances; true means this instance runs it. Default: always run. */
  claim?: (tick: string) => Promise<boolean>;
}

export function startSnapshotScheduler(options: SchedulerOptions): SnapshotScheduler {
  const { job, log, claim = async () => true } = options;
  let running: Promise<unknown> = Promise.resolve();

  const runTick = async (tick: Date) => {
    if (!(await claim(tick.toISOString()))) {
      log.info({ tick: tick.toISOString() }, 'snapshot tick run by another instance');
      return;
    }
    await job.runOnce(tick);
  };

  const run = async () => {
    running = runTick(scheduledTime(cron, new Date())).catch((error: unknown) => {
      // Not even the database answered: log it and try again at the next tick.
      log.error({ err: error }, 'snapshot run failed');
    });
    await running;
  };

  const cron = new Cron(
    options.cron,
    {
      ...CRON_OPTIONS,
      protect: () => log.warn({ cron: options.cron }, 'snapshot run skipped: the previous run is still going'),
    },
    run,
  );

  return {
    nextRun: () => cron.nextRun(),
    async stop() {
      cron.stop();
      await running;
    },
  };
}

/**
 * The scheduled time of the tick that fired at `firedAt`: croner fires a few
 * milliseconds after it, at a different moment on each instance, so the
 * scheduled time (the latest match not after now) is what instances agree on.
 */
export function scheduledTime(cron: Cron, firedAt: Date): Date {
  return cron.previousRuns(1, new Date(firedAt.getTime() + 1))[0] ?? firedAt;
}
