/**
 * The server process itself (issues 2 and 7): how it refuses a bad
 * configuration or a taken port, how it treats a client that never finishes
 * its request, and how it shuts down — the parts an in-process test cannot see.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createTcpServer } from 'node:net';
import { describe, expect, test } from 'vitest';
import { CANNED_CITIES, currentWeatherBody } from '../src/demo/openweathermap-data.ts';
import { HEADERS_TIMEOUT_MS } from '../src/http/server-limits.ts';
import { SHUTDOWN_GRACE_MS } from '../src/http/shutdown.ts';
import { sendRaw } from '../test/support/raw-connection.ts';
import { freePort, type ServerProcess, spawnServer, startServer } from './support/server.ts';
import { startServerAndBrowser } from './support/start.ts';

describe('start-up with a bad configuration', () => {
  test.for<[string, Record<string, string>, string]>([
    [
      'PORT that is not a number',
      { PORT: 'abc' },
      'skydeck: configuration error: PORT must be a whole number, got "abc"',
    ],
    [
      'DATABASE_URL of an unsupported kind',
      { DATABASE_URL: 'mysql://skydeck:hunter2@db/skydeck' },
      'skydeck: configuration error: DATABASE_URL must be "file:<path>", ":memory:" or a postgres:// URL',
    ],
  ])('%s: exits 1 printing one line that names the variable', async ([, env, line]) => {
    const server = spawnServer(env);
    expect(await server.exited).toBe(1);
    expect(server.output().trimEnd().split('\n')).toEqual([line]);
  });
});

describe('start-up on a port that is taken', () => {
  test('exits 1 with one line on stderr saying so, not a stack trace', async () => {
    const port = await freePort();
    const holder = createTcpServer();
    await new Promise<void>((resolve) => holder.listen(port, '127.0.0.1', resolve));
    try {
      const server = spawnServer({ PORT: String(port), DATABASE_URL: ':memory:' });
      expect(await server.exited).toBe(1);
      expect(server.errors()).toBe(`skydeck: port ${port} is in use (set PORT)\n`);
    } finally {
      await new Promise((resolve) => holder.close(resolve));
    }
  });
});

describe('a client that never finishes its request', () => {
  test(`headers not complete within ${HEADERS_TIMEOUT_MS / 1000} s: 408 and the connection is closed`, async () => {
    const server = await startServer();
    try {
      const slow = await halfSentRequest(server.url);
      const started = Date.now();
      await slow.gone;
      const waited = Date.now() - started;
      expect(slow.received()).toMatch(/^HTTP\/1\.1 408 Request Timeout\r\n/);
      // Node checks every second: closed within a couple of seconds of the deadline, not before it.
      expect(waited).toBeGreaterThanOrEqual(HEADERS_TIMEOUT_MS - 1_000);
      expect(waited).toBeLessThan(HEADERS_TIMEOUT_MS + 5_000);
    } finally {
      await server.stop();
    }
  });

  test('does not hold shutdown: SIGTERM exits 0 within 10 s, cutting it after the grace period', async () => {
    const server = await startServer({ LOG_LEVEL: 'info' });
    try {
      const slow = await halfSentRequest(server.url);
      const started = Date.now();
      server.child.kill('SIGTERM');
      expect(await server.exited).toBe(0);
      const took = Date.now() - started;
      expect(took).toBeGreaterThanOrEqual(SHUTDOWN_GRACE_MS - 500); // it had its grace period
      expect(took).toBeLessThan(10_000);
      await slow.gone;
      expect(slow.received()).toBe(''); // cut, not answered
      expect(server.output()).toContain(`shutdown: requests still open after ${SHUTDOWN_GRACE_MS} ms`);
    } finally {
      await server.stop();
    }
  });
});

describe('start-up', () => {
  test('the log names PUBLIC_URL as the address to open, not the bound socket', async () => {
    // A PUBLIC_URL on another name than the one the server is reached by: /healthz still answers there.
    const server = await startServer({ PUBLIC_URL: 'http://skydeck.test:8080' });
    try {
      const messages = server
        .output()
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => (JSON.parse(line) as { msg: string }).msg);
      expect(messages).toContain('ready: open http://skydeck.test:8080');
      expect(messages).toContain(`listening on ${new URL(server.url).host}`);
      expect(messages.filter((message) => message.includes('http://127.0.0.1'))).toEqual([]);
      // A browser on the bound address is sent to PUBLIC_URL before it can begin a sign-in.
      const login = await fetch(`${server.url}/login`, { redirect: 'manual' });
      expect(login.status).toBe(302);
      expect(login.headers.get('location')).toBe('http://skydeck.test:8080/login');
    } finally {
      await server.stop();
    }
  });
});

/** `process.features.typescript` (Node 22.10+; @types/node 20 does not know it): 'strip' when types are stripped by default. */
function typeStripping(): boolean {
  return Boolean((process.features as { typescript?: string | false }).typescript);
}

