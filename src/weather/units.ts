/**
 * Units people read weather in. Skydeck stores and fetches everything in
 * metric (°C, m/s); a reader's choice converts at the edge, when a page or the
 * API answers.
 */

export const UNITS = ['metric', 'imperial'] as const;
export type Units = (typeof UNITS)[number];

export function isUnits(value: unknown): value is Units {
  return value === 'metric' || value === 'imperial';
}

/** A Celsius temperature in the reader's units. */
export function temperatureIn(celsius: number, units: Units): number {
  return units === 'imperial' ? (celsius * 9) / 5 + 32 : celsius;
}

/** A wind speed in m/s in the reader's units (mph for imperial). */
export function speedIn(metresPerSecond: number, units: Units): number {
  return units === 'imperial' ? metresPerSecond * 2.236_936_292 : metresPerSecond;
}

export const TEMPERATURE_SYMBOL: Record<Units, string> = { metric: '°C', imperial: '°F' };
export const SPEED_SYMBOL: Record<Units, string> = { metric: 'm/s', imperial: 'mph' };
