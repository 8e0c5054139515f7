/**
 * The entry point (`npm start`): what only a process can do. start.ts loads
 * nothing from the environment, installs no handler and never exits; this
 * shim does. On SIGTERM/SIGINT: shut down (start.ts), then exit 0. A bad
 * configuration or a taken port exits 1 with one line saying why.
 */
import { loadConfig } from './config.ts';
import { startSkydeck } from './start.ts';
import { startupFailureOutput } from './startup-failure.ts';

try {
  const server = await startSkydeck(loadConfig());
  for (const signal of ['SIGTERM', 'SIGINT']) {
    process.once(signal, () => void server.shutdown(signal).then(() => process.exit(0)));
  }
} catch (error) {
  console.error(...startupFailureOutput(error));
  // Not exitCode: a failure after the database opened (a taken port) leaves its connections open.
  process.exit(1);
}
