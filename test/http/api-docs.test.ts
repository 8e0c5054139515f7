/**
 * The API, documented: GET /openapi.json is valid OpenAPI 3.1 and describes
 * every JSON route the app serves, each status of each operation is produced
 * here by a real request and checked against the document (TestClient checks
 * every response, see test/support/openapi.ts). GET /docs, the page that renders it: docs-page.test.ts.
 */
import { readFileSync } from 'node:fs';
import { Validator } from '@seriousme/openapi-schema-validator';
import type { Response as InjectResponse } from 'light-my-request';
import { buildApp } from '../../src/app.ts';
import { SESSION_COOKIE } from '../../src/auth/session-plugin.ts';
import type { Config } from '../../src/config.ts';
import { databaseOver } from '../../src/db/database.ts';
import { isLimited } from '../../src/http/rate-limit.ts';
import { describe, expect, test } from '../fixtures.ts';
import { saveCities } from '../support/cities.ts';
import { TestClient } from '../support/client.ts';
import { testConfig } from '../support/config.ts';
import { closed, documentationGaps, type OpenApiDocument, ResponseOracle } from '../support/openapi.ts';
import { openWeatherMap } from '../support/openweathermap.ts';
import { TEST_USER } from '../support/users.ts';

const PACKAGE = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
const asBrowser = { headers: { accept: 'text/html' } };

async function fetchDocument(client: TestClient): Promise<OpenApiDocument> {
  const response = await client.get('/openapi.json');
  expect(response.statusCode).toBe(200);
  expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
  return response.json();
}

/** Every "METHOD /path status" the document promises. */
function documentedStatuses(document: OpenApiDocument): string[] {
  return Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.entries(methods).flatMap(([method, operation]) =>
      Object.keys(operation.responses).map((status) => `${method.toUpperCase()} ${path} ${status}`),
    ),
  );
}

