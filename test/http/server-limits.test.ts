/**
 * How long and how much a client may take (issue 7 §4): the server's timeouts
 * and the body limit. The timeouts' effect on a real connection is tested on
 * the running process, in e2e/server.test.ts; here, what the app is built with,
 * and the body limit through the routes.
 */
import {
  BODY_LIMIT_BYTES,
  HEADERS_TIMEOUT_MS,
  KEEP_ALIVE_TIMEOUT_MS,
  REQUEST_TIMEOUT_MS,
} from '../../src/http/server-limits.ts';
import { describe, expect, test } from '../fixtures.ts';

describe('server timeouts', () => {
  test('a request must arrive whole in 30 s, its headers in 10 s; idle keep-alive ends after 65 s', async ({ app }) => {
    expect([REQUEST_TIMEOUT_MS, HEADERS_TIMEOUT_MS, KEEP_ALIVE_TIMEOUT_MS]).toEqual([30_000, 10_000, 65_000]);
    expect(app.server.requestTimeout).toBe(REQUEST_TIMEOUT_MS);
    expect(app.server.headersTimeout).toBe(HEADERS_TIMEOUT_MS);
    expect(app.server.keepAliveTimeout).toBe(KEEP_ALIVE_TIMEOUT_MS);
    expect(app.initialConfig).toMatchObject({
      requestTimeout: REQUEST_TIMEOUT_MS,
      keepAliveTimeout: KEEP_ALIVE_TIMEOUT_MS,
    });
  });
});

describe('body limit: 64 kB', () => {
  /** A JSON body of exactly `bytes` bytes. */
  const jsonOf = (bytes: number) => {
    const wrapper = JSON.stringify({ name: '' }).length;
    return JSON.stringify({ name: 'x'.repeat(bytes - wrapper) });
  };

  test('is what the app is built with', async ({ app }) => {
    expect(BODY_LIMIT_BYTES).toBe(64 * 1024);
    expect(app.initialConfig.bodyLimit).toBe(BODY_LIMIT_BYTES);
  });

  test('one byte over: 413 with a JSON error, not a 500, and the city is not looked up', async ({
    authenticatedClient,
    upstream,
  }) => {
    const response = await authenticatedClient.post('/api/cities', {
      body: jsonOf(BODY_LIMIT_BYTES + 1),
      headers: { 'content-type': 'application/json' },
    });
    expect(response.statusCode).toBe(413);
    expect(response.json()).toEqual({ error: 'Request body is too large' });
    expect(upstream.sent).toEqual([]);
  });

  test('at the limit the body is read (and this one refused for what it says)', async ({ authenticatedClient }) => {
    const response = await authenticatedClient.post('/api/cities', {
      body: jsonOf(BODY_LIMIT_BYTES),
      headers: { 'content-type': 'application/json' },
    });
    expect(response.statusCode).toBe(400);
  });

  test('a form over the limit from a browser: a friendly 413 page', async ({ authenticatedClient }) => {
    const response = await authenticatedClient.post('/dashboard/cities', {
      form: { name: 'x'.repeat(BODY_LIMIT_BYTES) },
      headers: { accept: 'text/html' },
    });
    expect(response.statusCode).toBe(413);
    expect(response.headers['content-type']).toMatch(/^text\/html/);
    expect(response.body).toContain('Request body is too large');
  });
});
