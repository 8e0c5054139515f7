/**
 * The HTTP shapes of a saved city that more than one route module reads: the
 * JSON API (cities/routes.ts) and the dashboard's forms share the `:id` rule.
 */
import { Type } from 'typebox';

/** `:id` of a saved city: a positive integer (a malformed one is a 400 before any query). */
export const CityParams = Type.Object({
  id: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER, description: "the saved city's id" }),
});
