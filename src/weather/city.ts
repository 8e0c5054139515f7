/** The rules a city name must follow, wherever it comes from (query string, form, JSON). */

export const CITY_MAX_LENGTH = 100;

export type CityCheck = { ok: true; city: string } | { ok: false; error: string };

// C0 and C1 control characters, DEL included: never part of a place name, and a log-injection risk.
const CONTROL_CHARACTERS = /\p{Cc}/u;

export function validateCity(raw: unknown): CityCheck {
  if (typeof raw !== 'string') return { ok: false, error: 'city is required' };
  const city = raw.trim();
  if (city.length === 0) return { ok: false, error: 'city must not be empty' };
  // Count code points, not UTF-16 units, so "São Paulo" and emoji count as people see them.
  if ([...city].length > CITY_MAX_LENGTH) {
    return { ok: false, error: `city must be at most ${CITY_MAX_LENGTH} characters` };
  }
  if (CONTROL_CHARACTERS.test(city)) return { ok: false, error: 'city must not contain control characters' };
  return { ok: true, city };
}

/**
 * The comparison form of a city name, as people see letters (trimmed, NFC,
 * lower case): " dublin " and "Dublin" are one city to the weather cache and
 * to a user's saved cities.
 */
export function foldName(name: string): string {
  return name.trim().normalize('NFC').toLowerCase();
}
