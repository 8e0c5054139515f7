/**
 * npm run bench:http
 *
 * The speed and economy figures of issue 7, from one run: Skydeck in this
 * process (buildApp + listen on 127.0.0.1, SQLite in memory) against a fake
 * OpenWeatherMap on 127.0.0.1 that counts the calls it gets, driven by
 * autocannon from a worker thread. Only loopback traffic; every run is bounded
 * in requests and time, and the whole benchmark stops itself.
 */
import { createServer } from 'node:net';
import { buildApp } from '../src/app.ts';
import { SESSION_COOKIE } from '../src/auth/session-plugin.ts';
import { createSessionStore } from '../src/auth/sessions.ts';
import { createUserRepository } from '../src/auth/users.ts';
import { parseConfig } from '../src/config.ts';
import { createDatabase, type Database } from '../src/db/database.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { createMetrics, type Metrics } from '../src/metrics/metrics.ts';
import { cookieSigner } from '../test/support/sessions.ts';
import { type FakeOpenWeatherMap, startFakeOpenWeatherMap } from './bench-http/fake-openweathermap.ts';
import { type LoadResult, otherStatuses, perSecond, runLoad } from './bench-http/load.ts';

/** /healthz and the cached /weather alternate: this many rounds of ROUND_SECONDS each. */
const THROUGHPUT_ROUNDS = 3;
const ROUND_SECONDS = 2;
const DASHBOARD_SECONDS = 3;
const COLD_LOOKUPS = 1_000;
const DISTINCT_CITIES = 100_000;
const DASHBOARD_CITIES = 20;
/** A provider's round trip while the cold city is fetched, so the 1,000 lookups really overlap it. */
const COLD_LATENCY_MS = 50;
const RUN_DEADLINE_MS = 60_000;
/** 100,000 lookups, each a provider call: ~30 s on a quiet 2-core machine, several times that on a busy one. */
const DISTINCT_DEADLINE_MS = 240_000;
/** The whole benchmark gives up past this, whatever is running. */
const OVERALL_DEADLINE_MS = 6 * 60_000;

type Row = [measure: string, figure: string, target: string];

async function main(): Promise<void> {
  const started = performance.now();
  const fake = await startFakeOpenWeatherMap();
  const db = createDatabase(':memory:');
  await migrateToLatest(db);
  const metrics = createMetrics();
  // PUBLIC_URL must be the address the benchmark uses: pages asked for under another host are redirected to it.
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const config = parseConfig({
    NODE_ENV: 'test',
    SECRET_KEY: 'bench-secret-key-not-for-production-000',
    WEATHER_API_KEY: 'bench-key',
    WEATHER_API_URL: fake.url,
    GITHUB_CLIENT_ID: 'bench',
    GITHUB_CLIENT_SECRET: 'bench',
    DATABASE_URL: ':memory:',
    LOG_LEVEL: 'silent',
    PUBLIC_URL: base,
    // One client sends everything here: a per-client limit would measure the limiter, not Skydeck.
    RATE_LIMIT_PER_MINUTE: '0',
  });
  const app = await buildApp(config, { db, metrics });
  await app.listen({ port, host: '127.0.0.1', backlog: 2048 });
  try {
    const rows = [
      ...(await phase('/healthz and /weather throughput', () => throughput(base, fake))),
      ...(await phase('one cold city, 1,000 at once', () => coldCity(base, fake))),
      ...(await phase('the dashboard', () => dashboard(base, fake, db, config.secretKeys))),
      ...(await phase('100,000 distinct cities', () => distinctCities(base, fake))),
      [
        'weather cache hits / misses / stale (GET /metrics counters)',
        `${await count(metrics.weatherCacheHits)} / ${await count(metrics.weatherCacheMisses)} / ${await count(metrics.weatherCacheStale)}`,
        '',
      ] satisfies Row,
    ];
    printTable(rows);
    // CPU time (all threads) says what the run costs on a quiet machine; wall time includes the neighbours' load.
    const cpu = process.cpuUsage();
    const cpuSeconds = (cpu.user + cpu.system) / 1e6;
    const wallSeconds = (performance.now() - started) / 1000;
    console.log(`\n(${wallSeconds.toFixed(0)} s wall, ${cpuSeconds.toFixed(0)} s CPU, Node ${process.version})`);
  } finally {
    await app.close();
    await fake.close();
    await db.destroy();
  }
}

