/** The bounded DELETE that housekeeping runs: what it deletes, and that SQLite finds the rows by index. */
import { CompiledQuery } from 'kysely';
import { deleteExpiredRows, type ExpiringTable } from '../../src/db/expired-rows.ts';
import { describe, expect, test, vi } from '../fixtures.ts';
import { onPostgres } from '../support/postgres.ts';

const NOW = new Date('2026-11-27T12:00:00.000Z');

describe('deleteExpiredRows', () => {
  // SQLite's plan is what matters (its calls block the event loop); Postgres's planner scans tiny test tables
  // whatever their indexes, so its plan says nothing here.
  test.skipIf(onPostgres).for<[ExpiringTable, string]>([
    ['oauth_attempts', 'oauth_attempts_expires_at'],
    ['sessions', 'sessions_expires_at'],
  ])('%s: the expired rows are found through the %s index, not a table scan', async ([table, index], { db }) => {
    // Record the SQL it runs, to ask SQLite how it would run it.
    const execute = vi.spyOn(db.getExecutor(), 'executeQuery');
    await deleteExpiredRows(db, table, 500, NOW);
    expect(execute).toHaveBeenCalledTimes(1);

    const { sql, parameters } = execute.mock.calls[0]![0];
    execute.mockRestore();
    const plan = await db.executeQuery<{ detail: string }>(
      CompiledQuery.raw(`EXPLAIN QUERY PLAN ${sql}`, [...parameters]),
    );
    const steps = plan.rows.map((row) => row.detail);
    expect(steps).toContainEqual(
      expect.stringMatching(new RegExp(`^SEARCH ${table} USING (COVERING )?INDEX ${index} \\(expires_at<\\?\\)`)),
    );
    expect(steps.filter((step) => step.startsWith('SCAN'))).toEqual([]);
  });
});
