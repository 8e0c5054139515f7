#!/usr/bin/env node
/**
 * npm run bench:suite [-- --runs N]
 *
 * Measures what a developer feels: the wall time of `vitest run` (median of N
 * runs, process start to exit), against an empty Vitest run with the same
 * settings, and the time watch mode takes to re-run one changed test file.
 * Prints tests, medians, and milliseconds per test beyond the empty run.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { startVitest } from 'vitest/node';

const runs = Number(process.argv[process.argv.indexOf('--runs') + 1]) || 5;
const vitestBin = join('node_modules', '.bin', 'vitest');

function timeRun(args) {
  const started = performance.now();
  const result = spawnSync(vitestBin, ['run', ...args], { encoding: 'utf8', env: { ...process.env, CI: '1' } });
  const ms = performance.now() - started;
  if (result.status !== 0) throw new Error(`vitest ${args.join(' ')} failed:\n${result.stdout}${result.stderr}`);
  const tests = /Tests\s+(?:\S+\s+)*?(\d+) passed/.exec(stripVTControlCharacters(result.stdout));
  return { ms, tests: tests ? Number(tests[1]) : 0 };
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Starts watch mode once, then for each file: touch it, time the re-run it triggers (median of `runs`). */
async function timeWatchReruns(files) {
  let resolveRun;
  const nextRun = () => new Promise((resolve) => (resolveRun = resolve));
  let done = nextRun();
  const vitest = await startVitest('test', [], { watch: true, reporters: [{ onTestRunEnd: () => resolveRun?.() }] });
  await done;
  const medians = {};
  try {
    for (const file of files) {
      const original = readFileSync(file, 'utf8');
      const samples = [];
      try {
        for (let i = 0; i < runs; i++) {
          done = nextRun();
          const started = performance.now();
          writeFileSync(file, `${original}\n// bench ${i}\n`);
          await done;
          samples.push(performance.now() - started);
        }
      } finally {
        writeFileSync(file, original);
      }
      medians[file] = median(samples);
    }
  } finally {
    await vitest.close();
  }
  return medians;
}

timeRun([]); // warm the disk cache and Vitest's module cache
const suite = Array.from({ length: runs }, () => timeRun([]));
const empty = Array.from({ length: runs }, () => timeRun(['--config', 'scripts/bench/empty.config.ts']));
const tests = suite[0].tests;
const suiteMs = median(suite.map((r) => r.ms));
const emptyMs = median(empty.map((r) => r.ms));
// A route test file (needs Fastify, the app, msw, the database) and a unit test file (needs none of them).
const watched = await timeWatchReruns(['test/weather/routes.test.ts', 'test/weather/city.test.ts']);

console.log(`tests:                 ${tests}`);
console.log(`npm test (median of ${runs}): ${suiteMs.toFixed(0)} ms wall`);
console.log(`empty vitest run:      ${emptyMs.toFixed(0)} ms wall`);
console.log(`per test beyond empty: ${((suiteMs - emptyMs) / tests).toFixed(2)} ms`);
for (const [file, ms] of Object.entries(watched)) console.log(`watch re-run of ${file}: ${ms.toFixed(0)} ms`);
process.exit(0);
