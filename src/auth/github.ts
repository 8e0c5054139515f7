/**
 * GitHub as Skydeck's sign-in provider, and the only module that knows its wire
 * format: the authorize URL, the code-for-token exchange (oauth4webapi: PKCE,
 * client_secret_post, the token response's checks) and the profile from
 * `GET /user`. The access token never leaves this module: signIn() returns the
 * profile, and the token is dropped once it has been read.
 * https://docs.github.com/apps/oauth-apps/building-oauth-apps/authorizing-oauth-apps
 */

import * as oauth from 'oauth4webapi';
import { Type } from 'typebox';
import { Value } from 'typebox/value';
import type { Config } from '../config.ts';
import { demoGithubSettings } from '../demo/github-provider.ts';
import { type ProviderGuard, retryAfterSeconds, type Verdict } from '../http/provider-guard.ts';
import {
  boundedResponse,
  DeadlineExceeded,
  type Fetch,
  fetchJson,
  type JsonResponse,
  UpstreamError,
  withDeadline,
} from '../http/upstream.ts';
import type { GithubProfile } from './users.ts';

/** Deadline for each call to GitHub (token exchange, /user), body included. */
export const GITHUB_TIMEOUT_MS = 10_000;
/** Skydeck reads the public profile and nothing else. */
export const GITHUB_SCOPE = 'read:user';

/**
 * 'token': the code could not be exchanged. 'profile': the token could not read GET /user.
 * 'unavailable': GitHub was not asked (its breaker is open, or it asked us to wait).
 */
export type GithubFailure = 'token' | 'profile' | 'unavailable';

/** Whose doing a failure was, for the breaker: none means GitHub answered and refused this request (a bad code). */
export interface GithubFault {
  /** GitHub itself failed: 5xx, network error, timeout, an unusable body. */
  fault?: 'error' | 'timeout';
  /** GitHub asked us to wait (429, or 403 with Retry-After), or Skydeck is holding calls back: seconds. */
  retryAfterS?: number;
}

/** Carries a message only, never a cause: oauth4webapi's errors can hold a response body, token included. */
export class GithubError extends Error {
  // Stryker disable next-line StringLiteral: every GithubError is caught in the callback route, which logs only its message; its name reaches no log, response or message
  override name = 'GithubError';
  readonly failure: GithubFailure;
  readonly fault: GithubFault['fault'];
  readonly retryAfterS: number | undefined;
  constructor(failure: GithubFailure, message: string, detail: GithubFault = {}) {
    super(message);
    this.failure = failure;
    this.fault = detail.fault;
    this.retryAfterS = detail.retryAfterS;
  }
}

/** How the provider guard counts a failed GitHub call. */
export function judgeGithubError(error: unknown): Verdict {
  if (!(error instanceof GithubError)) return { outcome: 'error' };
  if (error.retryAfterS !== undefined) return { outcome: 'rate_limited', retryAfterS: error.retryAfterS };
  return error.fault === undefined ? { outcome: 'not_found' } : { outcome: error.fault };
}

/** What a call the guard refused rejects with: the callback answers 503 with Retry-After. */
export function githubRefusal(retryAfterS: number): GithubError {
  return new GithubError('unavailable', `GitHub is not being asked for ${retryAfterS} s`, { retryAfterS });
}

export interface GithubClientOptions {
  clientId: string;
  clientSecret: string;
  /** Base of the OAuth endpoints (browser's authorize page, server's token endpoint). */
  oauthUrl: string;
  /** Base of the REST API. */
  apiUrl: string;
  /** `{PUBLIC_URL}/oauth/callback`: where GitHub sends the browser back. */
  redirectUri: string;
  timeoutMs: number;
  fetch: Fetch;
  /** GitHub's breaker and Retry-After pause, around each of its two calls; none by default. */
  guard?: ProviderGuard;
}

