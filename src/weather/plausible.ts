/**
 * What a weather reading can physically be. A provider that sends a value
 * outside these bounds sent an unusable body (503), not a value: one 1e17
 * temperature once reached a chart and took the process down.
 */
import { Type } from 'typebox';

export const MIN_CELSIUS = -100;
export const MAX_CELSIUS = 70;

/** A temperature in °C that weather on Earth can have. */
export const Celsius = Type.Number({ minimum: MIN_CELSIUS, maximum: MAX_CELSIUS });
/** Relative humidity or cloud cover, in percent. */
export const Percent = Type.Number({ minimum: 0, maximum: 100 });
/** A wind speed in m/s: never negative; 150 m/s is beyond any measured gust. */
export const Speed = Type.Number({ minimum: 0, maximum: 150 });
/** A probability, 0–1 (OpenWeatherMap's `pop`). */
export const Probability = Type.Number({ minimum: 0, maximum: 1 });
