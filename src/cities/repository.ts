/** The cities table: each user's saved cities. SQL only; the rules are in service.ts. */
import type { Selectable } from 'kysely';
import type { Database } from '../db/database.ts';
import type { CitiesTable } from '../db/schema.ts';
import { cityKey } from './city-key.ts';

export type City = Selectable<CitiesTable>;

export interface NewCity {
  /** The provider's canonical name. */
  name: string;
  country: string | null;
  /** What the user typed, which the provider resolved to this city. */
  query: string;
}

export type AddCityResult = { ok: true; city: City } | { ok: false; reason: 'duplicate' | 'limit' };

/** One row per distinct city across all users: what a snapshot run fetches. */
export type DistinctCity = Pick<City, 'city_key' | 'name' | 'country' | 'query'>;

export function createCityRepository(db: Database) {
  return {
    /** The user's cities in the order they were added. */
    async listForUser(userId: number): Promise<City[]> {
      return db.selectFrom('cities').selectAll().where('user_id', '=', userId).orderBy('id').execute();
    },

    /** The city, only if it belongs to this user: another user's id looks the same as a missing one. */
    async findForUser(userId: number, id: number): Promise<City | undefined> {
      return db.selectFrom('cities').selectAll().where('id', '=', id).where('user_id', '=', userId).executeTakeFirst();
    },

    /**
     * Saves a city unless the user already has it or already has `limit`. The
     * checks and the insert share a transaction that first takes a write lock
     * on the user's row, so two adds at once — in one process or in several
     * instances — queue up: neither can take the last place or the same city
     * while the other is deciding.
     */
    async add(userId: number, city: NewCity, limit: number, now = new Date()): Promise<AddCityResult> {
      const key = cityKey(city.name, city.country);
      return db.transaction().execute(async (trx) => {
        // A no-op write: on Postgres it row-locks the user until commit; on SQLite it takes the file's write
        // lock before anything is read (a read first could not later upgrade once another process had written).
        await trx
          .updateTable('users')
          .set((eb) => ({ updated_at: eb.ref('updated_at') }))
          .where('id', '=', userId)
          .execute();
        const saved = await trx.selectFrom('cities').select(['city_key']).where('user_id', '=', userId).execute();
        if (saved.some((row) => row.city_key === key)) return { ok: false, reason: 'duplicate' } as const;
        if (saved.length >= limit) return { ok: false, reason: 'limit' } as const;
        const row = await trx
          .insertInto('cities')
          .values({ user_id: userId, ...city, city_key: key, created_at: now.toISOString() })
          .returningAll()
          .executeTakeFirstOrThrow();
        return { ok: true, city: row } as const;
      });
    },

    /** Deletes the user's city; false when there is no such city of theirs. */
    async remove(userId: number, id: number): Promise<boolean> {
      const result = await db
        .deleteFrom('cities')
        .where('id', '=', id)
        .where('user_id', '=', userId)
        .executeTakeFirst();
      return result.numDeletedRows > 0n;
    },

    /** Every saved city once, however many users saved it (the earliest row speaks for the key). */
    async distinctCities(): Promise<DistinctCity[]> {
      return db
        .selectFrom('cities')
        .select(['city_key', 'name', 'country', 'query'])
        .where('id', 'in', (eb) =>
          eb
            .selectFrom('cities')
            .select((s) => s.fn.min<number>('id').as('id'))
            .groupBy('city_key'),
        )
        .orderBy('city_key')
        .execute();
    },
  };
}

export type CityRepository = ReturnType<typeof createCityRepository>;
