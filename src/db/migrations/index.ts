import type { Migration } from 'kysely';
import * as m001 from './001_users_and_sessions.js';

/** Every migration, in order. Names sort by their number prefix. */
export const migrations: Record<string, Migration> = {
  '001_users_and_sessions': m001,
};
