/**
 * The signed-in fixtures: `loggedInAs` is a new browser per call (its own cookie jar), and
 * `authenticatedClient` is the `client` fixture signed in as TEST_USER.
 */
import type { Response } from 'light-my-request';
import { describe, expect, test } from '../fixtures.ts';
import { TEST_USER } from './users.ts';

const names = (response: Response) => response.json().map((city: { name: string }) => city.name);

describe('signed-in fixtures', () => {
  test('two users signed in with loggedInAs in one test each see only their own cities', async ({ loggedInAs }) => {
    const ana = await loggedInAs(7, { username: 'ana' });
    const ben = await loggedInAs(8, { username: 'ben' });
    expect((await ana.post('/api/cities', { json: { name: 'Dublin' } })).statusCode).toBe(201);
    expect((await ben.post('/api/cities', { json: { name: 'Tokyo' } })).statusCode).toBe(201);
    // Ana again after Ben signed in: her browser still carries her own session.
    expect(names(await ana.get('/api/cities'))).toEqual(['Dublin']);
    expect(names(await ben.get('/api/cities'))).toEqual(['Tokyo']);
    expect((await ana.get('/dashboard')).json()).toMatchObject({ user_id: 7, username: 'ana' });
    expect((await ben.get('/dashboard')).json()).toMatchObject({ user_id: 8, username: 'ben' });
  });

  test('authenticatedClient is the client fixture as TEST_USER; loggedInAs leaves it signed in', async ({
    client,
    authenticatedClient,
    loggedInAs,
  }) => {
    expect(authenticatedClient).toBe(client);
    const other = await loggedInAs(7);
    expect(other).not.toBe(client);
    expect((await client.get('/dashboard')).json()).toMatchObject({ user_id: TEST_USER.id, username: TEST_USER.login });
  });
});
