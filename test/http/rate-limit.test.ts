/**
 * Clients' limits (issue 7 §4): RATE_LIMIT_PER_MINUTE per client address on
 * the routes that cost work, 429 with Retry-After beyond it.
 *
 * Counters live in the app's memory, and the suite shares one app per worker
 * and config between tests (support/apps.ts): so the default test config turns
 * the limit off, and every test here builds an app of its own (a fresh store).
 */
import type { FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { afterEach } from 'vitest';
import { buildApp } from '../../src/app.ts';
import type { Config } from '../../src/config.ts';
import type { Database } from '../../src/db/database.ts';
import { isLimited } from '../../src/http/rate-limit.ts';
import type { SchemaCompilers } from '../../src/http/schema-compilers.ts';
import { describe, expect, test, vi } from '../fixtures.ts';
import type { RequestOptions, TestClient } from '../support/client.ts';
import { testConfig } from '../support/config.ts';

const LIMIT = 3;
const BROWSER = { accept: 'text/html,application/xhtml+xml' };
const T0 = new Date('2026-11-27T12:00:00.000Z');

/** A fresh app per test: its rate-limit counters start at zero and die with it. */
async function ownApp(
  { config, db, schemaCompilers }: { config: Config; db: Database; schemaCompilers: SchemaCompilers },
  { onCleanup }: { onCleanup: (fn: () => Promise<void>) => void },
): Promise<FastifyInstance> {
  const app = await buildApp(config, { db, schemaCompilers });
  onCleanup(() => app.close());
  return app;
}

/** Spends `times` requests of the budget (none refused), then returns the next answer. */
async function afterSpending(client: TestClient, times: number, url = '/weather?city=Dublin') {
  for (let i = 0; i < times; i++) expect((await client.get(url)).statusCode).toBe(200);
  return client.get(url);
}

afterEach(() => {
  vi.useRealTimers();
});

describe(`RATE_LIMIT_PER_MINUTE=${LIMIT}`, () => {
  test.override('config', () => testConfig({ RATE_LIMIT_PER_MINUTE: String(LIMIT) }));
  test.override('app', ownApp);

  test('beyond the budget: 429 {"error": "too many requests"} with Retry-After, and no upstream call', async ({
    client,
    upstream,
  }) => {
    vi.useFakeTimers({ toFake: ['Date'], now: T0 });
    const remaining: string[] = [];
    // A different city each time, so each allowed lookup is a provider call (the cache would answer a repeat).
    for (const city of ['Dublin', 'Tokyo', 'Paris']) {
      const response = await client.get(`/weather?city=${city}`);
      expect(response.statusCode).toBe(200);
      expect(response.headers['x-ratelimit-limit']).toBe(String(LIMIT));
      expect(response.headers['x-ratelimit-reset']).toBe('60'); // the frozen clock: the whole minute is left
      remaining.push(String(response.headers['x-ratelimit-remaining']));
    }
    expect(remaining).toEqual(['2', '1', '0']);

    const refused = await client.get('/weather?city=Oslo');
    expect(refused.statusCode).toBe(429);
    expect(refused.headers['content-type']).toMatch(/^application\/json/);
    expect(refused.json()).toEqual({ error: 'too many requests' });
    expect(refused.headers['retry-after']).toBe('60');
    expect(upstream.sent).toHaveLength(LIMIT);
  });

  test('Retry-After counts down, and when the minute is over the budget is whole again', async ({ client }) => {
    vi.useFakeTimers({ toFake: ['Date'], now: T0 });
    expect((await afterSpending(client, LIMIT)).statusCode).toBe(429);
    vi.setSystemTime(T0.getTime() + 45_000);
    const later = await client.get('/weather?city=Dublin');
    expect(later.statusCode).toBe(429);
    expect(later.headers['retry-after']).toBe('15');

    vi.setSystemTime(T0.getTime() + 60_000);
    expect((await afterSpending(client, LIMIT)).statusCode).toBe(429);
  });

  test('browsers get a friendly page saying when to come back, with the same status and Retry-After', async ({
    client,
  }) => {
    vi.useFakeTimers({ toFake: ['Date'], now: T0 });
    for (let i = 0; i < LIMIT; i++) await client.get('/?city=Dublin', { headers: BROWSER });
    const refused = await client.get('/?city=Dublin', { headers: BROWSER });
    expect(refused.statusCode).toBe(429);
    expect(refused.headers['content-type']).toMatch(/^text\/html/);
    expect(refused.headers['retry-after']).toBe('60');
    expect(refused.body).toContain('<h1>Slow down a little</h1>');
    expect(refused.body).toContain('Please try again in 60 seconds.');
  });

  test('the page for a refused request is titled "Too many requests · Skydeck"', async ({ client }) => {
    for (let i = 0; i < LIMIT; i++) await client.get('/?city=Dublin', { headers: BROWSER });
    const refused = await client.get('/?city=Dublin', { headers: BROWSER });
    expect(refused.statusCode).toBe(429);
    expect(refused.body.match(/<title>([^<]*)<\/title>/)?.[1]).toBe('Too many requests · Skydeck');
  });

  test.for<[string, 'GET' | 'POST', string, RequestOptions?]>([
    ['GET /weather', 'GET', '/weather?city=Dublin'],
    ['GET /weather without a city (400)', 'GET', '/weather'],
    ['GET /api/cities, signed out (401)', 'GET', '/api/cities'],
    ['POST /api/cities', 'POST', '/api/cities', { json: { name: 'Dublin' } }],
    ['GET /api/cities/:id/history', 'GET', '/api/cities/1/history'],
    ['GET /oauth/login', 'GET', '/oauth/login'],
    ['GET /oauth/callback', 'GET', '/oauth/callback?code=c&state=s'],
    ['GET /?city=', 'GET', '/?city=Dublin'],
    ['GET /?city= (empty)', 'GET', '/?city='],
    ['POST /dashboard/cities', 'POST', '/dashboard/cities', { form: { name: 'Dublin' } }],
    ['POST /dashboard/cities/:id/delete', 'POST', '/dashboard/cities/1/delete', { form: {} }],
  ])('%s is limited', async ([, method, url, options], { client }) => {
    const statuses: number[] = [];
    for (let i = 0; i <= LIMIT; i++) statuses.push((await client.request(method, url, options)).statusCode);
    expect(statuses.slice(0, LIMIT)).not.toContain(429);
    expect(statuses[LIMIT]).toBe(429);
  });

  test('the limited routes share one budget per client', async ({ client }) => {
    expect((await client.get('/weather?city=Dublin')).statusCode).toBe(200);
    expect((await client.get('/oauth/login')).statusCode).toBe(302);
    expect((await client.get('/api/cities')).statusCode).toBe(401);
    expect((await client.get('/?city=Tokyo')).statusCode).toBe(429);
  });

  test('/healthz, /static/*, /metrics and the plain pages are never limited, and spend nothing', async ({ client }) => {
    const free = ['/healthz', '/static/app.css', '/static/favicon.svg', '/metrics', '/', '/login', '/no-such-page'];
    const answers = async () => Promise.all(free.map(async (url) => (await client.get(url)).statusCode));
    for (let i = 0; i < 2 * LIMIT; i++) expect(await answers()).not.toContain(429);
    expect((await afterSpending(client, LIMIT)).statusCode).toBe(429); // the whole budget was still there

    const statuses = await answers();
    expect(statuses).not.toContain(429);
    expect(statuses.slice(0, 3)).toEqual([200, 200, 200]);
  });

  test('each client address has its own budget', async ({ app }) => {
    const from = (remoteAddress: string) => app.inject({ url: '/weather?city=Dublin', remoteAddress });
    for (let i = 0; i < LIMIT; i++) await from('198.51.100.7');
    expect((await from('198.51.100.7')).statusCode).toBe(429);
    expect((await from('198.51.100.8')).statusCode).toBe(200);
  });
});

describe('TRUST_PROXY: whose X-Forwarded-For names the client', () => {
  test.override('app', ownApp);
  const PROXY = '10.0.0.1';

  /** Two people behind the same proxy, each sending LIMIT requests: does the second get through? */
  async function secondPersonBehindProxy(app: FastifyInstance, via = PROXY): Promise<number> {
    const ask = (client: string) =>
      app.inject({ url: '/weather?city=Dublin', remoteAddress: via, headers: { 'x-forwarded-for': client } });
    for (let i = 0; i < LIMIT; i++) await ask('203.0.113.1');
    return (await ask('203.0.113.2')).statusCode;
  }

  describe('off (the default)', () => {
    test.override('config', () => testConfig({ RATE_LIMIT_PER_MINUTE: String(LIMIT) }));

    test('the header is ignored: every request from the proxy is one client, so anyone can not dodge by it', async ({
      app,
    }) => {
      expect(await secondPersonBehindProxy(app)).toBe(429);
    });
  });

  describe('naming the proxy', () => {
    test.override('config', () => testConfig({ RATE_LIMIT_PER_MINUTE: String(LIMIT), TRUST_PROXY: PROXY }));

    test('the address the proxy forwards is the client: people behind one proxy have their own budgets', async ({
      app,
    }) => {
      expect(await secondPersonBehindProxy(app)).toBe(200);
    });

    test('a client that is not the proxy cannot forge the header', async ({ app }) => {
      expect(await secondPersonBehindProxy(app, '198.51.100.9')).toBe(429);
    });
  });

  describe('true', () => {
    test.override('config', () => testConfig({ RATE_LIMIT_PER_MINUTE: String(LIMIT), TRUST_PROXY: 'true' }));

    test('every hop is believed: the left-most forwarded address is the client', async ({ app }) => {
      expect(await secondPersonBehindProxy(app)).toBe(200);
    });
  });
});

describe('RATE_LIMIT_PER_MINUTE=0', () => {
  // The default test config: the worker's shared app, as every other route test uses it.
  test('turns the limit off: no refusals and no rate-limit headers', async ({ client, config }) => {
    expect(config.rateLimitPerMinute).toBe(0);
    for (let i = 0; i < 20; i++) {
      const response = await client.get('/weather?city=Dublin');
      expect(response.statusCode).toBe(200);
      expect(response.headers['x-ratelimit-limit']).toBeUndefined();
    }
  });
});

describe('the counters store is pluggable (Redis in the scale-out issue)', () => {
  test.override('config', () => testConfig({ RATE_LIMIT_PER_MINUTE: String(LIMIT) }));

  /** A store in the shape @fastify/rate-limit asks for, whose instances share their counts, as Redis would. */
  function sharedStore(fail = false): FastifyRateLimitStoreCtor {
    const counts = new Map<string, number>();
    return class {
      incr(key: string, callback: (error: Error | null, result?: { current: number; ttl: number }) => void) {
        if (fail) return callback(new Error('connection refused'));
        const current = (counts.get(key) ?? 0) + 1;
        counts.set(key, current);
        callback(null, { current, ttl: 60_000 });
      }
      child() {
        return this;
      }
    };
  }

  test('two apps over one store share one budget per client', async ({ config, db, schemaCompilers }) => {
    const store = sharedStore();
    const apps = await Promise.all(
      [1, 2].map(() => buildApp(config, { db, schemaCompilers, rateLimitStore: { store } })),
    );
    try {
      const statuses: number[] = [];
      for (let i = 0; i <= LIMIT; i++) {
        statuses.push((await apps[i % 2]!.inject({ url: '/weather?city=Dublin' })).statusCode);
      }
      expect(statuses).toEqual([200, 200, 200, 429]);
    } finally {
      await Promise.all(apps.map((app) => app.close()));
    }
  });

  test('a store that fails lets requests through rather than failing them', async ({ config, db, schemaCompilers }) => {
    const app = await buildApp(config, { db, schemaCompilers, rateLimitStore: { store: sharedStore(true) } });
    try {
      for (let i = 0; i <= LIMIT; i++) {
        expect((await app.inject({ url: '/weather?city=Dublin' })).statusCode).toBe(200);
      }
    } finally {
      await app.close();
    }
  });
});

describe('which requests count against the budget', () => {
  /** What isLimited reads of a request: the route that answers it, the method and the query. */
  const request = (route: string | undefined, method = 'GET', query: object = {}) =>
    ({ routeOptions: { url: route }, method, query }) as unknown as FastifyRequest;

  test.for<[string, boolean, FastifyRequest]>([
    ['GET /weather', true, request('/weather')],
    ['GET /weather/:city (any route under /weather/)', true, request('/weather/:city')],
    ['GET /api/cities', true, request('/api/cities')],
    ['GET /oauth/login', true, request('/oauth/login')],
    ['the home page with ?city=', true, request('/', 'GET', { city: 'Dublin' })],
    ['the home page without ?city=', false, request('/', 'GET', {})],
    ['a dashboard form (POST /dashboard/cities)', true, request('/dashboard/cities', 'POST')],
    ['a dashboard page (GET /dashboard/cities)', false, request('/dashboard/cities', 'GET', { city: 'Dublin' })],
    ['GET /dashboard', false, request('/dashboard', 'POST')],
    ['a route with /api/ further in (/docs/api/x)', false, request('/docs/api/x')],
    ['a route with /weather/ further in (/static/weather/x)', false, request('/static/weather/x')],
    ['no route at all (a 404)', false, request(undefined, 'POST', { city: 'x' })],
  ])('%s counts: %s', ([, limited, req]) => {
    expect(isLimited(req)).toBe(limited);
  });
});
