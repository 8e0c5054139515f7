/**
 * Skydeck as several real server processes on one database (issue 9): what
 * apps inside one test process cannot show — separate processes' commits and
 * lock waits, a SIGKILL in the middle of writes, first starts at the same
 * moment, snapshot ticks fired by each process's own clock. No browser; it
 * needs the machine's PostgreSQL and Redis (DESIGN.md):
 * `npm run test:e2e -- e2e/instances.test.ts`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, onTestFinished, test } from 'vitest';
import { SESSION_COOKIE } from '../src/auth/session-plugin.ts';
import { createDatabase, type Database } from '../src/db/database.ts';
import { migrations } from '../src/db/migrations/index.ts';
import { CANNED_CITIES } from '../src/demo/openweathermap-data.ts';
import { DEMO_CITIES } from '../src/demo-seed.ts';
import { isolatedPostgres } from '../test/support/postgres.ts';
import { injectSession } from '../test/support/sessions.ts';
import { BalancedClient } from './support/balanced-client.ts';
import { type Instance, type InstancePool, instancePool } from './support/instances.ts';
import { ownRedisDatabase } from './support/redis.ts';
import { E2E_SECRET_KEY, freePort } from './support/server.ts';

/** Every city the demo weather provider knows (16): the most one user can add here. */
const CITY_NAMES = CANNED_CITIES.map((city) => city.name);
/** Requests a burst keeps open at once: enough for the instances' writes to overlap. */
const IN_FLIGHT = 8;
/** What an instance logs for a snapshot tick another instance claimed (src/snapshots/scheduler.ts). */
const STOOD_ASIDE = 'snapshot tick run by another instance';
/** A start on 2 busy cores takes seconds; several at once, more. */
const PROCESS_TEST_TIMEOUT_MS = 180_000;

interface City {
  id: number;
  name: string;
}