describe('on a Node that strips types itself (22.18 and later)', () => {
  // Skipped on Node 20, which needs tsx's loader (what `npm start` gives it); .ci/run runs this file on Node 24.
  test.runIf(typeStripping())('`node src/server.ts` runs the server with no loader', async () => {
    const server = await startServer({}, { args: ['src/server.ts'] });
    const health = await fetch(`${server.url}/healthz`);
    expect(await server.stop()).toBe(0);
    expect(health.status).toBe(200);
    expect(server.output()).toContain('ready: open');
    expect(server.output()).not.toMatch(/ExperimentalWarning|tsx/);
  });
});

describe('the browser suite’s start', () => {
  test('a browser that cannot launch leaves no server running', async () => {
    let started: ServerProcess | undefined;
    const start = async () => {
      started = await startServer();
      return started;
    };
    const launch = () => Promise.reject(new Error('no browser here'));
    await expect(startServerAndBrowser(start, launch)).rejects.toThrow('no browser here');
    expect(started).toBeDefined(); // it did start...
    expect(await started!.exited).toBe(0); // ...and was stopped cleanly
  });
});

describe('shutdown', () => {
  test('SIGTERM lets an in-flight request finish, then exits 0', async () => {
    const upstream = await heldUpstream();
    const server = await startServer({
      WEATHER_API_KEY: 'e2e-key',
      WEATHER_API_URL: upstream.url,
      LOG_LEVEL: 'info',
    });
    try {
      const pending = fetch(`${server.url}/weather?city=Dublin`);
      await upstream.received; // the request is now inside the app, waiting on its upstream
      server.child.kill('SIGTERM');
      await until(() => server.output().includes('SIGTERM received'));
      expect(server.child.exitCode).toBeNull(); // still finishing

      upstream.release(currentWeatherBody(CANNED_CITIES[0]!));
      const response = await pending;
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({ city: 'Dublin', temp_c: 11.5 });
      expect(await server.exited).toBe(0);
    } finally {
      await server.stop();
      await upstream.close();
    }
  });
});

/**
 * `GET /healthz HTTP/1.1\r\nHost: x\r\n` without the blank line that ends the headers: a request that never
 * completes. Resolves once the server is surely holding it (it has answered another request since).
 */
async function halfSentRequest(url: string) {
  const { hostname, port } = new URL(url);
  const connection = await sendRaw(hostname, Number(port), 'GET /healthz HTTP/1.1\r\nHost: x\r\n');
  expect((await fetch(`${url}/healthz`)).status).toBe(200);
  return connection;
}

/** A local stand-in for OpenWeatherMap that holds the first request until told to answer. */
async function heldUpstream() {
  const port = await freePort();
  let onReceived: () => void = () => {};
  const received = new Promise<void>((resolve) => {
    onReceived = resolve;
  });
  let held: ServerResponse | undefined;
  const server = createServer((_request: IncomingMessage, response: ServerResponse) => {
    held = response;
    onReceived();
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    release(body: unknown) {
      held?.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

async function until(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
