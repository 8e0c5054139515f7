import { delay, HttpResponse, http } from 'msw';
import { fetchJson, globalFetch, redactUrl, UpstreamError } from '../../src/http/upstream.js';
import { describe, expect, test, vi } from '../fixtures.js';

const URL_ = 'https://upstream.example/thing';

describe('fetchJson', () => {
  test('returns the status and parsed JSON of any status', async ({ upstream }) => {
    upstream.use(http.get(URL_, () => HttpResponse.json({ nope: true }, { status: 404 })));
    await expect(fetchJson(globalFetch, URL_, {}, 1000)).resolves.toEqual({ status: 404, body: { nope: true } });
  });

  test('a non-2xx body that is not JSON comes back as text', async ({ upstream }) => {
    upstream.use(http.get(URL_, () => HttpResponse.text('Bad Gateway', { status: 502 })));
    await expect(fetchJson(globalFetch, URL_, {}, 1000)).resolves.toEqual({ status: 502, body: 'Bad Gateway' });
  });

  test('a 2xx body that is not JSON is a body failure', async ({ upstream }) => {
    upstream.use(http.get(URL_, () => HttpResponse.text('<html>')));
    await expect(fetchJson(globalFetch, URL_, {}, 1000)).rejects.toMatchObject({ failure: 'body' });
  });

  test('a network error is a network failure', async ({ upstream }) => {
    upstream.use(http.get(URL_, () => HttpResponse.error()));
    const error = await fetchJson(globalFetch, URL_, {}, 1000).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(UpstreamError);
    expect(error).toMatchObject({ failure: 'network' });
  });

  test('a fetch that throws a non-Error is still a network failure', async () => {
    const throwing = () => Promise.reject('boom');
    await expect(fetchJson(throwing, URL_, {}, 1000)).rejects.toMatchObject({
      failure: 'network',
      message: `GET ${URL_} failed: boom`,
    });
  });

  test('the deadline covers a body that never finishes, under fake time', async ({ upstream }) => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const stalled = new ReadableStream({ start: (controller) => controller.enqueue(new TextEncoder().encode('{')) });
      upstream.use(
        http.get(URL_, () => new HttpResponse(stalled, { headers: { 'content-type': 'application/json' } })),
      );
      const pending = fetchJson(globalFetch, URL_, {}, 250).catch((caught: unknown) => caught);
      await vi.advanceTimersByTimeAsync(250);
      expect(await pending).toMatchObject({ failure: 'timeout', message: `GET ${URL_} timed out after 250 ms` });
    } finally {
      vi.useRealTimers();
    }
  });

  test('a slow answer within the deadline is fine', async ({ upstream }) => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      upstream.use(
        http.get(URL_, async () => {
          await delay(200);
          return HttpResponse.json({ ok: 1 });
        }),
      );
      const pending = fetchJson(globalFetch, URL_, {}, 250);
      await vi.advanceTimersByTimeAsync(200);
      await expect(pending).resolves.toEqual({ status: 200, body: { ok: 1 } });
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('redactUrl', () => {
  test.for([
    [
      'https://a.example/w?q=Dublin&appid=SECRET&units=metric',
      'https://a.example/w?q=Dublin&appid=[redacted]&units=metric',
    ],
    ['/oauth/callback?code=abc&state=xyz', '/oauth/callback?code=[redacted]&state=[redacted]'],
    ['/weather?city=Dublin', '/weather?city=Dublin'],
    ['/healthz', '/healthz'],
  ] as const)('%s → %s', ([url, redacted]) => {
    expect(redactUrl(url)).toBe(redacted);
  });
});
