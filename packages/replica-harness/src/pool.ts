/**
 * Runs the tasks with at most `concurrency` of them in flight, in order of start;
 * resolves with their results in task order, rejects with the first failure (after
 * the tasks already in flight have settled).
 */
export async function runPool<T>(
  tasks: readonly (() => Promise<T>)[],
  concurrency: number,
): Promise<T[]> {
  const results: T[] = new Array(tasks.length);
  let next = 0;
  let failure: { error: unknown } | undefined;
  const worker = async () => {
    while (next < tasks.length && !failure) {
      const index = next++;
      try {
        results[index] = await tasks[index]();
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(
    Array.from({ length: Math.min(concurrency, tasks.length) }, worker),
  );
  if (failure) throw failure.error;
  return results;
}
