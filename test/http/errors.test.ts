/**
 * Errors in both forms: browsers (Accept: text/html) get a friendly page, API
 * clients keep the JSON bodies (test/http/app.test.ts pins those).
 */
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app.ts';
import { describe, expect, test } from '../fixtures.ts';
import { TestClient } from '../support/client.ts';
import { testConfig } from '../support/config.ts';
import { collectLogs } from '../support/logs.ts';
import { TEST_USER } from '../support/users.ts';

const BROWSER = { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' };

/** An app with routes that fail on purpose; one per test that needs them. */
async function failingApp(deps: Parameters<typeof buildApp>[1]): Promise<FastifyInstance> {
  const app = await buildApp(testConfig({ LOG_LEVEL: 'error' }), deps);
  // Test-only routes, so not part of the documented API (test/support/openapi.ts checks documented ones).
  app.get('/boom', { schema: { hide: true } }, async () => {
    throw new Error('database password is hunter2');
  });
  app.get('/teapot', { schema: { hide: true } }, async () => {
    throw Object.assign(new Error('<b>short</b> & stout'), { statusCode: 418 });
  });
  app.get('/redirect-status', { schema: { hide: true } }, async () => {
    throw Object.assign(new Error('moved'), { statusCode: 302 });
  });
  app.get(
    '/either',
    {
      schema: {
        hide: true,
        querystring: { type: 'object', properties: { n: { anyOf: [{ type: 'integer' }, { type: 'boolean' }] } } },
      },
    },
    async () => 'ok',
  );
  return app;
}

describe('unknown routes', () => {
  test('a browser gets an HTML 404 page naming the path, escaped', async ({ client }) => {
    const response = await client.get('/no/<such>/page?x=1', { headers: BROWSER });
    expect(response.statusCode).toBe(404);
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(response.body).toContain('<h1>Page not found</h1>');
    expect(response.body).toContain('<code>/no/&lt;such&gt;/page</code>');
    expect(response.body).not.toContain('<such>');
    expect(response.body).toContain('<a href="/">Go to the home page</a>');
  });

  test('a percent-escaped path is shown decoded', async ({ client }) => {
    const response = await client.get('/caf%C3%A9', { headers: BROWSER });
    expect(response.body).toContain('<code>/café</code>');
  });

  // Fastify refuses a malformed URL before routing, skipping the error handler unless frameworkErrors is set.
  test('a malformed percent-escape is a 400 page for browsers and our JSON shape for clients', async ({ client }) => {
    const browser = await client.get('/bad%E0%A4%A', { headers: BROWSER });
    expect(browser.statusCode).toBe(400);
    expect(browser.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(browser.body).toContain('is not a valid url component');
    const api = await client.get('/bad%E0%A4%A');
    expect(api.statusCode).toBe(400);
    expect(api.json()).toEqual({ error: "'/bad%E0%A4%A' is not a valid url component" });
  });

  test('the 404 page keeps the signed-in header', async ({ authenticatedClient }) => {
    const response = await authenticatedClient.get('/nowhere', { headers: BROWSER });
    expect(response.statusCode).toBe(404);
    expect(response.body).toContain(`<a href="/dashboard">${TEST_USER.login}</a>`);
    expect(response.body).toContain('Sign out');
  });

  test.for<[string, string]>([
    ['JSON', 'application/json'],
    ['anything (curl)', '*/*'],
    ['no Accept at all', ''],
  ])('a client accepting %s keeps the JSON 404', async ([, accept], { client }) => {
    const response = await client.get('/nowhere', { headers: accept ? { accept } : {} });
    expect(response.statusCode).toBe(404);
    expect(response.json()).toEqual({ error: 'no route for GET /nowhere' });
  });
});

describe('thrown errors', () => {
  test('5xx: a browser gets a friendly page without internals; the log keeps them', async ({ db, schemaCompilers }) => {
    const logs = collectLogs();
    const app = await failingApp({ db, schemaCompilers, logStream: logs });
    const response = await new TestClient(app, 'http://localhost:3000').get('/boom', { headers: BROWSER });
    await app.close();
    expect(response.statusCode).toBe(500);
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(response.body).toContain('<h1>Something went wrong</h1>');
    expect(response.body).not.toContain('hunter2');
    expect(response.body).not.toContain('Error:');
    expect(logs.lines.find((line) => line.msg === 'request failed')).toMatchObject({
      err: { message: 'database password is hunter2' },
    });
  });

  test.for<[string, string]>([
    ['/boom', 'Something went wrong · Skydeck'],
    ['/teapot', 'Bad request · Skydeck'],
  ])('the page for a thrown error at %s is titled "%s"', async ([url, title], { db, schemaCompilers }) => {
    const app = await failingApp({ db, schemaCompilers });
    const response = await new TestClient(app, 'http://localhost:3000').get(url, { headers: BROWSER });
    await app.close();
    expect(response.body.match(/<title>([^<]*)<\/title>/)?.[1]).toBe(title);
  });

  test('4xx: a browser sees the message, escaped, with the status', async ({ db, schemaCompilers }) => {
    const app = await failingApp({ db, schemaCompilers });
    const browser = await new TestClient(app, 'http://localhost:3000').get('/teapot', { headers: BROWSER });
    const api = await app.inject({ url: '/teapot' });
    await app.close();
    expect(browser.statusCode).toBe(418);
    expect(browser.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(browser.body).toContain('<p class="error">&lt;b&gt;short&lt;/b&gt; &amp; stout</p>');
    expect(browser.body).toContain('Error 418.');
    expect(api.statusCode).toBe(418);
    expect(api.json()).toEqual({ error: '<b>short</b> & stout' });
  });

  test('a schema validation error on a page request is a 400 page explaining it', async ({ client }) => {
    const response = await client.get('/weather?city=Dublin&city=Paris', { headers: BROWSER });
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(response.body).toContain('invalid querystring: city must be string');
  });

  test('an error carrying a status below 400 is answered as a 500, not with that status', async ({
    db,
    schemaCompilers,
  }) => {
    const app = await failingApp({ db, schemaCompilers, logStream: collectLogs() });
    const response = await app.inject({ url: '/redirect-status' });
    await app.close();
    expect(response.statusCode).toBe(500);
    expect(response.json()).toEqual({ error: 'internal server error' });
  });
});

describe('validation messages', () => {
  test('a problem with a field names the field and the problem, nothing more', async ({ client }) => {
    const response = await client.get('/api/weather?city=Dublin&city=Paris');
    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual({ error: 'invalid querystring: city must be string' });
  });

  test('a problem with the whole body starts with the problem, not a blank field name', async ({
    authenticatedClient,
  }) => {
    const response = await authenticatedClient.post('/api/cities', { json: ['Dublin'] });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual({ error: 'invalid body: must be object' });
  });

  test('several problems are listed, separated by semicolons', async ({ db, schemaCompilers }) => {
    const app = await failingApp({ db, schemaCompilers });
    const response = await app.inject({ url: '/either?n=x' });
    await app.close();
    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual({
      error: 'invalid querystring: n must be integer; n must be boolean; n must match a schema in anyOf',
    });
  });
});
