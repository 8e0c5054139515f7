/**
 * Row types of every table, as Kysely sees them. Times are ISO 8601 strings in
 * UTC ("2026-11-27T12:00:00.000Z"), which sort and compare correctly as text.
 */
import type { Generated } from 'kysely';
import type { Units } from '../weather/units.ts';

export interface Tables {
  users: UsersTable;
  sessions: SessionsTable;
  oauth_attempts: OAuthAttemptsTable;
  cities: CitiesTable;
  weather_samples: WeatherSamplesTable;
  monthly_summaries: MonthlySummariesTable;
  snapshot_ticks: SnapshotTicksTable;
}

export interface UsersTable {
  id: Generated<number>;
  github_id: number;
  login: string;
  name: string | null;
  avatar_url: string | null;
  location: string | null;
  /** How the pages show temperatures and wind speeds; the column's CHECK allows only these two. */
  units: Generated<Units>;
  created_at: string;
  updated_at: string;
}

export interface SessionsTable {
  token_hash: string;
  user_id: number | null;
  /** JSON object: the session's data bag. */
  data: Generated<string>;
  created_at: string;
  expires_at: string;
}

export interface OAuthAttemptsTable {
  id_hash: string;
  state: string;
  code_verifier: string;
  expires_at: string;
}

export interface CitiesTable {
  id: Generated<number>;
  user_id: number;
  /** The provider's canonical name ("São Paulo"), whatever the user typed. */
  name: string;
  country: string | null;
  /** Case-folded name + country: unique per user, and the key samples are shared under. */
  city_key: string;
  /** What the user typed, which the provider resolved to this city: the job asks with it again. */
  query: string;
  created_at: string;
}

/** One reading per city per snapshot run; pruned after 90 days. */
export interface WeatherSamplesTable {
  city_key: string;
  /** When the snapshot run recorded it. */
  recorded_at: string;
  temp_c: number;
  humidity: number | null;
  description: string | null;
}

/** A closed month of one city, kept after its samples are pruned. */
export interface MonthlySummariesTable {
  city_key: string;
  /** "YYYY-MM", UTC. */
  month: string;
  min_c: number;
  max_c: number;
  avg_c: number;
  samples: number;
  /** JSON array of the month's days, as GET /api/cities/:id/history returns them. */
  days: string;
  created_at: string;
}

/** A snapshot tick one instance claimed (see migration 005): the key is the tick's scheduled time. */
export interface SnapshotTicksTable {
  tick: string;
  claimed_at: string;
}
