/**
 * The guard that keeps tests off the network. The app turns a refused request
 * into a 503, which is what a test of a failure might expect — so a refused
 * request must fail the test on its own, from the fixture's teardown.
 */
import type { RunnerTestCase } from 'vitest';
import { buildApp } from '../../src/app.ts';
import { globalFetch } from '../../src/http/upstream.ts';
import { describe, expect, test, vi } from '../fixtures.ts';
import { testConfig } from './config.ts';
import { assertAllHandled, UnhandledRequestError } from './network.ts';

/** msw also prints each refused request on stderr, for the developer; kept off this suite's output. */
function quietMsw() {
  return vi.spyOn(console, 'error').mockImplementation(() => {});
}

describe('no test reaches the network', () => {
  test('a request with no handler is refused and recorded', async ({ network }) => {
    const printed = quietMsw();
    await expect(globalFetch('https://example.com/real-network')).rejects.toThrow();
    expect(printed.mock.calls.flat().join(' ')).toContain('GET https://example.com/real-network');
    expect(network.unhandled).toEqual(['GET https://example.com/real-network']);
    expect(() => assertAllHandled(network)).toThrow(UnhandledRequestError);
    expect(() => assertAllHandled(network)).toThrow(/GET https:\/\/example.com\/real-network/);
    network.unhandled.length = 0; // handled here, so this test itself passes
  });

  // The app catches the refusal and answers 503, so the test body alone passes: only the `upstream` fixture's
  // teardown can fail this test, and `test.fails` passes only if it fails. That alone would also pass were the
  // body to fail, so the test checks why it failed, by itself (in any order, under -t): Vitest runs
  // onTestFinished after the fixtures' teardown, and unless the one error by then is the teardown's
  // UnhandledRequestError naming this request, the hook withdraws `fails` and the test reports what went wrong.
  test.fails('a route test whose upstream is unmocked fails from teardown even though the app answered 503', async ({
    db,
    schemaCompilers,
    onTestFinished,
  }) => {
    onTestFinished(({ task }) => {
      const errors = task.result?.errors ?? [];
      const teardownFailedIt =
        errors.length === 1 &&
        errors[0]?.name === 'UnhandledRequestError' &&
        errors[0].message.includes('GET https://unmocked.example/data/2.5/weather?q=Dublin');
      // No error at all is left to `test.fails`, which reports it ("Expect test to fail").
      if (errors.length > 0 && !teardownFailedIt) (task as RunnerTestCase).fails = false;
    });
    quietMsw();
    const app = await buildApp(testConfig({ WEATHER_API_URL: 'https://unmocked.example' }), { db, schemaCompilers });
    const response = await app.inject({ url: '/weather?city=Dublin' });
    await app.close();
    expect(response.statusCode).toBe(503);
  });

  test('with a handler, the request is answered and recorded as sent', async ({ upstream }) => {
    const response = await globalFetch('https://api.openweathermap.org/data/2.5/weather?q=Dublin&appid=k&units=metric');
    expect(response.status).toBe(200);
    expect(upstream.sent.map((request) => new URL(request.url).hostname)).toEqual(['api.openweathermap.org']);
  });
});
