import { foldName } from '../weather/city.ts';

/**
 * A city's identity across users: the provider's canonical name, case-folded,
 * with its country. "dublin" and "DUBLIN" resolve to the same key; London, GB
 * and London, CA do not. Samples and summaries are stored under this key.
 */
export function cityKey(name: string, country: string | null): string {
  return `${foldName(name)}|${(country ?? '').toUpperCase()}`;
}
