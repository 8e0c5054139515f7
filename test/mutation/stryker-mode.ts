import { inject } from 'vitest';

/**
 * What Stryker is doing in this run: 'dry-run' while it records which tests cover which mutants, 'mutant' while it
 * tests one mutant; undefined outside Stryker. Read per call: Stryker provides it anew for every run.
 */
export function strykerMode(): 'dry-run' | 'mutant' | undefined {
  return (inject as (key: string) => 'dry-run' | 'mutant' | undefined)('mode');
}
