/**
 * Sign-in on the address the log prints (issue 8, defect 1): a browser on another
 * host name than PUBLIC_URL's is sent to PUBLIC_URL, same path and query, before
 * sign-in begins; probes and API clients are left alone; and the redirect can
 * only ever lead to PUBLIC_URL.
 */
import { connect } from 'node:net';
import fc from 'fast-check';
import { buildApp } from '../../src/app.ts';
import { OAUTH_COOKIE } from '../../src/auth/routes.ts';
import { publicLocation } from '../../src/http/public-address.ts';
import { describe, expect, test } from '../fixtures.ts';
import { testConfig } from '../support/config.ts';

const HTML = { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' };
const ELSEWHERE = { host: '127.0.0.1:3000' }; // what `npm start` used to print, PUBLIC_URL being http://localhost:3000

describe('a browser on another host name', () => {
  test.for([
    '/login',
    '/oauth/login',
    '/login?next=%2Fdashboard&x=a%20b',
    '/dashboard',
    '/',
    '/?city=S%C3%A3o%20Paulo',
    '/nowhere',
  ])('GET %s → 302 to the same path and query on PUBLIC_URL', async (url, { client }) => {
    const response = await client.get(url, { headers: { ...ELSEWHERE, ...HTML } });
    expect(response.statusCode).toBe(302);
    expect(response.headers.location).toBe(`http://localhost:3000${url}`);
    expect(response.headers['content-security-policy']).toBeDefined(); // still a Skydeck response
  });

  test('HEAD is sent too', async ({ client }) => {
    const response = await client.request('HEAD', '/login', { headers: ELSEWHERE });
    expect(response.statusCode).toBe(302);
    expect(response.headers.location).toBe('http://localhost:3000/login');
  });

  test.for(['/login', '/oauth/login', '/oauth/callback?code=c&state=s'])(
    'sign-in is never begun on the wrong name, whatever the client accepts: %s',
    async (url, { client, db }) => {
      const response = await client.get(url, { headers: ELSEWHERE });
      expect(response.statusCode).toBe(302);
      expect(response.headers.location).toBe(`http://localhost:3000${url}`);
      expect(response.headers['set-cookie']).toBeUndefined();
      expect(client.cookies.has(OAUTH_COOKIE)).toBe(false);
      expect(await db.selectFrom('oauth_attempts').selectAll().execute()).toEqual([]);
    },
  );

  test('the whole sign-in then works on PUBLIC_URL', async ({ client }) => {
    const first = await client.get('/oauth/login', { headers: { ...ELSEWHERE, ...HTML } });
    const next = new URL(String(first.headers.location));
    const start = await client.get(next.pathname, { headers: { host: next.host, ...HTML } });
    expect(start.statusCode).toBe(302);
    expect(String(start.headers.location)).toMatch(/^https:\/\/github\.com\/login\/oauth\/authorize\?/);
    const state = new URL(String(start.headers.location)).searchParams.get('state')!;
    const callback = await client.get(`/oauth/callback?code=gh_code&state=${state}`, { headers: HTML });
    expect(callback.headers.location).toBe('/dashboard');
  });
});

describe('left alone', () => {
  test.for<[string, string, Record<string, string>, number]>([
    ['the health probe, even from a browser', '/healthz', HTML, 200],
    ['metrics (a scraper calls by address)', '/metrics', HTML, 404],
    ['the API', '/api/cities', HTML, 401],
    ['an API client of /weather (curl)', '/weather?city=Dublin', { accept: '*/*' }, 200],
    ['JSON asked for', '/dashboard', { accept: 'application/json' }, 302],
    ['the stylesheet, as a page loads it', '/static/app.css', { accept: 'text/css,*/*;q=0.1' }, 200],
  ])('%s: GET %s answers as usual', async ([, url, headers, status], { client }) => {
    const response = await client.get(url, { headers: { ...ELSEWHERE, ...headers } });
    expect(response.statusCode).toBe(status);
    expect(String(response.headers.location ?? '')).not.toContain('http://localhost:3000');
  });

  test('a POST is never redirected (the CSRF check answers it)', async ({ client }) => {
    const response = await client.post('/logout', { headers: { ...ELSEWHERE, ...HTML } });
    expect(response.headers.location).toBe('/');
  });

  test.for<[string, string]>([
    ['the exact name', 'localhost:3000'],
    ['the name in capitals', 'LOCALHOST:3000'],
  ])('%s of PUBLIC_URL: served', async ([, host], { client }) => {
    const response = await client.get('/login', { headers: { host, ...HTML } });
    expect(response.statusCode).toBe(200);
  });

  test('X-Forwarded-Host with spaces around its first entry is still PUBLIC_URL’s: served', async ({ client }) => {
    const response = await client.get('/login', {
      headers: { ...ELSEWHERE, 'x-forwarded-host': ' localhost:3000 , proxy.internal', ...HTML },
    });
    expect(response.statusCode).toBe(200);
  });

  test('behind a proxy that rewrites Host but forwards the original: served, no redirect loop', async ({ client }) => {
    const response = await client.get('/login', {
      headers: { ...ELSEWHERE, 'x-forwarded-host': 'localhost:3000, proxy.internal', ...HTML },
    });
    expect(response.statusCode).toBe(200);
  });
});

describe('PUBLIC_URL https://skydeck.example/app (a default port, a base path)', () => {
  test.override('config', () => testConfig({ PUBLIC_URL: 'https://skydeck.example/app' }));

  test.for(['skydeck.example', 'skydeck.example:443'])('Host %s is PUBLIC_URL’s', async (host, { client }) => {
    expect((await client.get('/login', { headers: { host } })).statusCode).toBe(200);
  });

  test('another name is sent there, under the base path', async ({ client }) => {
    const response = await client.get('/login?x=1', { headers: { host: 'www.skydeck.example' } });
    expect(response.headers.location).toBe('https://skydeck.example/app/login?x=1');
  });
});

describe('no open redirect: the target is always PUBLIC_URL', () => {
  const BASE = new URL('http://localhost:3000');
  const HOSTILE: Array<[string, string]> = [
    ['//evil.com', 'http://localhost:3000//evil.com'],
    ['//evil.com/%2F..', 'http://localhost:3000//evil.com/%2F..'],
    ['/\\evil.com', 'http://localhost:3000//evil.com'],
    ['/\\/evil.com/login', 'http://localhost:3000///evil.com/login'],
    ['/%2F%2Fevil.com', 'http://localhost:3000/%2F%2Fevil.com'],
    ['/@evil.com', 'http://localhost:3000/@evil.com'],
    ['http://evil.com/login?x=1', 'http://localhost:3000/login?x=1'],
    ['https://user:pass@evil.com:8443//x', 'http://localhost:3000//x'],
    ['*', 'http://localhost:3000/'],
    ['evil.com', 'http://localhost:3000/'],
    ['mailto:x@evil.com', 'http://localhost:3000/'],
  ];

  test.for(HOSTILE)('request target %s → %s', ([target, location]) => {
    expect(publicLocation(BASE, target)).toBe(location);
  });

  // Under a base path the fallback "/" shows: the root of the app, with its slash (not the base path bare).
  test.for<[string, string]>([
    ['*', 'https://skydeck.example/app/'],
    ['mailto:x@evil.com', 'https://skydeck.example/app/'],
  ])('request target %s under PUBLIC_URL https://skydeck.example/app → %s', ([target, location]) => {
    expect(publicLocation(new URL('https://skydeck.example/app'), target)).toBe(location);
  });

  test('whatever the request target, a browser following the Location lands on PUBLIC_URL', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.webUrl(),
          fc.string().map((s) => `/${s}`),
        ),
        (target) => {
          const location = publicLocation(BASE, target);
          // Resolved as a browser would, against the page it came from (any host at all).
          expect(new URL(location, 'https://evil.com/somewhere').origin).toBe('http://localhost:3000');
          expect(location.startsWith('http://localhost:3000/')).toBe(true);
        },
      ),
      { numRuns: 500 },
    );
  });

  test('over a real socket, with the request lines a browser never sends but an attacker can', async ({
    config,
    db,
    schemaCompilers,
  }) => {
    // app.inject() normalises request targets; the parser's view needs raw bytes. Loopback only.
    const app = await buildApp(config, { db, schemaCompilers });
    const address = await app.listen({ port: 0, host: '127.0.0.1' });
    try {
      const { port } = new URL(address);
      for (const [target, location] of HOSTILE.slice(0, 8)) {
        const head = await rawGet(
          Number(port),
          `GET ${target} HTTP/1.1\r\nHost: evil.com\r\nAccept: text/html\r\n\r\n`,
        );
        expect(head, target).toMatch(/^HTTP\/1\.1 302 /);
        expect(head, target).toContain(`\r\nlocation: ${location}\r\n`);
      }
    } finally {
      await app.close();
    }
  });
});

/** Sends `request` over a fresh connection and resolves with the response's head. */
function rawGet(port: number, request: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let received = '';
    const socket = connect(port, '127.0.0.1', () => socket.write(request));
    socket.setTimeout(5000, () => socket.destroy(new Error('no answer in 5 s')));
    socket.on('data', (chunk) => {
      received += chunk.toString('latin1');
      const end = received.indexOf('\r\n\r\n');
      if (end >= 0) {
        socket.destroy();
        resolve(received.slice(0, end + 2));
      }
    });
    socket.on('error', reject);
  });
}