/** Runs one part of the benchmark, saying on stderr what it is doing and how long it took. */
async function phase<T>(name: string, run: () => Promise<T>): Promise<T> {
  const started = performance.now();
  process.stderr.write(`bench:http: ${name}…`);
  const result = await run();
  process.stderr.write(` ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
  return result;
}

/**
 * /healthz against /weather answered from the cache: what a cache hit costs beyond routing. The two
 * alternate in short rounds, so a neighbour's load on this shared machine falls on both alike.
 */
async function throughput(base: string, fake: FakeOpenWeatherMap): Promise<Row[]> {
  const healthz = `${base}/healthz`;
  const dublin = `${base}/weather?city=Dublin`;
  await expectOk(await fetch(dublin)); // fills the cache
  const run = (url: string, duration: number) =>
    runLoad({ url, connections: 20, duration, deadlineMs: RUN_DEADLINE_MS });
  // Warm-up: JIT both routes before they are measured.
  await run(healthz, 1);
  await run(dublin, 1);

  fake.calls = 0;
  const health: LoadResult[] = [];
  const hits: LoadResult[] = [];
  for (let round = 0; round < THROUGHPUT_ROUNDS; round++) {
    health.push(await run(healthz, ROUND_SECONDS));
    hits.push(await run(dublin, ROUND_SECONDS));
  }
  const ratio = perSecond(pooled(hits)) / perSecond(pooled(health));
  const rounds = hits.map((hit, round) => percent(perSecond(hit) / perSecond(health[round] as LoadResult)));
  return [
    ['/healthz', describeRun(pooled(health)), ''],
    ['/weather?city=Dublin, cache hit', describeRun(pooled(hits)), ''],
    ['  cache hit ÷ /healthz', `${percent(ratio)} (rounds: ${rounds.join(', ')})`, verdict(ratio >= 0.8, '≥ 80%')],
    ['  upstream calls during those runs', String(fake.calls), verdict(fake.calls === 0, '0')],
  ];
}

/** Several runs of one route as one: requests and seconds added up, the worst of their latencies. */
function pooled(runs: LoadResult[]): LoadResult {
  const statusCodes: Record<string, number> = {};
  for (const run of runs) {
    for (const [status, count] of Object.entries(run.statusCodes))
      statusCodes[status] = (statusCodes[status] ?? 0) + count;
  }
  const sum = (pick: (run: LoadResult) => number) => runs.reduce((total, run) => total + pick(run), 0);
  const worst = (pick: (run: LoadResult) => number) => Math.max(...runs.map(pick));
  return {
    requests: sum((run) => run.requests),
    seconds: sum((run) => run.seconds),
    latencyP50: worst((run) => run.latencyP50),
    latencyP99: worst((run) => run.latencyP99),
    statusCodes,
    errors: sum((run) => run.errors),
    timeouts: sum((run) => run.timeouts),
  };
}

/** 1,000 lookups of one city nobody asked for yet, all at once: single flight means one provider call. */
async function coldCity(base: string, fake: FakeOpenWeatherMap): Promise<Row[]> {
  fake.calls = 0;
  fake.latencyMs = COLD_LATENCY_MS;
  const run = await runLoad({
    url: `${base}/weather?city=Coldharbour`,
    connections: COLD_LOOKUPS,
    amount: COLD_LOOKUPS,
    deadlineMs: RUN_DEADLINE_MS,
  });
  fake.latencyMs = 0;
  const ok = run.statusCodes['200'] ?? 0;
  const others = otherStatuses(run);
  return [
    [
      `${COLD_LOOKUPS.toLocaleString('en')} concurrent lookups of one cold city: upstream calls`,
      String(fake.calls),
      verdict(fake.calls === 1, '1'),
    ],
    [
      '  answered 200',
      `${ok} of ${COLD_LOOKUPS}${others ? ` (${others})` : ''} in ${Math.round(run.latencyP99)} ms p99`,
      verdict(ok === COLD_LOOKUPS, 'all'),
    ],
  ];
}

/** A signed-in user with 20 saved cities: the page's time, and what a second view costs the provider. */
async function dashboard(
  base: string,
  fake: FakeOpenWeatherMap,
  db: Database,
  secretKeys: readonly string[],
): Promise<Row[]> {
  // Session injection, as test/support/sessions.ts does it: no OAuth flow.
  const user = await createUserRepository(db).upsertFromGithub({
    githubId: 1,
    login: 'bench',
    name: null,
    avatarUrl: null,
    location: null,
  });
  const session = await createSessionStore(db).create(user.id);
  const cookie = `${SESSION_COOKIE}=${cookieSigner(secretKeys).sign(session.token)}`;
  for (let i = 1; i <= DASHBOARD_CITIES; i++) {
    // Saved through the API, as a person would: each is looked up once, which is what caches it.
    const saved = await fetch(`${base}/api/cities`, {
      method: 'POST',
      headers: { cookie, origin: base, 'content-type': 'application/json' },
      body: JSON.stringify({ name: `Bench City ${i}` }),
    });
    if (saved.status !== 201) throw new Error(`saving city ${i}: ${saved.status} ${await saved.text()}`);
  }
  const page = { cookie, accept: 'text/html' };
  // A redirect (to /login, or to PUBLIC_URL) or a page without the cities would measure the wrong thing.
  const view = async () => {
    const body = await expectOk(await fetch(`${base}/dashboard`, { headers: page, redirect: 'manual' }));
    const cards = body.split('class="card city"').length - 1;
    if (cards !== DASHBOARD_CITIES) throw new Error(`the dashboard showed ${cards} cities, not ${DASHBOARD_CITIES}`);
  };
  fake.calls = 0;
  await view();
  const firstViewCalls = fake.calls;
  fake.calls = 0;
  const viewStarted = performance.now();
  await view();
  const viewMs = performance.now() - viewStarted;
  const secondViewCalls = fake.calls;
  const load = await runLoad({
    url: `${base}/dashboard`,
    headers: page,
    connections: 10,
    duration: DASHBOARD_SECONDS,
    deadlineMs: RUN_DEADLINE_MS,
  });
  return [
    [`dashboard, ${DASHBOARD_CITIES} saved cities: one view`, `${viewMs.toFixed(1)} ms`, ''],
    ['  under load (10 connections)', describeRun(load), ''],
    // Saving a city looks up its current weather only: the first view asks for the forecasts.
    ['  upstream calls, first view after saving them', String(firstViewCalls), ''],
    ['  upstream calls, second view within the TTL', String(secondViewCalls), verdict(secondViewCalls === 0, '0')],
  ];
}

/** 100,000 lookups, each of a city not seen before: memory must level off at the cache's cap. */
async function distinctCities(base: string, fake: FakeOpenWeatherMap): Promise<Row[]> {
  const before = memoryAfterGc();
  const checkpoints: string[] = [];
  let peak = process.memoryUsage.rss();
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, 100);
  fake.calls = 0;
  fake.onCall = (calls) => {
    if (calls % (DISTINCT_CITIES / 4) === 0) checkpoints.push(`${calls / 1000}k: ${memoryAfterGc()}`);
  };
  try {
    const run = await runLoad({
      url: `${base}/weather`,
      connections: 20,
      amount: DISTINCT_CITIES,
      distinctCityPrefix: 'town-',
      deadlineMs: DISTINCT_DEADLINE_MS,
    });
    return [
      [
        `RSS / heap (MB, after GC) while ${DISTINCT_CITIES.toLocaleString('en')} distinct cities are looked up`,
        `before ${before}; ${checkpoints.join('; ')}; peak RSS ${megabytes(peak)}`,
        'levels off',
      ],
      ['  their lookups', describeRun(run), ''],
    ];
  } finally {
    clearInterval(sampler);
    fake.onCall = undefined;
  }
}

/** "RSS / heap used" in MB, after a full collection when node runs with --expose-gc (npm run bench:http does). */
function memoryAfterGc(): string {
  globalThis.gc?.();
  const { rss, heapUsed } = process.memoryUsage();
  return `${megabytes(rss)} / ${megabytes(heapUsed)}`;
}

const megabytes = (bytes: number) => (bytes / 2 ** 20).toFixed(0);

/** A port nothing listens on right now (the kernel's pick), for PUBLIC_URL before the app listens. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

/** The body of a 200; anything else stops the benchmark. */
async function expectOk(response: Response): Promise<string> {
  const body = await response.text();
  if (response.status !== 200) throw new Error(`${response.url}: ${response.status} ${body.slice(0, 200)}`);
  return body;
}

function describeRun(run: LoadResult): string {
  const others = otherStatuses(run);
  return (
    `${Math.round(perSecond(run)).toLocaleString('en')} req/s, p50 ${run.latencyP50} ms, p99 ${run.latencyP99} ms` +
    (others || run.errors ? ` [not 200: ${others || 'none'}; errors ${run.errors}]` : '')
  );
}

async function count(counter: Metrics['weatherCacheHits']): Promise<number> {
  return (await counter.get()).values[0]?.value ?? 0;
}

const percent = (ratio: number) => `${(ratio * 100).toFixed(0)}%`;
const verdict = (met: boolean, target: string) => `${target} ${met ? '(met)' : '(missed)'}`;

function printTable(rows: Row[]): void {
  const header: Row = ['measure', 'figure', 'target'];
  const widths = header.map((_, column) => Math.max(...[header, ...rows].map((row) => row[column]?.length ?? 0)));
  const line = (row: Row) => row.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join('  ');
  console.log(line(header));
  console.log(widths.map((width) => '-'.repeat(width)).join('  '));
  for (const row of rows) console.log(line(row));
}

const watchdog = setTimeout(() => {
  console.error(`bench:http: still running after ${OVERALL_DEADLINE_MS / 1000} s, stopping`);
  process.exit(1);
}, OVERALL_DEADLINE_MS);
watchdog.unref();

main().catch((error: unknown) => {
  console.error('bench:http failed:', error);
  process.exit(1);
});
