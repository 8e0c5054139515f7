/**
 * Housekeeping prunes expired sign-in attempts and sessions off the request
 * path: in batches of a constant size, a bounded number per run, on a timer
 * that does not hold the process open and that stops cleanly.
 */

import { afterEach } from 'vitest';
import { createOAuthAttemptStore } from '../../src/auth/oauth-attempts.ts';
import { createSessionStore } from '../../src/auth/sessions.ts';
import {
  HOUSEKEEPING_INTERVAL_MS,
  MAX_BATCHES_PER_RUN,
  PRUNE_BATCH_SIZE,
  type Prunable,
  pruneExpired,
  startHousekeeping,
} from '../../src/housekeeping/housekeeping.ts';
import { describe, expect, test, vi } from '../fixtures.ts';

const NOW = new Date('2026-11-27T12:00:00.000Z');
const ago = (ms: number) => new Date(NOW.getTime() - ms).toISOString();
const soon = (ms: number) => new Date(NOW.getTime() + ms).toISOString();

/** A table that always has a full batch to delete: a backlog bigger than any run. */
function endlessBacklog(): Prunable & { calls: number[] } {
  const calls: number[] = [];
  return {
    calls,
    pruneExpired: async (limit) => {
      calls.push(limit);
      return limit;
    },
  };
}

/** Lets pending promise callbacks and I/O run (setImmediate is never faked here). */
const settle = () => new Promise((resolve) => setImmediate(resolve));

function silentLog() {
  return { info: vi.fn(), error: vi.fn() };
}

describe('pruneExpired', () => {
  test('deletes every expired attempt and session, PRUNE_BATCH_SIZE rows per statement, and nothing live', async ({
    db,
  }) => {
    const expiredAttempts = 2 * PRUNE_BATCH_SIZE + 34;
    await db
      .insertInto('oauth_attempts')
      .values(
        Array.from({ length: expiredAttempts + 3 }, (_, i) => ({
          id_hash: `attempt-${i}`,
          state: 's',
          code_verifier: 'v',
          expires_at: i < expiredAttempts ? ago(i + 1) : soon(i),
        })),
      )
      .execute();
    await db
      .insertInto('sessions')
      .values(
        ['old', 'older', 'live'].map((name, i) => ({
          token_hash: name,
          user_id: null,
          created_at: ago(60_000),
          expires_at: name === 'live' ? soon(1000) : ago(i + 1),
        })),
      )
      .execute();
    const attempts = createOAuthAttemptStore(db);
    const sessions = createSessionStore(db);
    const attemptBatches = vi.spyOn(attempts, 'pruneExpired');
    const sessionBatches = vi.spyOn(sessions, 'pruneExpired');

    expect(await pruneExpired({ attempts, sessions }, NOW)).toEqual({ attempts: expiredAttempts, sessions: 2 });

    expect(attemptBatches.mock.calls).toEqual([
      [PRUNE_BATCH_SIZE, NOW],
      [PRUNE_BATCH_SIZE, NOW],
      [PRUNE_BATCH_SIZE, NOW],
    ]);
    expect(sessionBatches.mock.calls).toEqual([[PRUNE_BATCH_SIZE, NOW]]);
    const left = await db.selectFrom('oauth_attempts').select('id_hash').orderBy('id_hash').execute();
    expect(left.map((row) => row.id_hash)).toEqual(['attempt-1034', 'attempt-1035', 'attempt-1036']);
    expect(await db.selectFrom('sessions').select('token_hash').execute()).toEqual([{ token_hash: 'live' }]);
  });

  test('a run stops after MAX_BATCHES_PER_RUN batches per table however large the backlog', async () => {
    const attempts = endlessBacklog();
    const sessions = endlessBacklog();
    const pruned = await pruneExpired({ attempts, sessions }, NOW);
    expect(attempts.calls).toEqual(Array(MAX_BATCHES_PER_RUN).fill(PRUNE_BATCH_SIZE));
    expect(sessions.calls).toHaveLength(MAX_BATCHES_PER_RUN);
    const most = MAX_BATCHES_PER_RUN * PRUNE_BATCH_SIZE;
    expect(pruned).toEqual({ attempts: most, sessions: most });
  });

  test('requests get a turn between two batches', async () => {
    const order: string[] = [];
    const table: Prunable = {
      pruneExpired: async (limit) => {
        order.push('batch');
        setImmediate(() => order.push('request')); // what a request arriving during the batch would be
        return order.length < 4 ? limit : 0;
      },
    };
    await pruneExpired({ table }, NOW);
    expect(order).toEqual(['batch', 'request', 'batch', 'request', 'batch']);
  });
});

