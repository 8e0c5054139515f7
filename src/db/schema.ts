/** Row types of every table, as Kysely sees them. Tables arrive with the features that need them. */
// biome-ignore lint/complexity/noBannedTypes: no tables yet; the next migrations fill this in
export type Tables = {};
