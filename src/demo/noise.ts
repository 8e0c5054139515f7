/**
 * Demo data's only source of variety: a seeded generator. The same inputs give
 * the same number on every machine and every call, so the demo's history and
 * forecasts look like weather and never change under you.
 */

/** A number in [0, 1) from (seed, counter, stream): a city's id, an hour or a day, and what the number is for. */
export function uniform(seed: number, counter: number, stream: number): number {
  return mix(mix(mix(seed) ^ counter) ^ stream) / 2 ** 32;
}

/** A 32-bit integer hash (a counter-based generator's mixing step): nearby inputs give unrelated outputs. */
function mix(value: number): number {
  let x = Math.imul(value ^ (value >>> 16), 0x45d9f3b);
  x = Math.imul(x ^ (x >>> 16), 0x45d9f3b);
  return (x ^ (x >>> 16)) >>> 0;
}