describe('startHousekeeping', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  test('prunes at start, then every HOUSEKEEPING_INTERVAL_MS, and logs what it deleted', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'Date'], now: NOW });
    const calls: Date[] = [];
    let backlog = 3;
    const table: Prunable = {
      pruneExpired: async (_limit, now) => {
        calls.push(now);
        return backlog;
      },
    };
    const log = silentLog();
    const housekeeping = startHousekeeping({ tables: { table }, log });
    await settle();
    expect(calls).toEqual([NOW]);
    expect(log.info).toHaveBeenCalledWith({ pruned: { table: 3 } }, 'housekeeping: pruned expired rows');

    backlog = 0; // nothing to delete: nothing logged
    await vi.advanceTimersByTimeAsync(HOUSEKEEPING_INTERVAL_MS - 1);
    expect(calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(calls).toEqual([NOW, new Date(NOW.getTime() + HOUSEKEEPING_INTERVAL_MS)]);
    expect(log.info).toHaveBeenCalledTimes(1);

    await housekeeping.stop();
    await vi.advanceTimersByTimeAsync(10 * HOUSEKEEPING_INTERVAL_MS);
    expect(calls).toHaveLength(2);
  });

  test('a run that deleted rows from one table of two is logged, with both counts', async () => {
    const log = silentLog();
    const none: Prunable = { pruneExpired: async () => 0 };
    const some: Prunable = { pruneExpired: async () => 2 };
    const housekeeping = startHousekeeping({ tables: { attempts: none, sessions: some }, log });
    await settle();
    expect(log.info).toHaveBeenCalledWith(
      { pruned: { attempts: 0, sessions: 2 } },
      'housekeeping: pruned expired rows',
    );
    await housekeeping.stop();
  });

  test('its timer does not keep the process alive', async () => {
    const setIntervalSpy = vi.spyOn(globalThis, 'setInterval');
    const housekeeping = startHousekeeping({ tables: {}, log: silentLog() });
    const timer = setIntervalSpy.mock.results[0]?.value as NodeJS.Timeout;
    expect(timer.hasRef()).toBe(false);
    await housekeeping.stop();
  });

  test('a failing run is logged, and the next one tries again', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const table = {
      pruneExpired: vi.fn<Prunable['pruneExpired']>().mockRejectedValueOnce(new Error('disk I/O error')),
    };
    table.pruneExpired.mockResolvedValue(1);
    const log = silentLog();
    const housekeeping = startHousekeeping({ tables: { table }, log });
    await settle();
    expect(log.error).toHaveBeenCalledTimes(1);
    expect(log.error.mock.calls[0]?.[1]).toBe('housekeeping failed; trying again at the next run');
    expect(log.error.mock.calls[0]?.[0]).toEqual({ err: new Error('disk I/O error') });

    await vi.advanceTimersByTimeAsync(HOUSEKEEPING_INTERVAL_MS);
    expect(log.info).toHaveBeenCalledWith({ pruned: { table: 1 } }, 'housekeeping: pruned expired rows');
    await housekeeping.stop();
  });

  test('a run still going when the next is due is not started twice', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    let finish: (count: number) => void = () => {};
    const table = {
      pruneExpired: vi.fn<Prunable['pruneExpired']>(
        () =>
          new Promise((resolve) => {
            finish = resolve;
          }),
      ),
    };
    const housekeeping = startHousekeeping({ tables: { table }, log: silentLog() });
    await vi.advanceTimersByTimeAsync(3 * HOUSEKEEPING_INTERVAL_MS);
    expect(table.pruneExpired).toHaveBeenCalledTimes(1);
    finish(0);
    await housekeeping.stop();
  });

  test('stop() ends a run in progress after its current batch, and waits for it', async () => {
    let stopped: Promise<void> | undefined;
    const backlog = endlessBacklog();
    const table: Prunable = {
      pruneExpired: async (limit, now) => {
        // Shutdown arrives during the second batch.
        if (backlog.calls.length === 1) stopped = housekeeping.stop();
        return backlog.pruneExpired(limit, now);
      },
    };
    const housekeeping = startHousekeeping({ tables: { table }, log: silentLog() });
    await vi.waitFor(() => expect(stopped).toBeDefined());
    await stopped;
    expect(backlog.calls).toHaveLength(2);
  });
});