export interface GithubClient {
  /** Where to send the browser to ask the user's consent. */
  authorizeUrl(state: string, codeChallenge: string): string;
  /** Exchanges the code for a token, reads who signed in, drops the token. Rejects only with a GithubError. */
  signIn(code: string, codeVerifier: string): Promise<GithubProfile>;
}

/** The real GitHub when credentials are configured; demo mode's built-in fake otherwise. */
export function githubSettings(config: Config, fetch: Fetch): GithubClientOptions {
  const common = { redirectUri: `${config.publicUrl}/oauth/callback`, timeoutMs: GITHUB_TIMEOUT_MS };
  const { clientId, clientSecret, oauthUrl, apiUrl } = config.github;
  if (clientId === null || clientSecret === null) return { ...demoGithubSettings(config.publicUrl), ...common };
  return { clientId, clientSecret, oauthUrl, apiUrl, fetch, ...common };
}

export function createGithubClient(options: GithubClientOptions): GithubClient {
  const server: oauth.AuthorizationServer = {
    issuer: options.oauthUrl,
    authorization_endpoint: `${options.oauthUrl}/login/oauth/authorize`,
    token_endpoint: `${options.oauthUrl}/login/oauth/access_token`,
  };
  const client: oauth.Client = { client_id: options.clientId };
  const exchange = tokenExchange(server, client, options);
  const profile = profileReader(options);
  const guarded = <T>(work: () => Promise<T>) => (options.guard ? options.guard.call(work) : work());
  return {
    authorizeUrl(state, codeChallenge) {
      const url = new URL(server.authorization_endpoint as string);
      url.search = new URLSearchParams({
        client_id: options.clientId,
        redirect_uri: options.redirectUri,
        scope: GITHUB_SCOPE,
        state,
        code_challenge: codeChallenge,
        code_challenge_method: 'S256',
      }).toString();
      return url.href;
    },
    async signIn(code, codeVerifier) {
      const token = await guarded(() => exchange(code, codeVerifier));
      return guarded(() => profile(token));
    },
  };
}

function tokenExchange(server: oauth.AuthorizationServer, client: oauth.Client, options: GithubClientOptions) {
  const authentication = oauth.ClientSecretPost(options.clientSecret);
  // Demo mode's fake GitHub lives at PUBLIC_URL, which is http on a laptop.
  const insecure = (server.token_endpoint as string).startsWith('http:');
  return async (code: string, codeVerifier: string): Promise<string> => {
    // What GitHub answered, if it did, to tell its failures from its refusals; the body bounded like any upstream's.
    let answered: Response | undefined;
    const observed: Fetch = async (input, init) => {
      answered = await boundedResponse(await options.fetch(input, init), 'POST /login/oauth/access_token');
      return answered;
    };
    try {
      const tokens = await withDeadline(options.timeoutMs, async (signal) => {
        // The state was checked by the caller against the attempt it consumed; oauth4webapi only needs the code.
        const callback = oauth.validateAuthResponse(
          server,
          client,
          new URLSearchParams({ code }),
          oauth.skipStateCheck,
        );
        const response = await oauth.authorizationCodeGrantRequest(
          server,
          client,
          authentication,
          callback,
          options.redirectUri,
          codeVerifier,
          { [oauth.customFetch]: observed, [oauth.allowInsecureRequests]: insecure, signal },
        );
        return oauth.processAuthorizationCodeResponse(server, client, response);
      });
      return tokens.access_token;
    } catch (error) {
      if (error instanceof DeadlineExceeded) {
        throw new GithubError('token', `token exchange timed out after ${options.timeoutMs} ms`, { fault: 'timeout' });
      }
      // No answer at all: the request never got through (a network error).
      const detail: GithubFault = answered
        ? faultOfAnswer(answered.status, answered.headers, oauthErrorCode(error) !== undefined)
        : { fault: 'error' };
      throw new GithubError('token', `token exchange failed: ${describeOAuthError(error)}`, detail);
    }
  };
}

