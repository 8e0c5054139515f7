/**
 * `npm run db:migrate`: brings DATABASE_URL's schema up to date and exits,
 * for deployments that migrate in a step of their own before starting
 * instances. (Each instance also migrates at start; the migrator's lock makes
 * instances started together migrate once.) See migrate-command.ts; exit 0
 * up to date, 1 a bad configuration or a failed migration.
 */
import { loadEnv } from '../config.ts';
import { runMigrateCommand } from './migrate-command.ts';

const output = { out: (line: string) => console.log(line), err: (line: string) => console.error(line) };
process.exitCode = await runMigrateCommand(loadEnv(), output);
