#!/usr/bin/env node
/**
 * npm run bench:http [-- --seconds N]   (N seconds per autocannon run; default 5)
 *
 * Skydeck's upstream economy, measured from outside: Skydeck runs in-process
 * (the same createServices + buildApp as the server, listening on a free
 * port) against a local fake OpenWeatherMap that counts its calls, and
 * autocannon drives it. From one run it prints:
 *
 *   - /healthz req/s, /weather cache-hit req/s, and their ratio (target ≥ 80%);
 *   - 1,000 concurrent lookups of one cold city: upstream calls (target 1) and statuses;
 *   - the dashboard with 20 saved cities: first view, then a second within the TTL
 *     (target 0 upstream calls), with their times;
 *   - RSS while 100,000 distinct city names are looked up (bounded by WEATHER_CACHE_MAX).
 *
 * Run with tsx (it imports the TypeScript sources): `tsx scripts/bench-http.mjs`.
 */
import { createServer } from 'node:http';
import { signerFactory } from '@fastify/cookie';
import autocannon from 'autocannon';
import { buildApp } from '../src/app.ts';
import { SESSION_COOKIE } from '../src/auth/session-plugin.ts';
import { parseConfig } from '../src/config.ts';
import { createDatabase } from '../src/db/database.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { CANNED_CITIES, currentWeatherBody, findCannedCity } from '../src/demo/openweathermap-data.ts';
import { createServices } from '../src/services.ts';

const seconds = Number(process.argv[process.argv.indexOf('--seconds') + 1]) || 5;
/** Each of /healthz and /weather is driven this many times, alternately. */
const ROUNDS = 3;
const DISTINCT_NAMES = 100_000;