describe('GET /openapi.json', () => {
  test('is a valid OpenAPI 3.1 document about Skydeck, at the package version', async ({ client }) => {
    const document = await fetchDocument(client);
    const validator = new Validator();
    const result = await validator.validate(document as never);
    expect(result.errors).toBeUndefined();
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');
    expect(document.openapi).toBe('3.1.0');
    expect(document.info).toMatchObject({ title: 'Skydeck', version: PACKAGE.version });
    expect(document.info.description).toContain('{"error": "..."}');
  });

  test('the validator does refuse a broken document', async () => {
    const result = await new Validator().validate({ openapi: '3.1.0', info: { title: 'x' }, paths: {} } as never);
    expect(result.valid).toBe(false); // info.version is required
  });

  test('every schema in it compiles as JSON Schema 2020-12, strictly', async ({ client }) => {
    const document = await fetchDocument(client);
    const oracle = new ResponseOracle(document);
    const schemas = Object.values(document.paths).flatMap((methods) =>
      Object.values(methods).flatMap((operation) => [
        ...(operation.parameters ?? []).map((parameter) => parameter.schema ?? {}),
        ...Object.values(operation.responses).flatMap((response) =>
          Object.values(response.content ?? {}).map((media) => media.schema ?? {}),
        ),
      ]),
    );
    expect(schemas.length).toBeGreaterThan(20);
    for (const schema of schemas) expect(() => oracle.validator(schema)).not.toThrow();
  });

  test('every route the app serves is documented with its own responses, or is a browser route', async ({ app }) => {
    expect(documentationGaps(app)).toEqual([]);
  });

  test('a new JSON route without a response schema, or hidden without being a page, is a gap', async ({
    db,
    schemaCompilers,
  }) => {
    const app = await buildApp(testConfig(), { db, schemaCompilers });
    app.get('/api/new', async () => ({ secret: 1 }));
    app.get('/api/quiet', { schema: { hide: true } }, async () => ({ secret: 2 }));
    await app.ready();
    expect(documentationGaps(app)).toEqual([
      'GET /api/quiet: served but not documented',
      'GET /api/new: declares no 200 response of its own',
    ]);
    await app.close();
  });

  test('the session cookie guards exactly the routes that need sign-in; the metrics token guards /metrics', async ({
    client,
  }) => {
    const document = await fetchDocument(client);
    expect(document.components?.securitySchemes).toEqual({
      session: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE, description: expect.any(String) },
      metricsToken: { type: 'http', scheme: 'bearer', description: expect.any(String) },
    });
    const operations = Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, operation]) => ({
        route: `${method.toUpperCase()} ${path}`,
        security: operation.security,
        // What a signed-out caller gets: 401 under /api/, the way to /login for the dashboard.
        refusesSignedOut: '401' in operation.responses || '302' in operation.responses,
      })),
    );
    for (const { route, security, refusesSignedOut } of operations) {
      const expected =
        route === 'GET /metrics' ? [{ metricsToken: [] }] : refusesSignedOut ? [{ session: [] }] : undefined;
      expect({ route, security }).toEqual({ route, security: expected });
    }
    const guarded = (scheme: string) =>
      operations
        .filter((operation) => operation.security?.some((s) => scheme in s))
        .map((operation) => operation.route);
    expect(guarded('session')).toEqual([
      'GET /dashboard',
      'GET /api/cities',
      'POST /api/cities',
      'DELETE /api/cities/{id}',
      'GET /api/cities/{id}/history',
    ]);
    // /metrics exists only with METRICS_TOKEN set (not in this config); test/metrics holds its answers to the document.
    expect(guarded('metricsToken')).toEqual([]);
  });

  test('429, with Retry-After, is documented on exactly the routes the rate limit counts', async ({ client }) => {
    const document = await fetchDocument(client);
    const routes = Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, operation]) => {
        // What the limiter sees of a request to this route (Fastify's form of the path).
        const request = { method: method.toUpperCase(), routeOptions: { url: path.replace(/\{(\w+)\}/g, ':$1') } };
        return {
          route: `${request.method} ${path}`,
          operation,
          limited: isLimited({ ...request, query: {} } as never),
        };
      }),
    );
    expect(routes.filter(({ limited }) => limited).length).toBeGreaterThan(3);
    for (const { route, operation, limited } of routes) {
      const tooMany = operation.responses['429'];
      expect({ route, documented: tooMany !== undefined }).toEqual({ route, documented: limited });
      if (tooMany) expect(tooMany.headers?.['retry-after']?.schema).toEqual({ type: 'integer' });
    }
  });

  test('/weather keeps exactly the seed fields, in the order it always sent them', async ({ client }) => {
    const document = await fetchDocument(client);
    const schema = document.paths['/weather']?.get?.responses['200']?.content?.['application/json']?.schema;
    const fields = Object.keys((schema as { properties: object }).properties);
    const seed = ['city', 'temp_c', 'description', 'feels_like_c', 'humidity', 'wind_ms', 'icon', 'country'];
    expect(fields).toEqual([...seed, 'observed_at']);
    const answer = await client.get('/weather?city=Dublin');
    expect(Object.keys(answer.json())).toEqual(fields); // utc_offset_s, which Weather has, is not sent
  });

  test('/api/weather promises at most 5 forecast days, each with a chance of rain from 0 to 1', async ({ client }) => {
    const document = await fetchDocument(client);
    const schema = document.paths['/api/weather']?.get?.responses['200']?.content?.['application/json']?.schema as {
      properties: { forecast: { items: { properties: { pop: object } } } & object };
    };
    expect(schema.properties.forecast).toMatchObject({ maxItems: 5 });
    expect(schema.properties.forecast.items.properties.pop).toMatchObject({ minimum: 0, maximum: 1 });
  });
});

