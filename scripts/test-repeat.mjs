#!/usr/bin/env node
/**
 * npm run test:repeat -- --runs N [--pg] [vitest arguments…]
 *
 * Runs the suite N times (default 10), each with files and tests in a shuffled order
 * (`--sequence.shuffle`) under a seed printed before the run, to find tests that depend on
 * their order or on one another. Stops at the first failing run: prints its output, its
 * seed and the command that repeats it exactly. Ends with one summary line.
 * `--pg` (or SKYDECK_TEST_DB=postgres) runs it on PostgreSQL, as `npm run test:pg` does.
 * Anything else is passed to Vitest, e.g. a folder: `npm run test:repeat -- --runs 20 test/cities`.
 */
import { spawnSync } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { join } from 'node:path';
import { stripVTControlCharacters } from 'node:util';

const MAX_RUNS = 10_000;

function parseArgs(argv) {
  const options = { runs: 10, pg: process.env.SKYDECK_TEST_DB === 'postgres', vitestArgs: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--runs') options.runs = Number(argv[++i]);
    else if (arg.startsWith('--runs=')) options.runs = Number(arg.slice('--runs='.length));
    else if (arg === '--pg') options.pg = true;
    else options.vitestArgs.push(arg);
  }
  if (!Number.isInteger(options.runs) || options.runs < 1 || options.runs > MAX_RUNS) {
    console.error(`test:repeat: --runs must be a whole number from 1 to ${MAX_RUNS}`);
    process.exit(2);
  }
  return options;
}

/** The command a developer pastes to repeat one run (the shell quoting is simple: seeds and flags are plain). */
function reproduceCommand(seed, options) {
  const env = options.pg ? 'SKYDECK_TEST_DB=postgres ' : '';
  return `${env}npx vitest run --sequence.shuffle --sequence.seed=${seed} ${options.vitestArgs.join(' ')}`.trim();
}

function summary(text) {
  const plain = stripVTControlCharacters(text);
  const tests = /Tests\s+(.*)/.exec(plain)?.[1]?.trim() ?? '';
  const passed = /(\d+) passed/.exec(tests);
  return { line: tests, passed: passed ? Number(passed[1]) : 0 };
}

const options = parseArgs(process.argv.slice(2));
const database = options.pg ? 'PostgreSQL' : 'SQLite';
const env = { ...process.env, ...(options.pg ? { SKYDECK_TEST_DB: 'postgres' } : {}) };
const vitest = join('node_modules', '.bin', 'vitest');
const durations = [];
const started = performance.now();

for (let run = 1; run <= options.runs; run++) {
  const seed = randomInt(1, 2 ** 31);
  process.stdout.write(`run ${run}/${options.runs} on ${database}, seed ${seed}: `);
  const runStarted = performance.now();
  const result = spawnSync(
    vitest,
    ['run', '--sequence.shuffle', `--sequence.seed=${seed}`, '--reporter=dot', ...options.vitestArgs],
    { encoding: 'utf8', env, maxBuffer: 64 * 1024 * 1024 },
  );
  const seconds = (performance.now() - runStarted) / 1000;
  durations.push(seconds);
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}${result.error ? `\n${result.error.message}\n` : ''}`;
  const { line, passed } = summary(output);
  if (result.status !== 0) {
    console.log(`FAILED after ${seconds.toFixed(1)} s`);
    console.log(output);
    console.log(`test:repeat: run ${run} of ${options.runs} failed on ${database} with seed ${seed}; repeat it with:`);
    console.log(`  ${reproduceCommand(seed, options)}`);
    console.log(
      `summary: ${run - 1} of ${options.runs} shuffled runs passed on ${database} before seed ${seed} failed`,
    );
    process.exit(1);
  }
  console.log(`${line || `${passed} passed`} in ${seconds.toFixed(1)} s`);
}

const total = (performance.now() - started) / 1000;
const slowest = Math.max(...durations);
console.log(
  `summary: ${options.runs} of ${options.runs} shuffled runs passed on ${database}, 0 failed ` +
    `(${(total / 60).toFixed(1)} min in all, slowest run ${slowest.toFixed(1)} s)`,
);