describe('two instances on one PostgreSQL and Redis', () => {
  test('any instance serves any request; a SIGKILL mid-burst loses no acknowledged write; each tick runs once', {
    timeout: PROCESS_TEST_TIMEOUT_MS,
  }, async () => {
    const schema = await isolatedPostgres();
    onTestFinished(() => schema.drop());
    const redis = await ownRedisDatabase();
    onTestFinished(() => redis.release());
    const db = createDatabase(schema.url, { poolMax: 2 });
    onTestFinished(() => db.destroy());
    const publicUrl = await balancerUrl();
    const pool = instancePool({
      DATABASE_URL: schema.url,
      DATABASE_POOL_MAX: '4',
      REDIS_URL: redis.url,
      PUBLIC_URL: publicUrl,
      SNAPSHOT_CRON: '* * * * * *', // every second: many ticks, each fired by both processes
    });
    onTestFinished(() => pool.killAll()); // runs first: hooks run in reverse order

    const [a, b] = (await pool.start(2)) as [Instance, Instance];

    // Signed in through the demo GitHub: begun on A, finished on B; the session works on both.
    const demo = new BalancedClient(publicUrl);
    const callback = await signInThroughDemoGithub(demo, a, b);
    expect(callback.status).toBe(302);
    expect(callback.headers.get('location')).toBe('/dashboard');
    expect(demo.cookies.has(SESSION_COOKIE)).toBe(true);

    // Cities added alternately; either instance lists them all, in the order added.
    const added = ['London', 'Paris', 'Berlin', 'Madrid'];
    for (const [i, name] of added.entries()) {
      const response = await demo.post(i % 2 === 0 ? a : b, '/api/cities', { name });
      expect(response.status).toBe(201);
    }
    const expected = [...DEMO_CITIES, ...added];
    expect(names(await listCities(demo, a))).toEqual(expected);
    expect(names(await listCities(demo, b))).toEqual(expected);

    // Both schedulers fire every second; before the kill, wait until one has stood aside for the other twice.
    await until(() => logged([a, b], STOOD_ASIDE).length >= 2, 20_000);

    // A burst of adds from several users, alternating between A and B; B is killed in the middle of it.
    const users = [101, 102, 103, 104];
    const clients = await signedInClients(db, publicUrl, users);
    const writes = CITY_NAMES.flatMap((city) => users.map((user) => ({ user, client: clients.get(user)!, city })));
    const outcomes = await burstKilling(b, a, writes);

    // A answered everything, during and after the kill; B, everything until it died.
    const statusesOf = (instance: Instance) => outcomes.filter(({ to }) => to === instance).map(({ status }) => status);
    expect(tally(statusesOf(a))).toEqual({ 201: statusesOf(a).length });
    expect(statusesOf(b).filter((status) => status !== 201 && status !== 'no answer')).toEqual([]);
    expect(outcomes.filter(({ sentAfterKill }) => sentAfterKill).length).toBeGreaterThan(0);

    // B restarted on its port: every acknowledged write is there, and both instances list the same.
    const restarted = await pool.restart(b.port);
    for (const user of users) {
      const client = clients.get(user)!;
      const viaA = await listCities(client, a);
      expect(await listCities(client, restarted)).toEqual(viaA);
      const acknowledged = outcomes.filter((outcome) => outcome.write.user === user && outcome.status === 201);
      expect(viaA).toEqual(
        expect.arrayContaining(acknowledged.map(({ id, write }) => expect.objectContaining({ id, name: write.city }))),
      );
      expect(new Set(names(viaA)).size).toBe(viaA.length);
    }
    expect(await Promise.all([a.stop(), restarted.stop()])).toEqual([0, 0]); // each finishes its run first

    // Each tick ran once across the instances: one run per claimed tick (less one the SIGKILL may have
    // cut short), and whichever instance did not claim a tick said so and stood aside.
    const ticks = await claimedTicks(db);
    const runs = logged([a, b, restarted], 'snapshot run finished');
    const stoodAside = logged([a, b, restarted], STOOD_ASIDE);
    expect(runs.length).toBeLessThanOrEqual(ticks.length);
    expect(runs.length).toBeGreaterThanOrEqual(ticks.length - 1);
    expect(stoodAside.length).toBeGreaterThanOrEqual(2);
    expect(ticks).toEqual(expect.arrayContaining(stoodAside.map((line) => line.tick)));
    expect(new Set(stoodAside.map((line) => line.tick)).size).toBe(stoodAside.length); // two alive at most
    // In the data: never two samples of one city for one tick (the primary key forbids it too: the counts
    // above are what would catch a second run), and each run's samples are there.
    const { rows: doubled } = await sql`
      SELECT city_key, recorded_at FROM weather_samples GROUP BY city_key, recorded_at HAVING count(*) > 1`.execute(db);
    expect(doubled).toEqual([]);
    const { rows: sampled } = await sql`
      SELECT DISTINCT recorded_at FROM weather_samples WHERE recorded_at IN (${sql.join(ticks)})`.execute(db);
    expect(sampled.length).toBeGreaterThanOrEqual(ticks.length - 1);

    expect(problems(a.output())).toEqual([]);
    expect(problems(restarted.output())).toEqual([]);
  });
});

