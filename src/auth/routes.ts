/**
 * Sign in with GitHub, and sign out:
 *   GET  /login           the page with the "Sign in with GitHub" link
 *   GET  /oauth/login     start: state + PKCE, bound to this browser → GitHub's authorize page
 *   GET  /oauth/callback  finish: consume the attempt, exchange the code, read the profile, start a session
 *   POST /logout          revoke the session → /
 */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { HIDDEN } from '../http/api-docs.ts';
import { wantsHtml } from '../web/negotiation.ts';
import { sendPage } from '../web/reply.ts';
import { type GithubClient, GithubError } from './github.ts';
import { OAUTH_ATTEMPT_TTL_MS, type OAuthAttemptStore, type PendingAttempt } from './oauth-attempts.ts';
import { loginPage, signInFailedPage, signOutPage } from './pages.ts';
import { beginSession, endSession } from './session-plugin.ts';
import type { SessionStore } from './sessions.ts';
import { sameSecret } from './tokens.ts';
import type { GithubProfile, UserRepository } from './users.ts';

/** Holds the id of this browser's sign-in attempt; only /oauth/* ever sees it. */
export const OAUTH_COOKIE = 'skydeck_oauth';
const OAUTH_COOKIE_PATH = '/oauth';
/** GitHub's codes are 20 characters; anything this long is not one and is not sent upstream. */
const MAX_CODE_LENGTH = 512;

export interface AuthRoutesOptions {
  github: GithubClient;
  attempts: OAuthAttemptStore;
  sessions: SessionStore;
  users: UserRepository;
  /** Secure cookies: on when PUBLIC_URL is https. */
  secure: boolean;
  /** Demo sign-in (no GitHub credentials): the login page says so. */
  demo: boolean;
}

/** Every way a callback can fail: the status, the JSON error, and what a person is told. */
const FAILURES = {
  state: {
    status: 400,
    error: 'invalid state',
    explain: 'This sign-in expired, was already used, or began in another browser.',
  },
  denied: { status: 400, error: 'sign-in cancelled', explain: 'The sign-in was cancelled at GitHub.' },
  code: { status: 400, error: 'invalid code', explain: 'GitHub did not send back a usable sign-in code.' },
  token: { status: 502, error: 'token exchange failed', explain: 'GitHub did not confirm the sign-in.' },
  profile: { status: 502, error: 'github user lookup failed', explain: 'Skydeck could not read your GitHub profile.' },
  unavailable: {
    status: 503,
    error: 'github unavailable, try again later',
    explain: 'GitHub is not answering Skydeck right now. Please try again in a minute.',
  },
} as const;
type Failure = keyof typeof FAILURES;

export const authRoutes: FastifyPluginAsync<AuthRoutesOptions> = async (app, options) => {
  const { github, attempts, sessions, users, secure, demo } = options;

  app.get('/login', { schema: HIDDEN }, async (request, reply) => {
    if (request.user) return reply.redirect('/dashboard', 302);
    return sendPage(reply, loginPage({ demo }));
  });

  app.get('/oauth/login', { schema: HIDDEN }, async (request, reply) => {
    await consumeAttempt(request, reply, attempts); // a new start replaces any unfinished one
    const attempt = await attempts.start();
    reply.setCookie(OAUTH_COOKIE, attempt.id, {
      httpOnly: true,
      sameSite: 'lax', // sent on GitHub's top-level redirect back to the callback
      path: OAUTH_COOKIE_PATH,
      secure,
      signed: true,
      maxAge: OAUTH_ATTEMPT_TTL_MS / 1000,
    });
    return reply.redirect(github.authorizeUrl(attempt.state, attempt.codeChallenge), 302);
  });

  app.get('/oauth/callback', { schema: HIDDEN }, async (request, reply) => {
    const query = request.query as Record<string, unknown>;
    // First, whatever happens next: the attempt is used up, so a replayed callback finds nothing.
    const attempt = await consumeAttempt(request, reply, attempts);
    const state = text(query.state);
    if (!attempt || state === undefined || !sameSecret(state, attempt.state)) return refuse(request, reply, 'state');
    if (query.error !== undefined) {
      request.log.info({ reason: text(query.error)?.slice(0, 100) }, 'sign-in cancelled at GitHub');
      return refuse(request, reply, 'denied');
    }
    const code = text(query.code);
    if (!code || code.length > MAX_CODE_LENGTH) return refuse(request, reply, 'code');

    const profile = await readProfile(request, github, code, attempt);
    if (profile instanceof GithubError) {
      // GitHub asked us to wait, or Skydeck is holding calls back while it fails: say when to try again.
      if (profile.retryAfterS !== undefined) return refuse(request, reply, 'unavailable', profile.retryAfterS);
      return refuse(request, reply, profile.failure);
    }
    const user = await users.upsertFromGithub(profile);
    // A fresh session, whatever the browser had before: no session fixation.
    await beginSession(request, reply, { sessions, secure, userId: user.id });
    return reply.redirect('/dashboard', 302);
  });

  app.post('/logout', { schema: HIDDEN }, async (request, reply) => {
    await endSession(request, reply, sessions);
    return reply.redirect('/', 302);
  });

  // A GET must change nothing (links, prefetchers, crawlers): say how to sign out instead.
  app.get('/logout', { schema: HIDDEN }, async (request, reply) => {
    reply.header('allow', 'POST');
    if (wantsHtml(request)) return sendPage(reply, signOutPage(request.user), 405);
    return reply.code(405).send({ error: 'sign out with POST /logout' });
  });
};

/** Reads and clears the attempt cookie, deleting its attempt; undefined when there is none live. */
async function consumeAttempt(
  request: FastifyRequest,
  reply: FastifyReply,
  attempts: OAuthAttemptStore,
): Promise<PendingAttempt | undefined> {
  const raw = request.cookies[OAUTH_COOKIE];
  if (raw === undefined) return undefined;
  reply.clearCookie(OAUTH_COOKIE, { path: OAUTH_COOKIE_PATH });
  // Signed with SECRET_KEY: a forged or tampered id is refused without a database query.
  const signed = request.unsignCookie(raw);
  return signed.valid ? attempts.consume(signed.value) : undefined;
}

/** The profile of who signed in, or why not. The GitHub token lives and dies inside github.signIn. */
async function readProfile(
  request: FastifyRequest,
  github: GithubClient,
  code: string,
  attempt: PendingAttempt,
): Promise<GithubProfile | GithubError> {
  try {
    return await github.signIn(code, attempt.codeVerifier);
  } catch (error) {
    const failure = error as GithubError; // signIn rejects with nothing else
    request.log.warn({ reason: failure.message }, 'GitHub sign-in failed');
    return failure;
  }
}

function refuse(request: FastifyRequest, reply: FastifyReply, failure: Failure, retryAfterS?: number): FastifyReply {
  const { status, error, explain } = FAILURES[failure];
  if (retryAfterS !== undefined) reply.header('retry-after', String(retryAfterS));
  if (wantsHtml(request)) return sendPage(reply, signInFailedPage(explain), status);
  return reply.code(status).send({ error });
}

/** A query value given once; repeated or absent is undefined. */
function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
