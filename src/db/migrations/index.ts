import type { Migration } from 'kysely';

/** Every migration, in order. Names sort by their number prefix. */
export const migrations: Record<string, Migration> = {};
