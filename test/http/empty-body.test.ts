/**
 * A request without a body must not care what content type it claims (issue 8,
 * defect 2): many clients send `Content-Type: application/json` on every request.
 */
import { Readable } from 'node:stream';
import { describe, expect, test } from '../fixtures.ts';

const CONTENT_TYPES = [
  'application/json',
  'application/json; charset=utf-8',
  'text/plain',
  'application/xml',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
];
/** Without a Content-Length, and with `Content-Length: 0`: both mean no body. */
const CASES = CONTENT_TYPES.flatMap((type) => [
  [type, {}],
  [type, { 'content-length': '0' }],
]) as Array<[string, Record<string, string>]>;

describe('a bodiless request with a Content-Type', () => {
  test.for(CASES)(
    'DELETE /api/cities/:id with %s → 204, the city removed',
    async ([type, length], { savedCities: { client, cities } }) => {
      const response = await client.delete(`/api/cities/${cities[0]!.id}`, {
        headers: { 'content-type': type, ...length },
      });
      expect(response.statusCode).toBe(204);
      expect((await client.get('/api/cities')).json()).toHaveLength(1);
    },
  );

  test.for(CASES)(
    'POST /logout with %s → 302, signed out',
    async ([type, length], { authenticatedClient, sessionOf }) => {
      const response = await authenticatedClient.post('/logout', { headers: { 'content-type': type, ...length } });
      expect(response.statusCode).toBe(302);
      expect(response.headers.location).toBe('/');
      expect(await sessionOf(authenticatedClient)).toBeUndefined();
    },
  );

  test('the dashboard’s remove form posted empty with a JSON type → 303, removed', async ({
    savedCities: { client, cities },
  }) => {
    const response = await client.post(`/dashboard/cities/${cities[1]!.id}/delete`, {
      headers: { 'content-type': 'application/json' },
    });
    expect(response.statusCode).toBe(303);
    expect((await client.get('/api/cities')).json()).toEqual([expect.objectContaining({ name: 'Dublin' })]);
  });
});

describe('routes that take a body parse it by its type, as before', () => {
  test('a route that does not exist, asked with a JSON type and no body → the 404, not a 500', async ({ client }) => {
    const response = await client.post('/no/such/route', { headers: { 'content-type': 'application/json' } });
    expect(response.statusCode).toBe(404);
    expect(response.json()).toEqual({ error: 'no route for POST /no/such/route' });
  });

  test('a chunked request (no Content-Length) brings a body: parsed as its type says, though the route takes none', async ({
    app,
  }) => {
    // Not the test client: it always sends a Content-Length. A stream is sent as it comes, as a chunked body is.
    const response = await app.inject({
      method: 'POST',
      url: '/no/such/route',
      headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' },
      payload: Readable.from(['{"not json']),
    });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual({ error: expect.stringContaining('JSON') });
  });

  test('a body of a type Skydeck has no parser for → 415', async ({ authenticatedClient }) => {
    const response = await authenticatedClient.post('/api/cities', {
      body: '<name>Oslo</name>',
      headers: { 'content-type': 'application/xml' },
    });
    expect(response.statusCode).toBe(415);
  });

  test('a route that takes a JSON body still refuses an empty one: 400', async ({ authenticatedClient, upstream }) => {
    const response = await authenticatedClient.post('/api/cities', { headers: { 'content-type': 'application/json' } });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual({ error: expect.stringContaining('Body cannot be empty') });
    expect(upstream.sent).toEqual([]);
  });
});
