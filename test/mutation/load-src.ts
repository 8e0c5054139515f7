/// <reference types="vite/client" />
/**
 * Setup file for mutation runs only (vitest.stryker.config.ts). In Stryker's coverage run it imports every module of
 * src/ before any test starts, so code that runs at module load (schemas, constants, lookup tables) executes outside
 * every test: Stryker then counts its mutants as "static" and runs the whole suite against each, instead of
 * crediting them to whichever test happened to import the module first (the fixtures import src/ lazily, to keep
 * watch mode fast). Runs that test one mutant skip it: a static mutant is switched on before anything loads.
 *
 * The entry points that act when imported (the server, the db:* commands) are left out; the demo data is not mutated.
 */
import { strykerMode } from './stryker-mode.ts';

if (strykerMode() === 'dry-run') {
  const modules = import.meta.glob(['../../src/**/*.ts', '!../../src/server.ts', '!../../src/**/*-cli.ts']);
  await Promise.all(Object.values(modules).map((load) => load()));
}
