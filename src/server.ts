/**
 * The entry point: load config, open and migrate the database, build, listen.
 * On SIGTERM/SIGINT: stop accepting, let in-flight requests finish, close the
 * database, exit 0. A bad configuration exits 1 with one line saying why.
 */
import { buildApp } from './app.js';
import { ConfigError, loadConfig } from './config.js';
import { createDatabase } from './db/database.js';
import { migrateToLatest } from './db/migrate.js';
import { seedDemo } from './demo-seed.js';
import { createMetrics } from './metrics/metrics.js';
import { createServices } from './services.js';
import { createSnapshotJob } from './snapshots/job.js';
import { type SnapshotScheduler, startSnapshotScheduler } from './snapshots/scheduler.js';

async function main(): Promise<void> {
  const config = loadConfig();
  const db = createDatabase(config.databaseUrl);
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

  await app.listen({ port: config.port, host: config.host });
  // Here, not in buildApp: tests build many apps and drive the job themselves.
  const { cities, snapshots, weather, metrics } = services;
  const job = createSnapshotJob({ cities, snapshots, weather, log: app.log });
  scheduler = startSnapshotScheduler({ cron: config.snapshotCron, job, log: app.log, metrics });
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
