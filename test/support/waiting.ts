/** Waiting in tests without sleeping: turns of the event loop, bounded, never real time. */

/**
 * Lets the event loop turn until `condition` holds: for in-process requests that
 * must reach a point before the test lets upstream answer. Bounded, so a broken
 * condition fails the test instead of hanging it.
 */
export async function until(condition: () => boolean | Promise<boolean>, turns = 1000): Promise<void> {
  for (let turn = 0; turn < turns; turn++) {
    if (await condition()) return;
    await new Promise((resolve) => setImmediate(resolve));
  }
  throw new Error(`condition not reached after ${turns} turns of the event loop`);
}

/** Lets the event loop turn `count` times: long enough for in-process requests to reach upstream, had they been sent. */
export async function turns(count = 50): Promise<void> {
  for (let turn = 0; turn < count; turn++) await new Promise((resolve) => setImmediate(resolve));
}
