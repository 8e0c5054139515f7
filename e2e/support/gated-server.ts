/**
 * The server, started on a signal. It loads the app's modules first (most of a
 * start's seconds, and a different number of them in each process), prints
 * GATE_LOADED, and runs src/server.ts when it gets SIGUSR2. Processes released
 * together then open, migrate and seed one database within milliseconds of each
 * other: the first-start race that loose start times would hide (one of six
 * such starts once died with `table "cities" already exists`).
 */
import { GATE_LOADED } from './gate.ts';

/** A gate nobody opens must not hold a process forever. */
const GATE_TIMEOUT_MS = 120_000;

await Promise.all([
  import('../../src/app.ts'),
  import('../../src/db/migrate.ts'),
  import('../../src/demo-seed.ts'),
  import('../../src/services.ts'),
  import('../../src/snapshots/scheduler.ts'),
  import('../../src/housekeeping/housekeeping.ts'),
]);
const timeout = setTimeout(() => {
  console.error(`gated server: no SIGUSR2 within ${GATE_TIMEOUT_MS} ms`);
  process.exit(1);
}, GATE_TIMEOUT_MS);
process.once('SIGUSR2', () => {
  clearTimeout(timeout);
  void import('../../src/server.ts');
});
// A log line like the server's own, so output checks read it as one.
console.log(JSON.stringify({ level: 30, msg: GATE_LOADED }));
