import { buildApp } from '../../src/app.ts';
import { describe, expect, test } from '../fixtures.ts';
import { TestClient } from '../support/client.ts';
import { testConfig } from '../support/config.ts';
import { collectLogs } from '../support/logs.ts';
import { openWeatherMap } from '../support/openweathermap.ts';
import { signIn } from '../support/sessions.ts';
import { TEST_USER } from '../support/users.ts';

describe('the app shell', () => {
  test('GET /healthz → 200 {"status":"ok"}', async ({ client }) => {
    const response = await client.get('/healthz');
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'ok' });
  });

  test('an unknown route → 404 with a JSON body', async ({ client }) => {
    const response = await client.get('/no/such/page?x=1');
    expect(response.statusCode).toBe(404);
    expect(response.headers['content-type']).toContain('application/json');
    expect(response.json()).toEqual({ error: 'no route for GET /no/such/page' });
  });

  test('a thrown error → 500 JSON without internals, and the error is logged', async ({ db, schemaCompilers }) => {
    const logs = collectLogs();
    const app = await buildApp(testConfig({ LOG_LEVEL: 'error' }), { db, schemaCompilers, logStream: logs });
    app.get('/boom', async () => {
      throw new Error('database password is hunter2');
    });
    const response = await app.inject({ url: '/boom' });
    await app.close();
    expect(response.statusCode).toBe(500);
    expect(response.json()).toEqual({ error: 'internal server error' });
    expect(response.body).not.toContain('hunter2');
    expect(logs.lines.find((line) => line.msg === 'request failed')).toMatchObject({
      err: { message: 'database password is hunter2' },
    });
  });

  test('built as the server builds it (its own schema compilers): a JSON body is not coerced', async ({
    db,
    config,
  }) => {
    const app = await buildApp(config, { db });
    try {
      const client = await signIn(db, new TestClient(app, config.publicUrl), config.secretKeys, TEST_USER.id);
      const response = await client.post('/api/cities', { json: { name: 5 } });
      expect(response.statusCode).toBe(400); // not a city called "5"
    } finally {
      await app.close();
    }
  });

  test('a malformed JSON body → 400 with a JSON error', async ({ authenticatedClient }) => {
    const response = await authenticatedClient.post('/api/cities', {
      body: '{"oops":',
      headers: { 'content-type': 'application/json' },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual({ error: expect.stringContaining('JSON') });
  });
});

describe('logs', () => {
  test('one line per request with method, path, status and time', async ({ db, schemaCompilers }) => {
    const logs = collectLogs();
    const app = await buildApp(testConfig({ LOG_LEVEL: 'info' }), { db, schemaCompilers, logStream: logs });
    await app.inject({ url: '/healthz' });
    await app.close();
    const requestLines = logs.lines.filter((line) => line.msg === 'request');
    expect(requestLines).toEqual([expect.objectContaining({ method: 'GET', url: '/healthz', status: 200 })]);
    expect(requestLines[0]!.ms).toEqual(expect.any(Number));
    expect(logs.lines.filter((line) => String(line.msg).includes('incoming request'))).toEqual([]);
  });

  test('the API key never reaches the log, even when upstream fails', async ({ db, schemaCompilers, upstream }) => {
    const logs = collectLogs();
    const app = await buildApp(testConfig({ LOG_LEVEL: 'trace', WEATHER_API_KEY: 'sk_live_supersecret' }), {
      db,
      schemaCompilers,
      logStream: logs,
    });
    upstream.use(openWeatherMap.text('not json'));
    const response = await app.inject({ url: '/weather?city=Dublin' });
    await app.close();
    expect(response.statusCode).toBe(503);
    expect(logs.text()).toContain('weather lookup failed');
    expect(logs.text()).toContain('appid=[redacted]');
    expect(logs.text()).not.toContain('sk_live_supersecret');
  });

  test('the request line masks client_secret, access_token and code in the URL, and keeps the rest', async ({
    db,
    schemaCompilers,
  }) => {
    const logs = collectLogs();
    const app = await buildApp(testConfig({ LOG_LEVEL: 'info' }), { db, schemaCompilers, logStream: logs });
    await app.inject({ url: '/nowhere?client_secret=cs_leak1&access_token=gho_leak2&code=code_leak3&page=2' });
    await app.close();
    const line = logs.lines.find((entry) => entry.msg === 'request');
    expect(line?.url).toBe('/nowhere?client_secret=[redacted]&access_token=[redacted]&code=[redacted]&page=2');
    for (const secret of ['cs_leak1', 'gho_leak2', 'code_leak3']) expect(logs.text()).not.toContain(secret);
  });

  test('cookies and authorization headers are redacted if a request is ever logged whole', async ({
    db,
    schemaCompilers,
  }) => {
    const logs = collectLogs();
    const app = await buildApp(testConfig({ LOG_LEVEL: 'info' }), { db, schemaCompilers, logStream: logs });
    app.get('/debug', async (request) => {
      request.log.info({ headers: request.headers }, 'debug'); // under req, Fastify's serializer would drop them
      return {};
    });
    await app.inject({ url: '/debug', headers: { cookie: 'skydeck_session=tok', authorization: 'Bearer gho_x' } });
    await app.close();
    expect(logs.text()).not.toContain('skydeck_session=tok');
    expect(logs.text()).not.toContain('gho_x');
  });
});

describe('buildApp defaults', () => {
  test('with only a database it compiles its own schemas and uses the global fetch', async ({ db, upstream }) => {
    const app = await buildApp(testConfig(), { db });
    const response = await app.inject({ url: '/weather?city=Paris' });
    await app.close();
    expect(response.json()).toMatchObject({ city: 'Paris' });
    expect(upstream.sent).toHaveLength(1);
  });

  test('logs go to stdout when no stream is given', async ({ db }) => {
    const app = await buildApp(testConfig({ LOG_LEVEL: 'fatal' }), { db });
    expect(app.log.level).toBe('fatal');
    await app.close();
  });
});
