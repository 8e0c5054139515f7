/**
 * Starting and stopping Skydeck: open and migrate the database, build, listen,
 * start the background work; on shutdown, close it all in order. Everything
 * `npm start` does except what only a process can do (read the environment,
 * handle signals, exit), which server.ts keeps: here a test can start a real
 * server on port 0, read what it logs, and shut it down.
 */
import type { FastifyInstance } from 'fastify';
import { buildApp } from './app.ts';
import type { Config } from './config.ts';
import { createDatabase, type Database } from './db/database.ts';
import { migrateToLatest } from './db/migrate.ts';
import { seedDemo } from './demo-seed.ts';
import { type Housekeeping, startHousekeeping } from './housekeeping/housekeeping.ts';
import type { LogStream } from './http/logging.ts';
import { closeGracefully } from './http/shutdown.ts';
import { createMetrics } from './metrics/metrics.ts';
import { createServices, type Services } from './services.ts';
import { createSnapshotJob } from './snapshots/job.ts';
import { type SnapshotScheduler, startSnapshotScheduler } from './snapshots/scheduler.ts';

export interface StartOptions {
  /** Where log lines go; stdout by default. */
  logStream?: LogStream;
}

export interface RunningServer {
  app: FastifyInstance;
  /** The bound socket as Fastify reports it (`http://127.0.0.1:3000`), which is not PUBLIC_URL. */
  address: string;
  /** What shutdown closes, handed out so that whoever started the server can watch it happen. */
  db: Database;
  services: Services;
  scheduler: SnapshotScheduler;
  housekeeping: Housekeeping;
  /**
   * What SIGTERM and SIGINT do, without exiting: stop accepting, let in-flight requests finish, stop the
   * background work, then close the services and the database. A second call (SIGINT during a SIGTERM's
   * shutdown) starts nothing: it returns the first call's promise, so whoever exits after it waits for the end.
   */
  shutdown(signal: string): Promise<void>;
}

/** Starts Skydeck on `config.host`:`config.port` (port 0: any free port); resolves once it is listening. */
export async function startSkydeck(config: Config, options: StartOptions = {}): Promise<RunningServer> {
  const db = createDatabase(config.databaseUrl, { poolMax: config.databasePoolMax });
  await migrateToLatest(db);
  // One set of services for the app and the snapshot job: one weather cache, one breaker per provider.
  const services = createServices(config, { db, metrics: createMetrics({ processDefaults: true }) });
  const app = await buildApp(config, { services, logStream: options.logStream });
  await announceAndSeed(config, app, services);
  const address = await listen(app, config);
  app.log.info(`ready: open ${config.publicUrl}`);
  // After listen, not in buildApp: tests build many apps and drive the job and the pruning themselves.
  const scheduler = scheduleSnapshots(config, app, services);
  // Expired sign-in attempts and sessions are deleted here, in batches, never on a request (a flood of
  // /oauth/login once made every request pay for the DELETE).
  const housekeeping = startHousekeeping({
    tables: { oauth_attempts: services.signInAttempts, sessions: services.sessions },
    log: app.log,
  });

  let closing: Promise<void> | undefined;
  const close = async (signal: string) => {
    app.log.info(`${signal} received: finishing in-flight requests`);
    // In parallel: the app stops accepting and waits for in-flight requests (at most SHUTDOWN_GRACE_MS, running
    // onClose hooks), the scheduler and the housekeeping start no new run and wait for the one in progress;
    // all of them finish before the database closes.
    await Promise.all([closeGracefully(app), scheduler.stop(), housekeeping.stop()]);
    await services.close(); // the Redis connection
    await db.destroy();
  };
  const shutdown = (signal: string) => {
    closing ??= close(signal);
    return closing;
  };
  return { app, address, db, services, scheduler, housekeeping, shutdown };
}

/** The start-up lines someone running it should read (warnings, demo mode), and demo mode's first-run data. */
async function announceAndSeed(config: Config, app: FastifyInstance, services: Services): Promise<void> {
  for (const warning of config.warnings) app.log.warn(warning);
  if (config.weather.apiKey === null) app.log.info('demo mode: weather comes from the built-in fake OpenWeatherMap');
  if (config.github.clientId !== null) return;
  app.log.info(`demo mode: sign-in goes through the built-in fake GitHub at ${config.publicUrl}/demo/github`);
  const seed = await seedDemo(services);
  if (seed.seeded) app.log.info(`demo mode: seeded the demo user's cities and ${seed.samples} hourly samples`);
}

/**
 * Fastify's own line would offer http://<bound address>, where sign-in cannot work (cookies follow the host
 * name): it names the socket without a scheme, and the line after it (`ready: open …`) says what to open.
 */
function listen(app: FastifyInstance, config: Config): Promise<string> {
  return app.listen({
    port: config.port,
    host: config.host,
    // Fastify hands over a URL (http://127.0.0.1:3000, http://[::1]:3000): its host is the socket's name.
    listenTextResolver: (address) => `listening on ${new URL(address).host}`,
  });
}

/** Runs the snapshot job on SNAPSHOT_CRON from now on, and says when the first run is due. */
function scheduleSnapshots(config: Config, app: FastifyInstance, services: Services): SnapshotScheduler {
  const { cities, snapshots, weather, metrics } = services;
  const job = createSnapshotJob({ cities, snapshots, weather, log: app.log });
  // Every instance schedules; the database decides which one runs each tick.
  const claim = (tick: string) => snapshots.claimTick(tick);
  const scheduler = startSnapshotScheduler({ cron: config.snapshotCron, job, log: app.log, metrics, claim });
  // Stryker disable next-line OptionalChaining: the configuration refuses a SNAPSHOT_CRON that never runs again
  app.log.info(`snapshots: every "${config.snapshotCron}" (UTC), next at ${scheduler.nextRun()?.toISOString()}`);
  return scheduler;
}
