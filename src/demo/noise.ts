/**
 * Demo data's only source of variety: a deterministic number from an integer.
 * The same seed gives the same number on every machine and every call, so the
 * demo's history and forecasts look like weather and never change under you.
 */

/** A number in [0, 1) from an integer (an integer hash, not a random generator). */
export function noiseFor(seed: number): number {
  let x = Math.imul(seed ^ (seed >>> 16), 0x45d9f3b);
  x = Math.imul(x ^ (x >>> 16), 0x45d9f3b);
  return ((x ^ (x >>> 16)) >>> 0) / 2 ** 32;
}