describe('real answers match the document, for every documented status', () => {
  interface World {
    client: TestClient;
    config: Config;
    /** Sends the request twice to an app allowing one request a minute; the second answer. */
    overBudget(method: 'GET' | 'POST' | 'DELETE', url: string): Promise<InjectResponse>;
    upstream: { use: (...handlers: ReturnType<typeof openWeatherMap.status>[]) => void };
    /** The id of Dublin, saved by TEST_USER when the scenario is signed in. */
    dublin: number;
  }
  type Who = 'signed in' | 'signed out';
  type Scenario = [route: string, status: number, who: Who, request: (world: World) => Promise<InjectResponse>];
  const foreign = { origin: 'https://evil.example' };
  const providerDown = (upstream: World['upstream']) => upstream.use(openWeatherMap.networkError());

  const SCENARIOS: Scenario[] = [
    ['GET /healthz', 200, 'signed out', ({ client }) => client.get('/healthz')],
    ['GET /readyz', 200, 'signed out', ({ client }) => client.get('/readyz')],
    [
      'GET /readyz',
      503,
      'signed out',
      async ({ config }) => {
        // A database whose every statement fails, as a full disk would make it.
        const broken = databaseOver({
          prepare: () => {
            throw new Error('disk I/O error');
          },
          close: () => {},
        } as never);
        const app = await buildApp(config, { db: broken });
        try {
          return await new TestClient(app, config.publicUrl).get('/readyz');
        } finally {
          await app.close();
        }
      },
    ],
    ['GET /weather', 200, 'signed out', ({ client }) => client.get('/weather?city=Dublin')],
    ['GET /weather', 400, 'signed out', ({ client }) => client.get('/weather?city=')],
    ['GET /weather', 429, 'signed out', ({ overBudget }) => overBudget('GET', '/weather?city=')],
    [
      'GET /weather',
      503,
      'signed out',
      ({ client, upstream }) => {
        providerDown(upstream);
        return client.get('/weather?city=Dublin');
      },
    ],
    ['GET /api/weather', 200, 'signed out', ({ client }) => client.get('/api/weather?city=Oslo&units=imperial')],
    ['GET /api/weather', 400, 'signed out', ({ client }) => client.get('/api/weather?city=Oslo&units=kelvin')],
    ['GET /api/weather', 404, 'signed out', ({ client }) => client.get('/api/weather?city=Atlantis')],
    ['GET /api/weather', 429, 'signed out', ({ overBudget }) => overBudget('GET', '/api/weather?city=')],
    [
      'GET /api/weather',
      503,
      'signed out',
      ({ client, upstream }) => {
        providerDown(upstream);
        return client.get('/api/weather?city=Oslo');
      },
    ],
    ['GET /dashboard', 200, 'signed in', ({ client }) => client.get('/dashboard')],
    ['GET /dashboard', 302, 'signed out', ({ client }) => client.get('/dashboard')],
    ['GET /api/cities', 200, 'signed in', ({ client }) => client.get('/api/cities')],
    ['GET /api/cities', 401, 'signed out', ({ client }) => client.get('/api/cities')],
    ['GET /api/cities', 429, 'signed out', ({ overBudget }) => overBudget('GET', '/api/cities')],
    ['POST /api/cities', 201, 'signed in', ({ client }) => client.post('/api/cities', { json: { name: 'Oslo' } })],
    ['POST /api/cities', 400, 'signed in', ({ client }) => client.post('/api/cities', { json: {} })],
    ['POST /api/cities', 401, 'signed out', ({ client }) => client.post('/api/cities', { json: { name: 'Oslo' } })],
    ['POST /api/cities', 429, 'signed out', ({ overBudget }) => overBudget('POST', '/api/cities')],
    [
      'POST /api/cities',
      403,
      'signed in',
      ({ client }) => client.post('/api/cities', { json: { name: 'Oslo' }, ...foreign }),
    ],
    ['POST /api/cities', 409, 'signed in', ({ client }) => client.post('/api/cities', { json: { name: 'dublin' } })],
    [
      'POST /api/cities',
      413,
      'signed in',
      ({ client }) => client.post('/api/cities', { json: { name: 'x'.repeat(2 ** 20) } }),
    ],
    [
      'POST /api/cities',
      415,
      'signed in',
      ({ client }) =>
        client.post('/api/cities', { body: '<name>Oslo</name>', headers: { 'content-type': 'application/xml' } }),
    ],
    ['POST /api/cities', 422, 'signed in', ({ client }) => client.post('/api/cities', { json: { name: 'Atlantis' } })],
    [
      'POST /api/cities',
      503,
      'signed in',
      ({ client, upstream }) => {
        providerDown(upstream);
        return client.post('/api/cities', { json: { name: 'Oslo' } });
      },
    ],
    ['DELETE /api/cities/{id}', 204, 'signed in', ({ client, dublin }) => client.delete(`/api/cities/${dublin}`)],
    ['DELETE /api/cities/{id}', 400, 'signed in', ({ client }) => client.delete('/api/cities/abc')],
    ['DELETE /api/cities/{id}', 401, 'signed out', ({ client }) => client.delete('/api/cities/1')],
    ['DELETE /api/cities/{id}', 429, 'signed out', ({ overBudget }) => overBudget('DELETE', '/api/cities/1')],
    [
      'DELETE /api/cities/{id}',
      403,
      'signed in',
      ({ client, dublin }) => client.delete(`/api/cities/${dublin}`, foreign),
    ],
    ['DELETE /api/cities/{id}', 404, 'signed in', ({ client }) => client.delete('/api/cities/999')],
    [
      'GET /api/cities/{id}/history',
      200,
      'signed in',
      ({ client, dublin }) => client.get(`/api/cities/${dublin}/history?month=2026-11`),
    ],
    [
      'GET /api/cities/{id}/history',
      400,
      'signed in',
      ({ client, dublin }) => client.get(`/api/cities/${dublin}/history?month=2026-13`),
    ],
    ['GET /api/cities/{id}/history', 401, 'signed out', ({ client }) => client.get('/api/cities/1/history')],
    ['GET /api/cities/{id}/history', 429, 'signed out', ({ overBudget }) => overBudget('GET', '/api/cities/1/history')],
    ['GET /api/cities/{id}/history', 404, 'signed in', ({ client }) => client.get('/api/cities/999/history')],
  ];

  test('the scenarios below produce every status the document promises, and nothing else', async ({ client }) => {
    const promised = documentedStatuses(await fetchDocument(client));
    expect(SCENARIOS.map(([route, status]) => `${route} ${status}`).sort()).toEqual(promised.sort());
  });

  test.for(SCENARIOS)(
    '%s → %i (%s)',
    async ([, status, who, request], { client, config, db, loggedInAs, schemaCompilers, upstream, onTestFinished }) => {
      const overBudget = async (method: 'GET' | 'POST' | 'DELETE', url: string) => {
        const app = await buildApp(testConfig({ RATE_LIMIT_PER_MINUTE: '1' }), { db, schemaCompilers });
        onTestFinished(() => app.close());
        const limited = new TestClient(app, config.publicUrl);
        await limited.request(method, url);
        return limited.request(method, url);
      };
      let dublin = 0;
      let browser = client;
      if (who === 'signed in') {
        browser = await loggedInAs(TEST_USER.id, { username: TEST_USER.login });
        dublin = (await saveCities(db, TEST_USER.id, ['Dublin']))[0]!.id;
      }
      // TestClient has already held the answer against the document (it throws when they differ).
      const response = await request({ client: browser, config, overBudget, upstream, dublin });
      expect(response.statusCode).toBe(status);
    },
  );

  test('the dashboard answers browsers with its page, which the document lists as text/html', async ({
    authenticatedClient,
  }) => {
    const response = await authenticatedClient.get('/dashboard', asBrowser);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
  });
});

