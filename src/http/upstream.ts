/**
 * Calling an upstream we do not control: one request, a deadline that covers
 * the body as well as the headers, and every way it can go wrong turned into
 * an UpstreamError. The clients (weather, GitHub) map those to their own errors.
 */

export type Fetch = typeof globalThis.fetch;

/** Resolves `fetch` when called, never at import, so msw's interception is always seen. */
export const globalFetch: Fetch = (input, init) => globalThis.fetch(input, init);

export type UpstreamFailure = 'network' | 'timeout' | 'status' | 'body';

export class UpstreamError extends Error {
  override name = 'UpstreamError';
  readonly failure: UpstreamFailure;
  readonly status: number | undefined;
  constructor(failure: UpstreamFailure, message: string, status?: number, options?: ErrorOptions) {
    super(message, options);
    this.failure = failure;
    this.status = status;
  }
}

export interface JsonResponse {
  status: number;
  body: unknown;
  /** For what callers read besides the body (Retry-After). */
  headers: Headers;
}

/** Upstream bodies larger than this are refused, without ever holding more of one in memory. */
export const MAX_BODY_BYTES = 1024 * 1024;

/**
 * Fetches and parses a JSON body within `timeoutMs` (see withDeadline). Non-2xx
 * statuses are returned, not thrown: callers decide what a 404 means. A body
 * that is not JSON throws 'body' for 2xx only; one over MAX_BODY_BYTES throws
 * 'body' whatever the status.
 */
export async function fetchJson(
  fetch: Fetch,
  url: string,
  init: RequestInit,
  timeoutMs: number,
): Promise<JsonResponse> {
  const label = `${init.method ?? 'GET'} ${redactUrl(url)}`;
  try {
    return await withDeadline(timeoutMs, async (signal) => {
      const response = await fetch(url, { ...init, signal });
      const text = await readBounded(response, label);
      return { status: response.status, body: parseJson(text, response.ok, label), headers: response.headers };
    });
  } catch (error) {
    if (error instanceof UpstreamError) throw error;
    if (error instanceof DeadlineExceeded)
      throw new UpstreamError('timeout', `${label} timed out after ${timeoutMs} ms`);
    throw new UpstreamError('network', `${label} failed: ${describe(error)}`, undefined, { cause: error });
  }
}

export class DeadlineExceeded extends Error {
  override name = 'DeadlineExceeded';
}

/**
 * Runs `work` with a signal that aborts after `timeoutMs`, and settles by then
 * whatever `work` does with the signal: a body can stall after the headers
 * arrive, and not every fetch ties the body to the signal. Built from
 * setTimeout + AbortController rather than AbortSignal.timeout() so that fake
 * timers drive it in tests. Past the deadline it rejects with DeadlineExceeded.
 */
export async function withDeadline<T>(timeoutMs: number, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const timer = setTimeout(
    () => controller.abort(new DeadlineExceeded(`deadline of ${timeoutMs} ms exceeded`)),
    timeoutMs,
  );
  try {
    return await untilAborted(work(controller.signal), controller.signal);
  } catch (error) {
    if (controller.signal.aborted) throw controller.signal.reason;
    throw error;
  } finally {
    clearTimeout(timer);
  }
}

function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/**
 * The response with its body read (within MAX_BODY_BYTES) and held, for a
 * library that reads the body itself (oauth4webapi): it gets the same bound.
 */
export async function boundedResponse(response: Response, label: string): Promise<Response> {
  const body = await readBounded(response, label);
  const { status, statusText, headers } = response;
  // A null-body status (204, 304) cannot be given a body, even an empty one.
  return new Response([101, 204, 205, 304].includes(status) ? null : body, { status, statusText, headers });
}

/**
 * The body as text, refused past MAX_BODY_BYTES: a declared Content-Length over
 * the limit is refused before reading, and an undeclared (or lying) one is
 * counted as it streams in and cut off at the limit.
 */
async function readBounded(response: Response, label: string): Promise<string> {
  const declared = Number(response.headers.get('content-length'));
  const tooLarge = () => new UpstreamError('body', `${label} answered a body over ${MAX_BODY_BYTES} bytes`);
  // Cancelling tells the sender to stop; it is not waited for (a stream's cancel may never settle).
  if (declared > MAX_BODY_BYTES) {
    response.body?.cancel().catch(() => {});
    throw tooLarge();
  }
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  // Bounded by the size (and, for a body that trickles forever, by the caller's deadline).
  for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
    size += chunk.value.byteLength;
    if (size > MAX_BODY_BYTES) {
      reader.cancel().catch(() => {});
      throw tooLarge();
    }
    chunks.push(chunk.value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function parseJson(text: string, mustParse: boolean, label: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    if (mustParse) throw new UpstreamError('body', `${label} answered with a body that is not JSON`);
    return text;
  }
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
  return `${error.message}${cause}`;
}

const SECRET_PARAMS = ['appid', 'code', 'state', 'client_secret', 'access_token'];

/** The URL with secret query values masked, safe to log or put in an error message. */
export function redactUrl(url: string): string {
  const [path, query] = splitQuery(url);
  if (query === undefined) return url;
  const params = new URLSearchParams(query);
  for (const name of SECRET_PARAMS) {
    if (params.has(name)) params.set(name, '[redacted]');
  }
  return `${path}?${params.toString().replaceAll('%5Bredacted%5D', '[redacted]')}`;
}

function splitQuery(url: string): [string, string | undefined] {
  const at = url.indexOf('?');
  // Stryker disable next-line ArrayDeclaration: with no '?', redactUrl reads only the query, which [] leaves undefined as well, and returns the url unchanged
  return at === -1 ? [url, undefined] : [url.slice(0, at), url.slice(at + 1)];
}
