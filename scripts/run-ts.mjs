#!/usr/bin/env node
/**
 * `node scripts/run-ts.mjs <entry.ts> [args…]`: runs a TypeScript entry point with what this Node offers.
 * Node ≥ 22.18 strips the types itself (`process.features.typescript`), so no loader is involved; Node 20
 * goes through tsx's loader. Either way the program runs in this very process, so a signal sent to it (SIGTERM
 * from a supervisor, SIGKILL from a test) reaches the program, not a wrapper around it.
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

// The entry is taken out of argv, so the program sees its own arguments at process.argv.slice(2).
const [entry] = process.argv.splice(2, 1);
if (!entry) {
  console.error('usage: node scripts/run-ts.mjs <entry.ts> [args…]');
  process.exit(2);
}
if (!process.features.typescript) {
  const { register } = await import('tsx/esm/api');
  register();
}
await import(pathToFileURL(resolve(entry)).href);