describe('SQLite: one file, several processes on one machine', () => {
  let folder: string;
  let started: Promise<Instance[]>;
  let publicUrl: string;
  let instances: InstancePool;

  beforeAll(async () => {
    folder = mkdtempSync(join(tmpdir(), 'skydeck-instances-'));
    publicUrl = await balancerUrl();
    instances = instancePool({ DATABASE_URL: `file:${join(folder, 'skydeck.db')}`, PUBLIC_URL: publicUrl });
    // At the same moment, on a file that does not exist yet: six first starts racing to create it.
    started = instances.start(6);
    started.catch(() => {}); // the tests await it and report its failure; none is unhandled meanwhile
  });
  afterAll(async () => {
    await instances.killAll();
    rmSync(folder, { recursive: true, force: true });
  });

  test('6 first starts at the same moment all start, and migrate the file once', {
    timeout: PROCESS_TEST_TIMEOUT_MS,
  }, async () => {
    const six = await started;
    for (const instance of six) {
      expect(instance.output()).not.toContain('already exists');
      expect(problems(instance.output())).toEqual([]);
    }
    const db = createDatabase(`file:${join(folder, 'skydeck.db')}`);
    try {
      expect(await appliedMigrations(db)).toEqual(Object.keys(migrations));
    } finally {
      await db.destroy();
    }
    // Two stay for the next test; the rest stop cleanly on the shared file.
    expect(await Promise.all(six.slice(2).map((instance) => instance.stop()))).toEqual([0, 0, 0, 0]);
  });

  test('two processes on the file: 80 writes alternating between them, none a 500 (each waits for the lock)', {
    timeout: PROCESS_TEST_TIMEOUT_MS,
  }, async () => {
    const [first, second] = (await started) as [Instance, Instance];
    const users = [201, 202, 203, 204, 205];
    // The test's own connection writes the sessions, then lets go of the file before the burst.
    const db = createDatabase(`file:${join(folder, 'skydeck.db')}`);
    const clients = await signedInClients(db, publicUrl, users).finally(() => db.destroy());
    const writes = CITY_NAMES.flatMap((city) => users.map((user) => ({ user, city })));
    expect(writes).toHaveLength(80);
    let sent = 0;
    const outcomes = await inParallel(writes, IN_FLIGHT, ({ user, city }) =>
      addCity(clients.get(user)!, sent++ % 2 === 0 ? first : second, city),
    );
    expect(tally(outcomes.map(({ status }) => status))).toEqual({ 201: 80 });
    for (const user of users) {
      // Every one stored, through either process (in the order they happened to commit).
      const stored = names(await listCities(clients.get(user)!, user % 2 === 0 ? first : second));
      expect(stored.sort()).toEqual([...CITY_NAMES].sort());
    }
    expect(problems(first.output())).toEqual([]);
    expect(problems(second.output())).toEqual([]);
  });
});

describe('first starts on PostgreSQL', () => {
  const count = 4;
  test(`${count} processes started together on a fresh schema migrate it once and all start`, {
    timeout: PROCESS_TEST_TIMEOUT_MS,
  }, async () => {
    const schema = await isolatedPostgres();
    onTestFinished(() => schema.drop());
    const db = createDatabase(schema.url, { poolMax: 1 });
    onTestFinished(() => db.destroy());
    const pool = instancePool({ DATABASE_URL: schema.url, DATABASE_POOL_MAX: '2', PUBLIC_URL: await balancerUrl() });
    onTestFinished(() => pool.killAll());

    const started = await pool.start(count);
    expect(await appliedMigrations(db)).toEqual(Object.keys(migrations));
    for (const instance of started) expect(problems(instance.output())).toEqual([]);
    expect(await Promise.all(started.map((instance) => instance.stop()))).toEqual(Array(count).fill(0));
  });
});

/** The load balancer's address: what users open, and PUBLIC_URL (nothing needs to listen there here). */
async function balancerUrl(): Promise<string> {
  return `http://127.0.0.1:${await freePort()}`;
}

/** A client per user, each signed in by a session written straight into the database (session injection). */
async function signedInClients(db: Database, publicUrl: string, users: number[]) {
  const clients = new Map<number, BalancedClient>();
  for (const user of users) {
    const client = new BalancedClient(publicUrl);
    client.cookies.set(SESSION_COOKIE, await injectSession(db, [E2E_SECRET_KEY], user));
    clients.set(user, client);
  }
  return clients;
}

/** The demo sign-in, begun on `start` (the authorize page too) and completed on `finish`: the callback's answer. */
async function signInThroughDemoGithub(browser: BalancedClient, start: Instance, finish: Instance) {
  const login = await browser.get(start, '/oauth/login');
  expect(login.status).toBe(302);
  const authorize = new URL(login.headers.get('location') ?? '');
  const page = await (await browser.get(start, `${authorize.pathname}${authorize.search}`)).text();
  const field = (name: string) => page.match(new RegExp(`name="${name}" value="([^"]+)"`))?.[1] ?? '';
  return browser.get(finish, `/oauth/callback?${new URLSearchParams({ code: field('code'), state: field('state') })}`);
}

