#!/usr/bin/env node
/**
 * `npm run test:mutation [-- stryker options]`: StrykerJS (stryker.config.json), after one correction to its
 * incremental file. Stryker reuses a surviving mutant's result while none of the tests that covered it changed,
 * but a static mutant (code run at module load) is covered by no test in particular, so a survivor of that kind
 * would be reused forever, however many tests were added since. Dropping those results first makes every run test
 * them again against the whole suite (few: a static survivor is usually the first thing a developer kills). The
 * same goes for static mutants a run skipped (`--ignoreStatic`, to measure the rest of a batch quickly).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

const INCREMENTAL_FILE = 'stryker-incremental.json';

if (existsSync(INCREMENTAL_FILE)) {
  const report = JSON.parse(readFileSync(INCREMENTAL_FILE, 'utf8'));
  let dropped = 0;
  for (const file of Object.values(report.files)) {
    // Also a static mutant a run skipped (a batch run with --ignoreStatic): skipped is not tested. A result reused
    // from an earlier run may have lost its static flag, but not the reason it was skipped.
    const skipped = (mutant) => mutant.status === 'Ignored' && /^Static mutant/.test(mutant.statusReason ?? '');
    const kept = file.mutants.filter((mutant) => !((mutant.static && mutant.status === 'Survived') || skipped(mutant)));
    dropped += file.mutants.length - kept.length;
    file.mutants = kept;
  }
  // Written only when something was dropped, and laid out as Stryker lays it out, so the committed file
  // changes only when a run changes it.
  if (dropped > 0) writeFileSync(INCREMENTAL_FILE, JSON.stringify(report, null, 2));
  console.log(`test:mutation: ${dropped} static survivor(s) of the last run will be tested again`);
}

const stryker = spawnSync('npx', ['stryker', 'run', ...process.argv.slice(2)], { stdio: 'inherit' });
process.exitCode = stryker.status ?? 1;
