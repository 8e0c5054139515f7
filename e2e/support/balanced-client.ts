/**
 * A browser behind a load balancer, played by fetch: it keeps its cookies, and
 * the test says which instance each request reaches. Each request carries what
 * a load balancer passes on: the public host in X-Forwarded-Host (fetch always
 * sends the instance's own address as Host) and, on unsafe methods, the Origin
 * of a page on PUBLIC_URL.
 */

/** No request in these tests should take long; one that hangs fails its test instead of the whole run. */
const REQUEST_TIMEOUT_MS = 15_000;

export interface Instance {
  url: string;
}

export class BalancedClient {
  readonly cookies = new Map<string, string>();

  private readonly publicUrl: string;

  constructor(publicUrl: string) {
    this.publicUrl = publicUrl;
  }

  get(instance: Instance, path: string): Promise<Response> {
    return this.request(instance, 'GET', path);
  }

  post(instance: Instance, path: string, json: unknown): Promise<Response> {
    return this.request(instance, 'POST', path, json);
  }

  async request(instance: Instance, method: string, path: string, json?: unknown): Promise<Response> {
    const headers: Record<string, string> = {
      accept: 'application/json',
      'x-forwarded-host': new URL(this.publicUrl).host,
    };
    if (method !== 'GET' && method !== 'HEAD') headers.origin = new URL(this.publicUrl).origin;
    if (json !== undefined) headers['content-type'] = 'application/json';
    if (this.cookies.size > 0) {
      headers.cookie = [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
    }
    const response = await fetch(`${instance.url}${path}`, {
      method,
      headers,
      body: json === undefined ? undefined : JSON.stringify(json),
      redirect: 'manual',
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    this.remember(response.headers.getSetCookie());
    return response;
  }

  /** Set-Cookie as a browser applies it: set or replace; an empty value, Max-Age=0 or a past Expires deletes. */
  private remember(setCookies: string[]): void {
    for (const line of setCookies) {
      const [pair = '', ...attributes] = line.split(';').map((part) => part.trim());
      const name = pair.slice(0, pair.indexOf('='));
      const value = pair.slice(pair.indexOf('=') + 1);
      const expired = attributes.some((attribute) => {
        const [key = '', setting = ''] = attribute.split('=');
        if (key.toLowerCase() === 'max-age') return Number(setting) <= 0;
        return key.toLowerCase() === 'expires' && Date.parse(setting) <= Date.now();
      });
      if (expired || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
}
