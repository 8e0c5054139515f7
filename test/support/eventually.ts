/**
 * Waits in real time for work that does real I/O (a query on Postgres) while a
 * test has faked the clock. vi.waitFor would advance the fake clock on every
 * check and so move the very deadlines a test is measuring; this only yields
 * to the event loop (setImmediate, which those tests leave real) and gives up
 * after `timeoutMs` of real time (performance.now, never faked here).
 */
export async function eventually(check: () => unknown, timeoutMs = 2000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    try {
      await check();
      return;
    } catch (error) {
      if (performance.now() > deadline) throw error;
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
}

/**
 * Lets the event loop turn `count` times (setImmediate, never real time): for a test to show that
 * something did NOT happen — in-process requests that had been let through would have reached msw by then.
 */
export async function turns(count = 50): Promise<void> {
  for (let turn = 0; turn < count; turn++) await new Promise((resolve) => setImmediate(resolve));
}