/**
 * Whose doing a failed answer was. A 2xx GitHub's OAuth error body explains
 * (`bad_verification_code`) is a refusal of this request; a 2xx nobody can read
 * is GitHub's fault, as is a 5xx; other 4xx are refusals.
 */
function faultOfAnswer(status: number, headers: Headers, explained: boolean): GithubFault {
  const retryAfter = headers.get('retry-after');
  if (status === 429 || (status === 403 && (retryAfter !== null || headers.get('x-ratelimit-remaining') === '0'))) {
    return { retryAfterS: retryAfterSeconds(retryAfter) };
  }
  if (status >= 500 || (status < 300 && !explained)) return { fault: 'error' };
  return {};
}

function profileReader(options: GithubClientOptions) {
  return async (token: string): Promise<GithubProfile> => {
    let response: JsonResponse;
    try {
      response = await fetchJson(
        options.fetch,
        `${options.apiUrl}/user`,
        {
          headers: {
            accept: 'application/vnd.github+json',
            authorization: `Bearer ${token}`,
            'user-agent': 'Skydeck',
            'x-github-api-version': '2022-11-28',
          },
        },
        options.timeoutMs,
      );
    } catch (error) {
      // fetchJson's messages name the URL (no token in it) and what went wrong.
      const timedOut = error instanceof UpstreamError && error.failure === 'timeout';
      throw new GithubError('profile', (error as Error).message, { fault: timedOut ? 'timeout' : 'error' });
    }
    if (response.status !== 200) {
      // Nothing /user answers explains a refusal: a 2xx other than 200 holds no profile, GitHub's fault as an
      // unreadable 200 is; a 4xx is still a refusal, a 5xx a failure.
      const detail = faultOfAnswer(response.status, response.headers, false);
      throw new GithubError('profile', `GET /user answered ${response.status}`, detail);
    }
    return parseGithubUser(response.body);
  };
}

// Only the fields Skydeck keeps are checked; GitHub sends many more.
const Nullable = <T extends ReturnType<typeof Type.String>>(schema: T) =>
  Type.Optional(Type.Union([schema, Type.Null()]));
const GithubUserBody = Type.Object({
  id: Type.Integer({ minimum: 1 }),
  login: Type.String({ minLength: 1 }),
  name: Nullable(Type.String()),
  avatar_url: Nullable(Type.String()),
  location: Nullable(Type.String()),
});

/** GitHub's `GET /user` body → the profile Skydeck keeps; any other shape is a 'profile' failure. */
export function parseGithubUser(body: unknown): GithubProfile {
  if (!Value.Check(GithubUserBody, body)) {
    const [where] = Value.Errors(GithubUserBody, body).map((e) => `${e.instancePath || '/'}: ${e.message}`);
    throw new GithubError('profile', `GET /user answered an unexpected body (${where})`, { fault: 'error' });
  }
  return {
    githubId: body.id,
    login: body.login,
    name: body.name ?? null,
    avatarUrl: body.avatar_url ?? null,
    location: body.location ?? null,
  };
}

/**
 * oauth4webapi's message plus GitHub's error code when it sent one (GitHub
 * answers 200 `{"error": "bad_verification_code"}` to a bad code): the code
 * tells an operator what to fix; the rest of the body stays out of the log.
 */
function describeOAuthError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const code = oauthErrorCode(error);
  return code === undefined ? message : `${message} (${code})`;
}

function oauthErrorCode(error: unknown): string | undefined {
  if (error instanceof oauth.ResponseBodyError) return error.error;
  if (error instanceof oauth.OperationProcessingError) {
    const body = (error.cause as { body?: unknown } | undefined)?.body;
    if (typeof body === 'object' && body !== null && typeof (body as { error?: unknown }).error === 'string') {
      return (body as { error: string }).error;
    }
  }
  return undefined;
}
