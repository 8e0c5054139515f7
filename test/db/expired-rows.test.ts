/** The bounded DELETE that housekeeping runs: what it deletes, and that SQLite finds the rows by index. */
import { CompiledQuery, Kysely, SqliteDialect } from 'kysely';
import type { Database } from '../../src/db/database.js';
import { deleteExpiredRows, type ExpiringTable } from '../../src/db/expired-rows.js';
import type { Tables } from '../../src/db/schema.js';
import { describe, expect, test } from '../fixtures.js';

const NOW = new Date('2026-11-27T12:00:00.000Z');

describe('deleteExpiredRows', () => {
  test.for<[ExpiringTable, string]>([
    ['oauth_attempts', 'oauth_attempts_expires_at'],
    ['sessions', 'sessions_expires_at'],
  ])(
    '%s: the expired rows are found through the %s index, not a table scan',
    async ([table, index], { db: _db, workerSqlite }) => {
      // A Kysely over the test's database that records the SQL it runs, to ask SQLite how it would run it.
      const ran: CompiledQuery[] = [];
      const recording = new Kysely<Tables>({
        dialect: new SqliteDialect({ database: workerSqlite as never }),
        log: (event) => void ran.push(event.query),
      });
      await deleteExpiredRows(recording as Database, table, 500, NOW);
      expect(ran).toHaveLength(1);

      const { sql, parameters } = ran[0]!;
      const plan = await recording.executeQuery<{ detail: string }>(
        CompiledQuery.raw(`EXPLAIN QUERY PLAN ${sql}`, [...parameters]),
      );
      const steps = plan.rows.map((row) => row.detail);
      expect(steps).toContainEqual(
        expect.stringMatching(new RegExp(`^SEARCH ${table} USING (COVERING )?INDEX ${index} \\(expires_at<\\?\\)`)),
      );
      expect(steps.filter((step) => step.startsWith('SCAN'))).toEqual([]);
    },
  );
});
