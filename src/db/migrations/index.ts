import type { Migration } from 'kysely';
import * as m001 from './001_users_and_sessions.ts';
import * as m002 from './002_cities_and_history.ts';
import * as m003 from './003_oauth_attempts_expiry_index.ts';
import * as m004 from './004_user_units.ts';
import * as m005 from './005_snapshot_ticks.ts';

/** Every migration, in order. Names sort by their number prefix. */
export const migrations: Record<string, Migration> = {
  '001_users_and_sessions': m001,
  '002_cities_and_history': m002,
  '003_oauth_attempts_expiry_index': m003,
  '004_user_units': m004,
  '005_snapshot_ticks': m005,
};
