/**
 * Row types of every table, as Kysely sees them. Times are ISO 8601 strings in
 * UTC ("2026-11-27T12:00:00.000Z"), which sort and compare correctly as text.
 */
import type { Generated } from 'kysely';

export interface Tables {
  users: UsersTable;
  sessions: SessionsTable;
  oauth_attempts: OAuthAttemptsTable;
}

export interface UsersTable {
  id: Generated<number>;
  github_id: number;
  login: string;
  name: string | null;
  avatar_url: string | null;
  location: string | null;
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
