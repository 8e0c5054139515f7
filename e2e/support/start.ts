/**
 * Starts the server and the browser side by side (each takes seconds). If either
 * fails, the one that did start is stopped before the failure is passed on:
 * `Promise.all` would reject at the first failure and forget the other, so a
 * browser that cannot launch left a server running after the suite.
 */

export interface Stoppable {
  stop(): Promise<unknown>;
}
export interface Closable {
  close(): Promise<unknown>;
}

export async function startServerAndBrowser<S extends Stoppable, B extends Closable>(
  startServer: () => Promise<S>,
  launchBrowser: () => Promise<B>,
): Promise<{ server: S; browser: B }> {
  const [server, browser] = await Promise.allSettled([startServer(), launchBrowser()]);
  if (server.status === 'fulfilled' && browser.status === 'fulfilled') {
    return { server: server.value, browser: browser.value };
  }
  // Whatever stopping costs or throws, the failure worth reading is the one that got us here.
  await Promise.allSettled([
    server.status === 'fulfilled' && server.value.stop(),
    browser.status === 'fulfilled' && browser.value.close(),
  ]);
  throw server.status === 'rejected' ? server.reason : (browser as PromiseRejectedResult).reason;
}
