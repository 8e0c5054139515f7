/**
 * An in-process HTTP client over `app.inject()` that keeps cookies between
 * calls, like Flask's test client. Requests carry the Host of the app's own address
 * (PUBLIC_URL), and unsafe methods its Origin, as a browser's same-origin form post
 * would; pass `origin` (or a `host` header) to play a foreign site.
 * Every response is checked against the app's OpenAPI document (support/openapi.ts):
 * a documented route answering a status or a shape the document does not
 * describe fails the test that asked.
 */
import type { FastifyInstance } from 'fastify';
import type { InjectOptions, Response as InjectResponse } from 'light-my-request';
import { assertDocumented } from './openapi.ts';

type Method = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RequestOptions {
  headers?: Record<string, string>;
  /** Sent as JSON. */
  json?: unknown;
  /** Sent as application/x-www-form-urlencoded, as an HTML form would. */
  form?: Record<string, string>;
  /** Sent as is (malformed JSON, say); give its content-type in `headers`. */
  body?: string;
  /** The Origin header of unsafe requests; null sends none. */
  origin?: string | null;
}

export class TestClient {
  readonly cookies = new Map<string, string>();

  readonly #app: FastifyInstance;
  readonly #ownOrigin: string;

  constructor(app: FastifyInstance, ownOrigin: string) {
    this.#app = app;
    this.#ownOrigin = ownOrigin;
  }

  get(url: string, options?: RequestOptions) {
    return this.request('GET', url, options);
  }
  post(url: string, options?: RequestOptions) {
    return this.request('POST', url, options);
  }
  delete(url: string, options?: RequestOptions) {
    return this.request('DELETE', url, options);
  }

  async request(method: Method, url: string, options: RequestOptions = {}): Promise<InjectResponse> {
    const { payload, headers } = this.payload(options);
    const sent = { ...headers, ...this.headers(method, options) };
    const response = await this.#app.inject({ method, url, payload, headers: sent });
    this.remember(response);
    assertDocumented(this.#app, {
      method,
      url,
      accept: sent.accept,
      statusCode: response.statusCode,
      contentType: response.headers['content-type'] as string | undefined,
      body: response.body,
    });
    return response;
  }

  private headers(method: Method, options: RequestOptions): Record<string, string> {
    // The app's own host name, as a browser on PUBLIC_URL sends it (inject's default is localhost:80).
    const headers: Record<string, string> = { host: new URL(this.#ownOrigin).host };
    const origin = options.origin === undefined ? this.#ownOrigin : options.origin;
    if (origin !== null && method !== 'GET' && method !== 'HEAD') headers.origin = origin;
    if (this.cookies.size > 0) {
      headers.cookie = [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
    }
    return { ...headers, ...options.headers };
  }

  private payload(options: RequestOptions): { payload?: InjectOptions['payload']; headers?: Record<string, string> } {
    if (options.json !== undefined)
      return { payload: JSON.stringify(options.json), headers: { 'content-type': 'application/json' } };
    if (options.form !== undefined) {
      return {
        payload: new URLSearchParams(options.form).toString(),
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      };
    }
    return options.body === undefined ? {} : { payload: options.body };
  }

  /** Applies Set-Cookie the way a browser would: set, replace, or delete when expired. */
  private remember(response: InjectResponse): void {
    for (const cookie of response.cookies as Array<{ name: string; value: string; maxAge?: number; expires?: Date }>) {
      const expired = cookie.maxAge === 0 || (cookie.expires !== undefined && cookie.expires.getTime() <= Date.now());
      if (expired || cookie.value === '') this.cookies.delete(cookie.name);
      else this.cookies.set(cookie.name, cookie.value);
    }
  }
}
