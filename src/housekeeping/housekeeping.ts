/**
 * Housekeeping: deletes expired sign-in attempts and sessions, off the request
 * path (a flood of /oauth/login once made every request pay for the DELETE).
 * Started by start.ts after listen, never by buildApp; its timer does not keep
 * the process alive, and stop() ends a run between two batches.
 */
import { setImmediate as nextTurn } from 'node:timers/promises';

/** Rows per DELETE: one statement holds the event loop for a millisecond or so, not for the whole backlog. */
export const PRUNE_BATCH_SIZE = 500;
/** Batches per table per run (50,000 rows): a larger backlog waits for the next run. */
export const MAX_BATCHES_PER_RUN = 100;
/** Attempts live 10 minutes and sessions 30 days: once a minute keeps both tables small. */
export const HOUSEKEEPING_INTERVAL_MS = 60_000;

export interface Prunable {
  /** Deletes at most `limit` expired rows; returns how many. */
  pruneExpired(limit: number, now: Date): Promise<number>;
}

export interface HousekeepingLog {
  info(details: object, message: string): void;
  error(details: object, message: string): void;
}

export interface Housekeeping {
  /** Starts no new run and waits for the one in progress, which stops after its current batch. */
  stop(): Promise<void>;
}

/** Prunes each table in batches of PRUNE_BATCH_SIZE, at most MAX_BATCHES_PER_RUN each; returns the counts. */
export async function pruneExpired(
  tables: Record<string, Prunable>,
  now: Date,
  stopped?: () => boolean,
): Promise<Record<string, number>> {
  const pruned: Record<string, number> = {};
  for (const [name, table] of Object.entries(tables)) {
    let total = 0;
    for (let batch = 0; batch < MAX_BATCHES_PER_RUN && !stopped?.(); batch++) {
      const deleted = await table.pruneExpired(PRUNE_BATCH_SIZE, now);
      total += deleted;
      if (deleted < PRUNE_BATCH_SIZE) break;
      await nextTurn(); // requests that arrived during the batch go first
    }
    pruned[name] = total;
  }
  return pruned;
}

/** Runs pruneExpired now and then every `intervalMs`; a run still going when the next is due is not doubled. */
export function startHousekeeping(options: {
  tables: Record<string, Prunable>;
  log: HousekeepingLog;
  intervalMs?: number;
}): Housekeeping {
  const { tables, log } = options;
  let stopping = false;
  let running: Promise<void> | undefined;

  const tick = () => {
    if (running || stopping) return;
    running = pruneExpired(tables, new Date(), () => stopping)
      .then((pruned) => {
        if (Object.values(pruned).some((count) => count > 0)) log.info({ pruned }, 'housekeeping: pruned expired rows');
      })
      .catch((error: unknown) => log.error({ err: error }, 'housekeeping failed; trying again at the next run'))
      .finally(() => {
        running = undefined;
      });
  };

  const timer = setInterval(tick, options.intervalMs ?? HOUSEKEEPING_INTERVAL_MS);
  timer.unref();
  tick();

  return {
    async stop() {
      stopping = true;
      clearInterval(timer);
      await running;
    },
  };
}