interface Write {
  user: number;
  client: BalancedClient;
  city: string;
}

/** After this many of the victim's 201s (and with another write to it still open), it is killed. */
const KILL_AFTER_ACKS = 10;

/**
 * Sends `writes` (POST /api/cities), IN_FLIGHT at a time, alternating between `victim` and `survivor`, and
 * SIGKILLs the victim in the middle: right after one of its acknowledgements while another write to it is
 * still open. From then on everything goes to the survivor, as a load balancer takes a dead instance out.
 */
async function burstKilling(victim: Instance, survivor: Instance, writes: Write[]) {
  let killing: Promise<void> | undefined;
  let openOnVictim = 0;
  let ackedByVictim = 0;
  let sent = 0;
  const outcomes = await inParallel(writes, IN_FLIGHT, async (write) => {
    const sentAfterKill = killing !== undefined;
    const to = !sentAfterKill && sent++ % 2 === 1 ? victim : survivor;
    if (to === victim) openOnVictim++;
    const outcome = await addCity(write.client, to, write.city);
    if (to !== victim) return { write, to, sentAfterKill, ...outcome };
    openOnVictim--;
    if (outcome.status === 201 && ++ackedByVictim >= KILL_AFTER_ACKS && openOnVictim > 0) killing ??= victim.kill();
    return { write, to, sentAfterKill, ...outcome };
  });
  expect(killing, 'the victim was killed mid-burst').toBeDefined();
  await killing;
  return outcomes;
}

/** POST /api/cities: the status (or "no answer" when the connection died), and the new city's id on 201. */
async function addCity(client: BalancedClient, to: Instance, name: string) {
  try {
    const response = await client.post(to, '/api/cities', { name });
    const body = (await response.json()) as Partial<City>;
    return { status: response.status as number | 'no answer', id: body.id };
  } catch {
    return { status: 'no answer' as const, id: undefined };
  }
}

async function listCities(client: BalancedClient, via: Instance): Promise<City[]> {
  const response = await client.get(via, '/api/cities');
  expect(response.status).toBe(200);
  return (await response.json()) as City[];
}

function names(cities: City[]): string[] {
  return cities.map((city) => city.name);
}

/** Runs `work` over `items` with at most `limit` at once; results in the items' order. */
async function inParallel<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: limit }, worker));
  return results;
}

async function claimedTicks(db: Database): Promise<string[]> {
  const rows = await db.selectFrom('snapshot_ticks').select('tick').orderBy('tick').execute();
  return rows.map((row) => row.tick);
}

async function appliedMigrations(db: Database): Promise<string[]> {
  const { rows } = await sql<{ name: string }>`SELECT name FROM kysely_migration ORDER BY name`.execute(db);
  return rows.map((row) => row.name);
}

interface LogLine {
  level: number;
  msg: string;
  tick?: string;
}

/** The log lines with message `msg` that these instances printed. */
function logged(instances: Instance[], msg: string): LogLine[] {
  return instances
    .flatMap((instance) => instance.output().split('\n'))
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as LogLine)
    .filter((line) => line.msg === msg);
}

/** What a healthy instance never prints: an error-level log line, or anything that is not a log line at all. */
function problems(output: string): string[] {
  return output
    .split('\n')
    .filter((line) => line !== '')
    .filter((line) => !line.startsWith('{') || (JSON.parse(line) as LogLine).level >= 50);
}

function tally(values: readonly unknown[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const value of values) counts[String(value)] = (counts[String(value)] ?? 0) + 1;
  return counts;
}

/** Polls `check` (real time: these are real processes) until it holds, for at most `timeoutMs`. */
async function until(check: () => boolean | Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`not true within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
