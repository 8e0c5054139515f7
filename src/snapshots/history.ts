/** A city's month, day by day: from its summary once the month has one, else from the raw samples. */
import type { DayStats } from './day-stats.ts';
import type { SnapshotRepository } from './repository.ts';

export async function monthHistory(snapshots: SnapshotRepository, cityKey: string, month: string): Promise<DayStats[]> {
  // A summary outlives the samples (pruned after 90 days), so it wins when there is one.
  const summary = await snapshots.findSummary(cityKey, month);
  return summary ? summary.days : snapshots.dailyStats(cityKey, month);
}
