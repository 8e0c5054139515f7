/**
 * Starting and stopping Skydeck in-process (src/start.ts, what `npm start` runs): a real server on port 0 of
 * 127.0.0.1, read over raw sockets (fetch would go to msw), with what it logs collected. e2e/server.test.ts
 * runs the process itself: signals, exit codes, the failure lines.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { onTestFinished } from 'vitest';
import type { Config } from '../src/config.ts';
import { createDatabase } from '../src/db/database.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { DEMO_GITHUB_USER } from '../src/demo/github-data.ts';
import { type RunningServer, startSkydeck } from '../src/start.ts';
import { describe, expect, test } from './fixtures.ts';
import { testConfig } from './support/config.ts';
import { eventually } from './support/eventually.ts';
import { collectLogs } from './support/logs.ts';
import { counted } from './support/metrics.ts';

const DEMO_WEATHER_LINE = 'demo mode: weather comes from the built-in fake OpenWeatherMap';
const DEMO_GITHUB_LINE =
  'demo mode: sign-in goes through the built-in fake GitHub at http://localhost:3000/demo/github';
/** Two cities, an hourly sample each for the 30 days up to now, both ends included: 2 × (30 × 24 + 1). */
const SEEDED_LINE = "demo mode: seeded the demo user's cities and 1442 hourly samples";

/** Demo mode (no weather key, no GitHub app) on any free port of 127.0.0.1, logging at info. */
function demoConfig(overrides: Record<string, string | undefined> = {}): Config {
  return testConfig({
    WEATHER_API_KEY: undefined,
    GITHUB_CLIENT_ID: undefined,
    GITHUB_CLIENT_SECRET: undefined,
    LOG_LEVEL: 'info',
    PORT: '0',
    HOST: '127.0.0.1',
    ...overrides,
  });
}

/** Starts Skydeck with its log collected; it is shut down when the test ends, whatever happened. */
async function started(config: Config) {
  const logs = collectLogs();
  const server = await startSkydeck(config, { logStream: logs });
  onTestFinished(() => server.shutdown('the end of the test'));
  return { server, logs, messages: () => logs.lines.map((line) => line.msg), port: portOf(server) };
}

function portOf(server: RunningServer): number {
  return Number(new URL(server.address).port);
}

/** A folder of the test's own, gone when it ends. */
function folder(): string {
  const path = mkdtempSync(join(tmpdir(), 'skydeck-start-'));
  onTestFinished(() => rmSync(path, { recursive: true, force: true }));
  return path;
}

