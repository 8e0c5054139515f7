/**
 * The entry point: load config, open and migrate the database, build, listen.
 * On SIGTERM/SIGINT: stop accepting, let in-flight requests finish, close the
 * database, exit 0. A bad configuration exits 1 with one line saying why.
 */
import { buildApp } from './app.js';
import { createCityRepository } from './cities/repository.js';
import { ConfigError, loadConfig } from './config.js';
import { createDatabase } from './db/database.js';
import { migrateToLatest } from './db/migrate.js';
import { seedDemo } from './demo/seed.js';
import { globalFetch } from './http/upstream.js';
import { createSnapshotJob } from './snapshots/job.js';
import { createSnapshotRepository } from './snapshots/repository.js';
import { type SnapshotScheduler, startSnapshotScheduler } from './snapshots/scheduler.js';
import { weatherClientFor } from './weather/configured-client.js';

async function main(): Promise<void> {
  const config = loadConfig();
  const db = createDatabase(config.databaseUrl, { poolMax: config.databasePoolMax });
  await migrateToLatest(db);
  const app = await buildApp(config, { db });

  for (const warning of config.warnings) app.log.warn(warning);
  if (config.weather.apiKey === null) app.log.info('demo mode: weather comes from the built-in fake OpenWeatherMap');
  if (config.github.clientId === null) {
    app.log.info(`demo mode: sign-in goes through the built-in fake GitHub at ${config.publicUrl}/demo/github`);
    const seed = await seedDemo(db);
    if (seed.seeded) app.log.info(`demo mode: seeded the demo user's cities and ${seed.samples} hourly samples`);
  }

  let scheduler: SnapshotScheduler | undefined;

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info(`${signal} received: finishing in-flight requests`);
    // Node closes idle keep-alive connections once, when closing starts; a connection whose request
    // finishes later would hold the server open until its keep-alive timeout (72 s), so sweep them.
    const sweep = setInterval(() => app.server.closeIdleConnections(), 100);
    // In parallel: the app stops accepting and waits for in-flight requests (running onClose hooks), the
    // scheduler starts no new run and waits for the one in progress; both finish before the database closes.
    await Promise.all([app.close(), scheduler?.stop()]);
    clearInterval(sweep);
    await db.destroy();
    process.exit(0);
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));

  // Fastify's own line would offer http://<bound address>, where sign-in cannot work (cookies follow
  // the host name): it names the socket without a scheme, and the line after it says what to open.
  await app.listen({
    port: config.port,
    host: config.host,
    listenTextResolver: (address) => `listening on ${address.replace(/^https?:\/\//, '')}`,
  });
  app.log.info(`ready: open ${config.publicUrl}`);
  // Here, not in buildApp: tests build many apps and drive the job themselves.
  const snapshots = createSnapshotRepository(db);
  const job = createSnapshotJob({
    cities: createCityRepository(db),
    snapshots,
    weather: weatherClientFor(config, globalFetch),
    log: app.log,
  });
  // Every instance schedules; the database decides which one runs each tick.
  const claim = (tick: string) => snapshots.claimTick(tick);
  scheduler = startSnapshotScheduler({ cron: config.snapshotCron, job, log: app.log, claim });
  app.log.info(`snapshots: every "${config.snapshotCron}" (UTC), next at ${scheduler.nextRun()?.toISOString()}`);
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    console.error(`skydeck: configuration error: ${error.message}`);
  } else {
    console.error('skydeck: failed to start:', error);
  }
  process.exit(1);
});
