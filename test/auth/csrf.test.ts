/**
 * CSRF: a state-changing request carrying the session cookie must come from
 * Skydeck's own origin. POST /logout is the state-changing route at hand: a
 * refused one leaves the session alive, an accepted one ends it.
 */
import { buildApp } from '../../src/app.ts';
import { requestOrigin } from '../../src/auth/csrf.ts';
import { describe, expect, test } from '../fixtures.ts';
import { TestClient } from '../support/client.ts';
import { testConfig } from '../support/config.ts';
import { collectLogs } from '../support/logs.ts';
import { signIn } from '../support/sessions.ts';
import { TEST_USER } from '../support/users.ts';

const OWN = 'http://localhost:3000';

describe('cross-site requests carrying the session cookie', () => {
  test.for<[string, Record<string, string>]>([
    ['neither Origin nor Referer', {}],
    ['a foreign Origin', { origin: 'https://evil.example' }],
    ['Origin "null" (a sandboxed frame)', { origin: 'null' }],
    ['our host on another port', { origin: 'http://localhost:3001' }],
    ['our host over another scheme', { origin: 'https://localhost:3000' }],
    ['a subdomain-lookalike', { origin: 'http://localhost:3000.evil.example' }],
    ['no Origin, a foreign Referer', { referer: 'https://evil.example/page' }],
    ['no Origin, a Referer that is not a URL', { referer: 'not a url' }],
    ['a foreign Origin, even with our Referer', { origin: 'https://evil.example', referer: `${OWN}/dashboard` }],
  ])('%s → 403 JSON, and the session lives on', async ([, headers], { authenticatedClient, sessionOf }) => {
    const response = await authenticatedClient.post('/logout', { origin: null, headers });
    expect(response.statusCode).toBe(403);
    expect(response.json()).toEqual({ error: 'cross-site request refused' });
    expect(await sessionOf(authenticatedClient)).toMatchObject({ userId: TEST_USER.id });
  });

  test.for<[string, Record<string, string>]>([
    ['our Origin', { origin: OWN }],
    ['no Origin, our Referer (older browsers)', { referer: `${OWN}/dashboard?x=1` }],
  ])('%s → allowed', async ([, headers], { authenticatedClient, sessionOf }) => {
    const response = await authenticatedClient.post('/logout', { origin: null, headers });
    expect(response.statusCode).toBe(302);
    expect(await sessionOf(authenticatedClient)).toBeUndefined();
  });

  test.for(['PUT', 'PATCH', 'DELETE'] as const)('%s is checked too', async (method, { authenticatedClient }) => {
    const response = await authenticatedClient.request(method, '/logout', { origin: 'https://evil.example' });
    expect(response.statusCode).toBe(403);
  });

  test('a browser gets a friendly page', async ({ authenticatedClient }) => {
    const response = await authenticatedClient.post('/logout', {
      origin: 'https://evil.example',
      headers: { accept: 'text/html' },
    });
    expect(response.statusCode).toBe(403);
    expect(response.headers['content-type']).toMatch(/^text\/html/);
    expect(response.body).toContain('This form was sent from another site');
  });

  test('a request without the session cookie has nothing to forge: not checked', async ({ client }) => {
    const response = await client.post('/logout', { origin: 'https://evil.example' });
    expect(response.statusCode).toBe(302);
  });

  test('safe methods are not checked', async ({ authenticatedClient }) => {
    const response = await authenticatedClient.get('/dashboard', { headers: { origin: 'https://evil.example' } });
    expect(response.statusCode).toBe(200);
  });
});

describe('the log', () => {
  test('a refused request is logged with the origin it came from', async ({ db, schemaCompilers }) => {
    const logs = collectLogs();
    const config = testConfig({ LOG_LEVEL: 'warn' });
    const app = await buildApp(config, { db, schemaCompilers, logStream: logs });
    try {
      const client = await signIn(db, new TestClient(app, config.publicUrl), config.secretKeys, TEST_USER.id);
      await client.post('/logout', { origin: null, headers: { origin: 'https://evil.example' } });
      expect(logs.lines.find((line) => line.msg === 'cross-site request refused')).toMatchObject({
        level: 40, // warn
        origin: 'https://evil.example',
      });
    } finally {
      await app.close();
    }
  });
});

describe('requestOrigin', () => {
  test.for<[string, Record<string, string>, string | null]>([
    ['Origin wins', { origin: 'https://a.example', referer: 'https://b.example/x' }, 'https://a.example'],
    ["Referer's origin when there is no Origin", { referer: 'https://b.example:8443/x?y#z' }, 'https://b.example:8443'],
    ['null when there is neither', {}, null],
    ['null for a Referer that is not a URL', { referer: '/relative' }, null],
  ])('%s', ([, headers, expected]) => {
    expect(requestOrigin(headers)).toBe(expected);
  });
});
