/**
 * Runs `task` over `items` with at most `limit` in flight at once, results in
 * input order. Enough for a snapshot run; a task that rejects rejects the whole
 * map, so tasks that must not stop the rest catch their own errors.
 */
export async function mapWithConcurrency<T, R>(
  items: readonly T[],
  limit: number,
  task: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = []; // filled by index, in whatever order the tasks finish
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await task(items[index] as T);
    }
  };
  const workers = Math.max(1, Math.min(limit, items.length));
  await Promise.all(Array.from({ length: workers }, worker));
  return results;
}
