/**
 * `npm run db:copy -- <from> <to>` (copy-cli.ts runs it): checks the two
 * URLs, opens both databases, copies, and says how it went. Exit codes:
 * 0 copied; 1 refused or failed, nothing copied; 2 bad arguments. A URL's
 * password is never printed, not even inside a driver's error.
 */
import { existsSync } from 'node:fs';
import { CopyRefused, copyDatabase, rowsText } from './copy.ts';
import { createDatabase, isPostgresUrl, sqlitePath } from './database.ts';

export const USAGE = 'usage: npm run db:copy -- <from DATABASE_URL> <to DATABASE_URL> (file:<path> or postgres://…)';

export interface CommandOutput {
  out(line: string): void;
  err(line: string): void;
}

export async function runCopyCommand(args: string[], output: CommandOutput): Promise<number> {
  const problem = argumentProblem(args);
  if (problem) {
    output.err(`skydeck: db:copy: ${problem}; ${USAGE}`);
    return 2;
  }
  const [from, to] = args as [string, string];
  // Opening a file that is not there would create an empty database, and a typo would "copy" nothing.
  if (!isPostgresUrl(from) && !existsSync(sqlitePath(from))) {
    output.err(`skydeck: db:copy refused: the source file ${sqlitePath(from)} does not exist`);
    return 1;
  }
  // One connection each is all a copy uses (it runs in one transaction); a larger pool would only sit idle.
  // Stryker disable next-line ObjectLiteral: no behaviour differs with idle connections in the pool
  const source = createDatabase(from, { poolMax: 1 });
  // Stryker disable next-line ObjectLiteral: as above
  const target = createDatabase(to, { poolMax: 1 });
  try {
    const copied = await copyDatabase(source, target, (line) => output.out(line));
    const rows = copied.reduce((sum, table) => sum + table.rows, 0);
    output.out(
      `skydeck: copied ${rowsText(rows)} in ${copied.length} tables from ${redacted(from)} to ${redacted(to)}`,
    );
    return 0;
  } catch (error) {
    output.err(failureLine(error, [from, to]));
    return 1;
  } finally {
    await Promise.allSettled([source.destroy(), target.destroy()]);
  }
}

function argumentProblem(args: string[]): string | undefined {
  if (args.length !== 2) return `expected 2 database URLs, got ${args.length}`;
  const [from, to] = args as [string, string];
  if (!supported(from)) return 'the source is not a file:<path> or postgres:// URL';
  if (!supported(to)) return 'the target is not a file:<path> or postgres:// URL';
  if (from === to) return 'the source and the target are the same';
  return undefined;
}

/** `:memory:` is not: a database in memory is gone when the command ends. */
function supported(url: string): boolean {
  if (isPostgresUrl(url)) return URL.canParse(url);
  return url.startsWith('file:') && url.length > 'file:'.length;
}

/** The URL as it may be printed: `postgres://user:***@host/db`. */
export function redacted(url: string): string {
  if (!isPostgresUrl(url)) return url;
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  if (parsed.searchParams.has('password')) parsed.searchParams.set('password', '***');
  return parsed.href;
}

/** `skydeck: db:copy refused|failed: <why>`, on one line, with the passwords in `urls` as `***` (a driver's error may quote them). */
export function failureLine(error: unknown, urls: string[]): string {
  const verb = error instanceof CopyRefused ? 'refused' : 'failed';
  const message = (error instanceof Error ? error.message : String(error)).replace(/\s+/g, ' ').trim();
  // Node's AggregateError (every address of a host refused) has an empty message and a code.
  const why = message || String((error as { code?: unknown }).code ?? 'unknown error');
  let line = `skydeck: db:copy ${verb}: ${why}`;
  for (const password of urls.flatMap(passwordsIn)) line = line.replaceAll(password, '***');
  return line;
}

function passwordsIn(url: string): string[] {
  // A file: URL has no password; `new URL` cannot even read some of them (a space in the host).
  // Stryker disable next-line ArrayDeclaration: a made-up password would only hide text equal to itself
  if (!isPostgresUrl(url)) return [];
  const parsed = new URL(url);
  const found = [parsed.password, decoded(parsed.password), ...parsed.searchParams.getAll('password')];
  return found.filter((password) => password.length > 0);
}

/** `%zz` is a password too: a malformed escape stays as it is written. */
function decoded(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
