import { expect, inject } from 'vitest';

/**
 * What Stryker is doing in this run: 'dry-run' while it records which tests cover which mutants, 'mutant' while it
 * tests one mutant; undefined outside Stryker. Read per call: Stryker provides it anew for every run.
 */
export function strykerMode(): 'dry-run' | 'mutant' | undefined {
  return (inject as (key: string) => 'dry-run' | 'mutant' | undefined)('mode');
}

/**
 * For what a worker builds once and shares (apps, metrics): in Stryker's coverage run, true on the first call from
 * each new test file, so the caller builds it again there. Stryker credits code to the test that was running when it
 * ran: built once per worker, that code would be credited to one test; built once per file, to a test of every file.
 * Always false outside the coverage run: the runs that test a mutant share as usual.
 */
export class PerFileInCoverageRun {
  #file: string | undefined;

  newFile(): boolean {
    if (strykerMode() !== 'dry-run') return false;
    const file = expect.getState().testPath;
    const changed = file !== this.#file;
    this.#file = file;
    return changed;
  }
}
