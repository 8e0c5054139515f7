/**
 * Reads the session cookie on every request and sets `request.session` and
 * `request.user` (null when signed out). A missing, forged, tampered, unsigned,
 * unknown or expired cookie is simply anonymous: never an error.
 *
 * The cookie holds the session token signed with SECRET_KEY (HMAC-SHA256 through
 * @fastify/cookie): a cookie whose signature does not verify costs no database query.
 * When the cookie must be sent again (the expiry slid, or it was signed with an older
 * key) or cleared, that waits until the response is known: a publicly cacheable one
 * (the stylesheet, a cached weather answer) never carries it.
 */
import type {} from '@fastify/cookie'; // its request.cookies / reply.setCookie types
import type { FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { isPubliclyCacheable, PRIVATE_NO_STORE } from '../http/cache-control.ts';
import type { Session, SessionData, SessionStore } from './sessions.ts';
import { SESSION_TTL_MS } from './sessions.ts';
import type { User, UserRepository } from './users.ts';

export const SESSION_COOKIE = 'skydeck_session';

declare module 'fastify' {
  interface FastifyRequest {
    session: Session | null;
    user: User | null;
  }
}

export interface SessionPluginOptions {
  sessions: SessionStore;
  users: UserRepository;
  /** Secure cookies: on when PUBLIC_URL is https. */
  secure: boolean;
}

export const sessionPlugin = fp<SessionPluginOptions>(
  async (app, { sessions, users, secure }) => {
    app.decorateRequest('session', null);
    // Stryker disable next-line StringLiteral: undecorated, request.user reads undefined, which every reader takes as null (`?? null`, `if (request.user)`)
    app.decorateRequest('user', null);
    // Per request, until its response is sent: the session whose cookie must be sent again
    // (renewed), or null when the cookie must be cleared (it opened no session).
    const cookieDue = new WeakMap<FastifyRequest, Session | null>();

    app.addHook('onRequest', async (request) => {
      const raw = request.cookies[SESSION_COOKIE];
      if (raw === undefined) return;
      const signed = request.unsignCookie(raw);
      const found = signed.valid ? await sessions.read(signed.value) : undefined;
      if (!found) {
        cookieDue.set(request, null);
        return;
      }
      const { renewDue, ...session } = found;
      request.session = session;
      // Stryker disable next-line ConditionalExpression: findById(null) finds no one (no id is null), so the user is null either way; the check spares a query
      request.user = session.userId === null ? null : ((await users.findById(session.userId)) ?? null);
      // A cookie signed with an older key is renewed at once, so it moves to the current key.
      if (renewDue || signed.renew) cookieDue.set(request, session);
    });

    app.addHook('onSend', async (request, reply) => {
      if (isPubliclyCacheable(reply)) return;
      const due = cookieDue.get(request);
      // beginSession/endSession replace request.session and set or clear the cookie themselves.
      // Stryker disable next-line ObjectLiteral: @fastify/cookie clears on Path=/ when given no path; '/' says what is meant
      if (due === null && request.session === null) reply.clearCookie(SESSION_COOKIE, { path: '/' });
      if (due && request.session === due) {
        request.session = { ...due, expiresAt: await sessions.renew(due.token) };
        setSessionCookie(reply, request.session, secure);
      }
      // What a signed-in person sees, or a response setting a cookie, stays out of shared caches.
      if (!reply.hasHeader('cache-control') && (request.session !== null || reply.hasHeader('set-cookie'))) {
        reply.header('cache-control', PRIVATE_NO_STORE);
      }
    });
  },
  { name: 'skydeck-sessions', dependencies: ['@fastify/cookie'] },
);

function setSessionCookie(reply: FastifyReply, session: Session, secure: boolean): void {
  reply.setCookie(SESSION_COOKIE, session.token, {
    httpOnly: true,
    sameSite: 'lax',
    path: '/',
    secure,
    signed: true,
    maxAge: Math.floor(SESSION_TTL_MS / 1000),
  });
}

/**
 * Starts a fresh session for `userId`. Whatever session the browser had is
 * revoked first: nothing from before a sign-in survives it (no session fixation).
 */
export async function beginSession(
  request: FastifyRequest,
  reply: FastifyReply,
  options: { sessions: SessionStore; secure: boolean; userId: number; data?: SessionData },
): Promise<Session> {
  if (request.session) await options.sessions.revoke(request.session.token);
  const session = await options.sessions.create(options.userId, options.data);
  setSessionCookie(reply, session, options.secure);
  request.session = session;
  return session;
}

/** Revokes the session on the server and clears the cookie. */
export async function endSession(request: FastifyRequest, reply: FastifyReply, sessions: SessionStore): Promise<void> {
  if (request.session) await sessions.revoke(request.session.token);
  request.session = null;
  request.user = null;
  // Stryker disable next-line ObjectLiteral: @fastify/cookie clears on Path=/ when given no path; '/' says what is meant
  reply.clearCookie(SESSION_COOKIE, { path: '/' });
}
