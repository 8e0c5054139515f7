// npm run coverage: the suite on SQLite and on PostgreSQL, one coverage report over both.
// Each database has code only it runs (the Postgres pool and migration lock, SQLite's busy timeout and
// file lock), so neither run alone covers src/; the thresholds in vitest.config.ts apply to the merged report.
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';

const vitest = 'node_modules/.bin/vitest';
const reports = '.vitest-reports';
const partial = [
  '--coverage',
  '--coverage.reporter=json',
  '--coverage.thresholds.lines=0',
  '--coverage.thresholds.branches=0',
];

function run(args, env = {}) {
  const result = spawnSync(vitest, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

rmSync(reports, { recursive: true, force: true });
run(['run', ...partial, '--reporter=blob', `--outputFile=${reports}/sqlite.json`]);
run(['run', ...partial, '--reporter=blob', `--outputFile=${reports}/postgres.json`], { SKYDECK_TEST_DB: 'postgres' });
run(['run', `--merge-reports=${reports}`, '--coverage']);
