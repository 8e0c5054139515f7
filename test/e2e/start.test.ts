/**
 * The browser suite's start (issue 8, defect 5): whichever of the server and the
 * browser fails to start, the other is stopped, so nothing outlives the run.
 * Fakes stand in for both; e2e/server.test.ts does it with the real server.
 */
import { startServerAndBrowser } from '../../e2e/support/start.ts';
import { describe, expect, test, vi } from '../fixtures.ts';

function fakeServer() {
  return { stop: vi.fn(async () => 0) };
}
function fakeBrowser() {
  return { close: vi.fn(async () => {}) };
}
const noBrowser = new Error('Failed to launch chromium: /usr/bin/chromium does not exist');

describe('startServerAndBrowser', () => {
  test('both start: both are handed back, nothing stopped', async () => {
    const server = fakeServer();
    const browser = fakeBrowser();
    expect(
      await startServerAndBrowser(
        async () => server,
        async () => browser,
      ),
    ).toEqual({ server, browser });
    expect(server.stop).not.toHaveBeenCalled();
    expect(browser.close).not.toHaveBeenCalled();
  });

  test('the browser fails first, while the server is still starting: the server is stopped once up', async () => {
    const server = fakeServer();
    let serverUp: (value: typeof server) => void = () => {};
    const starting = startServerAndBrowser(
      () => new Promise<typeof server>((resolve) => (serverUp = resolve)),
      async () => Promise.reject(noBrowser),
    );
    await Promise.resolve();
    expect(server.stop).not.toHaveBeenCalled(); // not up yet
    serverUp(server);
    await expect(starting).rejects.toBe(noBrowser);
    expect(server.stop).toHaveBeenCalledOnce();
  });

  test('the server fails: the browser is closed, and the server’s error is the one reported', async () => {
    const browser = fakeBrowser();
    const serverDown = new Error('the server exited with 1 before it was healthy');
    await expect(
      startServerAndBrowser(
        async () => Promise.reject(serverDown),
        async () => browser,
      ),
    ).rejects.toBe(serverDown);
    expect(browser.close).toHaveBeenCalledOnce();
  });

  test('stopping the server fails too: the launch failure is still the one reported', async () => {
    const server = { stop: vi.fn(async () => Promise.reject(new Error('kill failed'))) };
    await expect(
      startServerAndBrowser(
        async () => server,
        async () => Promise.reject(noBrowser),
      ),
    ).rejects.toBe(noBrowser);
    expect(server.stop).toHaveBeenCalledOnce();
  });
});
