/**
 * Two instances on one database, requests spread between them: nothing
 * correct may depend on which instance answers, and the rules that hold in
 * one process (20 cities, no duplicates, one snapshot run per tick) hold
 * across processes too, decided by the database.
 */
import { sql } from 'kysely';
import { HttpResponse, http } from 'msw';
import { SESSION_COOKIE } from '../../src/auth/session-plugin.ts';
import { createCityRepository } from '../../src/cities/repository.ts';
import { CANNED_CITIES, currentWeatherBody } from '../../src/demo/openweathermap-data.ts';
import { createSnapshotRepository } from '../../src/snapshots/repository.ts';
import { describe, expect, test } from '../fixtures.ts';
import { signInThroughGithub } from '../support/github.ts';
import { OWM_URL } from '../support/openweathermap.ts';
import { signIn } from '../support/sessions.ts';

describe('two instances on one database', () => {
  test('migrated together, they applied each migration once', async ({ instances }) => {
    const [db] = instances.dbs;
    const { rows } = await sql<{ name: string }>`SELECT name FROM kysely_migration ORDER BY name`.execute(db!);
    const names = rows.map((row) => row.name);
    expect(names.length).toBeGreaterThan(2);
    expect(new Set(names).size).toBe(names.length);
  });

  test('a sign-in started on one instance completes on the other', async ({ instances }) => {
    const browser = instances.balancedClient();
    const response = await signInThroughGithub(browser); // /oauth/login on the first, the callback on the second
    expect(response.statusCode).toBe(302);
    expect(browser.cookies.has(SESSION_COOKIE)).toBe(true);
    for (const _ of instances.apps) {
      const me = await browser.get('/api/cities'); // each instance in turn knows the session
      expect(me.statusCode).toBe(200);
    }
  });

  test('24 adds at once across both stop at 20; the other 4 say why', async ({ config, instances, upstream }) => {
    upstream.use(anyCityExists());
    const browser = instances.balancedClient();
    await signIn(instances.dbs[0]!, browser, config.secretKeys, 7, { username: 'ana' });
    const adds = await Promise.all(
      Array.from({ length: 24 }, (_, i) => browser.post('/api/cities', { json: { name: `Town ${i + 1}` } })),
    );
    const statuses = adds.map((response) => response.statusCode);
    expect(statuses.filter((status) => status === 201)).toHaveLength(20);
    const refused = adds.filter((response) => response.statusCode === 409).map((response) => response.json());
    expect(refused).toEqual(Array(4).fill({ error: 'you can save at most 20 cities' }));
    expect((await browser.get('/api/cities')).json()).toHaveLength(20);
  });

  test('the same city added 10 times at once across both: one 201, nine 409', async ({ config, instances }) => {
    const browser = instances.balancedClient();
    await signIn(instances.dbs[0]!, browser, config.secretKeys, 7, { username: 'ana' });
    const adds = await Promise.all(
      Array.from({ length: 10 }, () => browser.post('/api/cities', { json: { name: 'Dublin' } })),
    );
    expect(adds.map((response) => response.statusCode).sort()).toEqual([201, ...Array(9).fill(409)]);
    const refusals = adds.filter((response) => response.statusCode === 409).map((response) => response.json());
    expect(new Set(refusals.map((body) => body.error))).toEqual(new Set(['this city is already saved']));
    expect((await browser.get('/api/cities')).json()).toHaveLength(1);
  });

  test("24 saves at once through both instances' connections: exactly 20 rows, whatever the interleaving", async ({
    config,
    instances,
  }) => {
    await signIn(instances.dbs[0]!, instances.balancedClient(), config.secretKeys, 7);
    const results = await Promise.all(
      Array.from({ length: 24 }, (_, i) =>
        createCityRepository(instances.dbs[i % 2]!).add(
          7,
          { name: `Town ${i}`, country: 'IE', query: `Town ${i}` },
          20,
        ),
      ),
    );
    expect(results.filter((result) => result.ok)).toHaveLength(20);
    expect(results.filter((result) => !result.ok)).toEqual(Array(4).fill({ ok: false, reason: 'limit' }));
    expect(await createCityRepository(instances.dbs[1]!).listForUser(7)).toHaveLength(20);
  });

  test('one city saved 10 times at once through both: one row, nine duplicates', async ({ config, instances }) => {
    await signIn(instances.dbs[0]!, instances.balancedClient(), config.secretKeys, 7);
    const dublin = { name: 'Dublin', country: 'IE', query: 'Dublin' };
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) => createCityRepository(instances.dbs[i % 2]!).add(7, dublin, 20)),
    );
    expect(results.filter((result) => result.ok)).toHaveLength(1);
    expect(results.filter((result) => !result.ok)).toEqual(Array(9).fill({ ok: false, reason: 'duplicate' }));
  });

  test('each claims a snapshot tick through its own connection: one wins', async ({ instances }) => {
    const tick = '2026-11-27T11:00:00.000Z';
    // Claimed when it fires: a week after the tick, each claim would prune the other's as old.
    const claims = await Promise.all(
      instances.dbs.map((db) => createSnapshotRepository(db).claimTick(tick, new Date(tick))),
    );
    expect(claims.sort()).toEqual([false, true]);
  });
});

/** The provider knows every city: it answers with the name asked for (canned Dublin's numbers). */
function anyCityExists() {
  return http.get(OWM_URL, ({ request }) => {
    const name = new URL(request.url).searchParams.get('q') ?? '';
    return HttpResponse.json({ ...currentWeatherBody(CANNED_CITIES[0]!), name });
  });
}
