import { createUserRepository } from '../../src/auth/users.ts';
import { cityKey } from '../../src/cities/city-key.ts';
import { createCityRepository, type NewCity } from '../../src/cities/repository.ts';
import type { Database } from '../../src/db/database.ts';
import { describe, expect, test } from '../fixtures.ts';

const DUBLIN: NewCity = { name: 'Dublin', country: 'IE', query: 'dublin' };
const TOKYO: NewCity = { name: 'Tokyo', country: 'JP', query: 'Tokyo' };
const NOW = new Date('2026-11-27T12:00:00Z');

async function addUser(db: Database, githubId: number): Promise<number> {
  const user = await createUserRepository(db).upsertFromGithub({
    githubId,
    login: `u${githubId}`,
    name: null,
    avatarUrl: null,
    location: null,
  });
  return user.id;
}

describe('cityKey', () => {
  test.for<[string, string | null, string]>([
    ['Dublin', 'IE', 'dublin|IE'],
    ['  DUBLIN ', 'ie', 'dublin|IE'],
    ['São Paulo', 'BR', 'são paulo|BR'],
    ['Sa\u0303o Paulo', 'BR', 'são paulo|BR'], // decomposed "ã" is the same city
    ['Atlantis', null, 'atlantis|'],
  ])('"%s", %s → %s', ([name, country, key]) => {
    expect(cityKey(name, country)).toBe(key);
  });

  test('the same name in two countries is two cities', () => {
    expect(cityKey('London', 'GB')).not.toBe(cityKey('London', 'CA'));
  });
});

describe('the cities repository', () => {
  test('adds a city with its key and the time, and lists a user’s cities in the order added', async ({ db }) => {
    const user = await addUser(db, 1);
    const cities = createCityRepository(db);
    const tokyo = await cities.add(user, TOKYO, 20, NOW);
    const dublin = await cities.add(user, DUBLIN, 20, NOW);
    expect(dublin).toEqual({
      ok: true,
      city: {
        id: expect.any(Number),
        user_id: user,
        name: 'Dublin',
        country: 'IE',
        city_key: 'dublin|IE',
        query: 'dublin',
        created_at: '2026-11-27T12:00:00.000Z',
      },
    });
    expect((await cities.listForUser(user)).map((city) => city.name)).toEqual(['Tokyo', 'Dublin']);
    expect(tokyo.ok && dublin.ok && tokyo.city.id < dublin.city.id).toBe(true);
  });

  test('refuses the same city twice for one user, and a city past the limit', async ({ db }) => {
    const user = await addUser(db, 1);
    const cities = createCityRepository(db);
    await cities.add(user, DUBLIN, 2);
    expect(await cities.add(user, { ...DUBLIN, query: 'DUBLIN' }, 2)).toEqual({ ok: false, reason: 'duplicate' });
    await cities.add(user, TOKYO, 2);
    expect(await cities.add(user, { name: 'Paris', country: 'FR', query: 'Paris' }, 2)).toEqual({
      ok: false,
      reason: 'limit',
    });
    // A duplicate of a full list is still a duplicate: the more useful answer.
    expect(await cities.add(user, DUBLIN, 2)).toEqual({ ok: false, reason: 'duplicate' });
    expect(await cities.listForUser(user)).toHaveLength(2);
  });

  test('the database itself refuses a duplicate (user, city) pair', async ({ db }) => {
    const user = await addUser(db, 1);
    const row = { user_id: user, ...DUBLIN, city_key: 'dublin|IE', created_at: NOW.toISOString() };
    await db.insertInto('cities').values(row).execute();
    await expect(db.insertInto('cities').values(row).execute()).rejects.toThrow(/UNIQUE|unique/);
  });

  test('finds and removes only the owner’s city', async ({ db }) => {
    const [owner, other] = [await addUser(db, 1), await addUser(db, 2)];
    const cities = createCityRepository(db);
    const added = await cities.add(owner, DUBLIN, 20);
    if (!added.ok) throw new Error('not added');
    expect(await cities.findForUser(other, added.city.id)).toBeUndefined();
    expect(await cities.remove(other, added.city.id)).toBe(false);
    expect(await cities.findForUser(owner, added.city.id)).toEqual(added.city);
    expect(await cities.remove(owner, added.city.id)).toBe(true);
    expect(await cities.remove(owner, added.city.id)).toBe(false);
  });

  test('a deleted user’s cities go with them', async ({ db }) => {
    const user = await addUser(db, 1);
    await createCityRepository(db).add(user, DUBLIN, 20);
    await db.deleteFrom('users').where('id', '=', user).execute();
    expect(await db.selectFrom('cities').selectAll().execute()).toEqual([]);
  });

  test('distinct cities: each key once, asked for as its first saver typed it', async ({ db }) => {
    const [first, second] = [await addUser(db, 1), await addUser(db, 2)];
    const cities = createCityRepository(db);
    await cities.add(first, DUBLIN, 20);
    await cities.add(second, { ...DUBLIN, query: 'DUBLIN, IE' }, 20);
    await cities.add(second, TOKYO, 20);
    expect(await cities.distinctCities()).toEqual([
      { city_key: 'dublin|IE', name: 'Dublin', country: 'IE', query: 'dublin' },
      { city_key: 'tokyo|JP', name: 'Tokyo', country: 'JP', query: 'Tokyo' },
    ]);
  });
});
