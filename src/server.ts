/**
 * The entry point: load config, open and migrate the database, build, listen.
 * On SIGTERM/SIGINT: stop accepting, let in-flight requests finish, close the
 * database, exit 0. A bad configuration exits 1 with one line saying why.
 */
import { buildApp } from './app.js';
import { ConfigError, loadConfig } from './config.js';
import { createDatabase } from './db/database.js';
import { migrateToLatest } from './db/migrate.js';

async function main(): Promise<void> {
  const config = loadConfig();
  const db = createDatabase(config.databaseUrl);
  await migrateToLatest(db);
  const app = await buildApp(config, { db });

  for (const warning of config.warnings) app.log.warn(warning);
  if (config.weather.apiKey === null) app.log.info('demo mode: weather comes from the built-in fake OpenWeatherMap');

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info(`${signal} received: finishing in-flight requests`);
    // Node closes idle keep-alive connections once, when closing starts; a connection whose request
    // finishes later would hold the server open until its keep-alive timeout (72 s), so sweep them.
    const sweep = setInterval(() => app.server.closeIdleConnections(), 100);
    await app.close(); // stops accepting, waits for in-flight requests, runs onClose hooks
    clearInterval(sweep);
    await db.destroy();
    process.exit(0);
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));

  await app.listen({ port: config.port, host: config.host });
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    console.error(`skydeck: configuration error: ${error.message}`);
  } else {
    console.error('skydeck: failed to start:', error);
  }
  process.exit(1);
});
