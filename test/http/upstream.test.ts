import { getEventListeners } from 'node:events';
import { delay, HttpResponse, http } from 'msw';
import {
  boundedResponse,
  DeadlineExceeded,
  fetchJson,
  globalFetch,
  MAX_BODY_BYTES,
  redactUrl,
  UpstreamError,
  withDeadline,
} from '../../src/http/upstream.ts';
import { describe, expect, test, vi } from '../fixtures.ts';

const URL_ = 'https://upstream.example/thing';

describe('fetchJson', () => {
  test('returns the status and parsed JSON of any status', async ({ upstream }) => {
    upstream.use(http.get(URL_, () => HttpResponse.json({ nope: true }, { status: 404 })));
    await expect(fetchJson(globalFetch, URL_, {}, 1000)).resolves.toMatchObject({ status: 404, body: { nope: true } });
  });

  test('a non-2xx body that is not JSON comes back as text', async ({ upstream }) => {
    upstream.use(http.get(URL_, () => HttpResponse.text('Bad Gateway', { status: 502 })));
    await expect(fetchJson(globalFetch, URL_, {}, 1000)).resolves.toMatchObject({ status: 502, body: 'Bad Gateway' });
  });

  test('a 2xx body that is not JSON is a body failure', async ({ upstream }) => {
    upstream.use(http.get(URL_, () => HttpResponse.text('<html>')));
    await expect(fetchJson(globalFetch, URL_, {}, 1000)).rejects.toMatchObject({ failure: 'body' });
  });

  test('hands back the headers, for what callers read besides the body', async ({ upstream }) => {
    upstream.use(http.get(URL_, () => HttpResponse.json({}, { status: 429, headers: { 'retry-after': '30' } })));
    const response = await fetchJson(globalFetch, URL_, {}, 1000);
    expect(response.headers.get('retry-after')).toBe('30');
  });

  describe('bodies over 1 MB are refused without being held in memory', () => {
    const CHUNK = 64 * 1024;
    /** A JSON-looking body of 64 kB chunks that never ends, counting how many were pulled. */
    function endlessBody() {
      const counter = { pulled: 0 };
      const chunk = new TextEncoder().encode(`[${' '.repeat(CHUNK - 1)}`);
      const stream = new ReadableStream<Uint8Array>({
        pull(controller) {
          counter.pulled++;
          controller.enqueue(chunk);
        },
      });
      return { stream, counter };
    }

    // Answered by a fetch of the test's own rather than msw, which reads a mocked body whole before handing it on.
    const answering = (response: Response) => async () => response;

    test('a declared Content-Length over the limit is refused before reading', async () => {
      const { stream, counter } = endlessBody();
      const response = new Response(stream, { headers: { 'content-length': String(2 * MAX_BODY_BYTES) } });
      await expect(fetchJson(answering(response), URL_, {}, 1000)).rejects.toMatchObject({
        failure: 'body',
        message: `GET ${URL_} answered a body over 1048576 bytes`,
      });
      expect(counter.pulled).toBeLessThanOrEqual(1); // what a stream buffers ahead of any read
    });

    test('an undeclared body is counted as it streams and cut off at the limit', async () => {
      const { stream, counter } = endlessBody();
      await expect(fetchJson(answering(new Response(stream)), URL_, {}, 1000)).rejects.toMatchObject({
        failure: 'body',
      });
      expect(counter.pulled).toBeLessThanOrEqual(MAX_BODY_BYTES / CHUNK + 2);
    });

    test('a Content-Length that understates the body does not get it through', async () => {
      const { stream } = endlessBody();
      const response = new Response(stream, { headers: { 'content-length': '10' } });
      await expect(fetchJson(answering(response), URL_, {}, 1000)).rejects.toMatchObject({ failure: 'body' });
    });

    test('a declared Content-Length over the limit is refused even with no body to cancel (a HEAD)', async () => {
      const response = new Response(null, { headers: { 'content-length': String(2 * MAX_BODY_BYTES) } });
      await expect(fetchJson(answering(response), URL_, { method: 'HEAD' }, 1000)).rejects.toMatchObject({
        failure: 'body',
        message: `HEAD ${URL_} answered a body over 1048576 bytes`,
      });
    });

    test('an answer with no body at all reads as an empty one', async () => {
      const response = new Response(null, { status: 503 });
      await expect(fetchJson(answering(response), URL_, {}, 1000)).resolves.toMatchObject({ status: 503, body: '' });
    });

    test('a body of exactly 1 MB is read', async ({ upstream }) => {
      const body = `"${'x'.repeat(MAX_BODY_BYTES - 2)}"`;
      upstream.use(http.get(URL_, () => HttpResponse.text(body)));
      const response = await fetchJson(globalFetch, URL_, {}, 1000);
      expect((response.body as string).length).toBe(MAX_BODY_BYTES - 2);
    });
  });

  test('a network error is a network failure', async ({ upstream }) => {
    upstream.use(http.get(URL_, () => HttpResponse.error()));
    const error = await fetchJson(globalFetch, URL_, {}, 1000).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(UpstreamError);
    expect(error).toMatchObject({ failure: 'network' });
  });

  test('a network failure says what fetch said and why, keeps it as its cause, and prints as an UpstreamError', async () => {
    const thrown = new TypeError('fetch failed', { cause: new Error('connect ECONNREFUSED 192.0.2.1:443') });
    const error = await fetchJson(() => Promise.reject(thrown), URL_, {}, 1000).catch((caught: unknown) => caught);
    expect(String(error)).toBe(`UpstreamError: GET ${URL_} failed: fetch failed: connect ECONNREFUSED 192.0.2.1:443`);
    expect((error as Error).cause).toBe(thrown);
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
      await expect(pending).resolves.toMatchObject({ status: 200, body: { ok: 1 } });
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('what fetchJson says of a failure masks the secrets in the URL', () => {
  const SECRET_URL = `${URL_}?client_secret=cs_leak&access_token=gho_leak&code=c_leak&q=x`;
  const SHOWN = `${URL_}?client_secret=[redacted]&access_token=[redacted]&code=[redacted]&q=x`;

  test('a network failure', async () => {
    const failing = () => Promise.reject(new Error('socket hang up'));
    await expect(fetchJson(failing, SECRET_URL, { method: 'POST' }, 1000)).rejects.toMatchObject({
      failure: 'network',
      message: `POST ${SHOWN} failed: socket hang up`,
    });
  });

  test('a 2xx body that is not JSON', async ({ upstream }) => {
    upstream.use(http.get(URL_, () => HttpResponse.text('<html>')));
    await expect(fetchJson(globalFetch, SECRET_URL, {}, 1000)).rejects.toMatchObject({
      failure: 'body',
      message: `GET ${SHOWN} answered with a body that is not JSON`,
    });
  });

  test('a timeout', async ({ upstream }) => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      upstream.use(http.get(URL_, () => delay('infinite')));
      const pending = fetchJson(globalFetch, SECRET_URL, {}, 250).catch((caught: unknown) => caught);
      await vi.advanceTimersByTimeAsync(250);
      expect(await pending).toMatchObject({ failure: 'timeout', message: `GET ${SHOWN} timed out after 250 ms` });
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('boundedResponse', () => {
  test.for([204, 205, 304])('a %i answer keeps its status and headers, and still has no body', async (status) => {
    const answered = new Response(null, { status, headers: { etag: '"v1"' } });
    const response = await boundedResponse(answered, 'GET /thing');
    expect(response.status).toBe(status);
    expect(response.headers.get('etag')).toBe('"v1"');
    expect(response.body).toBeNull();
  });
});

describe('redactUrl', () => {
  test.for([
    [
      'https://a.example/w?q=Dublin&appid=SECRET&units=metric',
      'https://a.example/w?q=Dublin&appid=[redacted]&units=metric',
    ],
    ['/oauth/callback?code=abc&state=xyz', '/oauth/callback?code=[redacted]&state=[redacted]'],
    [
      'https://github.com/login/oauth/access_token?client_id=cid&client_secret=cs_1&code=c_2',
      'https://github.com/login/oauth/access_token?client_id=cid&client_secret=[redacted]&code=[redacted]',
    ],
    ['https://api.example/user?access_token=gho_3&page=2', 'https://api.example/user?access_token=[redacted]&page=2'],
    ['/oauth/callback?code=first&code=second', '/oauth/callback?code=[redacted]'],
    ['/weather?city=Dublin', '/weather?city=Dublin'],
    ['/healthz', '/healthz'],
  ] as const)('%s → %s', ([url, redacted]) => {
    expect(redactUrl(url)).toBe(redacted);
  });
});

describe('withDeadline', () => {
  test('past the deadline it rejects with DeadlineExceeded, even when the work keeps the abort to itself', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const pending = withDeadline(
        250,
        (signal) =>
          new Promise((_, reject) => {
            signal.addEventListener('abort', (event) => {
              event.stopImmediatePropagation();
              reject(new Error('the work gave up'));
            });
          }),
      ).catch((caught: unknown) => caught);
      await vi.advanceTimersByTimeAsync(250);
      expect(String(await pending)).toBe('DeadlineExceeded: deadline of 250 ms exceeded');
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('withDeadline leaves no timer and no abort listener behind', () => {
  /**
   * Runs `work` under a 250 ms deadline with fake timers, lets `elapse` ms pass, and reports how it
   * settled and what was still there then: pending timers and listeners on the signal the work was given.
   */
  async function leftBehind(work: (signal: AbortSignal) => Promise<unknown>, elapse: number) {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      let given: AbortSignal | undefined;
      const pending = withDeadline(250, (signal) => {
        given = signal;
        return work(signal);
      }).then(
        (value) => ({ value }),
        (error: unknown) => ({ error }),
      );
      await vi.advanceTimersByTimeAsync(elapse);
      return { outcome: await pending, timers: vi.getTimerCount(), listeners: getEventListeners(given!, 'abort') };
    } finally {
      vi.useRealTimers();
    }
  }

  test('once the work resolves, before the deadline', async () => {
    const left = await leftBehind(async () => 'done', 0);
    expect(left).toEqual({ outcome: { value: 'done' }, timers: 0, listeners: [] });
  });

  test('once the work rejects, before the deadline', async () => {
    const failure = new Error('boom');
    const left = await leftBehind(() => Promise.reject(failure), 0);
    expect(left).toEqual({ outcome: { error: failure }, timers: 0, listeners: [] });
  });

  test('at the deadline, while the work never settles', async () => {
    const left = await leftBehind(() => new Promise(() => {}), 250);
    expect((left.outcome as { error: unknown }).error).toBeInstanceOf(DeadlineExceeded);
    expect(left).toEqual({
      outcome: { error: new DeadlineExceeded('deadline of 250 ms exceeded') },
      timers: 0,
      listeners: [],
    });
  });
});