describe('the oracle catches what the document does not describe', () => {
  const document: OpenApiDocument = {
    openapi: '3.1.0',
    info: { title: 't', version: '1' },
    paths: {
      '/things/{id}': {
        get: {
          responses: {
            200: {
              description: 'a thing',
              content: {
                'application/json': {
                  schema: { type: 'object', required: ['id'], properties: { id: { type: 'integer' } } },
                },
              },
            },
            204: { description: 'nothing' },
            404: {
              description: 'no such thing',
              content: {
                'application/json': { schema: { type: 'object', properties: { error: { type: 'string' } } } },
              },
            },
          },
        },
      },
    },
  };
  const oracle = new ResponseOracle(document);
  const get = (statusCode: number, body: string, contentType = 'application/json; charset=utf-8') =>
    oracle.problems({ method: 'GET', url: '/things/7?x=1', statusCode, contentType, body });

  test('a documented answer passes', () => {
    expect(get(200, '{"id":7}')).toEqual([]);
    expect(get(204, '', undefined)).toEqual([]);
  });

  test.for<[string, () => string[], RegExp]>([
    ['a status it does not list', () => get(409, '{"error":"x"}'), /has no 409/],
    ['a field it does not list', () => get(200, '{"id":7,"token":"s3cret"}'), /must NOT have additional properties/],
    ['a wrong type', () => get(200, '{"id":"7"}'), /\/id must be integer/],
    ['a missing field', () => get(200, '{}'), /must have required property 'id'/],
    ['a body where it promises none', () => get(204, '{"id":7}'), /does not describe/],
    ['nothing where it promises a body', () => get(200, ''), /empty body/],
    ['another media type', () => get(200, 'id=7', 'text/plain'), /answered text\/plain/],
  ])('%s', ([, check, problem]) => {
    expect(check().join('\n')).toMatch(problem);
  });

  test('routes it leaves out, HEAD, and a browser’s error page are not its business', () => {
    expect(oracle.problems({ method: 'GET', url: '/other', statusCode: 500, body: 'x' })).toEqual([]);
    expect(oracle.problems({ method: 'HEAD', url: '/things/7', statusCode: 200, body: '' })).toEqual([]);
    const page = { contentType: 'text/html; charset=utf-8', body: '<!doctype html>' };
    expect(oracle.problems({ method: 'GET', url: '/things/x', statusCode: 404, accept: 'text/html', ...page })).toEqual(
      [],
    );
    expect(oracle.problems({ method: 'GET', url: '/things/x', statusCode: 404, ...page })).toHaveLength(1);
  });

  test('closing a schema closes nested objects and leaves explicit choices alone', () => {
    expect(
      closed({
        type: 'object',
        properties: { a: { type: 'object', properties: {} }, b: { type: 'array', items: { type: 'object' } } },
        anyOf: [{ type: 'object', additionalProperties: true }],
      }),
    ).toEqual({
      type: 'object',
      additionalProperties: false,
      properties: {
        a: { type: 'object', properties: {}, additionalProperties: false },
        b: { type: 'array', items: { type: 'object', additionalProperties: false } },
      },
      anyOf: [{ type: 'object', additionalProperties: true }],
    });
  });
});