/** A fake OpenWeatherMap on a free port: canned cities as canned, any other name as a made-up city. */
async function fakeOpenWeatherMap() {
  const counter = { calls: 0 };
  const server = createServer((request, response) => {
    counter.calls++;
    const q = new URL(request.url ?? '/', 'http://x').searchParams.get('q') ?? '';
    const canned = findCannedCity(q);
    const body = canned
      ? currentWeatherBody(canned, Math.floor(Date.now() / 1000))
      : { ...currentWeatherBody(CANNED_CITIES[0]), name: q, id: counter.calls };
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify(body));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { counter, url: `http://127.0.0.1:${server.address().port}`, close: () => server.close() };
}

/** A port nobody is listening on, so PUBLIC_URL can name it before Skydeck starts (pages redirect to it). */
async function freePort() {
  const probe = createServer();
  await new Promise((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address();
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

async function startSkydeck(weatherUrl) {
  const port = await freePort();
  const config = parseConfig({
    PORT: String(port),
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    NODE_ENV: 'test',
    SECRET_KEY: 'bench-secret-not-for-production-0123456789',
    WEATHER_API_KEY: 'bench',
    WEATHER_API_URL: weatherUrl,
    GITHUB_CLIENT_ID: 'bench',
    GITHUB_CLIENT_SECRET: 'bench',
    DATABASE_URL: ':memory:',
    LOG_LEVEL: 'silent',
    RATE_LIMIT_PER_MINUTE: '0', // this measures the cache, not the per-client limit
  });
  const db = createDatabase(config.databaseUrl);
  await migrateToLatest(db);
  const services = createServices(config, { db });
  const app = await buildApp(config, { services });
  await app.listen({ port, host: '127.0.0.1' });
  const base = config.publicUrl;
  const close = async () => {
    await app.close();
    await db.destroy();
  };
  return { config, services, base, close };
}

/** autocannon in a worker thread, so the driver does not share Skydeck's event loop. */
function cannon(url) {
  return autocannon({ url, connections: 50, duration: seconds, workers: 1 });
}

function mb(bytes) {
  return `${(bytes / 1024 / 1024).toFixed(0)} MB`;
}

async function main() {
  const owm = await fakeOpenWeatherMap();
  const skydeck = await startSkydeck(owm.url);
  const rows = [];
  try {
    // Warm both routes so neither pays first-request costs inside the measurement.
    await fetch(`${skydeck.base}/healthz`);
    await fetch(`${skydeck.base}/weather?city=Dublin`);
    // Alternated, ROUNDS times each, so a machine whose load changes during the run weighs on both alike.
    const callsBefore = owm.counter.calls;
    const health = [];
    const weather = [];
    for (let round = 0; round < ROUNDS; round++) {
      health.push(await cannon(`${skydeck.base}/healthz`));
      weather.push(await cannon(`${skydeck.base}/weather?city=Dublin`));
    }
    const perSecond = (results) => results.reduce((sum, result) => sum + result.requests.average, 0) / results.length;
    const p99 = (results) => Math.max(...results.map((result) => result.latency.p99));
    const requests = weather.reduce((sum, result) => sum + result.requests.total, 0);
    const ratio = perSecond(weather) / perSecond(health);
    rows.push(['/healthz', `${Math.round(perSecond(health))} req/s (p99 ${p99(health)} ms)`]);
    rows.push([
      '/weather, cache hit',
      `${Math.round(perSecond(weather))} req/s (p99 ${p99(weather)} ms), ${(ratio * 100).toFixed(0)}% of /healthz; ${owm.counter.calls - callsBefore} upstream calls for ${requests} requests`,
    ]);

    // 1,000 concurrent lookups of a city nobody has asked for yet.
    const coldBefore = owm.counter.calls;
    const cold = await autocannon({
      url: `${skydeck.base}/weather?city=Reykjavik`,
      connections: 1000,
      amount: 1000,
      timeout: 30,
    });
    rows.push([
      '1,000 concurrent lookups, one cold city',
      `${owm.counter.calls - coldBefore} upstream call(s); ${cold['2xx']} answered 200, ${cold.non2xx} other, ${cold.errors} errors`,
    ]);

    // The dashboard of a user with 20 saved cities.
    const { users, sessions, cities } = skydeck.services;
    const user = await users.upsertFromGithub({
      githubId: 1,
      login: 'bench',
      name: null,
      avatarUrl: null,
      location: null,
    });
    const names = [...CANNED_CITIES.map((city) => city.name), 'Lima', 'Quito', 'Accra', 'Hanoi'].slice(0, 20);
    for (const name of names) await cities.add(user.id, { name, country: null, query: name }, 20);
    const session = await sessions.create(user.id);
    const cookie = `${SESSION_COOKIE}=${encodeURIComponent(signerFactory([...skydeck.config.secretKeys]).sign(session.token))}`;
    const view = async () => {
      const before = owm.counter.calls;
      const started = performance.now();
      const response = await fetch(`${skydeck.base}/dashboard`, {
        headers: { accept: 'text/html', cookie },
        redirect: 'manual', // a redirect (to /login) would be a failed measurement, not a page
      });
      const page = await response.text();
      if (response.status !== 200 || !page.includes('class="card city"')) {
        throw new Error(`the dashboard answered ${response.status} without the cities`);
      }
      return { status: response.status, ms: performance.now() - started, calls: owm.counter.calls - before };
    };
    const first = await view();
    const second = await view();
    rows.push([
      'dashboard, 20 cities, first view',
      `${first.status} in ${first.ms.toFixed(1)} ms, ${first.calls} upstream calls`,
    ]);
    rows.push([
      'dashboard, second view within the TTL',
      `${second.status} in ${second.ms.toFixed(1)} ms, ${second.calls} upstream calls`,
    ]);

    // 100,000 distinct names: the cache keeps WEATHER_CACHE_MAX of them, so RSS (after a GC, at each
    // quarter) levels off once it is full.
    const rss = () => {
      globalThis.gc?.();
      return process.memoryUsage().rss;
    };
    const checkpoints = [`start ${mb(rss())}`];
    const batch = 200;
    for (let start = 0; start < DISTINCT_NAMES; start += batch) {
      await Promise.all(
        Array.from({ length: batch }, (_, i) =>
          fetch(`${skydeck.base}/weather?city=bench-city-${start + i}`).then((response) => response.arrayBuffer()),
        ),
      );
      const done = start + batch;
      if (done % (DISTINCT_NAMES / 4) === 0) checkpoints.push(`${done / 1000}k ${mb(rss())}`);
    }
    rows.push([`RSS over ${DISTINCT_NAMES.toLocaleString('en')} distinct cities`, checkpoints.join(', ')]);
  } finally {
    await skydeck.close();
    owm.close();
  }
  const width = Math.max(...rows.map(([name]) => name.length));
  console.log(`bench:http (${ROUNDS} × ${seconds} s per route, alternated; Node ${process.version})`);
  for (const [name, value] of rows) console.log(`  ${name.padEnd(width)}  ${value}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
