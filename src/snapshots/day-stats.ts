/**
 * One day of one city's temperatures: what the history API answers, what a
 * monthly summary keeps per day and what the dashboard's chart draws. The
 * schema is the one source; the type comes from it.
 */
import { type Static, Type } from 'typebox';

export const DayStats = Type.Object({
  date: Type.String({ format: 'date', description: 'the UTC day, YYYY-MM-DD' }),
  min_c: Type.Number({ description: 'lowest sample, °C' }),
  max_c: Type.Number({ description: 'highest sample, °C' }),
  avg_c: Type.Number({ description: 'average of the samples, °C, 2 decimals' }),
  samples: Type.Integer({ minimum: 1, description: 'how many samples the day has' }),
});
export type DayStats = Static<typeof DayStats>;
