/**
 * `npm run db:copy -- <from DATABASE_URL> <to DATABASE_URL>`: copies a Skydeck
 * database into an empty one (SQLite to PostgreSQL, or back). See copy.ts and
 * copy-command.ts; exit 0 copied, 1 refused or failed, 2 bad arguments.
 */
import { runCopyCommand } from './copy-command.ts';

const output = { out: (line: string) => console.log(line), err: (line: string) => console.error(line) };
process.exitCode = await runCopyCommand(process.argv.slice(2), output);