/** GET `path` on 127.0.0.1:`port` over a connection of its own; the whole response, head and body. */
function get(port: number, path: string, headers = ''): Promise<string> {
  return new Promise((resolve, reject) => {
    let received = '';
    const socket = connect(port, '127.0.0.1', () => {
      socket.write(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\n${headers}Connection: close\r\n\r\n`);
    });
    socket.setTimeout(5000, () => socket.destroy(new Error('no answer in 5 s')));
    socket.on('data', (chunk: Buffer) => {
      received += chunk.toString();
    });
    socket.on('end', () => resolve(received));
    socket.on('error', reject);
  });
}

/** Whether anything accepts a connection on 127.0.0.1:`port`. */
function accepting(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1', () => {
      socket.destroy();
      resolve(true);
    });
    socket.on('error', () => resolve(false));
  });
}

/** Wraps `target[method]` to push "<name> starts" when called and "<name> ends" when it settles. */
function record(events: string[], name: string, target: object, method: string): void {
  const object = target as Record<string, (...args: unknown[]) => Promise<unknown>>;
  const original = object[method]!.bind(target);
  object[method] = async (...args) => {
    events.push(`${name} starts`);
    try {
      return await original(...args);
    } finally {
      events.push(`${name} ends`);
    }
  };
}

describe('starting Skydeck', () => {
  test('in demo mode: says so, seeds, then where it listens, what to open and when snapshots run', async ({
    clock,
  }) => {
    const { messages, port } = await started(demoConfig());
    // The clock stands at 12:00 UTC: the default cron's next run is on the next hour.
    expect(clock.start.toISOString()).toBe('2026-11-27T12:00:00.000Z');
    expect(messages()).toEqual([
      DEMO_WEATHER_LINE,
      DEMO_GITHUB_LINE,
      SEEDED_LINE,
      `listening on 127.0.0.1:${port}`, // the socket without a scheme: PUBLIC_URL is what to open
      'ready: open http://localhost:3000',
      'snapshots: every "0 * * * *" (UTC), next at 2026-11-27T13:00:00.000Z',
    ]);
  });

  test('it listens at the address it returns: GET /healthz answers there over HTTP', async () => {
    const { server, port } = await started(demoConfig());
    expect(server.address).toBe(`http://127.0.0.1:${port}`);
    expect(port).toBeGreaterThan(0); // port 0 asked for any free port
    const response = await get(port, '/healthz');
    expect(response).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    expect(response.endsWith('\r\n\r\n{"status":"ok"}')).toBe(true);
  });

  test("/metrics has the process's own figures too (tests' apps leave them out)", async () => {
    const token = 'a-metrics-token-of-32-characters';
    const { port } = await started(demoConfig({ METRICS_TOKEN: token }));
    const response = await get(port, '/metrics', `Authorization: Bearer ${token}\r\n`);
    expect(response).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    expect(response).toContain('\nprocess_resident_memory_bytes ');
    expect(response).toContain('\nnodejs_eventloop_lag_seconds ');
  });

  test("the configuration's warnings come first, as warnings", async () => {
    const { logs } = await started(demoConfig({ SECRET_KEY: undefined }));
    expect(logs.lines[0]).toMatchObject({
      level: 40,
      msg: 'SECRET_KEY is not set: using a random key for this run only (sign-ins end when it stops)',
    });
    expect(logs.lines.filter((line) => line.level === 40)).toHaveLength(1);
  });

  test('no warnings, no warning lines', async () => {
    const { logs } = await started(demoConfig());
    expect(logs.lines.filter((line) => line.level !== 30)).toEqual([]); // all info
  });

  test('with a GitHub app configured: no demo sign-in, no demo user, still demo weather', async () => {
    const config = demoConfig({ GITHUB_CLIENT_ID: 'id', GITHUB_CLIENT_SECRET: 'secret' });
    const { server, messages } = await started(config);
    expect(messages()).toContain(DEMO_WEATHER_LINE);
    expect(messages()).not.toContain(DEMO_GITHUB_LINE);
    expect(messages().filter((message) => String(message).includes('seeded'))).toEqual([]);
    expect(await server.db.selectFrom('users').select('login').execute()).toEqual([]);
  });

  test('with a weather key but no GitHub app: the demo user is seeded, and the weather is not the demo’s', async () => {
    const { server, messages } = await started(demoConfig({ WEATHER_API_KEY: 'key' }));
    expect(messages()).not.toContain(DEMO_WEATHER_LINE);
    expect(messages()).toContain(DEMO_GITHUB_LINE);
    expect(messages()).toContain(SEEDED_LINE);
    const cities = await server.db
      .selectFrom('cities')
      .innerJoin('users', 'users.id', 'cities.user_id')
      .select(['users.login', 'cities.name'])
      .orderBy('cities.id')
      .execute();
    expect(cities).toEqual([
      { login: DEMO_GITHUB_USER.login, name: 'Dublin' },
      { login: DEMO_GITHUB_USER.login, name: 'Tokyo' },
    ]);
  });

  test('started again on the same database file, demo mode seeds nothing more', async () => {
    const config = demoConfig({ DATABASE_URL: `file:${join(folder(), 'skydeck.db')}` });
    const first = await started(config);
    await first.server.shutdown('SIGTERM');

    const second = await started(config);
    expect(first.messages()).toContain(SEEDED_LINE);
    expect(second.messages()).toContain(DEMO_GITHUB_LINE);
    expect(second.messages().filter((message) => String(message).includes('seeded'))).toEqual([]);
    expect(await second.server.db.selectFrom('cities').select('name').execute()).toHaveLength(2);
  });

  test('a database file it has never seen is migrated before anything else', async () => {
    const url = `file:${join(folder(), 'new', 'skydeck.db')}`;
    const { server } = await started(demoConfig({ DATABASE_URL: url }));
    expect(await migrateToLatest(server.db)).toEqual({ results: [] }); // nothing left to apply
  });
});

describe('once listening, the background work', () => {
  test('the snapshot job runs on SNAPSHOT_CRON, claiming each tick in the database', async () => {
    const { server, logs } = await started(demoConfig({ SNAPSHOT_CRON: '* * * * * *' })); // every second
    await eventually(() => expect(logs.lines.map((line) => line.msg)).toContain('snapshot run finished'), 5000);
    const run = logs.lines.find((line) => line.msg === 'snapshot run finished');
    expect(run?.snapshot).toMatchObject({ cities: 2, recorded: 2, failed: [] }); // the seeded Dublin and Tokyo
    const ticks = await server.db.selectFrom('snapshot_ticks').select('tick').execute();
    expect(ticks.length).toBeGreaterThanOrEqual(1);
    expect(await counted(server.services.metrics.snapshotRuns, { outcome: 'ok' })).toBeGreaterThanOrEqual(1);
  });

  test('expired sessions and sign-in attempts are pruned at once; live ones stay', async () => {
    const url = `file:${join(folder(), 'skydeck.db')}`;
    const db = createDatabase(url);
    await migrateToLatest(db);
    const past = '2000-01-01T00:00:00.000Z';
    const future = '2999-01-01T00:00:00.000Z';
    await db
      .insertInto('sessions')
      .values([
        { token_hash: 'expired', user_id: null, created_at: past, expires_at: past },
        { token_hash: 'live', user_id: null, created_at: past, expires_at: future },
      ])
      .execute();
    await db
      .insertInto('oauth_attempts')
      .values([
        { id_hash: 'expired', state: 's', code_verifier: 'v', expires_at: past },
        { id_hash: 'live', state: 's', code_verifier: 'v', expires_at: future },
      ])
      .execute();
    await db.destroy();

    const { server, logs } = await started(demoConfig({ DATABASE_URL: url }));
    await eventually(() =>
      expect(logs.lines).toContainEqual(
        expect.objectContaining({
          msg: 'housekeeping: pruned expired rows',
          pruned: { oauth_attempts: 1, sessions: 1 },
        }),
      ),
    );
    expect(await server.db.selectFrom('sessions').select('token_hash').execute()).toEqual([{ token_hash: 'live' }]);
    expect(await server.db.selectFrom('oauth_attempts').select('id_hash').execute()).toEqual([{ id_hash: 'live' }]);
  });
});

describe('shutdown', () => {
  test('says why, stops the app, the scheduler and the housekeeping together, then the services, then the database', async () => {
    const { server, messages, port } = await started(demoConfig());
    const events: string[] = [];
    record(events, 'app', server.app, 'close');
    record(events, 'scheduler', server.scheduler, 'stop');
    record(events, 'housekeeping', server.housekeeping, 'stop');
    record(events, 'services', server.services, 'close');
    record(events, 'db', server.db, 'destroy');

    await server.shutdown('SIGTERM');

    expect(messages().at(-1)).toBe('SIGTERM received: finishing in-flight requests');
    // All three are under way before any of them is done.
    expect(events.slice(0, 3)).toEqual(['app starts', 'scheduler starts', 'housekeeping starts']);
    expect(events.slice(3, 6).sort()).toEqual(['app ends', 'housekeeping ends', 'scheduler ends']);
    expect(events.slice(6)).toEqual(['services starts', 'services ends', 'db starts', 'db ends']);
    expect(await accepting(port)).toBe(false);
    expect(server.scheduler.nextRun()).toBeNull(); // no run is scheduled any more
    await expect(server.db.selectFrom('users').select('id').execute()).rejects.toThrow(
      'driver has already been destroyed',
    );
  });

  test('a second shutdown (SIGINT during SIGTERM’s) starts nothing, and ends when the first does', async () => {
    const { server, messages } = await started(demoConfig());
    const events: string[] = [];
    record(events, 'app', server.app, 'close');
    record(events, 'db', server.db, 'destroy');

    const first = server.shutdown('SIGTERM');
    const second = server.shutdown('SIGINT');
    expect(second).toBe(first);
    await second;

    expect(events).toEqual(['app starts', 'app ends', 'db starts', 'db ends']);
    expect(messages().filter((message) => String(message).endsWith('received: finishing in-flight requests'))).toEqual([
      'SIGTERM received: finishing in-flight requests',
    ]);
    await server.shutdown('SIGTERM');
    expect(events).toHaveLength(4); // nor does a third, after the end
  });
});
