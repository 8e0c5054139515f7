/** The users table: who has signed in, as GitHub described them at their last sign-in. */
import type { Selectable } from 'kysely';
import type { Database } from '../db/database.ts';
import type { UsersTable } from '../db/schema.ts';
import type { Units } from '../weather/units.ts';

export type User = Selectable<UsersTable>;

/** The profile fields Skydeck keeps from GitHub's GET /user. */
export interface GithubProfile {
  githubId: number;
  login: string;
  name: string | null;
  avatarUrl: string | null;
  location: string | null;
}

export function createUserRepository(db: Database) {
  return {
    /** Inserts a first-time user or refreshes a returning one's profile; returns the row. */
    async upsertFromGithub(profile: GithubProfile, now = new Date()): Promise<User> {
      const at = now.toISOString();
      const fields = {
        login: profile.login,
        name: profile.name,
        avatar_url: profile.avatarUrl,
        location: profile.location,
        updated_at: at,
      };
      return db
        .insertInto('users')
        .values({ github_id: profile.githubId, created_at: at, ...fields })
        .onConflict((conflict) => conflict.column('github_id').doUpdateSet(fields))
        .returningAll()
        .executeTakeFirstOrThrow();
    },

    async findById(id: number): Promise<User | undefined> {
      return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
    },

    /** Saves the units the user reads the pages in; a sign-in (upsertFromGithub) leaves them as they are. */
    async setUnits(id: number, units: Units, now = new Date()): Promise<void> {
      await db.updateTable('users').set({ units, updated_at: now.toISOString() }).where('id', '=', id).execute();
    },
  };
}

export type UserRepository = ReturnType<typeof createUserRepository>;
