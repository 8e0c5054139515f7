/// <reference types="vite/client" />
/**
 * Setup file for mutation runs only (vitest.stryker.config.ts). It imports every module of src/ before any test
 * starts, so code that runs at module load (schemas, constants, lookup tables) executes outside every test. Stryker
 * then counts its mutants as "static" and runs the whole suite against each, instead of crediting them to
 * whichever test happened to import the module first (the fixtures import src/ lazily, to keep watch mode fast).
 *
 * The entry points that act when imported (the server, the db:* commands) are left out; the demo data is not mutated.
 */
import.meta.glob(['../../src/**/*.ts', '!../../src/server.ts', '!../../src/**/*-cli.ts'], { eager: true });
