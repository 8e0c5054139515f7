/**
 * The entry point: load config, open and migrate the database, build, listen.
 * On SIGTERM/SIGINT: stop accepting, let in-flight requests finish, close the
 * database, exit 0. A bad configuration exits 1 with one line saying why.
 */
import { buildApp } from './app.ts';
import { loadConfig } from './config.ts';
import { createDatabase } from './db/database.ts';
import { migrateToLatest } from './db/migrate.ts';
import { seedDemo } from './demo-seed.ts';
import { type Housekeeping, startHousekeeping } from './housekeeping/housekeeping.ts';
import { closeGracefully } from './http/shutdown.ts';
import { createMetrics } from './metrics/metrics.ts';
import { createServices } from './services.ts';
import { createSnapshotJob } from './snapshots/job.ts';
import { type SnapshotScheduler, startSnapshotScheduler } from './snapshots/scheduler.ts';
import { startupFailureLine } from './startup-failure.ts';

async function main(): Promise<void> {
  const config = loadConfig();
  const db = createDatabase(config.databaseUrl, { poolMax: config.databasePoolMax });
  await migrateToLatest(db);
  // One set of services for the app and the snapshot job: one weather cache, one breaker per provider.
  const services = createServices(config, { db, metrics: createMetrics({ processDefaults: true }) });
  const app = await buildApp(config, { services });

  for (const warning of config.warnings) app.log.warn(warning);
  if (config.weather.apiKey === null) app.log.info('demo mode: weather comes from the built-in fake OpenWeatherMap');
  if (config.github.clientId === null) {
    app.log.info(`demo mode: sign-in goes through the built-in fake GitHub at ${config.publicUrl}/demo/github`);
    const seed = await seedDemo(services);
    if (seed.seeded) app.log.info(`demo mode: seeded the demo user's cities and ${seed.samples} hourly samples`);
  }

  let scheduler: SnapshotScheduler | undefined;
  let housekeeping: Housekeeping | undefined;

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info(`${signal} received: finishing in-flight requests`);
    // In parallel: the app stops accepting and waits for in-flight requests (at most SHUTDOWN_GRACE_MS, running
    // onClose hooks), the scheduler starts no new run and waits for the one in progress; both finish before the
    // database closes.
    await Promise.all([closeGracefully(app), scheduler?.stop(), housekeeping?.stop()]);
    await services.close(); // the Redis connection
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
  const { cities, snapshots, weather, metrics } = services;
  const job = createSnapshotJob({ cities, snapshots, weather, log: app.log });
  // Every instance schedules; the database decides which one runs each tick.
  const claim = (tick: string) => snapshots.claimTick(tick);
  scheduler = startSnapshotScheduler({ cron: config.snapshotCron, job, log: app.log, metrics, claim });
  app.log.info(`snapshots: every "${config.snapshotCron}" (UTC), next at ${scheduler.nextRun()?.toISOString()}`);

  // Expired sign-in attempts and sessions are deleted here, in batches, never on a request (a flood of
  // /oauth/login once made every request pay for the DELETE).
  housekeeping = startHousekeeping({
    tables: { oauth_attempts: services.signInAttempts, sessions: services.sessions },
    log: app.log,
  });
}

main().catch((error: unknown) => {
  // A bad setting or a taken port is one line saying what to change; anything else in full.
  const line = startupFailureLine(error);
  if (line) console.error(line);
  else console.error('skydeck: failed to start:', error);
  process.exit(1);
});
