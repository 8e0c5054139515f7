/**
 * GitHub's back-pressure (issue 7 §3), under a faked Date: a 429 (or a 403
 * that is a rate limit) pauses calls for its Retry-After, and a breaker opens
 * after 5 consecutive failures for 30 s. A sign-in GitHub is not asked for is
 * 503 with Retry-After, at once; the sign-in failures GitHub explains (a bad
 * code) are answers, not failures.
 */
import { BAD_VERIFICATION_CODE_BODY } from '../../src/demo/github-data.ts';
import { describe, expect, test } from '../fixtures.ts';
import { github, signInThroughGithub } from '../support/github.ts';
import { counted } from '../support/metrics.ts';

const UNAVAILABLE = { error: 'github unavailable, try again later' };
const githubCalls = (sent: Request[]) => sent.filter((request) => new URL(request.url).hostname.endsWith('github.com'));

describe("GitHub's rate limits", () => {
  test('a 429 from the token endpoint: 503 with its Retry-After, and no call to GitHub until then', async ({
    client,
    clock,
    upstream,
  }) => {
    upstream.use(github.token.status(429, { message: 'slow down' }, { 'retry-after': '120' }));
    const limited = await signInThroughGithub(client);
    expect(limited.statusCode).toBe(503);
    expect(limited.json()).toEqual(UNAVAILABLE);
    expect(limited.headers['retry-after']).toBe('120');
    expect(githubCalls(upstream.sent)).toHaveLength(1);

    clock.advance(60_000);
    const held = await signInThroughGithub(client);
    expect(held.statusCode).toBe(503);
    expect(held.headers['retry-after']).toBe('60');
    expect(githubCalls(upstream.sent)).toHaveLength(1);
  });

  test('a 403 that says the rate limit is used up (x-ratelimit-remaining: 0) is a rate limit too', async ({
    client,
    upstream,
  }) => {
    upstream.use(github.user.status(403, { message: 'API rate limit exceeded' }, { 'x-ratelimit-remaining': '0' }));
    const response = await signInThroughGithub(client);
    expect(response.statusCode).toBe(503);
    expect(response.headers['retry-after']).toBe('60');
  });

  test('a browser gets a page saying so, with the same status', async ({ client, upstream }) => {
    upstream.use(github.token.status(429, {}, { 'retry-after': '5' }));
    const response = await signInThroughGithub(client, 'gh_code', { accept: 'text/html' });
    expect(response.statusCode).toBe(503);
    expect(response.headers['content-type']).toContain('text/html');
    expect(response.body).toContain('GitHub is not answering Skydeck right now');
  });
});

describe("GitHub's circuit breaker", () => {
  test('five failed sign-ins open it: the sixth is 503 with Retry-After at once, without a call', async ({
    client,
    upstream,
    services,
  }) => {
    upstream.use(github.token.status(500));
    for (let i = 0; i < 5; i++) expect((await signInThroughGithub(client)).statusCode).toBe(502);
    expect(githubCalls(upstream.sent)).toHaveLength(5);

    const refused = await signInThroughGithub(client);
    expect(refused.statusCode).toBe(503);
    expect(refused.json()).toEqual(UNAVAILABLE);
    expect(refused.headers['retry-after']).toBe('30');
    expect(githubCalls(upstream.sent)).toHaveLength(5);
    const requests = (outcome: string) => counted(services.metrics.upstreamRequests, { upstream: 'github', outcome });
    expect(await requests('error')).toBe(5);
    expect(await requests('breaker_open')).toBe(1);
  });

  test('after 30 s one probe decides, and a working GitHub signs people in again', async ({
    client,
    clock,
    upstream,
  }) => {
    for (let i = 0; i < 5; i++) upstream.use(github.token.status(502, undefined, undefined, { once: true }));
    for (let i = 0; i < 5; i++) await signInThroughGithub(client);
    clock.advance(29_999);
    expect((await signInThroughGithub(client)).statusCode).toBe(503);
    expect(githubCalls(upstream.sent)).toHaveLength(5);
    clock.advance(1);
    const signedIn = await signInThroughGithub(client); // the probe (the token call), then /user
    expect(signedIn.statusCode).toBe(302);
    expect(signedIn.headers.location).toBe('/dashboard');
  });

  test('bad codes are GitHub refusing the request, not failing: they never open it', async ({
    client,
    upstream,
    services,
  }) => {
    upstream.use(github.token.body(BAD_VERIFICATION_CODE_BODY));
    for (let i = 0; i < 6; i++) expect((await signInThroughGithub(client)).statusCode).toBe(502);
    expect(githubCalls(upstream.sent)).toHaveLength(6);
    expect(await counted(services.metrics.upstreamRequests, { upstream: 'github', outcome: 'not_found' })).toBe(6);
  });

  test('a successful sign-in counts two calls, both ok', async ({ client, services }) => {
    expect((await signInThroughGithub(client)).statusCode).toBe(302);
    expect(await counted(services.metrics.upstreamRequests, { upstream: 'github', outcome: 'ok' })).toBe(2);
  });
});
