/**
 * The moment a test about "now" (the current month, today) sets with the `clock` fixture, so it means the
 * same at any hour on any date: the last millisecond of a month, where anything reading the clock twice
 * would straddle two months. In the past, as a set moment must be: fixtures that signed in at the real
 * time made sessions still valid at any earlier moment.
 */
export const MONTH_END = '2026-11-30T23:59:59.999Z';
